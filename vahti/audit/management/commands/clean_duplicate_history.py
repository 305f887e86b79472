"""Replaces django-simple-history's `clean_duplicate_history`: refused, as `clean_old_history`."""

from .clean_old_history import Command  # noqa: F401
