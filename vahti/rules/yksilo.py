"""Harkinnanvarainen moniammatillinen yksilökuntoutus (seed 004, 3.6.2025).

Each function checks one rule of catalogue/yksilo.yaml; ``CHECKS`` lists them with their ids.
"""

from __future__ import annotations

from .case import Case
from .deadlines import feedback_deadline
from .facts import Facts
from .results import ERROR, WARNING, Finding


def remote(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """yksilo.remote: mainly face to face at the provider's site; a part may be remote if
    assessed suitable (004 "Yksilökuntoutuksen toteuttamisesta 2/2"). Mainly = more than half
    face to face (rules.md), so the remote days must stay below the parameter's share."""
    remote_days = [d for d in facts.rehab if d.mode == "remote"]
    if not remote_days or len(remote_days) < p["yksilokuntoutus.remote_share_below"] * len(
        facts.rehab
    ):
        return []
    return [
        Finding(
            "yksilo.remote",
            WARNING,
            remote_days[-1].date,
            "share",
            remote=len(remote_days),
            total=len(facts.rehab),
        )
    ]


def close_relative(case: Case, p: dict, facts: Facts) -> list[Finding]:
    """yksilo.close_relative: a close relative takes part only if Kela's decision grants it; the
    provider cannot decide it (004 "Läheisen osallistuminen yksilökuntoutuksessa")."""
    if case.close_relative_granted:
        return []
    first = next((d.date for d in facts.days if d.close_relative), None)
    if first is None:
        return []
    return [Finding("yksilo.close_relative", ERROR, first, "not_granted", date=first)]


def feedback(case: Case, p: dict, facts: Facts) -> list:
    """yksilo.feedback_form: feedback on form KU 148 (004), sent within 2 weeks of the end
    (interpretation: the TEAK deadline of 001 applied to KU 148)."""
    deadline = feedback_deadline(
        case, rule="yksilo.feedback_form", weeks=p["yksilokuntoutus.feedback_weeks"]
    )
    return [deadline] if deadline is not None else []


CHECKS = (
    ("yksilo.feedback_form", feedback),
    ("yksilo.remote", remote),
    ("yksilo.close_relative", close_relative),
)
