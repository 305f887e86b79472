"""What makes a participation certificate unclear and delays the allowance (001 and 002 "Mitkä
asiat hankaloittavat ja viivästyttävät kuntoutusrahan maksamista?"), in every service.

Each function checks one rule of catalogue/certificate.yaml; ``CHECKS`` lists them with their
ids. ``certificate.reissue`` needs the issued certificate, which only the workspace knows.
"""

from __future__ import annotations

from .case import Case
from .facts import Facts
from .results import ERROR, Finding


def unexplained_breaks(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """certificate.unexplained_break: a break with no reason; an error dated on its first day."""
    return [
        Finding("certificate.unexplained_break", ERROR, b.start, "missing", date=b.start)
        for b in case.breaks
        if b.reason is None
    ]


def unexplained_absences(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """certificate.unexplained_absence: an absence with no reason; an error dated on it."""
    return [
        Finding("certificate.unexplained_absence", ERROR, a.date, "missing", date=a.date)
        for a in case.absences
        if a.reason is None
    ]


def unjustified_flex(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """certificate.flex_unjustified: flex used with no written justification; an error dated on
    the day. It does not change whether the day is payable."""
    return [
        Finding("certificate.flex_unjustified", ERROR, d.date, "missing", date=d.date)
        for d in case.days
        if d.flex and not (d.flex_reason or "").strip()
    ]


CHECKS = (
    ("certificate.unexplained_break", unexplained_breaks),
    ("certificate.unexplained_absence", unexplained_absences),
    ("certificate.flex_unjustified", unjustified_flex),
)
