"""The calendar feed and the e-mail digest, rendered from ``selectors.due_items``. Rule titles
come from the rules core's catalogue, in Finnish (calendars and e-mail are read outside Vahti)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import translation
from icalendar import Calendar, Event

from vahti.core.dates import fi_date
from vahti.core.templatetags.vahti import STATUS
from vahti.rules.presentation import Presenter

from .selectors import due_items

LANG = "fi"


def title(rule_id: str) -> str:
    return Presenter(LANG).title(rule_id)


def calendar_feed(user, *, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Vahti//deadlines//FI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Vahti")
    for item in due_items(user):
        event = Event()
        event.add("uid", f"vahti-{item['client_id']}-{item['rule']}@vahti")
        event.add("summary", f"{title(item['rule'])} · {item['reference']}")
        event.add("dtstart", item["due"])
        event.add("dtend", item["due"] + dt.timedelta(days=1))
        event.add("url", base_url + reverse("client", args=[item["client_id"]]))
        calendar.add_component(event)
    return calendar.to_ical()


def digest(items: list[dict], *, today: dt.date, base_url: str, horizon_days: int) -> tuple[str, str]:
    """(subject, body) of one user's digest."""
    with translation.override(LANG):
        lines = [f"{fi_date(item['due'])}  {STATUS.get(item['status'], item['status'])}  "
                 f"{title(item['rule'])}  {item['reference']}  "
                 f"{base_url}{reverse('client', args=[item['client_id']])}"
                 for item in items]
        overdue = sum(1 for item in items if item["due"] < today)
        body = "\n".join([f"Määräajat {fi_date(today)}: {overdue} ylittynyt, "
                          f"{len(items) - overdue} seuraavan {horizon_days} päivän aikana.",
                          "", *lines])
    return f"Vahti: määräajat {fi_date(today)}", body
