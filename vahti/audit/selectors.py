"""Reads of the access log, for managers: per client and per staff member, scoped to the
manager's organisation."""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet

from .chain import GENESIS, digest_of, row_text, seal_digest
from .models import AccessLogPrune, AccessRecord, HistorySeal


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


def history_problems() -> list[str]:
    """Every break in the change history's chain: a seal missing, edited or out of line, a
    sealed history row changed or removed, or a history row written since sealing began that
    has no seal (inserted below the application)."""
    problems = []
    previous_sequence, previous_digest = 0, GENESIS
    seals = list(HistorySeal.objects.order_by("sequence"))
    rows = {}
    for label in {seal.table for seal in seals}:
        model = apps.get_model(label)
        rows[label] = model._base_manager.in_bulk(
            [seal.history_id for seal in seals if seal.table == label])
    for seal in seals:
        if seal.sequence != previous_sequence + 1:
            problems.append(f"seals {previous_sequence + 1}–{seal.sequence - 1} are missing")
        elif seal.previous != previous_digest:
            problems.append(f"seal {seal.sequence} does not follow seal {previous_sequence}")
        row = rows[seal.table].get(seal.history_id)
        if row is None:
            problems.append(f"{seal.table} row {seal.history_id} has been removed")
        elif seal_digest(previous=seal.previous, sequence=seal.sequence, table=seal.table,
                         history_id=seal.history_id, at=seal.at,
                         text=row_text(row)) != seal.digest:
            problems.append(f"{seal.table} row {seal.history_id} has been changed")
        previous_sequence, previous_digest = seal.sequence, seal.digest
    if seals:
        began = seals[0].at
        for model in apps.get_models():
            if not model.__name__.startswith("Historical") or not hasattr(model, "history_date"):
                continue
            sealed = set(rows.get(model._meta.label, {}))
            unsealed = (model._base_manager.filter(history_date__gte=began)
                        .exclude(pk__in=sealed).values_list("pk", flat=True)[:20])
            problems += [f"{model._meta.label} row {pk} has no seal" for pk in unsealed]
    return problems
