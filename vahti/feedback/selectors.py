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
    texts = {**prefill(decision_result(decision)), **(stored.sections if stored else {})}
    return FeedbackDraft(stored, sections_for(decision.service, lang), texts)


def feedback_of(decision: Decision) -> Feedback | None:
    return Feedback.objects.filter(decision=decision).first()
