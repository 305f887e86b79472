"""The Finnish calendar and the time arithmetic of rules.md ("Time arithmetic").

Holidays come from the ``holidays`` package's Finland calendar rather than a
hand-written list: it carries exactly the arkipyhät the allowance rules name
(church holidays, itsenäisyyspäivä, vappu, juhannusaatto, jouluaatto) and is
kept up to date by others.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

import holidays

# date.weekday() numbers: calendar facts, not rule parameters.
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS_IN_WEEK = 7
MONTHS_IN_YEAR = 12
SHORTEST_MONTH = 28  # days: any day up to it exists in every month
ONE_DAY = dt.timedelta(days=1)


# Day ordinals (date.toordinal()) let the hot loops work on integers: date 1.1.0001 is
# ordinal 1, a Monday, so the weekday of ordinal n is (n + ORDINAL_WEEKDAY_SHIFT) % 7.
ORDINAL_WEEKDAY_SHIFT = 6


@functools.cache
def holidays_in(year: int) -> frozenset[dt.date]:
    """Finnish holidays (arkipyhät and the Sunday holidays) of one year."""
    return frozenset(holidays.Finland(years=year))


@functools.cache
def holiday_ordinals(first_year: int, last_year: int) -> frozenset[int]:
    return frozenset(
        day.toordinal() for year in range(first_year, last_year + 1) for day in holidays_in(year)
    )


def weekday_of(ordinal: int) -> int:
    return (ordinal + ORDINAL_WEEKDAY_SHIFT) % DAYS_IN_WEEK


def week_of(ordinal: int) -> int:
    """The ordinal of the Monday of the day's week."""
    return ordinal - (ordinal + ORDINAL_WEEKDAY_SHIFT) % DAYS_IN_WEEK


ISO_TEXTS: dict[int, str] = {}


def iso_of(ordinal: int) -> str:
    """ISO text of a day ordinal, cached: answers repeat the same few thousand days."""
    text = ISO_TEXTS.get(ordinal)
    if text is None:
        text = ISO_TEXTS[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return text


def is_arkipaiva(day: dt.date) -> bool:
    """Monday to Saturday and not an arkipyhä: a day that can carry the allowance."""
    return day.weekday() != SUNDAY and day not in holidays_in(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < SATURDAY and day not in holidays_in(day.year)


def monday_of(day: dt.date) -> dt.date:
    """Weeks are calendar weeks, Monday to Sunday."""
    return day - dt.timedelta(days=day.weekday())


def add_weeks(day: dt.date, weeks: int) -> dt.date:
    """'Within N weeks of X': X + 7·N calendar days."""
    return day + dt.timedelta(days=DAYS_IN_WEEK * weeks)


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """'Within N months of X': X + N calendar months, clamped to the month's last day.

    Returns the date and whether it was clamped (31.1. + 1 month = 28./29.2.).
    """
    # dateutil's relativedelta gives the same date (a property test holds them to it) in a
    # tenth of the time; a deadline of months is in every case's answer.
    months_since_zero = day.year * MONTHS_IN_YEAR + day.month - 1 + months
    year, month = divmod(months_since_zero, MONTHS_IN_YEAR)
    month += 1
    last = calendar.monthrange(year, month)[1] if day.day > SHORTEST_MONTH else day.day
    result = dt.date(year, month, min(day.day, last))
    return result, result.day != day.day


def days_inclusive(start: dt.date, end: dt.date) -> int:
    """Calendar days from start to end, both included."""
    return (end - start).days + 1


def date_range(start: dt.date, end: dt.date):
    """Every date from start to end, both included."""
    day = start
    while day <= end:
        yield day
        day += ONE_DAY
