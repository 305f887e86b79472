"""The calendar feed and the e-mail digest, rendered from ``selectors.due_items``. Rule titles
come from the rules core's catalogue, in the user's language (the profile's; Finnish unless
chosen otherwise): calendars and e-mail are read outside Vahti."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from vahti.core.dates import fi_date
from vahti.core.labels import STATUS
from vahti.rules.presentation import Presenter
from vahti.rules.results import OVERDUE

from .selectors import due_items

# An alarm at 9.00 the day before an all-day entry (15 hours before its midnight start): in
# time to act, and in working hours.
ALARM_BEFORE = dt.timedelta(hours=15)


def title(rule_id: str, lang: str = "fi") -> str:
    return Presenter(lang).title(rule_id)


def calendar_feed(user, *, base_url: str, now: dt.datetime | None = None) -> bytes:
    """Every open or overdue deadline of the user's clients as an all-day entry with a stable
    UID (a moved due date updates the entry), DTSTAMP and an alarm; in the user's language."""
    lang = user.language
    stamp = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Vahti//deadlines//FI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Vahti")
    with translation.override(lang):
        for item in due_items(user):
            url = base_url + reverse("cases:client", args=[item["client_id"]])
            summary = f"{title(item['rule'], lang)} · {item['reference']}"
            if item["status"] == OVERDUE:
                summary = f"{STATUS[OVERDUE]}: {summary}"
            event = Event()
            event.add("uid", f"vahti-{item['decision_id']}-{item['rule']}@vahti")
            event.add("dtstamp", stamp)
            event.add("summary", summary)
            event.add("dtstart", item["due"])
            event.add("dtend", item["due"] + dt.timedelta(days=1))
            event.add("url", url)
            event.add("description", url)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", -ALARM_BEFORE)
            event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()


def digest(
    items: list[dict], *, today: dt.date, base_url: str, horizon_days: int, lang: str = "fi"
) -> tuple[str, str]:
    """(subject, body) of one user's digest, in their language."""
    with translation.override(lang):
        lines = [
            f"{fi_date(item['due'])}  {STATUS.get(item['status'], item['status'])}  "
            f"{title(item['rule'], lang)}  {item['reference']}  "
            f"{base_url}{reverse('cases:client', args=[item['client_id']])}"
            for item in items
        ]
        overdue = sum(1 for item in items if item["due"] < today)
        body = "\n".join(
            [
                _("Deadlines on %(day)s: %(overdue)d overdue, %(soon)d in the next %(days)d days.")
                % {
                    "day": fi_date(today),
                    "overdue": overdue,
                    "soon": len(items) - overdue,
                    "days": horizon_days,
                },
                "",
                *lines,
            ]
        )
        return _("Vahti: deadlines on %(day)s") % {"day": fi_date(today)}, body
