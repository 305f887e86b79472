"""Reads of the access log, for managers: per client and per staff member, scoped to the
manager's organisation; and the verification of the chains (`vahti_verify_audit`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from . import database
from .chain import (
    GENESIS,
    checkpoint_digest,
    digest_of,
    is_history_model,
    row_text,
    seal_digest,
    sealed_fields,
)
from .models import AccessLogPrune, AccessRecord, HistorySeal


def access_records_of_client(*, organisation_id: int, client_id: int) -> QuerySet[AccessRecord]:
    return AccessRecord.objects.filter(
        organisation_id=organisation_id, client_id=client_id
    ).select_related("user")


def access_records_of_user(*, organisation_id: int, user_id: int) -> QuerySet[AccessRecord]:
    return AccessRecord.objects.filter(
        organisation_id=organisation_id, user_id=user_id
    ).select_related("user")


def checkpoint_problems(*, now=None) -> list[str]:
    """Every prune checkpoint must carry its keyed digest and lie outside the retention period:
    a checkpoint slipped in to excuse rows deleted early is found."""
    now = now or timezone.now()
    retention = dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    problems = []
    for prune in AccessLogPrune.objects.order_by("through_sequence"):
        name = f"prune checkpoint through row {prune.through_sequence}"
        if (
            checkpoint_digest(
                at=prune.at,
                cutoff=prune.cutoff,
                through_sequence=prune.through_sequence,
                through_digest=prune.through_digest,
                rows=prune.rows,
            )
            != prune.digest
        ):
            problems.append(f"{name} is not genuine")
        elif prune.at > now or prune.cutoff > prune.at - retention:
            problems.append(
                f"{name} removed rows inside the retention period "
                f"({settings.ACCESS_LOG_RETENTION_DAYS} days)"
            )
    return problems


def chain_problems() -> list[str]:
    """Every break in the access log's chain: a missing sequence number (a row removed), a row
    whose digest does not match its fields (edited) or whose link does not match the row
    before it, and checkpoints that are not genuine. Empty when the log is whole."""
    problems = checkpoint_problems()
    previous_sequence, previous_digest = 0, GENESIS
    checkpoint = AccessLogPrune.objects.order_by("-through_sequence").first()
    if checkpoint is not None:  # rows before it were removed by the retention prune
        previous_sequence, previous_digest = checkpoint.through_sequence, checkpoint.through_digest
        left = AccessRecord.objects.filter(sequence__lte=previous_sequence).count()
        if left:
            problems.append(
                f"{left} rows remain below the prune checkpoint through row {previous_sequence}"
            )
    for record in (
        AccessRecord.objects.filter(sequence__gt=previous_sequence)
        .order_by("sequence")
        .iterator(chunk_size=2000)
    ):
        if record.sequence != previous_sequence + 1:
            problems.append(f"rows {previous_sequence + 1}–{record.sequence - 1} are missing")
        elif record.previous != previous_digest:
            problems.append(f"row {record.sequence} does not follow row {previous_sequence}")
        if digest_of(record) != record.digest:
            problems.append(f"row {record.sequence} has been changed")
        previous_sequence, previous_digest = record.sequence, record.digest
    return problems


def history_models() -> list:
    return [model for model in apps.get_models() if is_history_model(model)]


def history_problems() -> list[str]:
    """Every break in the change history's chain: a seal missing, edited or out of line, a
    sealed history row changed or removed, or a history row without a seal (inserted below the
    application: every history row is sealed, those from before sealing by migration)."""
    problems = []
    previous_sequence, previous_digest = 0, GENESIS
    seals = list(HistorySeal.objects.order_by("sequence"))
    rows = {}
    for label in {seal.table for seal in seals}:
        model = apps.get_model(label)
        rows[label] = model._base_manager.in_bulk(
            [seal.history_id for seal in seals if seal.table == label]
        )
    for seal in seals:
        if seal.sequence != previous_sequence + 1:
            problems.append(f"seals {previous_sequence + 1}–{seal.sequence - 1} are missing")
        elif seal.previous != previous_digest:
            problems.append(f"seal {seal.sequence} does not follow seal {previous_sequence}")
        row = rows[seal.table].get(seal.history_id)
        fields = (
            seal.fields.split(",") if seal.fields else sealed_fields(apps.get_model(seal.table))
        )
        if row is None:
            problems.append(f"{seal.table} row {seal.history_id} has been removed")
        elif (
            seal_digest(
                previous=seal.previous,
                sequence=seal.sequence,
                table=seal.table,
                history_id=seal.history_id,
                at=seal.at,
                text=row_text(row, fields),
            )
            != seal.digest
        ):
            problems.append(f"{seal.table} row {seal.history_id} has been changed")
        previous_sequence, previous_digest = seal.sequence, seal.digest
    for model in history_models():
        sealed = rows.get(model._meta.label, {})
        unsealed = sorted(
            pk
            for pk in model._base_manager.values_list("pk", flat=True).iterator(chunk_size=10_000)
            if pk not in sealed
        )
        problems += [f"{model._meta.label} row {pk} has no seal" for pk in unsealed[:20]]
        if len(unsealed) > 20:
            problems.append(f"{model._meta.label}: {len(unsealed) - 20} more rows have no seal")
    return problems


def database_problems() -> list[str]:
    """On PostgreSQL: every guarded table has its append-only trigger, and the prune function
    enforces the retention period in the settings."""
    problems = [
        f"{table} has no append-only trigger (run manage.py vahti_audit_install as the owner role)"
        for table in database.unguarded_tables(connection)
    ]
    floor = database.prune_floor_days(connection)
    if connection.vendor == "postgresql" and floor != settings.ACCESS_LOG_RETENTION_DAYS:
        problems.append(
            f"the prune function keeps {floor} days, the setting "
            f"{settings.ACCESS_LOG_RETENTION_DAYS} (run manage.py "
            "vahti_audit_install as the owner role)"
        )
    return problems


def chain_heads() -> dict:
    """The newest link of each chain: [sequence, digest], or None while a chain is empty."""
    heads = {}
    for name, model in (("access_log", AccessRecord), ("history", HistorySeal)):
        last = model.objects.order_by("-sequence").values_list("sequence", "digest").first()
        heads[name] = list(last) if last else None
    if heads["access_log"] is None:  # every row pruned: the chain's head is the checkpoint
        prune = (
            AccessLogPrune.objects.order_by("-through_sequence")
            .values_list("through_sequence", "through_digest")
            .first()
        )
        heads["access_log"] = list(prune) if prune else None
    return heads


def last_head(path: Path) -> dict | None:
    """The last head recorded in the file outside the database (None: nothing recorded yet).
    One is enough: each link covers the one before it, so if the last recorded head is still
    in the chain, every earlier one is too."""
    path = Path(path)
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(lines[-1]) if lines else None


def head_problems(path: Path) -> list[str]:
    """The chains against the head last recorded outside the database: its link must still be
    there with the same digest (rows removed from the end of a chain leave it whole but short),
    or, for the access log, lie inside a genuine retention prune."""
    recorded = last_head(path)
    if recorded is None:
        return []
    problems = []
    for name, model, label in (
        ("access_log", AccessRecord, "access log"),
        ("history", HistorySeal, "history seal"),
    ):
        head = recorded.get(name)
        if not head:
            continue
        sequence, digest = head
        current = model.objects.filter(sequence=sequence).values_list("digest", flat=True).first()
        if current == digest:
            continue
        pruned = (
            name == "access_log"
            and AccessLogPrune.objects.filter(through_sequence__gte=sequence).exists()
        )
        if current is None and pruned:
            continue
        newest = model.objects.order_by("-sequence").values_list("sequence", flat=True).first()
        if current is None:
            problems.append(
                f"{label} row {sequence}, recorded at {recorded['at']}, is gone: "
                f"the chain now ends at {newest or 0} (rows removed from its end)"
            )
        else:
            problems.append(
                f"{label} row {sequence} is not the one recorded at "
                f"{recorded['at']} (rows removed and the chain rebuilt)"
            )
    return problems
