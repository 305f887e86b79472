"""An item of the provider's own duties (not one client's) for the manager's work queue: staff
findings and corrective actions (readiness), next year's client count (reporting); and the daily
count of what some of them read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ProviderItem:
    due: dt.date
    text: str
    link: str
    overdue: bool
    severity: str  # error, warning or "" (a reminder)


def daily_refreshes_run(on: dt.date) -> None:
    """Count again what the daily run keeps for the apps above it (settings.DAILY_REFRESHES:
    the realised days not invoiced), each called by its dotted path so no import runs upward.
    The daily job and `vahti_refresh` (the cron's alternative) both end with it."""
    for refresh in settings.DAILY_REFRESHES:
        import_string(refresh)(on=on)
