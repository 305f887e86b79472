"""Database helpers shared by the apps and their migrations, and what Vahti's database backends
add to Django's (``vahti.core.sqlite3``, ``vahti.core.postgresql``)."""

from __future__ import annotations

from django.db import DatabaseError


def maintenance(connection) -> None:
    """Declare maintenance for this transaction on PostgreSQL: the append-only triggers on the
    access log and the history tables (audit/database.py) then let the *owner* role update or
    delete rows (migrations that re-encrypt, key rotation). The application's role, which owns
    nothing, is refused whatever it declares."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL vahti.maintenance = 'on'")


def statistics_refresh(connection) -> None:
    """Gather the query planner's statistics on SQLite (PostgreSQL's autovacuum does it on its
    own). Without them SQLite guesses: a coach's work queue read every client of the
    organisation to find the coach's (10 ms at 10,000 clients) instead of the coach's own
    through the assignment's index (3 ms). Run daily by the daily job."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class BeforeCommit:
    """Work that must happen inside a transaction, but as late as possible: just before it
    commits (Django has hooks only after). The history seals use it: each history row must be
    sealed in the transaction that wrote it, and the seals form one chain, so writing them takes
    a lock that is held until the commit. Sealed as each row was written, a save held that lock
    for its whole length and saves queued behind each other (50 users on PostgreSQL: a save's
    median went from 180 ms to 1.6 s); sealed just before the commit, the lock is held for
    the sealing alone.

    ``before_commit(key, factory)`` returns the transaction's callable for ``key``, made by
    ``factory`` the first time (a list of rows to seal, say); it is called just before the
    commit and forgotten on rollback. Outside a transaction there is nothing to wait for: the
    caller does its work at once. Under Django's test cases, whose own atomic blocks never
    commit, the callables run when the outermost block of the code under test ends."""

    def before_commit(self, key: str, factory):
        pending = self.__dict__.setdefault("_before_commit", {})
        if key not in pending:
            pending[key] = factory()
        return pending[key]

    def run_before_commit(self) -> None:
        pending = self.__dict__.get("_before_commit")
        while pending:
            _key, callback = pending.popitem()
            callback()

    def commit(self):
        if self.__dict__.get("_before_commit"):
            # Still inside the transaction: nested atomic blocks must make savepoints, not
            # commit on their own.
            self.in_atomic_block = True
            try:
                self.run_before_commit()
            except DatabaseError:
                raise
            except Exception as error:  # Atomic rolls back on a DatabaseError only
                raise DatabaseError(f"before commit: {error}") from error
            finally:
                self.in_atomic_block = False
        super().commit()

    def rollback(self):
        self.__dict__.pop("_before_commit", None)
        super().rollback()

    def savepoint_commit(self, sid):
        super().savepoint_commit(sid)
        if self.atomic_blocks and all(
            getattr(block, "_from_testcase", False) for block in self.atomic_blocks
        ):
            self.run_before_commit()
