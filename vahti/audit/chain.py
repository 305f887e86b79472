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


def row_text(row) -> str:
    """A history row's values as one text: every concrete field, by name, values as read from
    the database (encrypted fields decrypted, so key rotation changes nothing here)."""
    parts = []
    for field in sorted(row._meta.concrete_fields, key=lambda f: f.attname):
        value = getattr(row, field.attname)
        if isinstance(value, memoryview):
            value = bytes(value)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        parts.append(f"{field.attname}={value!r}")
    return "\x1f".join(parts)


def seal_digest(*, previous: str, sequence: int, table: str, history_id: int, at,
                text: str) -> str:
    fields = (previous, str(sequence), table, str(history_id), at.isoformat(), text)
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
