"""Where the calendar pages are linked from in lower parts' pages (core/links.py)."""

from django.utils.translation import gettext_lazy as _

from vahti.core.links import Link

LINKS = [
    Link("account.calendar", _("Your calendar address"), "reminders:calendar_settings"),
]
