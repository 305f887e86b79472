"""Deadlines shared by the service families: "within N weeks / months of X" (rules.md, "Time
arithmetic") and the feedback deadline, each with the basis a person can check."""

from __future__ import annotations

import datetime as dt

from .calendar import add_months, add_weeks
from .case import Case
from .results import Deadline, Text, status_of


def weeks_basis(trigger: Text, weeks: int) -> Text:
    return Text("week" if weeks == 1 else "weeks", trigger=trigger, n=weeks)


def months_basis(trigger: Text, months: int, clamped: bool) -> Text:
    basis = Text("month" if months == 1 else "months", trigger=trigger, n=months)
    return Text("clamped", basis=basis) if clamped else basis


def within_weeks(
    rule: str, *, trigger: str, start: dt.date, weeks: int, done_on: dt.date | None, as_of: dt.date
) -> Deadline:
    """Due ``weeks`` weeks after ``start`` (the ``trigger`` text names it in the basis)."""
    due = add_weeks(start, weeks)
    return Deadline(
        rule,
        due,
        done_on,
        status_of(due=due, done_on=done_on, as_of=as_of),
        weeks_basis(Text(trigger, date=start), weeks),
    )


def within_months(
    rule: str, *, trigger: str, start: dt.date, months: int, done_on: dt.date | None, as_of: dt.date
) -> Deadline:
    """Due ``months`` calendar months after ``start``, clamped to the month's last day."""
    due, clamped = add_months(start, months)
    return Deadline(
        rule,
        due,
        done_on,
        status_of(due=due, done_on=done_on, as_of=as_of),
        months_basis(Text(trigger, date=start), months, clamped),
    )


def agreed_postponement(deadline: Deadline, case: Case) -> Deadline:
    """``deadline`` with the due date of the last start postponement agreed with Kela, if any
    (teak.start, taito.group_period): its new date is then due."""
    for event in case.events_of("start_postponed"):
        if event.kela_agreed:
            deadline = Deadline(
                deadline.rule,
                event.new_due,
                deadline.done_on,
                status_of(due=event.new_due, done_on=deadline.done_on, as_of=case.as_of),
                Text("postponed", event=event.date, date=event.new_due),
            )
    return deadline


def feedback_deadline(case: Case, *, rule: str, weeks: int) -> Deadline | None:
    """A feedback deadline: ``weeks`` from the end event, met by the first feedback_sent on or
    after the end. Listed once the end is known."""
    end = case.first_event("end")
    if end is None:
        return None
    sent = next((e.date for e in case.events_of("feedback_sent") if e.date >= end.date), None)
    return within_weeks(
        rule, trigger="end", start=end.date, weeks=weeks, done_on=sent, as_of=case.as_of
    )
