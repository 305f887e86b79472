"""Every write ends here: the case re-checked by the rules core (refused: a ValidationError, the
transaction rolls back) and its status and work-queue items stored; the daily refresh of many."""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from vahti.core.dates import today
from vahti.rules.case import CaseError
from vahti.rules.evaluate import Result, default_evaluator
from vahti.rules.facts import unrecorded_weeks
from vahti.rules.results import ERROR, OPEN, OVERDUE, WARNING

from ..errors import case_error_shown
from ..models import (
    Client,
    Decision,
    DecisionStatus,
    QueueItem,
)
from ..selectors import (
    STALE_RULE,
    case_data,
    certificate_stale,
    decision_result,
    decision_results,
    latest_certificates,
    queue_listed,
)
from ..selectors.queue import Listed
from .queue import queue_items_replace

WEEKS_LISTED = 8  # the latest weeks still to record that the work queue lists per client


CHUNK = 1000  # decisions read, evaluated and stored together by the daily refresh


def _checked_result(decision: Decision) -> Result:
    """The decision's evaluation today; data the core refuses is a ValidationError (the caller's
    transaction rolls back), in the user's language."""
    try:
        return decision_result(decision)
    except CaseError as error:
        raise case_error_shown(error, case_data(decision, as_of=today())) from None


def decision_refresh(*, decision: Decision) -> DecisionStatus:
    """Check the case with the rules core (refused: ValidationError) and store its status."""
    return decision_status_store(decision=decision, result=_checked_result(decision), day=today())


def decisions_refresh(*, decisions: list[Decision]) -> list[tuple[Decision, ValidationError]]:
    """``decision_refresh`` for many decisions at once (an import): evaluated and stored a
    chunk at a time, as the daily refresh does. Returns those the core refused, each with its
    ValidationError in the user's language, for the caller to refuse (and roll back)."""
    day, refused = today(), []
    for start in range(0, len(decisions), CHUNK):
        evaluated = []
        for decision, result in decision_results(
            decisions[start : start + CHUNK], as_of=day, allowance_days=False
        ):
            if isinstance(result, CaseError):
                refused.append((decision, case_error_shown(result, case_data(decision, as_of=day))))
            else:
                evaluated.append((decision, result))
        _statuses_store(evaluated, day)
    return refused


STATUS_FIELDS = (
    "evaluated_on",
    "next_rule",
    "next_due",
    "next_status",
    "error_count",
    "warning_count",
    "certificate_stale",
)


def _status_values(result: Result, day: dt.date, stale: bool) -> dict:
    pending = [d for d in result.deadlines if d.status in (OPEN, OVERDUE) and d.closed_on is None]
    first = min(pending, key=lambda d: (d.due, d.rule), default=None)
    return {
        "evaluated_on": day,
        "next_rule": first.rule if first else "",
        "next_due": first.due if first else None,
        "next_status": first.status if first else "",
        "error_count": sum(1 for f in result.findings if f.severity == ERROR),
        "warning_count": sum(1 for f in result.findings if f.severity == WARNING),
        "certificate_stale": stale,
    }


TIERS = {
    (QueueItem.FINDING, ERROR): QueueItem.ERROR_TIER,
    (QueueItem.FINDING, WARNING): QueueItem.WARNING_TIER,
}


def _queue_items(
    decision: Decision, result: Result, day: dt.date, stale: bool, listed: Listed | None
) -> list[QueueItem]:
    """What is left to do on the decision: pending deadlines, errors and warnings (each with the
    page where it is acted on, from the catalogue), a stale certificate, weeks to record. None
    unless the decision is ``listed``: the current decision of an active client."""
    if listed is None:
        return []
    return queue_items_placed(_items_found(decision, result, day, stale), listed, day)


def queue_items_placed(items: list[QueueItem], listed: Listed, day: dt.date) -> list[QueueItem]:
    """The items with what they carry of their client and their urgency tier on ``day``."""
    for item in items:
        item.client_id, item.organisation_id = listed.client_id, listed.organisation_id
        item.client_last_name, item.client_first_name = listed.last_name, listed.first_name
        if item.kind == QueueItem.DEADLINE:
            item.tier = QueueItem.OVERDUE_TIER if item.due < day else QueueItem.OTHER_TIER
        else:
            item.tier = TIERS.get((item.kind, item.severity), QueueItem.OTHER_TIER)
    return items


def _items_found(decision: Decision, result: Result, day: dt.date, stale: bool) -> list[QueueItem]:
    catalogue = default_evaluator().catalogue
    items = [
        QueueItem(
            decision=decision,
            kind=QueueItem.DEADLINE,
            rule=d.rule,
            due=d.due,
            place=catalogue.rule(d.rule).done_in or "records",
        )
        for d in result.deadlines
        if d.status in (OPEN, OVERDUE) and d.closed_on is None  # the end closed it: not to do
    ]
    # One item per rule: twelve short days are one thing to look at, from the first of them.
    found: dict[tuple[str, str], QueueItem] = {}
    for f in result.findings:
        if f.severity not in (ERROR, WARNING):
            continue
        item = found.get((f.rule, f.severity))
        if item is None:
            found[f.rule, f.severity] = QueueItem(
                decision=decision,
                kind=QueueItem.FINDING,
                rule=f.rule,
                due=f.date,
                severity=f.severity,
                place=catalogue.rule(f.rule).done_in or "records",
            )
        else:
            item.count += 1
            item.due = min(item.due, f.date)
    items += found.values()
    if stale:
        items.append(
            QueueItem(
                decision=decision,
                kind=QueueItem.CERTIFICATE,
                rule=STALE_RULE,
                due=day,
                place="certificate",
            )
        )
    # The weeks still to record, folded into one item from the earliest (with their count).
    weeks = unrecorded_weeks(result.case, day)[-WEEKS_LISTED:]
    if weeks:
        items.append(
            QueueItem(
                decision=decision, kind=QueueItem.WEEK, due=weeks[0], count=len(weeks), place="week"
            )
        )
    return items


def decision_status_store(*, decision: Decision, result: Result, day: dt.date) -> DecisionStatus:
    stale = certificate_stale(decision, result)
    status, _ = DecisionStatus.objects.update_or_create(
        decision=decision, defaults=_status_values(result, day, stale)
    )
    listed = queue_listed([decision.pk]).get(decision.pk)
    queue_items_replace(
        decision_ids=[decision.pk], items=_queue_items(decision, result, day, stale, listed)
    )
    return status


def decision_statuses_refresh(*, day: dt.date | None = None, stale_only: bool = True) -> int:
    """Re-evaluate current decisions (daily: statuses depend on the date). Returns the count.
    Decisions are read, evaluated and their statuses written a chunk at a time, each chunk in
    one transaction with a few queries (benchmark: bench/refresh.py)."""
    day = day or today()
    decisions = Decision.objects.filter(
        client__active=True, client__current_decision=F("pk")
    ).order_by("pk")
    if stale_only:
        decisions = decisions.exclude(status__evaluated_on=day)
    count = 0
    pending = decisions.iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(pending, CHUNK)):
        # Data the core refuses (an event dated after today, written by hand) is skipped here
        # and shown on the client page.
        evaluated = [
            (decision, result)
            for decision, result in decision_results(chunk, as_of=day, allowance_days=False)
            if not isinstance(result, CaseError)
        ]
        count += _statuses_store(evaluated, day)
    return count


@transaction.atomic
def _statuses_store(evaluated: list[tuple[Decision, Result]], day: dt.date) -> int:
    """Write a chunk's statuses with one upsert (bulk_update's CASE per row was 3 s a chunk)."""
    ids = [decision.pk for decision, _ in evaluated]
    latest = latest_certificates(ids)
    # Only a certificate's facts need the client and organisation: read those in one query.
    clients = Client.objects.select_related("organisation").in_bulk(
        {decision.client_id for decision, _ in evaluated if decision.pk in latest}
    )
    statuses, items = [], []
    listed = queue_listed(ids)
    for decision, result in evaluated:
        stale = False
        if decision.pk in latest:
            decision.client = clients[decision.client_id]
            stale = certificate_stale(decision, result, latest=latest[decision.pk])
        statuses.append(DecisionStatus(decision=decision, **_status_values(result, day, stale)))
        items += _queue_items(decision, result, day, stale, listed.get(decision.pk))
    DecisionStatus.objects.bulk_create(
        statuses,
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["decision"],
        update_fields=STATUS_FIELDS,
    )
    queue_items_replace(decision_ids=ids, items=items)
    return len(evaluated)
