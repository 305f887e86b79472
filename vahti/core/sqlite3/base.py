"""Django's SQLite backend with work before commit (core/db.py), and the database file made
readable by its owner only.

sqlite3 creates a missing file with the process's umask (0644 on most systems: every user of
the machine could read the clients' names). Here the file is created first with mode 0600 and
its folder 0700; SQLite gives its write-ahead log and shared-memory files the database file's
mode. An existing file that others can read is narrowed too."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.db.backends.sqlite3 import base

from vahti.core.db import BeforeCommit


def _private(name: str) -> None:
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, Path(f"{name}-wal"), Path(f"{name}-shm")):
        if file.exists() and stat.S_IMODE(file.stat().st_mode) & 0o077:
            file.chmod(0o600)


class DatabaseWrapper(BeforeCommit, base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        _private(str(conn_params["database"]))
        return super().get_new_connection(conn_params)
