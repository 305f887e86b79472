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
    core = default_evaluator()
    findings = core.count_review(
        year, report, earlier, before, line=core.counted_line(service, year)
    )
    if refused := core.refusals(findings, language()):
        keys = {key for f in findings for key, _values in f.messages}
        field = (
            "service"
            if keys & {"procured"}
            else "year"
            if keys & {"too_early", "line_not_in_force", "not_in_force"}
            else "count"
        )
        raise ValidationError({field: refused[0]})
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
