"""Django's PostgreSQL backend with work before commit (core/db.py)."""

from django.db.backends.postgresql import base

from vahti.core.db import BeforeCommit


class DatabaseWrapper(BeforeCommit, base.DatabaseWrapper):
    pass
