"""Data steps shared by migrations. They use plain SQL on the table names, so that they work
whatever the models look like later, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.db import migrations

from .db import maintenance
from .identity import decrypt, encrypt_bytes, identity_digest

_TOKEN = b"gAAAAA"


def _key_of(table: str) -> str:
    # History tables (django-simple-history) are keyed by history_id; the object's id repeats.
    return "history_id" if table.split("_", 1)[1].startswith("historical") else "id"


def encrypt_columns(*columns: tuple[str, str]) -> migrations.RunPython:
    """Encrypt the values of (table, column) that are still in clear (text or bytes)."""

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        maintenance(connection)  # history tables are append-only for everyone else
        with connection.cursor() as cursor:
            for table, column in columns:
                key = _key_of(table)
                cursor.execute(
                    f"SELECT {quote(key)}, {quote(column)} FROM {quote(table)} "
                    f"WHERE {quote(column)} IS NOT NULL"
                )
                rows = cursor.fetchall()
                for pk, value in rows:
                    raw = value.encode() if isinstance(value, str) else bytes(value)
                    if raw.startswith(_TOKEN):
                        continue
                    token = encrypt_bytes(raw)
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(key)} = %s",
                        [token.decode() if isinstance(value, str) else token, pk],
                    )

    return migrations.RunPython(forward, migrations.RunPython.noop)


def identity_digests_renew(*tables: str) -> migrations.RunPython:
    """Recompute every identity_digest from the encrypted code with the current digest key."""

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        maintenance(connection)
        with connection.cursor() as cursor:
            for table in tables:
                key = _key_of(table)
                cursor.execute(f"SELECT {quote(key)}, identity_code FROM {quote(table)}")
                for pk, token in cursor.fetchall():
                    cursor.execute(
                        f"UPDATE {quote(table)} SET identity_digest = %s WHERE {quote(key)} = %s",
                        [identity_digest(decrypt(token)), pk],
                    )

    return migrations.RunPython(forward, migrations.RunPython.noop)
