"""Database helpers shared by the apps and their migrations."""

from __future__ import annotations


def maintenance(connection) -> None:
    """Declare maintenance for this transaction on PostgreSQL: the append-only triggers on the
    access log and the history tables (audit/database.py) then let the *owner* role update or
    delete rows (migrations that re-encrypt, key rotation). The application's role, which owns
    nothing, is refused whatever it declares."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL vahti.maintenance = 'on'")
