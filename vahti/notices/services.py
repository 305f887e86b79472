"""Writes of notices to Kela (atomic, with history)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vahti.cases.models import Decision
from vahti.cases.selectors import decision_result
from vahti.cases.services import event_add
from vahti.core.actors import save_with_actor
from vahti.core.dates import today
from vahti.core.validators import NOTE_LENGTH
from vahti.organisations.models import User

from .drafts import EVENT_TOPICS, notice_draft
from .models import Notice


@transaction.atomic
def notice_create(
    *, actor: User, kind: str, details: str = "", decision: Decision | None = None
) -> Notice:
    """Draft a notice to Kela from the case (staff changes have no decision)."""
    if len(details) > NOTE_LENGTH:
        raise ValidationError(
            {"details": _("At most %(count)s characters.") % {"count": NOTE_LENGTH}}
        )
    if (kind == Notice.Kind.STAFF_CHANGE) != (decision is None):
        raise ValidationError(
            _("A staff change concerns the organisation, other notices a client.")
        )
    result = decision_result(decision) if decision is not None else None
    draft = notice_draft(
        organisation=actor.organisation,
        kind=kind,
        details=details,
        on=today(),
        decision=decision,
        result=result,
    )
    return save_with_actor(
        Notice(
            organisation=actor.organisation, decision=decision, kind=kind, created_by=actor, **draft
        ),
        actor,
    )


@transaction.atomic
def notice_mark_sent(*, actor: User, notice: Notice) -> Notice:
    """Record that the notice was sent: a kela_notified event on the case, which clears the
    finding the notice answers (teak.queue, notify.change)."""
    if notice.sent_on is not None:
        return notice
    notice.sent_on = today()
    save_with_actor(notice, actor)
    topic = EVENT_TOPICS.get(notice.kind)
    if notice.decision is not None and topic:
        event_add(
            actor=actor,
            decision=notice.decision,
            type="kela_notified",
            topic=topic,
            date=notice.sent_on,
        )
    return notice
