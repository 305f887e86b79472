"""One client's case as `vahti evaluate` reads it (../shared/spec/evaluate.md "Input").

Reading is strict: a case that cannot be read is refused with one error naming
the field (``days[3].programme_hours``), never evaluated half-way. Dates are ISO
text as in JSON; an in-process caller (the workspace) may give ``datetime.date``
objects instead, read the same way. The
objects produced are plain and slot-based because the evaluator reads a lot of
them (benchmark: thousands of cases a second).
"""

from __future__ import annotations

import datetime as dt
import operator
from bisect import bisect_left
from itertools import pairwise
from typing import Literal

import msgspec

from .calendar import DAYS_IN_WEEK, ORDINAL_WEEKDAY_SHIFT

# The input format's vocabularies (evaluate.md), not rule parameters.
MODES = ("onsite", "workplace", "remote", "group", "independent")
BREAK_REASONS = (
    "employer_delay",
    "client_holiday",
    "childcare",
    "unrelated_course",
    "illness",
    "other",
)
ABSENCE_REASONS = ("sick", "other")
WORK_KINDS = ("part_time", "occasional", "full_time", "paid_work_trial")
EVENT_TYPES = (
    "precontact",
    "invitation_letter",
    "start",
    "start_postponed",
    "group_period_start",
    "end",
    "feedback_sent",
    "certificate_issued",
    "kela_notified",
    # A meeting of the client with the coach (Kela's 2025 job coaching counts them): beyond
    # evaluate.md's list, which predates that service.
    "meeting",
)
UNIQUE_EVENTS = frozenset({"start", "end", "group_period_start"})
TOPICS = ("queue", "postponement", "interruption", "change")
BENEFITS = ("sickness", "unemployment", "social_assistance")

CASE_KEYS = frozenset(
    {"as_of", "service", "decision", "client", "events", "days", "breaks", "absences", "work"}
)
DECISION_KEYS = frozenset(
    {
        "decided_on",
        "received_on",
        "sequence",
        "granted_days",
        "window_months",
        "independent_days_granted",
        "close_relative_granted",
        "note",
    }
)
CLIENT_KEYS = frozenset({"in_working_life_at_start", "benefit_before", "note"})
# A day's fields (evaluate.md), in the order the reader takes them; with its note, its keys.
DAY_FIELDS = (
    "date",
    "hours",
    "programme_hours",
    "travel_hours",
    "mode",
    "flex",
    "flex_reason",
    "worked",
    "close_relative",
)
DAY_KEYS = frozenset({*DAY_FIELDS, "note"})
BREAK_KEYS = frozenset({"from", "to", "reason", "note"})
ABSENCE_KEYS = frozenset({"date", "reason", "reported_to_kela", "note"})
WORK_KEYS = frozenset({"from", "to", "kind", "note"})
EVENT_KEYS = frozenset({"type", "date", "topic", "new_due", "reason", "kela_agreed", "note"})
MAX_HOURS = 24  # hours in a day: a calendar fact
# Plausibility, not rules (evaluate.md): dates outside these years and windows longer than ten
# years are bad input, refused with the field named rather than evaluated or crashed on.
YEAR_MIN, YEAR_MAX = 2000, 2100
MAX_WINDOW_MONTHS = 120
# A decision grants at most a year's days (30,000 was accepted), and continuation decisions are
# numbered in tens at most.
MAX_GRANTED_DAYS = 366
MAX_SEQUENCE = 99


class CaseError(Exception):
    """A case that cannot be read: the field, a message key and its values."""

    def __init__(self, field: str, key: str, **params):
        super().__init__(f"{field}: {key} {params}")
        self.field = field
        self.key = key
        self.params = params


class Day(msgspec.Struct, forbid_unknown_fields=True):
    """A day as read: a C struct, built in one call (a case has a hundred of them). Its input
    fields come first, with evaluate.md's defaults, so that the fast reader (fastread.py) decodes
    a day of the JSON straight into it; the reader then sets where it falls (ordinal, week) and
    its place in the input (index)."""

    date: dt.date
    hours: int | float | None = None
    programme_hours: int | float | None = None
    travel_hours: int | float | None = None
    mode: Literal["onsite", "workplace", "remote", "group", "independent"] = "onsite"
    flex: bool = False
    flex_reason: str | None = None
    worked: bool = False
    close_relative: bool = False
    note: str | None = None
    ordinal: int = 0
    week: int = 0
    index: int = 0

    @property
    def is_rehabilitation(self) -> bool:
        """A day with rehabilitation in it: not a 0-hour flex day (joustopäivä)."""
        return self.hours != 0


class Break:
    __slots__ = ("start", "end", "to", "reason", "index")


class Absence:
    __slots__ = ("date", "reason", "reported_to_kela", "index")


class Work:
    __slots__ = ("start", "to", "kind", "index")


class Event:
    __slots__ = ("type", "date", "topic", "new_due", "reason", "kela_agreed", "index")


class Case:
    __slots__ = (
        "as_of",
        "service",
        "family",
        "decided_on",
        "received_on",
        "sequence",
        "granted_days",
        "window_months",
        "independent_days_granted",
        "close_relative_granted",
        "in_working_life",
        "benefit_before",
        "events",
        "days",
        "breaks",
        "absences",
        "work",
        "_by_type",
    )

    def events_of(self, kind: str) -> list[Event]:
        """Events of one type, in date order."""
        return self._by_type.get(kind, [])

    def first_event(self, kind: str) -> Event | None:
        found = self._by_type.get(kind)
        return found[0] if found else None


def _date(value, field: str) -> dt.date:
    if type(value) is dt.date:  # from an in-process caller (the workspace), already a date
        if YEAR_MIN <= value.year <= YEAR_MAX:
            return value
        raise CaseError(
            field, "date_out_of_range", value=value.isoformat(), min=YEAR_MIN, max=YEAR_MAX
        )
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if YEAR_MIN <= day.year <= YEAR_MAX:
                return day
            raise CaseError(field, "date_out_of_range", value=value, min=YEAR_MIN, max=YEAR_MAX)
    raise CaseError(field, "bad_date", value=_show(value))


def _optional_date(value, field: str) -> dt.date | None:
    return None if value is None else _date(value, field)


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _object(value, field: str, allowed: frozenset) -> dict:
    if type(value) is not dict:
        raise CaseError(field, "not_object")
    if not value.keys() <= allowed:
        unknown = sorted(value.keys() - allowed)[0]
        raise CaseError(f"{field}.{unknown}" if field else unknown, "unknown_key")
    note = value.get("note")
    if note is not None and type(note) is not str:
        raise CaseError(f"{field}.note" if field else "note", "not_text")
    return value


def _list(value, field: str) -> list:
    if value is None:
        return []
    if type(value) is not list:
        raise CaseError(field, "not_list")
    return value


def _choice(value, field: str, allowed: tuple, *, nullable: bool = False):
    if value in allowed and type(value) is str or (nullable and value is None):
        return value
    shown = ", ".join(allowed) + (", null" if nullable else "")
    raise CaseError(field, "unknown_value", value=_show(value), allowed=shown)


def _bool(value, field: str, default: bool = False) -> bool:
    if value is None:
        return default
    if type(value) is not bool:
        raise CaseError(field, "not_bool")
    return value


def _hours(value, field: str):
    if value is None:
        return None
    if type(value) not in (int, float) or not 0 <= value <= MAX_HOURS:
        raise CaseError(field, "not_hours", value=_show(value))
    return value


def _int(value, field: str, minimum: int, maximum: int | None = None):
    if value is None:
        return None
    if maximum is not None and (type(value) is not int or not minimum <= value <= maximum):
        raise CaseError(field, "not_int_range", value=_show(value), min=minimum, max=maximum)
    if type(value) is not int or value < minimum:
        raise CaseError(field, "not_int", value=_show(value), min=minimum)
    return value


def _text(value, field: str):
    if value is None or type(value) is str:
        return value
    raise CaseError(field, "not_text")


def _required(data: dict, key: str, field: str):
    value = data.get(key)
    if value is None:
        raise CaseError(field, "missing")
    return value


def parse_case(data, *, services: dict[str, str], read_days=None) -> Case:
    """Read one case (a parsed JSON object). ``services``: each known service line's family.
    ``read_days``: the reader of the days (rules/fastread.py passes one for typed days)."""
    data = _object(data, "", CASE_KEYS)
    case = Case()
    case.as_of = as_of = _date(_required(data, "as_of", "as_of"), "as_of")
    service = _required(data, "service", "service")
    case.service = _choice(service, "service", tuple(sorted(services)))
    case.family = services[case.service]

    decision = _object(_required(data, "decision", "decision"), "decision", DECISION_KEYS)
    case.decided_on = _date(
        _required(decision, "decided_on", "decision.decided_on"), "decision.decided_on"
    )
    case.received_on = _date(
        _required(decision, "received_on", "decision.received_on"), "decision.received_on"
    )
    if case.received_on < case.decided_on:
        raise CaseError(
            "decision.received_on",
            "received_before_decided",
            received=case.received_on.isoformat(),
            decided=case.decided_on.isoformat(),
        )
    sequence = _int(decision.get("sequence"), "decision.sequence", 1, MAX_SEQUENCE)
    case.sequence = 1 if sequence is None else sequence
    case.granted_days = _int(
        decision.get("granted_days"), "decision.granted_days", 0, MAX_GRANTED_DAYS
    )
    case.window_months = _int(
        decision.get("window_months"), "decision.window_months", 1, MAX_WINDOW_MONTHS
    )
    case.independent_days_granted = _int(
        decision.get("independent_days_granted"),
        "decision.independent_days_granted",
        0,
        MAX_GRANTED_DAYS,
    )
    case.close_relative_granted = _bool(
        decision.get("close_relative_granted"), "decision.close_relative_granted"
    )

    client = _object(data.get("client") or {}, "client", CLIENT_KEYS)
    case.in_working_life = _bool(
        client.get("in_working_life_at_start"), "client.in_working_life_at_start"
    )
    case.benefit_before = _choice(
        client.get("benefit_before"), "client.benefit_before", BENEFITS, nullable=True
    )

    case.events = _events(_list(data.get("events"), "events"), as_of)
    by_type: dict[str, list[Event]] = {}
    for event in case.events:
        by_type.setdefault(event.type, []).append(event)
    case._by_type = by_type
    case.breaks = _breaks(_list(data.get("breaks"), "breaks"), as_of)
    case.days = (read_days or _days)(_list(data.get("days"), "days"), case.breaks)
    case.absences = _absences(_list(data.get("absences"), "absences"), case.days)
    case.work = _work(_list(data.get("work"), "work"))
    return case


def _events(items: list, as_of: dt.date) -> list[Event]:
    events = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        field = f"events[{index}]"
        item = _object(item, field, EVENT_KEYS)
        event = Event()
        event.index = index
        event.type = _choice(_required(item, "type", f"{field}.type"), f"{field}.type", EVENT_TYPES)
        event.date = _date(_required(item, "date", f"{field}.date"), f"{field}.date")
        if event.date > as_of:
            raise CaseError(
                f"{field}.date",
                "event_after_as_of",
                date=event.date.isoformat(),
                as_of=as_of.isoformat(),
            )
        if event.type in UNIQUE_EVENTS:
            if event.type in seen:
                raise CaseError(
                    f"{field}.type",
                    "duplicate_event",
                    type=event.type,
                    other=f"events[{seen[event.type]}]",
                )
            seen[event.type] = index
        topic = item.get("topic")
        if event.type == "kela_notified":
            topic = _required(item, "topic", f"{field}.topic")
        event.topic = _choice(topic, f"{field}.topic", TOPICS, nullable=True)
        new_due = item.get("new_due")
        if event.type == "start_postponed":
            new_due = _required(item, "new_due", f"{field}.new_due")
        event.new_due = _optional_date(new_due, f"{field}.new_due")
        event.reason = _text(item.get("reason"), f"{field}.reason")
        event.kela_agreed = _bool(item.get("kela_agreed"), f"{field}.kela_agreed")
        events.append(event)
    events.sort(key=lambda e: (e.date, e.index))
    return events


def _breaks(items: list, as_of: dt.date) -> list[Break]:
    breaks = []
    for index, item in enumerate(items):
        field = f"breaks[{index}]"
        item = _object(item, field, BREAK_KEYS)
        brk = Break()
        brk.index = index
        brk.start = _date(_required(item, "from", f"{field}.from"), f"{field}.from")
        brk.to = _optional_date(item.get("to"), f"{field}.to")
        if brk.to is not None and brk.to < brk.start:
            raise CaseError(
                f"{field}.to", "range_reversed", to=brk.to.isoformat(), start=brk.start.isoformat()
            )
        # An open break runs to as_of (rules.md); one opened after as_of is one day so far.
        brk.end = brk.to if brk.to is not None else max(as_of, brk.start)
        brk.reason = _choice(item.get("reason"), f"{field}.reason", BREAK_REASONS, nullable=True)
        breaks.append(brk)
    breaks.sort(key=lambda b: b.start)
    for earlier, later in pairwise(breaks):
        if later.start <= earlier.end:
            raise CaseError(f"breaks[{later.index}]", "overlap", other=f"breaks[{earlier.index}]")
    return breaks


def _days(items: list, breaks: list[Break]) -> list[Day]:
    # The hot path of the benchmark: checks are inlined, and the helpers above are called only
    # to build the error for a value that fails them.
    days = []
    in_break = break_days(breaks) if breaks else None
    day_keys = DAY_KEYS.issuperset
    known_day = _KNOWN_DAYS.get
    valid_hours = _VALID_HOURS
    for index, item in enumerate(items):
        if type(item) is not dict:
            raise CaseError(f"days[{index}]", "not_object")
        # Every field but the note: one C call reads them when the day has exactly those keys.
        # Otherwise (a day without some optional fields is legal, and common) the keys are
        # checked and read one by one, without raising: a KeyError raised and caught for each
        # such day cost an eighth of a whole run.
        fields = _day_fields_if_complete(item) if len(item) == DAY_FIELD_COUNT else None
        if fields is not None:
            raw, hours, programme, travel, mode, flex, reason, worked, relative = fields
            note = None
        else:
            if not day_keys(item):
                raise CaseError(
                    f"days[{index}].{sorted(item.keys() - DAY_KEYS)[0]}", "unknown_key"
                ) from None
            raw, hours, programme, travel, mode, flex, reason, worked, relative, note = _day_values(
                item
            )
        known = known_day(raw) if type(raw) is str or type(raw) is dt.date else None
        if known is None:
            if raw is None:
                raise CaseError(f"days[{index}].date", "missing")
            known = _day_of(_date(raw, f"days[{index}].date"))
            _KNOWN_DAYS[raw] = known
        date, ordinal, week = known
        hours_key = (hours, programme, travel, type(hours), type(programme), type(travel))
        try:
            seen = hours_key in valid_hours
        except TypeError:  # a list or an object given as hours: refused by _check_hours
            seen = False
        if not seen:
            _check_hours(hours, programme, travel, index)
            if len(valid_hours) < MAX_REMEMBERED:  # bounded: a stream must not grow memory
                valid_hours.add(hours_key)
        if mode is None:
            mode = "onsite"
        elif mode not in MODES:  # only a str equals one of them
            _choice(mode, f"days[{index}].mode", MODES)
        if flex is not None and flex is not True and flex is not False:
            _bool(flex, f"days[{index}].flex")
        if worked is not None and worked is not True and worked is not False:
            _bool(worked, f"days[{index}].worked")
        if relative is not None and relative is not True and relative is not False:
            _bool(relative, f"days[{index}].close_relative")
        if reason is not None and type(reason) is not str:
            _text(reason, f"days[{index}].flex_reason")
        if note is not None and type(note) is not str:
            _text(note, f"days[{index}].note")
        if hours == 0 and not flex:
            raise CaseError(f"days[{index}].hours", "zero_hours")
        if in_break and ordinal in in_break:
            brk = next(b for b in breaks if b.start <= date <= b.end)
            raise CaseError(
                f"days[{index}].date",
                "inside_break",
                date=date.isoformat(),
                other=f"breaks[{brk.index}]",
            )
        days.append(
            Day(
                date,
                hours,
                programme,
                travel,
                mode,
                flex is True,
                reason,
                worked is True,
                relative is True,
                note,
                ordinal,
                week,
                index,
            )
        )
    days.sort(key=_BY_ORDINAL)
    # Duplicates are neighbours once sorted (cheaper than a dict of every day).
    for earlier, later in pairwise(days):
        if earlier.ordinal == later.ordinal:
            first, second = sorted((earlier.index, later.index))
            raise CaseError(
                f"days[{second}].date",
                "duplicate_day",
                date=later.date.isoformat(),
                other=f"days[{first}]",
            )
    return days


def _check_hours(hours, programme, travel, index: int) -> None:
    numbers = (int, float)
    if hours is not None and (type(hours) not in numbers or not 0 <= hours <= MAX_HOURS):
        _hours(hours, f"days[{index}].hours")
    if programme is not None:
        if type(programme) not in numbers or not 0 <= programme <= MAX_HOURS:
            _hours(programme, f"days[{index}].programme_hours")
        if hours is not None and programme > hours:
            raise CaseError(
                f"days[{index}].programme_hours",
                "programme_over_hours",
                programme=programme,
                hours=hours,
            )
    if travel is not None:
        if type(travel) not in numbers or not 0 <= travel <= MAX_HOURS:
            _hours(travel, f"days[{index}].travel_hours")
        if hours is not None and hours + travel > MAX_HOURS:
            raise CaseError(f"days[{index}].travel_hours", "day_too_long", total=hours + travel)


# Hours, programme and travel hours already checked (a batch repeats a few dozen), with their
# types: True equals 1 and hashes alike, and a flag given as hours must still be refused.
_VALID_HOURS: set[tuple] = set()
MAX_REMEMBERED = 10_000
_BY_ORDINAL = operator.attrgetter("ordinal")
DAY_FIELD_COUNT = len(DAY_FIELDS)
_day_fields = operator.itemgetter(*DAY_FIELDS)


def _day_fields_if_complete(item: dict):
    """The nine fields of a day that has exactly them (as many keys, one of them may differ:
    then None)."""
    try:
        return _day_fields(item)
    except KeyError:
        return None


def _day_values(item: dict) -> tuple:
    get = item.get
    return (
        get("date"),
        get("hours"),
        get("programme_hours"),
        get("travel_hours"),
        get("mode"),
        get("flex"),
        get("flex_reason"),
        get("worked"),
        get("close_relative"),
        get("note"),
    )


# Valid days already read (ISO texts, and dates from in-process callers: the two never compare
# equal), with their date, ordinal and week: cases repeat the same few thousand days, and this
# halves the cost of reading a day. Only valid dates enter it.
_KNOWN_DAYS: dict[str, tuple[dt.date, int, int]] = {}


def _day_of(date: dt.date) -> tuple[dt.date, int, int]:
    ordinal = date.toordinal()
    return date, ordinal, ordinal - (ordinal + ORDINAL_WEEKDAY_SHIFT) % DAYS_IN_WEEK


def _absences(items: list, days: list[Day]) -> list[Absence]:
    absences = []
    if not items:
        return absences
    seen: dict[dt.date, int] = {}
    for index, item in enumerate(items):
        field = f"absences[{index}]"
        item = _object(item, field, ABSENCE_KEYS)
        absence = Absence()
        absence.index = index
        absence.date = _date(_required(item, "date", f"{field}.date"), f"{field}.date")
        if absence.date in seen:
            raise CaseError(
                f"{field}.date",
                "duplicate_day",
                date=absence.date.isoformat(),
                other=f"absences[{seen[absence.date]}]",
            )
        day = _day_on(days, absence.date)
        if day is not None:
            raise CaseError(
                f"{field}.date",
                "same_as_day",
                date=absence.date.isoformat(),
                other=f"days[{day.index}]",
            )
        seen[absence.date] = index
        absence.reason = _choice(
            item.get("reason"), f"{field}.reason", ABSENCE_REASONS, nullable=True
        )
        absence.reported_to_kela = _bool(item.get("reported_to_kela"), f"{field}.reported_to_kela")
        absences.append(absence)
    absences.sort(key=lambda a: a.date)
    return absences


def _day_on(days: list[Day], date: dt.date) -> Day | None:
    """The day of ``date`` among days sorted by date (a search: a case has a hundred days and a
    few absences)."""
    ordinal = date.toordinal()
    at = bisect_left(days, ordinal, key=_BY_ORDINAL)
    return days[at] if at < len(days) and days[at].ordinal == ordinal else None


def _work(items: list) -> list[Work]:
    periods = []
    for index, item in enumerate(items):
        field = f"work[{index}]"
        item = _object(item, field, WORK_KEYS)
        work = Work()
        work.index = index
        work.start = _date(_required(item, "from", f"{field}.from"), f"{field}.from")
        work.to = _optional_date(item.get("to"), f"{field}.to")
        if work.to is not None and work.to < work.start:
            raise CaseError(
                f"{field}.to",
                "range_reversed",
                to=work.to.isoformat(),
                start=work.start.isoformat(),
            )
        work.kind = _choice(_required(item, "kind", f"{field}.kind"), f"{field}.kind", WORK_KINDS)
        periods.append(work)
    periods.sort(key=lambda w: w.start)
    return periods


def work_on(periods: list[Work], day: dt.date) -> bool:
    """Whether a work period covers the day (an open period has no end)."""
    for work in periods:
        if work.start <= day and (work.to is None or day <= work.to):
            return True
    return False


def break_days(breaks: list[Break]) -> set[int]:
    """The ordinals of every day inside a break."""
    days: set[int] = set()
    for brk in breaks:
        days.update(range(brk.start.toordinal(), brk.end.toordinal() + 1))
    return days
