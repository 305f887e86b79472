"""Writes of client-count reports: checked by the rules core (provider.client_count) before they
are saved, the refusal in words on the field it concerns."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vahti.core.actors import save_with_actor
from vahti.core.dates import language, today
from vahti.organisations.models import User
from vahti.organisations.services import manager_required
from vahti.rules.evaluate import default_evaluator
from vahti.rules.reporting import client_count
from vahti.rules.results import ERROR

from .models import ClientCountReport
from .selectors import count_history

YEARS_AHEAD = 2


@transaction.atomic
def client_count_report(
    *, actor: User, service: str, year: int, count: int, reported_on: dt.date | None = None
) -> ClientCountReport:
    """Report the client count of a service line for a year: in the window any count; after
    it, only a raise (rules/reporting.py)."""
    manager_required(actor)
    reported_on = reported_on or today()
    if reported_on > today():
        raise ValidationError({"reported_on": _("The date cannot be in the future.")})
    if not reported_on.year - 1 <= year <= reported_on.year + YEARS_AHEAD:
        raise ValidationError({"year": _("Report for this year or the next.")})
    report, earlier, before = count_history(
        actor.organisation, service=service, year=year, count=count, reported_on=reported_on
    )
    evaluator = default_evaluator()
    refused = [
        f
        for f in client_count(year, report, earlier, before, evaluator.store.at(reported_on))
        if f.severity == ERROR
    ]
    if refused:
        field = "year" if refused[0].messages[0][0] == "too_early" else "count"
        raise ValidationError({field: evaluator.catalogue.messages(refused[0], language())})
    return save_with_actor(
        ClientCountReport(
            organisation=actor.organisation,
            service=service,
            year=year,
            count=count,
            reported_on=reported_on,
            created_by=actor,
        ),
        actor,
    )
