"""Kuntoutusraha, the rehabilitation allowance (001, 002, kela.fi): which days carry it
(``allowance_days``) and the checks of catalogue/allowance.yaml (``CHECKS``).
"""

from __future__ import annotations

import datetime as dt

from .calendar import (
    DAYS_IN_WEEK,
    MONDAY,
    ONE_DAY,
    SATURDAY,
    SUNDAY,
    date_range,
    holiday_ordinals,
    is_arkipaiva,
    weekday_of,
)
from .case import Case, work_on
from .facts import Facts
from .results import ERROR, INFO, WARNING, Finding

ARKIPAIVA = "allowance.arkipaiva"
SICK = "allowance.sick_absence"
NO_RECORD = "allowance.no_record"
FLEX = "allowance.flex"
WORKING_LIFE = "allowance.working_life"
FULL_TIME = "full_time"


class Allowance:
    """Days as ordinals (date.toordinal()); ``dates()`` gives them as dates."""

    __slots__ = ("waiting_days", "payable_days", "not_payable")

    def __init__(self, waiting_days, payable_days, not_payable):
        self.waiting_days: list[int] = waiting_days
        self.payable_days: list[int] = payable_days
        self.not_payable: list[tuple[int, str]] = not_payable

    def dates(self) -> tuple[list[dt.date], list[dt.date], list[tuple[dt.date, str]]]:
        day = dt.date.fromordinal
        return (
            [day(o) for o in self.waiting_days],
            [day(o) for o in self.payable_days],
            [(day(o), why) for o, why in self.not_payable],
        )


def waiting_days_count(case: Case, p: dict, facts: Facts) -> int:
    """allowance.waiting_period: 1 day for TEAK and Taito; for individual rehabilitation 1 day
    when it lasts at most 20 arkipäivää, else 10; none after sickness allowance, unemployment
    benefit or basic social assistance (kela.fi/rehabilitation-allowance-waiting-period)."""
    if case.benefit_before in p["allowance.zero_waiting_benefits"]:
        return p["allowance.waiting_days_after_benefit"]
    prefix = case.family
    fixed = p.get(f"{prefix}.allowance_waiting_days")
    if fixed is not None:
        return fixed
    span = sum(1 for d in date_range(facts.begins, facts.last_any) if is_arkipaiva(d))
    if span <= p[f"{prefix}.allowance_short_max_arkipaivat"]:
        return p[f"{prefix}.allowance_waiting_days_short"]
    return p[f"{prefix}.allowance_waiting_days_long"]


def periods(case: Case, facts: Facts) -> list[tuple[int, int]]:
    """Allowance periods as (first, last) day ordinals (rules.md "Allowance days" 1): from the
    first to the last rehabilitation or flex day, cut in two by each break, each part running
    from its own first to its own last rehabilitation or flex day. The first rehabilitation day
    is the start event when given (evaluate.md)."""
    ordinals = [day.ordinal for day in facts.days]
    if facts.first_day is not None and (not ordinals or facts.first_day.toordinal() < ordinals[0]):
        ordinals.insert(0, facts.first_day.toordinal())
    breaks = [(b.start.toordinal(), b.end.toordinal()) for b in case.breaks]
    parts: list[tuple[int, int]] = []
    first = last = None
    index = 0
    for day in ordinals:
        cut = False
        while index < len(breaks) and breaks[index][1] < day:
            cut = cut or (last is not None and breaks[index][0] > last)
            index += 1
        if first is None:
            first = day
        elif cut:
            parts.append((first, last))
            first = day
        last = day
    if first is not None:
        parts.append((first, last))
    return parts


def allowance_days(case: Case, p: dict, facts: Facts) -> Allowance:
    """Which days carry the allowance (rules.md "Allowance days", interpretation): inside each
    period (``periods``), an arkipäivä is payable when it is a rehabilitation day, a flex day that
    meets allowance.flex, or a Saturday of a week whose Monday–Friday has a payable day; never a
    Sunday or arkipyhä (allowance.arkipaiva), a sick absence (allowance.sick_absence), a day with
    nothing recorded (allowance.no_record) or a day of work that the client's situation excludes
    (allowance.working_life). Days outside the periods (a break's days among them) are not
    listed. The waiting period takes the first payable days. Days are ordinals (see facts.py)."""
    parts = periods(case, facts)
    if not parts:
        return Allowance([], [], [])
    flex_modes = p[f"{case.family}.flex_modes"]
    flex_min = p["allowance.flex_min_days_per_week"]
    working_life = case.in_working_life
    min_hours = p["allowance.working_life_min_hours"]
    work = case.work
    full_time = full_time_days(case) if work and not working_life else None
    absences = facts.absence_at
    days_at = facts.days_at
    week_rehab = facts.week_rehab
    holidays = holiday_ordinals(
        dt.date.fromordinal(parts[0][0]).year, dt.date.fromordinal(parts[-1][1]).year
    )

    payable: list[int] = []
    not_payable: list[tuple[int, str]] = []
    paid_week = None  # the Monday of the last week with a payable weekday
    for first, last in parts:
        weekday = weekday_of(first) - 1  # advanced at the top of the loop
        for day in range(first, last + 1):
            weekday += 1
            if weekday == DAYS_IN_WEEK:
                weekday = MONDAY
            why = None
            record = days_at.get(day)
            if weekday == SUNDAY or day in holidays:
                why = ARKIPAIVA
            elif record is not None:
                # A recorded day is never inside a break or an absence (case.py refuses that).
                if record.flex or working_life:
                    worked = record.worked or (work and work_on(work, record.date))
                    if record.flex and (
                        record.mode not in flex_modes
                        or worked
                        or week_rehab.get(record.week, 0) < flex_min
                    ):
                        why = FLEX
                    elif working_life and (
                        worked
                        or (
                            record.hours is not None
                            and record.hours + (record.travel_hours or 0) < min_hours
                        )
                    ):
                        why = WORKING_LIFE
            elif day in absences:
                why = SICK if absences[day].reason == "sick" else NO_RECORD
            elif weekday != SATURDAY or paid_week != day - SATURDAY:
                why = NO_RECORD
            if why is None and full_time is not None and day in full_time:
                why = WORKING_LIFE
            if why is None:
                payable.append(day)
                if weekday < SATURDAY:
                    paid_week = day - weekday
            else:
                not_payable.append((day, why))

    waiting = waiting_days_count(case, p, facts)
    return Allowance(payable[:waiting], payable[waiting:], not_payable)


def full_time_days(case: Case) -> set[int] | None:
    """The ordinals covered by full-time work during the rehabilitation (an open period runs to
    the last recorded day), or None when there is none."""
    days: set[int] = set()
    end = case.days[-1].ordinal if case.days else case.as_of.toordinal()
    for work in case.work:
        if work.kind == FULL_TIME:
            to = work.to.toordinal() if work.to is not None else end
            days.update(range(work.start.toordinal(), to + 1))
    return days or None


def working_life(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """allowance.working_life: a client in working life when the rehabilitation began may not
    work during it; an error dated on the first work. A client outside working life may work
    part time or occasionally but must be prevented from work comparable to a main occupation:
    full-time work is an error dated on its first day within the rehabilitation
    (001 "Kuntoutusraha ja työskentely TEAK-kuntoutuksen aikana")."""
    if not facts.days:
        return []
    first, last = facts.begins, facts.last_any
    if not case.in_working_life:
        starts = [
            max(w.start, first)
            for w in case.work
            if w.kind == FULL_TIME and w.start <= last and (w.to is None or w.to >= first)
        ]
        return (
            [Finding("allowance.working_life", ERROR, min(starts), "full_time", date=min(starts))]
            if starts
            else []
        )
    dates = [d.date for d in facts.days if d.worked]
    for work in case.work:
        if work.start <= last and (work.to is None or work.to >= first):
            dates.append(max(work.start, first))
    if not dates:
        return []
    day = min(dates)
    return [Finding("allowance.working_life", ERROR, day, "worked", date=day)]


def flex_weeks(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """allowance.flex: flex days carry the allowance only in a week of at least 3 rehabilitation
    days (001 "Kuntoutusraha, Teak ja joustot"; 002)."""
    minimum = p["allowance.flex_min_days_per_week"]
    findings = []
    for monday in sorted(facts.flex_weeks):
        if facts.week_rehab.get(monday, 0) < minimum:
            week = dt.date.fromordinal(monday)
            findings.append(
                Finding(
                    "allowance.flex",
                    WARNING,
                    week,
                    "week",
                    week=week,
                    count=facts.week_rehab.get(monday, 0),
                    min=minimum,
                )
            )
    return findings


def interim_breaks(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """allowance.break: an interim allowance is possible for a break the client cannot influence
    (001 "Kuntoutusraha ja TEAK kuntoutukseen tulee tauko"); Kela decides, Vahti lists them."""
    reasons = p["allowance.interim_break_reasons"]
    return [
        Finding("allowance.break", INFO, b.start, "interim", date=b.start, to=b.end)
        for b in case.breaks
        if b.reason in reasons
    ]


def waiting_interim_cap(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """allowance.waiting_interim_cap: waiting-time and interim allowance at most 3 months = 75 days
    per calendar year, each counted separately (002 "Odotus- ja väliajan kuntoutusraha").
    Counted in arkipäivät; a warning on the first day over the cap in a year."""
    cap = p["allowance.waiting_interim_cap_days"]
    reasons = p["allowance.interim_break_reasons"]
    waiting_end = (facts.first_day or case.as_of + ONE_DAY) - ONE_DAY
    spans = {
        "waiting": [(case.decided_on, waiting_end)],
        "interim": [(b.start, b.end) for b in case.breaks if b.reason in reasons],
    }
    findings = []
    for key, ranges in spans.items():
        if sum((end - start).days + 1 for start, end in ranges) <= cap:
            continue  # fewer calendar days than the cap: no year can go over it
        per_year: dict[int, list[int]] = {}
        for start, end in ranges:
            start = max(start, case.decided_on + ONE_DAY)
            if start > end:
                continue
            holidays = holiday_ordinals(start.year, end.year)
            for day in range(start.toordinal(), end.toordinal() + 1):
                if weekday_of(day) != SUNDAY and day not in holidays:
                    per_year.setdefault(dt.date.fromordinal(day).year, []).append(day)
        for year, days in sorted(per_year.items()):
            if len(days) > cap:
                findings.append(
                    Finding(
                        "allowance.waiting_interim_cap",
                        WARNING,
                        dt.date.fromordinal(days[cap]),
                        key,
                        year=year,
                        count=len(days),
                        cap=cap,
                    )
                )
    return findings


def sick_absences(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """allowance.sick_absence: the client reports a sick absence to Kela; the provider tells the
    client to do so at once (002 "Kuntoutus ja sairauspoissaolot")."""
    return [
        Finding("allowance.sick_absence", WARNING, a.date, "not_reported", date=a.date)
        for a in case.absences
        if a.reason == "sick" and not a.reported_to_kela and a.date <= case.as_of
    ]


def employer(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """allowance.employer: if the client is paid a salary, Kela pays the allowance to the employer
    (001 "Kuntoutusrahan maksaminen TEAK-kuntoutuksen ajalta")."""
    return [
        Finding("allowance.employer", INFO, w.start, "paid_trial", date=w.start)
        for w in case.work
        if w.kind == "paid_work_trial"
    ]


CHECKS = (
    ("allowance.working_life", working_life),
    ("allowance.flex", flex_weeks),
    ("allowance.break", interim_breaks),
    ("allowance.waiting_interim_cap", waiting_interim_cap),
    ("allowance.sick_absence", sick_absences),
    ("allowance.employer", employer),
)
