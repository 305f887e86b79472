"""Writes of feedback (atomic, with history)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vahti.cases.models import Decision
from vahti.cases.services import correction_reason, event_add, event_correct, recorded_change
from vahti.core.actors import save_with_actor
from vahti.core.dates import today
from vahti.core.lines import feedback_form
from vahti.core.validators import SECTION_LENGTH
from vahti.organisations.models import User

from .models import Feedback

FEEDBACK_SENT = "feedback_sent"  # the event that meets the feedback deadline


def empty_sections(service: str, sections: dict) -> list[str]:
    """The keys of the line's feedback form left empty: every section is required (001: a
    clearly headed summary of the whole rehabilitation; 004: form KU 148)."""
    return [
        key
        for key, _texts in feedback_form(service).sections
        if not str(sections.get(key) or "").strip()
    ]


@transaction.atomic
def feedback_save(
    *,
    actor: User,
    decision: Decision,
    sections: dict,
    treating_party: str = "",
    consent_treating_party: bool = False,
    network: str = "",
    consent_network: bool = False,
    expected_version: int | None = None,
) -> Feedback:
    too_long = {
        f"section_{key}": _("At most %(count)s characters.") % {"count": SECTION_LENGTH}
        for key, text in sections.items()
        if len(text or "") > SECTION_LENGTH
    }
    if too_long:
        raise ValidationError(too_long)
    recorded_change(actor=actor, decision=decision, expected_version=expected_version)
    feedback = Feedback.objects.filter(decision=decision).first() or Feedback(decision=decision)
    feedback.sections = sections
    feedback.empty_sections = empty_sections(decision.service, sections)
    feedback.treating_party, feedback.consent_treating_party = (
        treating_party,
        consent_treating_party,
    )
    feedback.network, feedback.consent_network = network, consent_network
    return save_with_actor(feedback, actor)


@transaction.atomic
def feedback_send_correct(
    *, actor: User, feedback: Feedback, reason: str, expected_version: int | None = None
) -> Feedback:
    """Reverse "feedback sent" recorded by mistake: the sent date is cleared and the
    feedback_sent event reversed with the reason (the feedback deadline is open again), both in
    the change history. The text is kept."""
    if feedback.sent_on is None:
        raise ValidationError(_("The feedback is not marked as sent."))
    change_reason = correction_reason(reason)
    event = feedback.decision.events.filter(type=FEEDBACK_SENT).order_by("-date").first()
    if event is not None:
        event_correct(
            actor=actor,
            event=event,
            reason=reason,
            expected_version=expected_version,
            types=frozenset({FEEDBACK_SENT}),
        )
    feedback.sent_on = None
    feedback._change_reason = change_reason
    return save_with_actor(feedback, actor)


@transaction.atomic
def feedback_send(*, actor: User, feedback: Feedback) -> Feedback:
    """Record the feedback as sent today: a feedback_sent event meets the feedback deadline.
    Feedback describes a rehabilitation that has ended: refused before its end is recorded."""
    ended = feedback.decision.events.filter(type="end", date__lte=today()).exists()
    if not ended:
        raise ValidationError(
            _(
                "The feedback can be sent once the rehabilitation has ended: "
                "record its end first (events)."
            )
        )
    if feedback.sent_on is None:
        feedback.sent_on = today()
        save_with_actor(feedback, actor)
        event_add(
            actor=actor, decision=feedback.decision, type=FEEDBACK_SENT, date=feedback.sent_on
        )
    return feedback
