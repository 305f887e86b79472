"""Reads of the access log, for managers: per client and per staff member, scoped to the
manager's organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from .chain import GENESIS, digest_of
from .models import AccessLogPrune, AccessRecord


def access_records_of_client(*, organisation_id: int, client_id: int) -> QuerySet[AccessRecord]:
    return (AccessRecord.objects.filter(organisation_id=organisation_id, client_id=client_id)
            .select_related("user"))


def access_records_of_user(*, organisation_id: int, user_id: int) -> QuerySet[AccessRecord]:
    return (AccessRecord.objects.filter(organisation_id=organisation_id, user_id=user_id)
            .select_related("user"))


def chain_problems() -> list[str]:
    """Every break in the access log's chain: a missing sequence number (a row removed), a row
    whose digest does not match its fields (edited) or whose link does not match the row
    before it. Empty when the log is whole."""
    problems = []
    previous_sequence, previous_digest = 0, GENESIS
    checkpoint = AccessLogPrune.objects.order_by("-through_sequence").first()
    if checkpoint is not None:  # rows before it were removed by the retention prune
        previous_sequence, previous_digest = checkpoint.through_sequence, checkpoint.through_digest
    for record in AccessRecord.objects.order_by("sequence").iterator(chunk_size=2000):
        if record.sequence != previous_sequence + 1:
            problems.append(f"rows {previous_sequence + 1}–{record.sequence - 1} are missing")
        elif record.previous != previous_digest:
            problems.append(f"row {record.sequence} does not follow row {previous_sequence}")
        if digest_of(record) != record.digest:
            problems.append(f"row {record.sequence} has been changed")
        previous_sequence, previous_digest = record.sequence, record.digest
    return problems
