"""The work queue's items as stored: which decisions have them, and the tallies they count."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Count

from ..models import Client, QueueItem

TALLY_KEY = ("organisation_id", "kind", "severity", "place", "due")


class Listed(NamedTuple):
    """What a listed decision's items carry of their client (for the organisation's indexes)."""

    client_id: int
    organisation_id: int
    last_name: str
    first_name: str


def queue_listed(decision_ids) -> dict[int, Listed]:
    """Of ``decision_ids``, those whose items belong in the work queue (the current decision
    of an active client), each with what its items carry of the client: one query."""
    rows = Client.objects.filter(current_decision_id__in=decision_ids, active=True).values_list(
        "current_decision_id", "pk", "organisation_id", "last_name", "first_name"
    )
    return {row[0]: Listed(*row[1:]) for row in rows}


def queue_tallies_counted(organisation_id: int) -> dict[tuple, int]:
    """The tallies as the items themselves count them (what ``QueueTally`` must equal)."""
    rows = (
        QueueItem.objects.filter(organisation_id=organisation_id)
        .values(*TALLY_KEY)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {tuple(row[field] for field in TALLY_KEY): row["n"] for row in rows}
