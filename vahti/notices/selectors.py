"""Reads of notices, through the case access helper."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from vahti.cases.access import clients_for
from vahti.core.lines import registry

from .models import Notice


def notice_for(user, notice_id) -> Notice:
    """A notice of the user's organisation; one about a client only if the client is visible
    to the user (cases.access). Anything else is a 404."""
    if not user.is_authenticated or user.organisation_id is None:
        raise Http404
    visible = Q(decision__isnull=True) | Q(decision__client__in=clients_for(user))
    try:
        return Notice.objects.select_related("decision__client", "organisation").get(
            visible, pk=notice_id, organisation_id=user.organisation_id
        )
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def notice_kinds(decision) -> list[tuple[str, str]]:
    """The kinds of notice that can be drafted: for a client, those their service line lists
    (the registry); without one, the organisation's staff change."""
    if decision is None:
        return [(Notice.Kind.STAFF_CHANGE.value, Notice.Kind.STAFF_CHANGE.label)]
    applies = registry().line(decision.service).notices
    return [(kind, label) for kind, label in Notice.Kind.choices if kind in applies]


def notices_of(user, *, status: str = "", client_id: int | None = None):
    """The notices the user sees (their organisation's; about a client only if the client is
    visible to them), newest first; ``status`` draft or sent; ``client_id`` one client's."""
    if not user.is_authenticated or user.organisation_id is None:
        return Notice.objects.none()
    visible = Q(decision__isnull=True) | Q(decision__client__in=clients_for(user).values("pk"))
    notices = Notice.objects.filter(visible, organisation_id=user.organisation_id)
    if status == "draft":
        notices = notices.filter(sent_on__isnull=True)
    elif status == "sent":
        notices = notices.filter(sent_on__isnull=False)
    if client_id is not None:
        notices = notices.filter(decision__client_id=client_id)
    return notices.select_related("decision__client", "created_by").order_by("-created_at", "-pk")
