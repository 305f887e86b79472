"""A faster reader for `vahti evaluate --jsonl`: one case's JSON text straight into typed days
(msgspec, in C), for input that is valid.

It never decides what is wrong with a case. Anything it does not accept as plainly valid (a
value of the wrong type, an unknown key, a date not written YYYY-MM-DD, a missing day date, a
number beyond 64 bits…) makes ``read_fast`` return None, and the caller reads the text with
the one strict reader (case.py), whose answer or error is the contract of evaluate.md. What the
fast reader accepts, the strict one accepts too, and reads into the same Case: a property test
(tests/rules/test_fastread.py) holds the two to it.
"""

from __future__ import annotations

from typing import Any

import msgspec

from .case import (
    _BY_ORDINAL,
    _KNOWN_DAYS,
    MAX_REMEMBERED,
    Case,
    CaseError,
    Day,
    _check_hours,
    _date,
    _day_of,
    break_days,
    parse_case,
)

Number = int | float


class _CaseIn(msgspec.Struct, forbid_unknown_fields=True):
    as_of: Any = None
    service: Any = None
    decision: Any = None
    client: Any = None
    events: Any = None
    breaks: Any = None
    days: list[Day] | None = None
    absences: Any = None
    work: Any = None


_decode = msgspec.json.Decoder(_CaseIn).decode
# The (hours, programme, travel) already found valid (the fast reader's numbers are never
# flags, so unlike the strict reader's set it needs no types in the key).
_VALID_NUMBERS: set[tuple] = set()
_FIELDS = _CaseIn.__struct_fields__


class _NotPlain(Exception):
    """The fast reader leaves this case to the strict one."""


def _typed_days(days: list[Day], breaks) -> list[Day]:
    """The days as decoded, straight into the core's Day: the checks left are those of values
    (dates in range, hours, flex days, breaks, duplicates), the same as case._days makes; each
    day is given where it falls and its place in the input."""
    in_break = break_days(breaks) if breaks else None
    known_day = _KNOWN_DAYS.get
    valid_hours = _VALID_NUMBERS
    for index, day in enumerate(days):
        date = day.date
        known = known_day(date)
        if known is None:
            known = _day_of(_date(date, f"days[{index}].date"))
            _KNOWN_DAYS[date] = known
        _, day.ordinal, day.week = known
        day.index = index
        # Decoded as numbers or null, never a flag: the values alone say whether they are valid.
        hours_key = (day.hours, day.programme_hours, day.travel_hours)
        if hours_key not in valid_hours:
            _check_hours(*hours_key, index)
            if len(valid_hours) < MAX_REMEMBERED:
                valid_hours.add(hours_key)
        hours = hours_key[0]
        if hours == 0 and not day.flex:
            raise _NotPlain
        if in_break and day.ordinal in in_break:
            raise _NotPlain
    days.sort(key=_BY_ORDINAL)
    if len(set(map(_BY_ORDINAL, days))) != len(days):  # a day given twice
        raise _NotPlain
    return days


def read_fast(text: str | bytes, *, services: dict[str, str]) -> Case | None:
    """The case of a valid JSON text, or None: then read it with the strict reader."""
    try:
        raw = _decode(text)
        data = {name: value for name in _FIELDS if (value := getattr(raw, name)) is not None}
        return parse_case(data, services=services, read_days=_typed_days)
    except (msgspec.DecodeError, CaseError, _NotPlain, RecursionError, ValueError, TypeError):
        return None
