"""What the rules return: deadlines and findings that explain themselves.

A result keeps a text key and its values rather than a finished sentence, so
that the same result renders in Finnish or English (texts.py) and the web
application can show the same explanation as the command line.
"""

from __future__ import annotations

import datetime as dt

MET, LATE, OPEN, OVERDUE = "met", "late", "open", "overdue"
ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {severity: rank for rank, severity in enumerate((ERROR, WARNING, INFO))}


class Text:
    """A text key with its values; values may themselves be Texts (nested basis)."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values):
        self.key = key
        self.values = values

    def __eq__(self, other):
        return isinstance(other, Text) and (self.key, self.values) == (other.key, other.values)

    def __repr__(self):
        return f"Text({self.key!r}, {self.values!r})"


class Deadline:
    __slots__ = ("rule", "due", "done_on", "status", "basis", "closed_on")

    def __init__(self, rule: str, due: dt.date, done_on: dt.date | None, status: str, basis: Text):
        self.rule = rule
        self.due = due
        self.done_on = done_on
        self.status = status
        self.basis = basis
        # The day the rehabilitation's end closed the deadline unmet (it can no longer be met).
        self.closed_on: dt.date | None = None


class Finding:
    """A rule broken or at risk on a date. ``messages`` are (message key, values) pairs of the
    rule's catalogue entry (catalogue/<prefix>.yaml): one when the rule finds it, more when
    findings of the same rule and date are merged (evaluate.md: one finding per rule and date)."""

    __slots__ = ("rule", "severity", "date", "messages")

    def __init__(self, rule: str, severity: str, on: dt.date, message: str, /, **values):
        self.rule = rule
        self.severity = severity
        self.date = on
        self.messages: list[tuple[str, dict]] = [(message, values)]

    def __repr__(self):
        return f"Finding({self.rule!r}, {self.severity!r}, {self.date!r}, {self.messages!r})"


def status_of(*, due: dt.date, done_on: dt.date | None, as_of: dt.date) -> str:
    """rules.md "Time arithmetic": met, late, open or overdue on ``as_of``."""
    if done_on is not None:
        return MET if done_on <= due else LATE
    return OPEN if due >= as_of else OVERDUE
