"""A decision's recorded data: a week's days and absences, breaks, events and work periods, and
the version that guards against lost updates."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef

from ..models import (
    Absence,
    Break,
    Cancellation,
    Day,
    Decision,
    Event,
    InvoicedDay,
    WorkPeriod,
)
from .evaluation import DAYS_IN_WEEK

# --- records -----------------------------------------------------------------------------------


def week_of(decision: Decision, monday: dt.date) -> tuple[list[Day], list[Absence]]:
    """The decision's days and absences in the week starting on ``monday``."""
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    return (
        list(decision.days.filter(date__range=(monday, sunday))),
        list(decision.absences.filter(date__range=(monday, sunday))),
    )


def realised_uninvoiced(days):
    """Of ``days`` (a Day queryset), the realised rehabilitation days on no invoice."""
    invoiced = InvoicedDay.objects.filter(decision=OuterRef("decision"), date=OuterRef("date"))
    return days.filter(hours__gt=0).exclude(Exists(invoiced))


def invoiced_in(decision: Decision, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The invoiced days of ``first``–``last``: date → the invoice's number."""
    return dict(
        decision.invoiced_days.filter(date__range=(first, last)).values_list("date", "invoice")
    )


RECORD_MODELS = {
    "break": Break,
    "event": Event,
    "work": WorkPeriod,
    "cancellation": Cancellation,
}


def records_of(decision: Decision) -> dict[str, list]:
    """The decision's events, breaks, work periods and cancelled times, by kind."""
    return {
        "event": list(decision.events.all()),
        "break": list(decision.breaks.all()),
        "work": list(decision.work.all()),
        "cancellation": list(decision.cancellations.all()),
    }


def record_of(decision: Decision, kind: str, record_id: int):
    """One event, break or work period of the decision, or None."""
    model = RECORD_MODELS.get(kind)
    return None if model is None else model.objects.filter(decision=decision, pk=record_id).first()


def recorded_version(decision: Decision) -> int:
    """The version of the decision's recorded data now (forms post it back: services.StaleWrite)."""
    return Decision.objects.values_list("recorded_version", flat=True).get(pk=decision.pk)
