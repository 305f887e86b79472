"""Reads of feedback: the draft of a decision (stored text over what the case fills in)."""

from __future__ import annotations

from dataclasses import dataclass

from vahti.cases.models import Decision
from vahti.cases.selectors import decision_result

from .drafts import prefill, sections_for
from .models import Feedback


@dataclass
class FeedbackDraft:
    stored: Feedback | None
    sections: list[tuple[str, str]]  # (key, heading)
    texts: dict[str, str]  # key → text


def feedback_draft(decision: Decision, *, lang: str) -> FeedbackDraft:
    stored = feedback_of(decision)
    prefilled = prefill(decision_result(decision), decision.client.language)
    texts = {**prefilled, **(stored.sections if stored else {})}
    return FeedbackDraft(stored, sections_for(decision.service, lang), texts)


def feedback_of(decision: Decision) -> Feedback | None:
    return Feedback.objects.filter(decision=decision).first()


def feedback_people(decision: Decision, feedback: Feedback) -> dict:
    """Who wrote the feedback (the last to save it) and the client's coaches, by name: the PDF
    says who answers for it."""
    last = feedback.history.order_by("-history_date").select_related("history_user").first()
    author = last.history_user if last is not None else None
    return {
        "author": str(author) if author is not None else "",
        "coaches": ", ".join(
            str(coach) for coach in decision.client.coaches.order_by("last_name", "first_name")
        ),
    }
