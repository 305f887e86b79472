"""What a parameter change does to the organisation's open decisions (rules/impact.py over
the decisions the user sees): the impact page's background job."""

from __future__ import annotations

from django.db.models import F

from vahti.core.dates import today
from vahti.rules.case import CaseError
from vahti.rules.evaluate import Evaluator, default_evaluator
from vahti.rules.impact import case_changes

from ..access import clients_for
from ..models import Decision
from .evaluation import cases_data, with_end

CHUNK = 1000  # decisions read and judged together


def open_decisions_of(user):
    """The current decisions of the user's active clients whose rehabilitation has not ended."""
    return (
        with_end(
            Decision.objects.filter(
                client__in=clients_for(user),
                client__active=True,
                client__current_decision=F("pk"),
            )
        )
        .filter(ended__isnull=True)
        .order_by("pk")
    )


def decisions_impact(user, after: Evaluator, *, lang: str, progress=None) -> list[dict]:
    """Each open decision whose deadlines, findings or allowance days differ under ``after``:
    {"decision", "client", "changes": [words]}. Data the core refuses is left out (its page
    says why)."""
    decisions = list(open_decisions_of(user))
    before, day, found = default_evaluator(), today(), []
    if progress is not None:
        progress(0, len(decisions))
    for start in range(0, len(decisions), CHUNK):
        for decision, data in cases_data(decisions[start : start + CHUNK], as_of=day):
            try:
                changes = case_changes(before, after, data, lang)
            except CaseError:  # data the core refuses: the client page says why
                continue
            if changes:
                found.append(
                    {
                        "decision": decision.pk,
                        "client": decision.client_id,
                        "changes": [change.text for change in changes],
                    }
                )
        if progress is not None:
            progress(min(start + CHUNK, len(decisions)), len(decisions))
    return found
