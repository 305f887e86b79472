"""Deadlines outside the app, as reads: each visible client's next deadline, and the owners of
calendar addresses.

They read the stored status of each visible client's current decision (its next open or overdue
deadline), refreshed on every write and daily by `vahti_refresh`: cheap for a manager with
thousands of clients. Entries carry the case reference, not the client's name: calendars and
e-mail leave the secure workspace."""

from __future__ import annotations

import datetime as dt

from vahti.cases.access import clients_for
from vahti.cases.selectors import case_reference

from .models import CalendarToken


def due_items(user, *, until: dt.date | None = None) -> list[dict]:
    """Each visible active client's next deadline (due by ``until`` when given), soonest first."""
    clients = (clients_for(user).filter(active=True, current_decision__status__next_due__isnull=False)
               .select_related("current_decision__status"))
    if until is not None:
        clients = clients.filter(current_decision__status__next_due__lte=until)
    items = []
    for client in clients:
        status = client.current_decision.status
        items.append({"client_id": client.pk, "reference": case_reference(client.current_decision),
                      "rule": status.next_rule, "due": status.next_due,
                      "status": status.next_status})
    return sorted(items, key=lambda item: (item["due"], item["reference"]))


def active_token(user) -> CalendarToken | None:
    return user.calendar_tokens.filter(revoked_at__isnull=True).first()


def token_owner(token: str):
    """The active user whose live calendar address has this secret, or None."""
    record = (CalendarToken.objects.select_related("user")
              .filter(token=token, revoked_at__isnull=True, user__is_active=True).first())
    return record.user if record else None
