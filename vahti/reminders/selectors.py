"""Deadlines outside the app, as reads: every open or overdue deadline of the visible clients,
and the owners of calendar addresses.

They read the work queue's stored deadlines of each visible client's current decision,
refreshed on every write and daily by `vahti_refresh`: cheap for a manager with thousands of
clients. Entries carry the case reference, not the client's name: calendars and e-mail leave
the secure workspace."""

from __future__ import annotations

import datetime as dt

from vahti.cases.access import clients_for
from vahti.cases.models import QueueItem
from vahti.cases.selectors import case_reference_of
from vahti.core.dates import today
from vahti.rules.results import OPEN, OVERDUE

from .models import CalendarToken


def due_items(user, *, until: dt.date | None = None) -> list[dict]:
    """Every open or overdue deadline of the visible active clients' current decisions (due by
    ``until`` when given), soonest first."""
    day = today()
    current = clients_for(user).filter(active=True).values("current_decision")
    deadlines = QueueItem.objects.filter(kind=QueueItem.DEADLINE, decision__in=current).values_list(
        "decision_id", "decision__client_id", "rule", "due"
    )
    if until is not None:
        deadlines = deadlines.filter(due__lte=until)
    items = []
    for decision_id, client_id, rule, due in deadlines:
        items.append(
            {
                "client_id": client_id,
                "decision_id": decision_id,
                "rule": rule,
                "due": due,
                "reference": case_reference_of(decision_id),
                "status": OVERDUE if due < day else OPEN,
            }
        )
    return sorted(items, key=lambda item: (item["due"], item["reference"], item["rule"]))


def active_token(user) -> CalendarToken | None:
    return user.calendar_tokens.filter(revoked_at__isnull=True).first()


def token_owner(token: str):
    """The active user whose live calendar address has this secret, or None."""
    record = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return record.user if record else None
