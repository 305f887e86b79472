"""The hash chain over access-log rows: each row's digest covers its fields and the digest of
the row before it, so that removing or editing a row breaks every digest after it."""

from __future__ import annotations

import hashlib

GENESIS = "0" * 64


def record_digest(*, previous: str, sequence: int, at, user_id: int, organisation_id: int,
                  client_id: int | None, what: str, detail: str, address: str | None) -> str:
    fields = (previous, str(sequence), at.isoformat(), str(user_id), str(organisation_id),
              "" if client_id is None else str(client_id), what, detail, address or "")
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def digest_of(record) -> str:
    return record_digest(previous=record.previous, sequence=record.sequence, at=record.at,
                         user_id=record.user_id, organisation_id=record.organisation_id,
                         client_id=record.client_id, what=record.what, detail=record.detail,
                         address=record.address)
