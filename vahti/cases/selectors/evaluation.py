"""The one path from a stored decision to the rules core: the decision as evaluate.md input, read
and evaluated by the same Evaluator the command line uses, one at a time or many with their
rows read together; case references."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    CharField,
    F,
    FilteredRelation,
    Q,
)
from django.db.models.functions import Cast

from vahti.core.dates import today
from vahti.rules.case import DAY_FIELDS, CaseError
from vahti.rules.evaluate import Result, default_evaluator

from ..models import (
    Decision,
)

DAYS_IN_WEEK = 7


def with_end(decisions):
    """``decisions`` annotated with ``ended``: the day of their end event (an interruption is
    an end with its reason), or None. A join, not a subquery per row: a decision has at most
    one end (rules.case UNIQUE_EVENTS)."""
    return decisions.annotate(
        end_event=FilteredRelation("events", condition=Q(events__type="end")),
        ended=F("end_event__date"),
    )


def case_reference(decision: Decision) -> str:
    """What notices, calendars and e-mails show instead of a name: V-000123."""
    return case_reference_of(decision.pk)


def case_reference_of(decision_id: int) -> str:
    return f"V-{decision_id:06d}"


# What the rules core reads of each related table, in the order case_data unpacks it.
CASE_ROWS = {
    "events": ("type", "date", "topic", "new_due", "reason", "kela_agreed"),
    "days": DAY_FIELDS,
    "breaks": ("start", "end", "reason"),
    "absences": ("date", "reason", "reported_to_kela"),
    "work": ("start", "end", "kind"),
}


def case_data(decision: Decision, *, as_of: dt.date, rows: dict[str, list] | None = None) -> dict:
    """The decision and its events, days, breaks, absences and work as evaluate.md input (dates
    as date objects, which the core reads like ISO text). ``rows``: the related rows as
    CASE_ROWS tuples when the caller read them in bulk (``decision_results``)."""
    if rows is None:
        rows = {
            name: getattr(decision, name).values_list(*fields) for name, fields in CASE_ROWS.items()
        }
    return {
        "as_of": as_of,
        "service": decision.service,
        "decision": {
            "decided_on": decision.decided_on,
            "received_on": decision.received_on,
            "sequence": decision.sequence,
            "granted_days": decision.granted_days,
            "window_months": decision.window_months,
            "independent_days_granted": decision.independent_days_granted,
            "close_relative_granted": decision.close_relative_granted,
        },
        "client": {
            "in_working_life_at_start": decision.in_working_life_at_start,
            "benefit_before": decision.benefit_before or None,
        },
        "events": [
            {
                "type": kind,
                "date": date,
                "topic": topic or None,
                "new_due": new_due,
                "reason": reason or None,
                "kela_agreed": agreed,
            }
            for kind, date, topic, new_due, reason, agreed in rows["events"]
        ],
        "days": [
            {
                "date": date,
                "hours": hours,
                "programme_hours": programme,
                "travel_hours": travel,
                "mode": mode,
                "flex": flex,
                "flex_reason": flex_reason or None,
                "worked": worked,
                "close_relative": relative,
            }
            for date, hours, programme, travel, mode, flex, flex_reason, worked, relative in rows[
                "days"
            ]
        ],
        "breaks": [
            {"from": start, "to": end, "reason": reason or None}
            for start, end, reason in rows["breaks"]
        ],
        "absences": [
            {"date": date, "reason": reason or None, "reported_to_kela": reported}
            for date, reason, reported in rows["absences"]
        ],
        "work": [{"from": start, "to": end, "kind": kind} for start, end, kind in rows["work"]],
    }


def decision_result(decision: Decision, *, as_of: dt.date | None = None) -> Result:
    """The rules core's answer for a stored decision: the one path from the database through the
    core. Raises CaseError for data the core cannot read (written around the services)."""
    evaluator = default_evaluator()
    return evaluator.evaluate(evaluator.read(case_data(decision, as_of=as_of or today())))


def decision_results(decisions: list[Decision], *, as_of: dt.date, allowance_days: bool = True):
    """``decision_result`` for many decisions (the daily refresh, a chunk at a time): their
    related rows are read with one query per table. Yields (decision, result), or
    (decision, CaseError) for data the core cannot read; ``allowance_days=False``: results
    without the allowance days."""
    evaluator = default_evaluator()
    rows = _case_rows(decisions)
    for decision in decisions:
        try:
            result = evaluator.evaluate(
                evaluator.read(case_data(decision, as_of=as_of, rows=rows[decision.pk])),
                allowance_days=allowance_days,
            )
        except CaseError as error:
            yield decision, error
        else:
            yield decision, result


def _case_rows(decisions: list[Decision]) -> dict[int, dict[str, list]]:
    """The decisions' related rows (days, events, breaks…), one query per table."""
    rows = {decision.pk: {name: [] for name in CASE_ROWS} for decision in decisions}
    for name, fields in CASE_ROWS.items():
        model = Decision._meta.get_field(name).related_model
        # SQLite stores dates as ISO text: read them as text (the core reads ISO text, and the
        # date converter would cost a second a million rows). PostgreSQL's driver gives dates.
        texts = {
            f"{field}_text": Cast(field, CharField())
            for field in fields
            if connection.vendor == "sqlite"
            and model._meta.get_field(field).get_internal_type() == "DateField"
        }
        query = (
            model.objects.filter(decision_id__in=rows)
            .order_by("decision_id", *model._meta.ordering)
            .annotate(**texts)
            .values_list(
                "decision_id", *(f"{f}_text" if f"{f}_text" in texts else f for f in fields)
            )
        )
        for row in _driver_rows(query):
            rows[row[0]][name].append(row[1:])
    return rows


def cases_data(decisions: list[Decision], *, as_of: dt.date) -> list[tuple[Decision, dict]]:
    """Many decisions as evaluate.md input (a parameter change's impact), their rows read
    together as the daily refresh reads them."""
    rows = _case_rows(decisions)
    return [(d, case_data(d, as_of=as_of, rows=rows[d.pk])) for d in decisions]


def _driver_rows(query):
    """The rows of a values_list query as the database driver returns them, without the ORM's
    per-value converters (two thirds of the time of reading a million days): both drivers
    already give dates and booleans for these columns (sqlite3 by the declared column types
    Django registers converters for, psycopg natively). Tested on both in tests/cases."""
    try:
        sql = query.query.sql_with_params()
    except EmptyResultSet:  # e.g. no decisions at all (a group without members): no rows
        return
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        while batch := cursor.fetchmany(10_000):
            yield from batch


def decisions_evaluated_on(day: dt.date) -> int:
    """How many current decisions of active clients have a status from ``day``."""
    return Decision.objects.filter(
        client__active=True, client__current_decision=F("pk"), status__evaluated_on=day
    ).count()
