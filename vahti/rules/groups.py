"""A group and its members' cases on a date: Taito's group size and minimum start (002
"Ryhmän muodostaminen"), the group period's blocks (002 "Taito-kuntoutuksen aloittaminen"), and
TEAK's group form never postponing a client's start (001 "Ryhmämuotoinen kuntoutus").

Input is plain values (a group, its members with the dates of their cases) and the parameters
in force. Taito's group rules govern clients whose decision was made by 31.12.2025, so a group
is judged with the parameters in force on its members' earliest decision date
(``parameters_on``); from 2026 they are null and the Taito rules find nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .calendar import WEEKDAY_NAMES, is_working_day
from .results import ERROR, INFO, WARNING, Finding


@dataclass(frozen=True, slots=True)
class GroupMember:
    id: int | str
    name: str
    received_on: dt.date
    decided_on: dt.date
    start_due: dt.date | None = None  # the case's start deadline (teak.start, taito.group_period)
    first_day: dt.date | None = None  # the first rehabilitation day recorded
    joined_on: dt.date | None = None
    left_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Group:
    id: int | str
    name: str
    family: str  # "taito" or "teak"
    planned_max: int
    planned_start: dt.date | None = None
    started_on: dt.date | None = None  # the first group day held
    members: tuple[GroupMember, ...] = ()


@dataclass(slots=True)
class GroupFindings:
    findings: list[Finding] = field(default_factory=list)
    size: int = 0
    minimum: int | None = None  # Taito: the minimum for the planned maximum
    postpone_until: dt.date | None = None  # Taito below the minimum: the latest start


def current_members(group: Group, on: dt.date) -> list[GroupMember]:
    return [m for m in group.members if m.left_on is None or m.left_on > on]


def parameters_on(group: Group, on: dt.date) -> dt.date:
    """The date whose parameters judge the group: its members' earliest decision (Taito's rules
    follow the decision date), else ``on``."""
    return min((m.decided_on for m in group.members), default=on)


def group_size(group: Group, on: dt.date, p: dict, out: GroupFindings) -> None:
    """taito.group_size: a group is 6–10 clients and the same for the whole rehabilitation
    (002 "Ryhmän muodostaminen"); a member who joins after the first group day has changed it."""
    low, high = p.get("taito.group_size_min"), p.get("taito.group_size_max")
    if group.family != "taito" or low is None or high is None:
        return
    size = len(current_members(group, on))
    if not low <= group.planned_max <= high:
        out.findings.append(
            Finding(
                "taito.group_size",
                ERROR,
                on,
                "planned_max",
                planned=group.planned_max,
                min=low,
                max=high,
            )
        )
    # A group that has reached the minimum for its planned maximum may start (group_minimum
    # says so): it is not also told it is too small.
    minimum = (p.get("taito.group_minimum") or {}).get(group.planned_max)
    if size > high:
        out.findings.append(Finding("taito.group_size", ERROR, on, "too_many", size=size, max=high))
    elif size < low and (minimum is None or size < minimum):
        out.findings.append(Finding("taito.group_size", WARNING, on, "too_few", size=size, min=low))
    if group.started_on is not None:
        for member in group.members:
            if member.joined_on is not None and member.joined_on > group.started_on:
                out.findings.append(
                    Finding(
                        "taito.group_size",
                        WARNING,
                        member.joined_on,
                        "joined_late",
                        name=member.name,
                        started=group.started_on,
                    )
                )


def group_minimum(group: Group, on: dt.date, p: dict, out: GroupFindings) -> None:
    """taito.group_minimum: a group with its minimum (planned maximum 10 → 7; 9–8 → 6; 7–6 → 4)
    starts on schedule; below it the start may move to about 2–4 months after each client
    received the decision, and Kela's authority line and the clients are told (002 "Ryhmän
    muodostaminen")."""
    table = p.get("taito.group_minimum")
    if group.family != "taito" or table is None or group.planned_max not in table:
        return
    minimum = table[group.planned_max]
    members = current_members(group, on)
    out.minimum = minimum
    if group.started_on is not None or not members:
        return
    if len(members) >= minimum:
        dues = [m.start_due for m in members if m.start_due is not None]
        if dues and group.planned_start is None and on <= min(dues):
            # Not yet late: a start still to plan, until the members' first deadline passes.
            out.findings.append(
                Finding(
                    "taito.group_minimum",
                    WARNING,
                    on,
                    "no_start",
                    size=len(members),
                    minimum=minimum,
                    due=min(dues),
                )
            )
        elif dues and (group.planned_start is None or group.planned_start > min(dues)):
            out.findings.append(
                Finding(
                    "taito.group_minimum",
                    ERROR,
                    min(dues),
                    "must_start",
                    size=len(members),
                    minimum=minimum,
                    due=min(dues),
                )
            )
        return
    latest = min(m.received_on for m in members) + relativedelta(
        months=p["taito.start_postponed_months_max"]
    )
    earliest = max(m.received_on for m in members) + relativedelta(
        months=p["taito.start_postponed_months_min"]
    )
    out.postpone_until = latest
    if group.planned_start is not None and group.planned_start > latest:
        out.findings.append(
            Finding(
                "taito.group_minimum",
                ERROR,
                latest,
                "too_late",
                size=len(members),
                minimum=minimum,
                start=group.planned_start,
                latest=latest,
            )
        )
    else:
        out.findings.append(
            Finding(
                "taito.group_minimum",
                INFO,
                on,
                "below",
                size=len(members),
                minimum=minimum,
                earliest=min(earliest, latest),
                latest=latest,
            )
        )


def group_start(group: Group, on: dt.date, p: dict, out: GroupFindings) -> None:
    """teak.group_start: group form never postpones a client's start (001 "Ryhmämuotoinen
    kuntoutus"): a member whose start deadline passes while waiting for the group."""
    if group.family != "teak":
        return
    for member in current_members(group, on):
        if member.start_due is None:
            continue
        start = member.first_day or group.planned_start
        waiting = start is None and on > member.start_due
        if waiting or (start is not None and start > member.start_due):
            out.findings.append(
                Finding(
                    "teak.group_start",
                    ERROR,
                    member.start_due,
                    "slips",
                    name=member.name,
                    due=member.start_due,
                    start=start or on,
                )
            )


CHECKS = (
    ("taito.group_size", group_size),
    ("taito.group_minimum", group_minimum),
    ("teak.group_start", group_start),
)


def group_findings(group: Group, *, on: dt.date, p: dict) -> GroupFindings:
    """Every finding of the group on ``on``; ``p``: the parameters in force on
    ``parameters_on(group, on)``."""
    out = GroupFindings(size=len(current_members(group, on)))
    for _rule, check in CHECKS:
        check(group, on, p, out)
    out.findings.sort(key=lambda f: (f.date, f.rule))
    return out


def group_period_days(starts: list[dt.date], *, p: dict) -> tuple[list[dt.date], list[Finding]]:
    """taito.group_structure: the group period's days from its blocks' first days, each block
    a run of consecutive weekdays starting on an allowed weekday (Mon–Thu or Tue–Fri), as many
    blocks as the period has (12 days in blocks of 4: 3) (002 "Taito-kuntoutuksen
    aloittaminen"). Returns the days, or the refusals when a block is wrong."""
    block, total = p.get("taito.group_block_days"), p.get("taito.group_period_days")
    allowed = p.get("taito.group_block_start_weekdays")
    if block is None or total is None or allowed is None:
        return [], [
            Finding(
                "taito.group_structure", ERROR, min(starts, default=dt.date.min), "not_in_force"
            )
        ]
    problems, days = [], []
    blocks = total // block
    if len(starts) != blocks:
        problems.append(
            Finding(
                "taito.group_structure",
                ERROR,
                min(starts, default=dt.date.min),
                "blocks",
                blocks=blocks,
                count=len(starts),
            )
        )
    for start in sorted(starts):
        if WEEKDAY_NAMES[start.weekday()] not in allowed:
            problems.append(
                Finding("taito.group_structure", ERROR, start, "start_day", date=start, days=block)
            )
        run = [start + dt.timedelta(days=offset) for offset in range(block)]
        holiday = next((day for day in run if not is_working_day(day)), None)
        if holiday is not None and WEEKDAY_NAMES[start.weekday()] in allowed:
            problems.append(
                Finding("taito.group_structure", ERROR, start, "holiday", date=start, day=holiday)
            )
        if days and run[0] <= days[-1]:
            problems.append(Finding("taito.group_structure", ERROR, start, "overlap", date=start))
        days += run
    return (days, []) if not problems else ([], problems)
