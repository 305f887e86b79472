"""Writes to the access log. Only the access helper (vahti.cases.access) and the views that show
the log itself call ``access_record``."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from vahti.core.http import client_address

from .chain import GENESIS, record_digest
from .models import AccessRecord

# pg_advisory_xact_lock key: one writer at a time extends the chain (SQLite's IMMEDIATE
# transactions already serialise writers).
CHAIN_LOCK = 0x76616874


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
    sequence = last.sequence + 1 if last else 1
    previous = last.digest if last else GENESIS
    at = timezone.now()
    values = {"sequence": sequence, "at": at, "user_id": user.pk,
              "organisation_id": user.organisation_id, "client_id": client_id, "what": what,
              "detail": detail[:200], "address": address}
    return AccessRecord.objects.create(
        previous=previous, digest=record_digest(previous=previous, **values), **values)
