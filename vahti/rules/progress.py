"""How far a rehabilitation has come: days done of those granted, the end of its window and
the weeks left, Taito's start-phase visits. Read from the same case and parameters as the
rules, so the page and the findings never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import DAYS_IN_WEEK, add_months
from .case import Case
from .facts import Facts
from .limits import CAP, WINDOW, Limit
from .taito import GROUP, group_start
from .teak import granted_days


@dataclass(frozen=True, slots=True)
class Counted:
    """What a cap counts (rules/limits.py: meetings, workplace days) against its number."""

    rule: str
    done: int  # on or before the evaluation date
    planned: int  # days recorded after it
    max: int

    @property
    def over(self) -> bool:
        return self.done + self.planned > self.max


@dataclass(frozen=True, slots=True)
class Progress:
    done: int  # rehabilitation days on or before the evaluation date
    planned: int  # rehabilitation days recorded after it
    granted: int | None  # the decision's days, else the line's default; None: no cap
    window_end: dt.date | None  # the last day of the window (TEAK) or expected end (Taito)
    window_is_average: bool  # Taito's 15 months are an average, never a deadline
    weeks_left: int | None  # whole weeks from the evaluation date to window_end
    visits: int | None  # Taito: individual start-phase visits so far
    visits_min: int | None
    visits_max: int | None
    ended: dt.date | None = None  # the recorded end (or interruption): no weeks are left
    counted: tuple[Counted, ...] = ()  # the line's caps stated as limits, each with its count


TAITO = "taito"  # the family whose window is an average and whose start has visits


def progress(
    case: Case, p: dict, *, family: str, limits: tuple[tuple[str, Limit], ...] = ()
) -> Progress:
    """The case's progress with the parameters in force on its decision date: the window is
    teak.completion's (001 "Kuntoutuksen kokonaiskesto") or taito.duration's average (002
    "Taito-kuntoutus"); start-phase visits count as taito.start_phase does (002
    "Taito-kuntoutuksen aloittaminen"). ``family``: the service line's rule family; ``limits``:
    the line's limits (rule id, limit), whose caps are counted and whose window is the window."""
    facts = Facts(case)
    done = sum(1 for day in facts.rehab if day.date <= case.as_of)
    months = None
    average = False
    if f"{case.service}.window_months" in p:
        months = case.window_months or p[f"{case.service}.window_months"]
    elif family == TAITO:
        months, average = p["taito.duration_months"], True
    window_end = None
    if months is not None and facts.first_day is not None:
        window_end = add_months(facts.first_day, months)[0]
    counted = []
    for rule, limit in limits:
        if limit.kind == CAP:
            done_count, planned_count = limit.counted(case, facts)
            counted.append(Counted(rule, done_count, planned_count, p[limit.parameter]))
        elif limit.kind == WINDOW:
            deadline = limit.window_deadline(rule, case, p, limit.items(case, facts))
            window_end = deadline.due if deadline else None
    end = case.first_event("end")
    weeks_left = (
        max(0, (window_end - case.as_of).days // DAYS_IN_WEEK)
        if window_end is not None and end is None
        else None
    )
    visits = low = high = None
    if family == TAITO:
        begins = group_start(case, facts)
        visits = sum(
            1
            for d in facts.rehab
            if d.mode != GROUP and d.date <= case.as_of and (begins is None or d.date < begins)
        )
        low, high = p["taito.start_phase_visits_min"], p["taito.start_phase_visits_max"]
    return Progress(
        done=done,
        planned=len(facts.rehab) - done,
        granted=granted_days(case, p),
        window_end=window_end,
        window_is_average=average,
        weeks_left=weeks_left,
        visits=visits,
        visits_min=low,
        visits_max=high,
        ended=end.date if end else None,
        counted=tuple(counted),
    )
