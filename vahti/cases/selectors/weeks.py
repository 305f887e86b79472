"""The week of all one's clients on one screen: a row per client, a cell per weekday."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Paginator

from vahti.core.dates import today

from ..access import clients_for
from ..models import (
    Absence,
    Client,
    Day,
    Decision,
    Event,
)
from .evaluation import DAYS_IN_WEEK

# --- the week of all one's clients ---------------------------------------------------------------

WEEKDAYS = 5  # the grid shows Monday–Friday; weekend entries are kept as they are


def cell_state(day: Day | None, absence: Absence | None) -> str:
    """What a grid cell shows for a stored day or absence (forms.CELL_STATES)."""
    if day is not None:
        return "flex_day" if day.hours == 0 else "day"
    if absence is not None:
        return "sick" if absence.reason == "sick" else "absent"
    return ""


@dataclass
class GridCell:
    date: dt.date
    state: str = ""
    hours: float | None = None
    reason: str = ""
    planned: bool = False  # after today: planned, not yet realised
    open: bool = True  # False before the decision arrived or after the end: nothing to record
    ended: bool = False  # after the rehabilitation's recorded end


@dataclass
class GridRow:
    decision: Decision
    client: Client
    version: int
    cells: list
    weekend: int = 0  # weekend entries, kept as they are
    problems: list = field(default_factory=list)  # a refused save's messages for the row


GRID_PAGE = 40  # clients per week screen: a coach's caseload fits one page


def week_grid(
    user,
    monday: dt.date,
    *,
    copy_from: dt.date | None = None,
    day: dt.date | None = None,
    coach: int | None = None,
    page: int = 1,
):
    """One row per active client of the user with a current decision (``coach``: only theirs),
    a cell per weekday of the week, GRID_PAGE clients a page. ``copy_from``: the Monday of a
    week whose entries fill the empty cells (not saved until the user saves). Returns the rows
    and the page; four queries whatever the number of clients."""
    day = day or today()
    clients = (
        clients_for(user)
        .filter(active=True, current_decision__isnull=False)
        # A rehabilitation that ended before this week has nothing to record in it.
        .exclude(current_decision__events__type="end", current_decision__events__date__lt=monday)
        .select_related("current_decision")
        .order_by("last_name", "first_name", "pk")
    )
    if coach:
        clients = clients.filter(coaches__id=coach)
    shown = Paginator(clients, GRID_PAGE).get_page(page)
    clients = list(shown.object_list)
    decisions = [client.current_decision for client in clients]
    sunday = monday + dt.timedelta(days=DAYS_IN_WEEK - 1)
    start = min(monday, copy_from) if copy_from else monday
    end = max(sunday, copy_from + dt.timedelta(days=DAYS_IN_WEEK - 1)) if copy_from else sunday
    days, absences = {}, {}
    for row in Day.objects.filter(decision__in=decisions, date__range=(start, end)):
        days[row.decision_id, row.date] = row
    for row in Absence.objects.filter(decision__in=decisions, date__range=(start, end)):
        absences[row.decision_id, row.date] = row
    ends = dict(
        Event.objects.filter(decision__in=decisions, type="end").values_list("decision_id", "date")
    )
    rows = []
    for client, decision in zip(clients, decisions, strict=True):
        last = ends.get(decision.pk)
        cells = []
        for offset in range(WEEKDAYS):
            date = monday + dt.timedelta(days=offset)
            key = (decision.pk, date)
            stored, absent = days.get(key), absences.get(key)
            if copy_from and stored is None and absent is None:
                source = (decision.pk, copy_from + dt.timedelta(days=offset))
                stored, absent = days.get(source), absences.get(source)
            cells.append(
                GridCell(
                    date=date,
                    state=cell_state(stored, absent),
                    hours=stored.hours if stored and stored.hours else None,
                    reason=stored.flex_reason if stored else "",
                    planned=date > day,
                    open=decision.received_on <= date and (last is None or date <= last),
                    ended=last is not None and date > last,
                )
            )
        weekend = sum(
            1
            for offset in (5, 6)
            if (decision.pk, monday + dt.timedelta(days=offset)) in days
            or (decision.pk, monday + dt.timedelta(days=offset)) in absences
        )
        rows.append(
            GridRow(
                decision=decision,
                client=client,
                version=decision.recorded_version,
                cells=cells,
                weekend=weekend,
            )
        )
    return rows, shown
