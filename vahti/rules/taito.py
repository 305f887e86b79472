"""Taito-kuntoutus (seed 002). Decisions until 31.12.2025; the parameters end there."""

from __future__ import annotations

import datetime as dt

from .calendar import ONE_DAY, WEEKDAY_NAMES, add_months, add_weeks
from .case import Case
from .facts import Facts
from .results import WARNING, Deadline, Finding, Text, status_of
from .teak import months_basis, weeks_basis

GROUP = "group"


def start(case: Case, p: dict, facts: Facts) -> Deadline:
    """taito.start: rehabilitation and the individual visits start within 8 weeks of the
    decision's arrival (002 "Taito-kuntoutuksen aloittaminen")."""
    weeks = p["taito.start_weeks"]
    due = add_weeks(case.received_on, weeks)
    done = facts.done_by(facts.first_day, case.as_of)
    return Deadline("taito.start", due, done, status_of(due=due, done_on=done, as_of=case.as_of),
                    weeks_basis(Text("received_on", date=case.received_on), weeks))


def group_start(case: Case, facts: Facts) -> dt.date | None:
    """The first group period's start: the group_period_start event, else the first group day."""
    event = case.first_event("group_period_start")
    if event is not None:
        return event.date
    return next((d.date for d in facts.days if d.mode == GROUP), None)


def group_period(case: Case, p: dict, facts: Facts) -> Deadline:
    """taito.group_period: the first group period starts after the start phase and within
    3 months of the decision (002 "Taito-kuntoutuksen aloittaminen")."""
    months = p["taito.group_period_months"]
    due, clamped = add_months(case.decided_on, months)
    done = facts.done_by(group_start(case, facts), case.as_of)
    return Deadline("taito.group_period", due, done,
                    status_of(due=due, done_on=done, as_of=case.as_of),
                    months_basis(Text("decided_on", date=case.decided_on), months, clamped))


def start_phase(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """taito.start_phase: 1–5 individual visits (starttivaihe) before the first group period
    (002 "Taito-kuntoutuksen aloittaminen")."""
    begins = group_start(case, facts)
    if begins is None or begins > case.as_of:
        return []
    visits = sum(1 for d in facts.rehab if d.date < begins and d.mode != GROUP)
    low, high = p["taito.start_phase_visits_min"], p["taito.start_phase_visits_max"]
    if low <= visits <= high:
        return []
    return [Finding("taito.start_phase", WARNING, begins, "count", count=visits, min=low, max=high)]


def group_structure(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """taito.group_structure: the group period is 12 days as 4 + 4 + 4 consecutive weekdays,
    each block Monday–Thursday or Tuesday–Friday (002 "Taito-kuntoutuksen aloittaminen")."""
    length = p["taito.group_block_days"]
    starts = p["taito.group_block_start_weekdays"]
    blocks: list[list[dt.date]] = []
    for day in facts.days:
        if day.mode != GROUP:
            continue
        if blocks and blocks[-1][-1] + ONE_DAY == day.date:
            blocks[-1].append(day.date)
        else:
            blocks.append([day.date])
    findings = []
    for block in blocks:
        first, last = block[0], block[-1]
        if first <= case.as_of and last + ONE_DAY >= case.as_of:
            continue  # still running: it may go on today
        if len(block) == length and WEEKDAY_NAMES[first.weekday()] in starts:
            continue
        findings.append(Finding("taito.group_structure", WARNING, first, "block", date=first,
                                last=last, length=len(block), days=length))
    return findings


def duration(case: Case, p: dict, facts: Facts) -> Deadline | None:
    """taito.duration: on average 15 months from the start (002 "Taito-kuntoutus")."""
    if facts.first_day is None:
        return None
    months = p["taito.duration_months"]
    due, clamped = add_months(facts.first_day, months)
    end = case.first_event("end")
    done = end.date if end else None
    return Deadline("taito.duration", due, done, status_of(due=due, done_on=done, as_of=case.as_of),
                    months_basis(Text("first_day", date=facts.first_day), months, clamped))


def flex(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """taito.flex: flexibility only during work practice (002 "Kuntoutusraha, Taito-kuntoutus ja
    joustot")."""
    allowed = p["taito.flex_modes"]
    return [Finding("taito.flex", WARNING, d.date, "mode", mode=d.mode)
            for d in facts.days if d.flex and d.mode not in allowed]


def evaluate(case: Case, p: dict, facts: Facts, deadlines: list, findings: list) -> None:
    deadlines.append(start(case, p, facts))
    deadlines.append(group_period(case, p, facts))
    average = duration(case, p, facts)
    if average is not None:
        deadlines.append(average)
    findings += start_phase(case, p, facts)
    findings += group_structure(case, p, facts)
    findings += flex(case, p, facts)
