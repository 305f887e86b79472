"""An item of the provider's own duties (not one client's) for the manager's work queue: staff
findings and corrective actions (readiness), next year's client count (reporting)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderItem:
    due: dt.date
    text: str
    link: str
    overdue: bool
    severity: str  # error, warning or "" (a reminder)
