"""The keyed hash chains over the access log and the change history.

Each link's digest is an HMAC-SHA256, keyed with ``VAHTI_AUDIT_KEY``, over its fields and the
digest of the link before it. The key lives in the application's environment and never in the
database: someone who can write to the database (a stolen database password, an operator's
shell) can delete or change rows, but cannot compute the digests that would hide it. A plain
hash could be recomputed over a changed row and every row after it."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

GENESIS = "0" * 64


def _mac(*fields: str) -> str:
    return hmac.new(
        settings.AUDIT_KEY.encode(), "\x1f".join(fields).encode(), hashlib.sha256
    ).hexdigest()


def record_digest(
    *,
    previous: str,
    sequence: int,
    at,
    user_id: int,
    organisation_id: int,
    client_id: int | None,
    what: str,
    detail: str,
    address: str | None,
) -> str:
    return _mac(
        previous,
        str(sequence),
        at.isoformat(),
        str(user_id),
        str(organisation_id),
        "" if client_id is None else str(client_id),
        what,
        detail,
        address or "",
    )


def digest_of(record) -> str:
    return record_digest(
        previous=record.previous,
        sequence=record.sequence,
        at=record.at,
        user_id=record.user_id,
        organisation_id=record.organisation_id,
        client_id=record.client_id,
        what=record.what,
        detail=record.detail,
        address=record.address,
    )


def checkpoint_digest(*, at, cutoff, through_sequence: int, through_digest: str, rows: int) -> str:
    """A retention prune's checkpoint is keyed too: one slipped in below the application (to
    excuse rows deleted inside the retention period) does not verify."""
    return _mac(
        "prune",
        at.isoformat(),
        cutoff.isoformat(),
        str(through_sequence),
        through_digest,
        str(rows),
    )


def is_history_model(model) -> bool:
    """A table of django-simple-history: an object's history, or a many-to-many link's."""
    return model._meta.pk.name in ("history_id", "m2m_history_id")


def sealed_fields(model) -> list[str]:
    """The history row's fields a seal covers: every concrete field, by name. Kept with the seal,
    so that a field added to the table later does not change what an older seal covers."""
    return sorted(field.attname for field in model._meta.concrete_fields)


def row_text(row, fields: list[str]) -> str:
    """A history row's values as one text: the given fields, values as read from the database
    (encrypted fields decrypted, so key rotation changes nothing here). A field that is gone
    from the table reads as missing, and the seal no longer verifies."""
    parts = []
    for name in fields:
        value = getattr(row, name, "\x00missing")
        if isinstance(value, memoryview):
            value = bytes(value)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        parts.append(f"{name}={value!r}")
    return "\x1f".join(parts)


def seal_digest(*, previous: str, sequence: int, table: str, history_id: int, at, text: str) -> str:
    return _mac(previous, str(sequence), table, str(history_id), at.isoformat(), text)
