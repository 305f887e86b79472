"""Deadlines outside the app: a calendar feed per user and a daily e-mail digest.

Both read the stored status of each visible client's current decision (its next open or overdue
deadline), refreshed on every write and daily by `vahti_refresh`: cheap for a manager with
thousands of clients. Entries carry the case reference, not the client's name: calendars and
e-mail leave the secure workspace.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar, Event

from .access import clients_for
from .models import User
from .notices import case_reference
from .templatetags.vahti import RULE_TITLES, STATUS


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


def calendar_feed(user, *, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Vahti//deadlines//FI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Vahti")
    with translation.override("fi"):
        for item in due_items(user):
            event = Event()
            event.add("uid", f"vahti-{item['client_id']}-{item['rule']}@vahti")
            event.add("summary", f"{RULE_TITLES.get(item['rule'], item['rule'])} · {item['reference']}")
            event.add("dtstart", item["due"])
            event.add("dtend", item["due"] + dt.timedelta(days=1))
            event.add("url", base_url + reverse("client", args=[item["client_id"]]))
            calendar.add_component(event)
    return calendar.to_ical()


def digests_send(*, today: dt.date, base_url: str) -> int:
    """E-mail every active staff member with an address what is overdue and what is due in the
    next VAHTI_REMIND_DAYS days. Returns the number of e-mails sent."""
    horizon = today + dt.timedelta(days=settings.REMIND_DAYS)
    sent = 0
    for user in User.objects.filter(is_active=True, organisation__isnull=False).exclude(email=""):
        items = due_items(user, until=horizon)
        if not items:
            continue
        with translation.override("fi"):
            lines = [f"{item['due']:%d.%m.%Y}  {STATUS.get(item['status'], item['status'])}  "
                     f"{RULE_TITLES.get(item['rule'], item['rule'])}  {item['reference']}  "
                     f"{base_url}{reverse('client', args=[item['client_id']])}"
                     for item in items]
            overdue = sum(1 for item in items if item["due"] < today)
            body = "\n".join([f"Määräajat {today:%d.%m.%Y}: {overdue} ylittynyt, "
                              f"{len(items) - overdue} seuraavan {settings.REMIND_DAYS} päivän aikana.",
                              "", *lines])
        send_mail(f"Vahti: määräajat {today:%d.%m.%Y}", body, settings.DEFAULT_FROM_EMAIL,
                  [user.email])
        sent += 1
    return sent
