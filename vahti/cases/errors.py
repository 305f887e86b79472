"""The rules core's refusals (CaseError) as a person reads them: in words, with Finnish dates,
on the form field they concern.

The core names a field by its path in the evaluate.md input ("days[1].date") and another item
by its path ("breaks[0]"): right for the command line, meaningless on a page. Here the paths
are resolved against the case data the workspace gave the core, so "days[1].date: päivä
2026-12-01 on tauolla (breaks[0])" becomes "Päivä 1.12.2026 on tauolla 28.11.–5.12.2026." on
the date field."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vahti.core.dates import fi_date, language
from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator

from .models import EVENT_LABELS

PATH = re.compile(
    r"^(?P<list>days|breaks|absences|events|work)\[(?P<index>\d+)\]"
    r"(?:\.(?P<key>\w+))?$|^(?:decision|client)\.(?P<top>\w+)$"
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# The form field an input key is entered in (the forms' names, not evaluate.md's).
FORM_FIELDS = {
    "date": "date",
    "from": "start",
    "to": "end",
    "hours": "hours",
    "programme_hours": "programme_hours",
    "travel_hours": "travel_hours",
    "received_on": "received_on",
    "decided_on": "decided_on",
    "type": "type",
    "new_due": "new_due",
    "topic": "topic",
    "reason": "reason",
}


def _day(value) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return fi_date(value) if isinstance(value, dt.date) else str(value)


def _span(start, end) -> str:
    """28.11.–5.12.2026; an open span reads "28.11.2026 alkaen"."""
    if not end:
        return _("from %(day)s") % {"day": _day(start)}
    start, end = (dt.date.fromisoformat(v) if isinstance(v, str) else v for v in (start, end))
    if start == end:
        return fi_date(start)
    head = f"{start.day}.{start.month}." if start.year == end.year else fi_date(start)
    return f"{head}–{fi_date(end)}"


def _listed(data: dict, path: str) -> tuple[str, dict] | None:
    """(list name, item) of a path such as "breaks[0]"; None for any other path."""
    match = PATH.match(path or "")
    if not match or match["list"] is None:
        return None
    items = data.get(match["list"]) or []
    index = int(match["index"])
    return (match["list"], items[index]) if index < len(items) else None


def _span_of(data: dict, path: str) -> str:
    found = _listed(data, path)
    return _span(found[1].get("from"), found[1].get("to")) if found else path


def _item(data: dict, path: str) -> str:
    """The item a path names, in words ("the break 28.11.–5.12.2026")."""
    found = _listed(data, path)
    if found is None:
        return path
    name, item = found
    if name in ("breaks", "work"):
        span = _span(item.get("from"), item.get("to"))
        return (_("the break %(span)s") if name == "breaks" else _("the work period %(span)s")) % {
            "span": span
        }
    if name == "events":
        label = EVENT_LABELS.get(item.get("type"), _("event"))
        return _("%(event)s %(day)s") % {"event": label, "day": _day(item.get("date"))}
    if name == "absences":
        return _("the absence on %(day)s") % {"day": _day(item.get("date"))}
    return _("the day %(day)s") % {"day": _day(item.get("date"))}


def _message(error: CaseError, data: dict) -> str:
    p = error.params
    key = error.key
    if key == "inside_break":
        return _("The day %(day)s is inside the break %(span)s.") % {
            "day": _day(p["date"]),
            "span": _span_of(data, p["other"]),
        }
    if key == "duplicate_day":
        return _("The day %(day)s is already recorded.") % {"day": _day(p["date"])}
    if key == "same_as_day":
        return _("The absence on %(day)s is also recorded as a rehabilitation day.") % {
            "day": _day(p["date"])
        }
    if key == "overlap":
        return _("%(item)s overlaps %(other)s.") % {
            "item": _item(data, error.field),
            "other": _item(data, p["other"]),
        }
    if key == "duplicate_event":
        return _("%(event)s is already recorded: %(other)s.") % {
            "event": EVENT_LABELS.get(p["type"], p["type"]),
            "other": _item(data, p["other"]),
        }
    if key == "received_before_decided":
        return _("The decision cannot arrive (%(received)s) before it was made (%(decided)s).") % {
            "received": _day(p["received"]),
            "decided": _day(p["decided"]),
        }
    if key == "programme_over_hours":
        return _("Programme hours exceed the day's hours.")
    if key == "day_too_long":
        return _("Hours and travel exceed a day.")
    if key == "zero_hours":
        return _("A day of 0 hours is a flex day or is recorded as an absence.")
    if key == "event_after_as_of":
        return _("The event on %(day)s is in the future.") % {"day": _day(p["date"])}
    if key == "range_reversed":
        return _("The end %(end)s is before the start %(start)s.") % {
            "end": _day(p["to"]),
            "start": _day(p["start"]),
        }
    if key == "service_ended":
        return _("Decisions for this service were made until %(day)s.") % {"day": _day(p["ended"])}
    if key == "service_before":
        return _("This service has no decisions yet on %(day)s.") % {"day": _day(p["first"])}
    # Anything else the forms already refuse; should it come, the core's words without paths.
    text = default_evaluator().catalogue.error(key, p, language())
    text = ISO_DATE.sub(lambda m: f"{int(m[3])}.{int(m[2])}.{m[1]}", text)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def case_error_shown(error: CaseError, data: dict) -> ValidationError:
    """The refusal as a ValidationError on the form field it concerns (``date``, ``start``…),
    with the date of the day it concerns in ``params`` so a page of days can find its row."""
    match = PATH.match(error.field or "")
    key = None
    if match:
        key = (
            match["top"]
            or match["key"]
            or ("from" if match["list"] in ("breaks", "work") else "date")
        )
    message = _message(error, data)
    message = message[:1].upper() + message[1:]
    params = {"date": error.params["date"]} if "date" in error.params else {}
    found = _listed(data, error.field.rsplit(".", 1)[0]) if error.field else None
    if not params and found is not None and found[0] in ("days", "absences"):
        # A refusal about a day's hours names the day by its date, so a week page finds its row.
        day = found[1].get("date")
        params = {"date": day.isoformat() if isinstance(day, dt.date) else day}
    field = FORM_FIELDS.get(key, "__all__") if key else "__all__"
    if field == "__all__":
        return ValidationError(message, code=error.key, params=params)
    return ValidationError({field: ValidationError(message, code=error.key, params=params)})
