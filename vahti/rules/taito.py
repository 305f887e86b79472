"""Taito-kuntoutus (seed 002). Decisions until 31.12.2025; the parameters end there.

Each function checks one rule of catalogue/taito.yaml; ``CHECKS`` lists them with their ids.
"""

from __future__ import annotations

import datetime as dt

from .calendar import ONE_DAY, WEEKDAY_NAMES, add_months
from .case import Case
from .deadlines import agreed_postponement, within_months, within_weeks
from .facts import Facts
from .results import INFO, WARNING, Finding

GROUP = "group"


def start(case: Case, p: dict, facts: Facts) -> list:
    """taito.start: rehabilitation and the individual visits start within 8 weeks of the
    decision's arrival (002 "Taito-kuntoutuksen aloittaminen")."""
    return [
        within_weeks(
            "taito.start",
            trigger="received_on",
            start=case.received_on,
            weeks=p["taito.start_weeks"],
            done_on=facts.done_by(facts.first_day, case.as_of),
            as_of=case.as_of,
        )
    ]


def group_start(case: Case, facts: Facts) -> dt.date | None:
    """The first group period's start: the group_period_start event, else the first group day."""
    event = case.first_event("group_period_start")
    if event is not None:
        return event.date
    return next((d.date for d in facts.days if d.mode == GROUP), None)


def group_period(case: Case, p: dict, facts: Facts) -> list:
    """taito.group_period: the first group period starts after the start phase and within
    3 months of the decision (002 "Taito-kuntoutuksen aloittaminen"); a group below its minimum
    may move its start (002 "Ryhmän muodostaminen"), and that agreed postponement's date is
    then due."""
    deadline = within_months(
        "taito.group_period",
        trigger="decided_on",
        start=case.decided_on,
        months=p["taito.group_period_months"],
        done_on=facts.done_by(group_start(case, facts), case.as_of),
        as_of=case.as_of,
    )
    return [agreed_postponement(deadline, case)]


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
        findings.append(
            Finding(
                "taito.group_structure",
                WARNING,
                first,
                "block",
                date=first,
                last=last,
                length=len(block),
                days=length,
            )
        )
    return findings


def duration(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """taito.duration: on average 15 months from the start (002 "Taito-kuntoutus"). An average,
    not a deadline (rules.md): the expected end is a note on the first day, and a rehabilitation
    still running 3 months after it gets another note; neither is ever late."""
    if facts.first_day is None:
        return []
    months, followup = p["taito.duration_months"], p["taito.duration_followup_months"]
    expected, _ = add_months(facts.first_day, months)
    findings = [
        Finding("taito.duration", INFO, facts.first_day, "expected", months=months, end=expected)
    ]
    overdue, _ = add_months(expected, followup)
    if case.first_event("end") is None and case.as_of >= overdue:
        findings.append(
            Finding("taito.duration", INFO, overdue, "running", months=followup, end=expected)
        )
    return findings


def flex(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """taito.flex: flexibility only during work practice (002 "Kuntoutusraha, Taito-kuntoutus ja
    joustot")."""
    allowed = p["taito.flex_modes"]
    return [
        Finding("taito.flex", WARNING, d.date, "mode", mode=d.mode)
        for d in facts.days
        if d.flex and d.mode not in allowed
    ]


CHECKS = (
    ("taito.start", start),
    ("taito.group_period", group_period),
    ("taito.duration", duration),
    ("taito.start_phase", start_phase),
    ("taito.group_structure", group_structure),
    ("taito.flex", flex),
)
