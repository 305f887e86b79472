"""Labels for ids the rules core returns (statuses, severities, rule ids, reasons), in the user's
language. Rule titles come from the rules core's catalogue, so every rule has one."""

from urllib.parse import urlencode

from django import template

from vahti.rules.evaluate import default_evaluator

from .. import dates
from ..dates import fi_date, fi_datetime, language
from ..labels import TABLES
from ..lines import service_name
from ..links import links_at as _links_at

register = template.Library()


def rule_title(rule_id: str) -> str:
    rules = default_evaluator().catalogue.rules
    return rules[rule_id].title[language()] if rule_id in rules else rule_id


@register.filter
def label(value, table):
    """The user's-language label of an id: ``{{ d.status|label:"status" }}``,
    ``{{ rule_id|label:"rule" }}``, ``{{ service|label:"service" }}``."""
    if table == "rule":
        return rule_title(value)
    if table == "service":
        return service_name(value)
    return TABLES[table].get(value, value)


@register.filter
def fi(value):
    """A date as Finnish text writes it (1.9.2024); the one date format of the pages."""
    return fi_date(value)


@register.filter
def fi_day_month(value):
    """A date without its year (1.9.), where the year follows (1.9.–5.9.2024)."""
    return f"{value.day}.{value.month}." if value else "–"


@register.filter
def fi_money(value):
    """An amount in euros (1 234,50 €)."""
    return dates.fi_money(value)


@register.filter
def fi_weekday(value):
    """A weekday and a date without its year (ma 1.9.)."""
    return dates.fi_weekday(value)


@register.filter
def fi_time(value, seconds=""):
    """A moment in Helsinki time (23.11.2026 klo 9.05; with "seconds", 9.05.07)."""
    return fi_datetime(value, seconds=seconds == "seconds")


@register.simple_tag
def query_with(params, **changes):
    """The current query string with some parameters changed (filters kept across pages)."""
    query = {key: value for key, value in params.items() if value}
    query.update({key: value for key, value in changes.items()})
    return urlencode(query)


@register.filter
def minutes(value) -> int:
    """A timedelta in whole minutes (for sentences such as "for 15 minutes")."""
    return int(value.total_seconds() // 60) if value else 0


# A result message belongs next to the action that made it (a refused certificate shown at the
# top of a long page looks like nothing happened): views tag it "at-<section>" and the section
# shows it; base.html shows the rest.
PLACE_TAG = "at-"


def message_place(request_message) -> str:
    """The section a message is shown in, or ""."""
    for tag in (request_message.extra_tags or "").split():
        if tag.startswith(PLACE_TAG):
            return tag[len(PLACE_TAG) :]
    return ""


@register.filter
def messages_at(messages, place: str = ""):
    """The messages of one section (``place``), or those of no section (no argument)."""
    return [message for message in messages if message_place(message) == place]


@register.simple_tag
def links_at(place, **objects):
    """The links higher parts of Vahti put in ``place`` (core/links.py): (label, address)."""
    return _links_at(place, **objects)
