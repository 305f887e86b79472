"""Writes to the access log and the history seals. Only the access helper (vahti.cases.access)
and the views that show the log itself call ``access_record``."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from vahti.core.http import client_address

from .chain import GENESIS, checkpoint_digest, record_digest, row_text, seal_digest, sealed_fields
from .models import AccessLogPrune, AccessRecord, HistorySeal
from .selectors import chain_heads

# pg_advisory_xact_lock key: one writer at a time extends the chain (SQLite's IMMEDIATE
# transactions already serialise writers).
CHAIN_LOCK = 0x76616874
SEAL_LOCK = 0x76616875


def request_address(request) -> str | None:
    """The client's address (core.http.client_address: trusted proxies only, docs/deploy.md)."""
    return client_address(request)


def _lock(key: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@transaction.atomic
def access_record(
    *, user, what: str, client_id: int | None = None, detail: str = "", address: str | None = None
) -> AccessRecord:
    """Append one row to the access log, chained to the row before it."""
    return _append(user=user, what=what, client_ids=[client_id], detail=detail, address=address)[0]


@transaction.atomic
def access_records(
    *, user, what: str, client_ids, detail: str = "", address: str | None = None
) -> list[AccessRecord]:
    """One row per client that a list or an export names (in one write), so that each client's
    own log shows that their data was read or left in a file."""
    return _append(
        user=user, what=what, client_ids=sorted(set(client_ids)), detail=detail, address=address
    )


def _append(*, user, what, client_ids, detail, address) -> list[AccessRecord]:
    _lock(CHAIN_LOCK)
    last = AccessRecord.objects.only("sequence", "digest").order_by("-sequence").first()
    if last is not None:
        sequence, previous = last.sequence + 1, last.digest
    elif (prune := AccessLogPrune.objects.order_by("-through_sequence").first()) is not None:
        # Retention removed every row: the chain goes on from the checkpoint.
        sequence, previous = prune.through_sequence + 1, prune.through_digest
    else:
        sequence, previous = 1, GENESIS
    at = timezone.now()
    rows = []
    for client_id in client_ids:
        values = {
            "sequence": sequence,
            "at": at,
            "user_id": user.pk,
            "organisation_id": user.organisation_id,
            "client_id": client_id,
            "what": what,
            "detail": detail[:200],
            "address": address,
        }
        digest = record_digest(previous=previous, **values)
        rows.append(AccessRecord(previous=previous, digest=digest, **values))
        sequence, previous = sequence + 1, digest
    return AccessRecord.objects.bulk_create(rows, batch_size=1000)


class _Unsealed(list):
    """The history rows a transaction has written, sealed just before it commits."""

    def __call__(self):
        history_seals_flush(self)


def history_seal_later(*, history_row) -> None:
    """Seal a new history row just before its transaction commits (core/db.py BeforeCommit):
    in the same transaction, but holding the chain's lock only while sealing."""
    row = (type(history_row), history_row.pk)
    if connection.in_atomic_block and hasattr(connection, "before_commit"):
        connection.before_commit("vahti.audit.seals", _Unsealed).append(row)
    else:  # no transaction to wait for (or a backend without the hook): seal now
        history_seals_flush([row])


@transaction.atomic
def history_seals_flush(pending) -> list[HistorySeal]:
    """Seal history rows (model, pk) in the order they were written, each once. Rows are read
    back first, so the digest covers the values as stored (as verification reads them); a row
    rolled back with its savepoint is gone and not sealed."""
    pending = list(dict.fromkeys(pending))
    if not pending:
        return []
    _lock(SEAL_LOCK)
    stored = {}
    for model in {model for model, _pk in pending}:
        stored[model] = model._base_manager.in_bulk([pk for m, pk in pending if m is model])
    last = HistorySeal.objects.only("sequence", "digest").order_by("-sequence").first()
    sequence, previous = (last.sequence, last.digest) if last else (0, GENESIS)
    at, seals, fields_of = timezone.now(), [], {}
    for model, pk in pending:
        row = stored[model].get(pk)
        if row is None:
            continue
        table = model._meta.label
        fields = fields_of.setdefault(model, sealed_fields(model))
        sequence += 1
        digest = seal_digest(
            previous=previous,
            sequence=sequence,
            table=table,
            history_id=pk,
            at=at,
            text=row_text(row, fields),
        )
        seals.append(
            HistorySeal(
                sequence=sequence,
                table=table,
                history_id=pk,
                at=at,
                fields=",".join(fields),
                previous=previous,
                digest=digest,
            )
        )
        previous = digest
    return HistorySeal.objects.bulk_create(seals, batch_size=1000)


@transaction.atomic
def access_log_prune(*, now=None) -> AccessLogPrune | None:
    """Remove the access-log rows older than settings.ACCESS_LOG_RETENTION_DAYS (a whole prefix
    of the chain) and record the keyed checkpoint the chain is verified from. None if nothing
    is due. On PostgreSQL the removal is the owner's function, which enforces the retention
    period itself (audit/database.py)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    _lock(CHAIN_LOCK)
    last = (
        AccessRecord.objects.filter(at__lt=cutoff)
        .order_by("-sequence")
        .values("sequence", "digest")
        .first()
    )
    if last is None:
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT audit_access_log_prune(%s, %s)", [last["sequence"], cutoff])
            removed = cursor.fetchone()[0]
        else:
            # The model refuses deletes (append-only); retention is the one sanctioned removal.
            cursor.execute(
                f"DELETE FROM {AccessRecord._meta.db_table} WHERE sequence <= %s",
                [last["sequence"]],
            )
            removed = cursor.rowcount
    values = {
        "at": now,
        "cutoff": cutoff,
        "through_sequence": last["sequence"],
        "through_digest": last["digest"],
        "rows": removed,
    }
    return AccessLogPrune.objects.create(digest=checkpoint_digest(**values), **values)


def heads_record(*, path: Path, now=None) -> dict:
    """Append the chains' heads (sequence and digest of the newest access-log row and history
    seal) to ``path``, a file outside the database (docs/deploy.md): a later verification
    compares the chains with it, so that rows removed from the end (which leave a chain that is
    whole, only shorter) are found. Appended, never rewritten; made readable by the owner only."""
    head = {"at": (now or timezone.now()).isoformat(), **chain_heads()}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(json.dumps(head, sort_keys=True) + "\n")
    return head
