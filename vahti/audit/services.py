"""Writes to the access log. Only the access helper (vahti.cases.access) and the views that show
the log itself call ``access_record``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from vahti.core.http import client_address

from .chain import GENESIS, record_digest, row_text, seal_digest
from .models import AccessLogPrune, AccessRecord, HistorySeal

# pg_advisory_xact_lock key: one writer at a time extends the chain (SQLite's IMMEDIATE
# transactions already serialise writers).
CHAIN_LOCK = 0x76616874
SEAL_LOCK = 0x76616875


def request_address(request) -> str | None:
    """The client's address (core.http.client_address: trusted proxies only, docs/deploy.md)."""
    return client_address(request)


@transaction.atomic
def access_record(*, user, what: str, client_id: int | None = None, detail: str = "",
                  address: str | None = None) -> AccessRecord:
    """Append one row to the access log, chained to the row before it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    last = AccessRecord.objects.only("sequence", "digest").order_by("-sequence").first()
    if last is not None:
        sequence, previous = last.sequence + 1, last.digest
    elif (prune := AccessLogPrune.objects.order_by("-through_sequence").first()) is not None:
        # Retention removed every row: the chain goes on from the checkpoint.
        sequence, previous = prune.through_sequence + 1, prune.through_digest
    else:
        sequence, previous = 1, GENESIS
    at = timezone.now()
    values = {"sequence": sequence, "at": at, "user_id": user.pk,
              "organisation_id": user.organisation_id, "client_id": client_id, "what": what,
              "detail": detail[:200], "address": address}
    return AccessRecord.objects.create(
        previous=previous, digest=record_digest(previous=previous, **values), **values)


@transaction.atomic
def history_seal(*, history_row) -> HistorySeal:
    """Seal one new history row into the chain (in the transaction that wrote it). The row is
    read back first so that the digest covers the values as stored, as verification reads them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
    stored = type(history_row)._base_manager.get(pk=history_row.pk)
    last = HistorySeal.objects.only("sequence", "digest").order_by("-sequence").first()
    sequence, previous = (last.sequence + 1, last.digest) if last else (1, GENESIS)
    table, at = history_row._meta.label, timezone.now()
    return HistorySeal.objects.create(
        sequence=sequence, table=table, history_id=history_row.pk, at=at, previous=previous,
        digest=seal_digest(previous=previous, sequence=sequence, table=table,
                           history_id=history_row.pk, at=at, text=row_text(stored)))


@transaction.atomic
def access_log_prune(*, now=None) -> AccessLogPrune | None:
    """Remove the access-log rows older than settings.ACCESS_LOG_RETENTION_DAYS (a whole prefix
    of the chain) and record the checkpoint the chain is verified from. None if nothing is due."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    last = (AccessRecord.objects.filter(at__lt=cutoff).order_by("-sequence")
            .values("sequence", "digest").first())
    if last is None:
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL vahti.access_log_prune = 'on'")
        # The model refuses deletes (append-only); retention is the one sanctioned removal.
        cursor.execute(f"DELETE FROM {AccessRecord._meta.db_table} WHERE sequence <= %s",
                       [last["sequence"]])
        removed = cursor.rowcount
    return AccessLogPrune.objects.create(at=now, cutoff=cutoff,
                                         through_sequence=last["sequence"],
                                         through_digest=last["digest"], rows=removed)
