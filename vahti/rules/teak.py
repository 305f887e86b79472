"""TEAK: työkokeilu, työhönvalmennus and their combination (seed 001, 17.9.2024).

Each function checks one rule of rules.md (catalogue/teak.yaml) and returns the deadlines and
findings it finds, each carrying its own explanation; the numbers come from the parameters
``p`` in force on the decision date. ``CHECKS`` lists them with their rule ids.
"""

from __future__ import annotations

import datetime as dt

from .calendar import (
    DAYS_IN_WEEK,
    FRIDAY,
    SATURDAY,
    days_inclusive,
    holiday_ordinals,
    week_of,
)
from .case import Case
from .deadlines import agreed_postponement, feedback_deadline, within_months, within_weeks
from .facts import Facts
from .results import ERROR, INFO, LATE, OVERDUE, WARNING, Deadline, Finding, Text

QUEUE_TOPICS = ("queue", "postponement")


def precontact(case: Case, p: dict, facts: Facts) -> list:
    """teak.precontact: the job coach makes the pre-contact within 2 weeks of the decision's
    arrival (001 "Kuntoutuksen aloitus")."""
    event = case.first_event("precontact")
    return [
        within_weeks(
            "teak.precontact",
            trigger="received_on",
            start=case.received_on,
            weeks=p["teak.precontact_weeks"],
            done_on=event.date if event else None,
            as_of=case.as_of,
        )
    ]


def start_deadline(case: Case, p: dict, facts: Facts) -> Deadline:
    """The start's due date: 4 weeks from the decision's arrival, or the date of a postponement
    agreed with Kela."""
    deadline = within_weeks(
        "teak.start",
        trigger="received_on",
        start=case.received_on,
        weeks=p["teak.start_weeks"],
        done_on=facts.done_by(facts.first_day, case.as_of),
        as_of=case.as_of,
    )
    return agreed_postponement(deadline, case)


def start(case: Case, p: dict, facts: Facts) -> list:
    """teak.start: rehabilitation starts within 4 weeks of the provider receiving the decision;
    a postponement needs a justified reason and Kela's agreement, and then its date is due
    (001 "Kuntoutuksen aloitus")."""
    results: list = [start_deadline(case, p, facts)]
    for event in case.events_of("start_postponed"):
        if not event.kela_agreed:
            results.append(
                Finding("teak.start", WARNING, event.date, "not_agreed", date=event.date)
            )
        if not (event.reason or "").strip():
            results.append(Finding("teak.start", WARNING, event.date, "no_reason", date=event.date))
    return results


def completion(case: Case, p: dict, facts: Facts) -> list:
    """teak.completion: all granted rehabilitation within the window from the first
    rehabilitation day — työkokeilu 5 months, työhönvalmennus 60 days in 5 months,
    yhdistelmä 120 days in 10 months; a continuation carries its own window
    (001 "Kuntoutuksen kokonaiskesto")."""
    if facts.first_day is None:
        return []
    end = case.first_event("end")
    granted = granted_days(case, p)
    done = end.date if end else None
    if done is None and granted is not None and 0 < granted <= len(facts.rehab):
        done = facts.done_by(facts.rehab[granted - 1].date, case.as_of)
    deadline = within_months(
        "teak.completion",
        trigger="first_day",
        start=facts.first_day,
        months=case.window_months or p[f"{case.service}.window_months"],
        done_on=done,
        as_of=case.as_of,
    )
    results: list = [deadline]
    if facts.last_rehab is not None and facts.last_rehab > deadline.due:
        outside = next(day.date for day in facts.rehab if day.date > deadline.due)
        results.append(
            Finding(
                "teak.completion",
                WARNING,
                outside,
                "outside_window",
                date=outside,
                due=deadline.due,
            )
        )
    return results


def granted_days(case: Case, p: dict) -> int | None:
    """The decision's granted days, else the service line's default (none for työkokeilu)."""
    if case.granted_days is not None:
        return case.granted_days
    return p.get(f"{case.service}.granted_days")


def days_per_week(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.days_per_week: on average 5 rehabilitation days a week, mainly Monday to Friday
    (001 "Asiakkaan kuntoutuspäivä"). Interpretation in rules.md: checked week by week; the
    expected count drops for weekday holidays, break days, absences with a reason and, in the
    first and last week, the weekdays outside the rehabilitation."""
    if facts.last_rehab is None:
        return []
    per_week = p["teak.days_per_week"]
    # The first week counts from the first rehabilitation day: the start event when given.
    first, last = facts.first_day.toordinal(), facts.last_rehab.toordinal()
    week_rehab, flex_weeks = facts.week_rehab, facts.flex_weeks
    # Only a week with fewer days than the full count can fall short: most weeks end here.
    short = [
        monday
        for monday in range(week_of(first), last + 1, DAYS_IN_WEEK)
        if week_rehab.get(monday, 0) < per_week and monday not in flex_weeks
    ]
    if not short:
        return []
    breaks = facts.break_set
    holidays = holiday_ordinals(facts.first_day.year, facts.last_rehab.year)
    absence_at = facts.absence_at
    findings = []
    for monday in short:
        # Weekdays of the first and last week outside the rehabilitation are not expected.
        outside = max(0, first - monday) + max(0, monday + FRIDAY - last)
        actual = week_rehab.get(monday, 0)
        missing = per_week - min(outside, SATURDAY) - actual
        # Weekdays inside the rehabilitation that lower the week's expected count: holidays,
        # break days and absences with a reason; counted until they cover what is missing.
        lowered = 0
        for day in range(max(monday, first), min(monday + FRIDAY, last) + 1):
            if lowered >= missing:
                break
            if (
                day in holidays
                or day in breaks
                or (day in absence_at and absence_at[day].reason is not None)
            ):
                lowered += 1
        expected = actual + missing - lowered
        if actual < expected and any(
            day not in breaks for day in range(monday, monday + DAYS_IN_WEEK)
        ):
            week = dt.date.fromordinal(monday)
            findings.append(
                Finding(
                    "teak.days_per_week",
                    WARNING,
                    week,
                    "too_few",
                    week=week,
                    actual=actual,
                    expected=expected,
                )
            )
    return findings


def day_length(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.day_length: a day is on average 6 hours, at least 5 of them programme; travel is not
    part of the day (001 "Asiakkaan kuntoutuspäivä"). Days with flex are not judged."""
    minimum = p["teak.programme_hours_min"]
    target = p["teak.day_hours_mean"]
    findings = []
    total = 0.0
    counted = 0
    last = None
    for day in facts.rehab:
        if day.flex:
            continue
        if day.programme_hours is not None and day.programme_hours < minimum:
            findings.append(
                Finding(
                    "teak.day_length",
                    WARNING,
                    day.date,
                    "programme",
                    programme=float(day.programme_hours),
                    min=minimum,
                )
            )
        if day.hours is not None:
            total += day.hours
            counted += 1
            last = day.date
    if counted and total / counted < target:
        findings.append(
            Finding(
                "teak.day_length",
                WARNING,
                last,
                "mean",
                mean=round(total / counted, 1),
                target=target,
            )
        )
    return findings


def granted_days_rule(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.granted_days: no more rehabilitation days than the decision grants (001);
    an error dated on the first day over. Checked only when the granted number is known."""
    granted = granted_days(case, p)
    if granted is None or len(facts.rehab) <= granted:
        return []
    first_over = facts.rehab[granted].date
    return [
        Finding(
            "teak.granted_days",
            ERROR,
            first_over,
            "over",
            count=len(facts.rehab),
            granted=granted,
            date=first_over,
        )
    ]


def break_length(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.break.max_length: a break is normally at most 3 weeks; longer only exceptionally
    (e.g. the employer can start later) with the reason recorded (001 "Kuntoutuksen jaksotus")."""
    maximum = p["teak.break_max_days"]
    exceptions = p["teak.break_exception_reasons"]
    limit = (
        Text("n_weeks", n=maximum // DAYS_IN_WEEK)
        if maximum % DAYS_IN_WEEK == 0
        else Text("n_days", n=maximum)
    )
    findings = []
    for brk in case.breaks:
        length = days_inclusive(brk.start, brk.end)
        if length > maximum:
            if brk.reason in exceptions:
                findings.append(
                    Finding(
                        "teak.break.max_length",
                        INFO,
                        brk.start,
                        "exception",
                        length=length,
                        limit=limit,
                    )
                )
            else:
                findings.append(
                    Finding(
                        "teak.break.max_length",
                        WARNING,
                        brk.start,
                        "too_long",
                        length=length,
                        limit=limit,
                    )
                )
    return findings


def independent_days(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.independent_days: only in the first decision of työhönvalmennus, at most 10 (or fewer
    if the decision grants fewer) (001 "Itsenäisesti toteutettavat kuntoutuspäivät")."""
    independent = [d for d in facts.rehab if d.mode == "independent"]
    if not independent:
        return []
    maximum = p.get(f"{case.service}.independent_days_max")
    first = independent[0].date
    if maximum is None:
        return [Finding("teak.independent_days", ERROR, first, "wrong_line", date=first)]
    if case.sequence != p["teak.independent_days_decision_sequence"]:
        return [Finding("teak.independent_days", ERROR, first, "wrong_decision", date=first)]
    if case.independent_days_granted is not None:
        maximum = min(maximum, case.independent_days_granted)
    if len(independent) > maximum:
        over = independent[maximum].date
        return [Finding("teak.independent_days", ERROR, over, "over", date=over, max=maximum)]
    return []


def remote(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.remote: face to face unless the service description allows video calls for that
    part; never wholly remote (001 "Kuntoutuksen toteutuspaikka ja -tapa")."""
    if facts.rehab and all(d.mode == "remote" for d in facts.rehab):
        return [
            Finding(
                "teak.remote", WARNING, facts.rehab[0].date, "wholly_remote", count=len(facts.rehab)
            )
        ]
    return []


def feedback(case: Case, p: dict, facts: Facts) -> list:
    """teak.feedback: the personal coach sends the rehabilitation feedback within 2 weeks of the
    end to the client and Kela (001 "Kuntoutuspalaute ja osallistumistodistus")."""
    deadline = feedback_deadline(case, rule="teak.feedback", weeks=p["teak.feedback_weeks"])
    return [deadline] if deadline is not None else []


def certificate(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.certificate: a participation certificate when the rehabilitation is done
    (001 "Kuntoutuspalaute ja osallistumistodistus")."""
    end = case.first_event("end")
    if end is None:
        return []
    if any(e.date >= end.date for e in case.events_of("certificate_issued")):
        return []
    return [Finding("teak.certificate", WARNING, end.date, "missing", end=end.date)]


def queue(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """teak.queue: a provider that cannot start within the deadline tells Kela
    (kuntoutusetuudet_keskus@kela.fi) (001 "Jonotilanteesta ilmoittaminen")."""
    start = start_deadline(case, p, facts)
    if start.status not in (LATE, OVERDUE):
        return []
    end = case.first_event("end")
    if end is not None and start.done_on is None and end.date <= start.due:
        return []  # the rehabilitation ended before it was due to start: no queue to tell of
    if any(event.kela_agreed for event in case.events_of("start_postponed")):
        return []  # a postponement not agreed with Kela does not count (001)
    if any(e.topic in QUEUE_TOPICS for e in case.events_of("kela_notified")):
        return []
    return [
        Finding(
            "teak.queue",
            ERROR,
            start.due,
            "not_notified",
            due=start.due,
            address=p["kela.mailboxes"]["queue"],
        )
    ]


CHECKS = (
    ("teak.precontact", precontact),
    ("teak.start", start),
    ("teak.queue", queue),
    ("teak.completion", completion),
    ("teak.feedback", feedback),
    ("teak.days_per_week", days_per_week),
    ("teak.day_length", day_length),
    ("teak.granted_days", granted_days_rule),
    ("teak.break.max_length", break_length),
    ("teak.independent_days", independent_days),
    ("teak.remote", remote),
    ("teak.certificate", certificate),
)
