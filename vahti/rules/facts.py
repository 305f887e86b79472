"""Facts derived once per case and shared by the rules (first day, weeks, breaks...).

Day-level facts are keyed by day ordinal (date.toordinal()) and weeks by the ordinal of their
Monday: the allowance and week rules loop over every day of a case, and integers keep that
fast (bench/evaluate.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from .calendar import DAYS_IN_WEEK, FRIDAY, ONE_DAY
from .case import Case, break_days


class Facts:
    __slots__ = (
        "days",
        "rehab",
        "first_day",
        "begins",
        "last_rehab",
        "last_any",
        "break_set",
        "absence_at",
        "week_rehab",
        "flex_weeks",
        "days_at",
    )

    def __init__(self, case: Case):
        days = case.days
        self.days = days
        # Comprehensions rather than one loop with branches: this runs for every case of a batch.
        rehab = [day for day in days if day.hours != 0]
        self.rehab = rehab
        self.days_at = {day.ordinal: day for day in days}
        self.week_rehab: dict[int, int] = Counter([day.week for day in rehab])
        self.flex_weeks = {day.week for day in days if day.flex}
        start = case.first_event("start")
        # evaluate.md: the first rehabilitation day is the start event if given, else the
        # earliest day.
        self.first_day: dt.date | None = start.date if start else (days[0].date if days else None)
        # The rehabilitation runs from its first day, or from an earlier recorded day.
        self.begins: dt.date | None = min(self.first_day, days[0].date) if days else self.first_day
        self.last_rehab = rehab[-1].date if rehab else None
        self.last_any = days[-1].date if days else None
        self.break_set: set[int] = break_days(case.breaks) if case.breaks else set()
        self.absence_at = {a.date.toordinal(): a for a in case.absences}

    def done_by(self, day: dt.date | None, as_of: dt.date) -> dt.date | None:
        """A day counts as done only once it is not in the future (planned days do not)."""
        return day if day is not None and day <= as_of else None


def notified_on_or_after(case: Case, day: dt.date, topics: tuple[str, ...]) -> bool:
    return any(e.date >= day and e.topic in topics for e in case.events_of("kela_notified"))


def unrecorded_weeks(case: Case, as_of: dt.date) -> list[dt.date]:
    """The Mondays of the weeks, from the first rehabilitation day to the last full week before
    ``as_of`` (or the end), whose Monday–Friday has nothing recorded: no day, absence or break.
    A coach records a week once it is over; these are the weeks still to record."""
    start = case.first_event("start")
    days = case.days
    first = start.date if start else (days[0].date if days else None)
    if first is None:
        return []
    end = case.first_event("end")
    this_monday = as_of - dt.timedelta(days=as_of.weekday())
    last = min(end.date if end else this_monday - ONE_DAY, this_monday - ONE_DAY)
    recorded = {d.date.toordinal() for d in days}
    recorded.update(a.date.toordinal() for a in case.absences)
    if case.breaks:
        recorded |= break_days(case.breaks)
    weeks = []
    monday = first - dt.timedelta(days=first.weekday())
    while monday <= last:
        ordinal = monday.toordinal()
        if not any(ordinal + offset in recorded for offset in range(FRIDAY + 1)):
            weeks.append(monday)
        monday += dt.timedelta(days=DAYS_IN_WEEK)
    return weeks
