import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from vahti.rules import calendar as cal

D = dt.date


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 12, 6),  # itsenäisyyspäivä
        D(2024, 5, 1),  # vappu
        D(2024, 6, 21),  # juhannusaatto
        D(2024, 6, 22),  # juhannuspäivä (a Saturday)
        D(2024, 12, 24),  # jouluaatto
        D(2024, 3, 29),  # pitkäperjantai
        D(2024, 5, 9),  # helatorstai
        D(2025, 1, 6),  # loppiainen
    ],
)
def test_an_arkipyha_is_not_an_arkipaiva(day):
    assert not cal.is_arkipaiva(day)
    assert not cal.is_working_day(day)


def test_saturday_is_an_arkipaiva_but_not_a_working_day():
    assert cal.is_arkipaiva(D(2024, 10, 26))
    assert not cal.is_working_day(D(2024, 10, 26))


def test_sunday_is_neither():
    assert not cal.is_arkipaiva(D(2024, 10, 27))
    assert not cal.is_working_day(D(2024, 10, 27))


def test_an_ordinary_weekday_is_both():
    assert cal.is_arkipaiva(D(2024, 10, 23))
    assert cal.is_working_day(D(2024, 10, 23))


def test_new_years_eve_is_an_ordinary_day():
    assert cal.is_working_day(D(2024, 12, 31))


@pytest.mark.parametrize(
    ("start", "months", "due", "clamped"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29), True),  # leap year
        (D(2025, 1, 31), 1, D(2025, 2, 28), True),
        (D(2024, 8, 31), 1, D(2024, 9, 30), True),
        (D(2024, 9, 23), 5, D(2025, 2, 23), False),
        (D(2024, 2, 29), 12, D(2025, 2, 28), True),
        (D(2024, 3, 15), 10, D(2025, 1, 15), False),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(start, months, due, clamped):
    assert cal.add_months(start, months) == (due, clamped)


def test_weeks_are_seven_calendar_days():
    assert cal.add_weeks(D(2024, 9, 2), 2) == D(2024, 9, 16)
    assert cal.add_weeks(D(2024, 12, 23), 2) == D(2025, 1, 6)


def test_weeks_run_monday_to_sunday():
    assert cal.monday_of(D(2024, 10, 27)) == D(2024, 10, 21)
    assert cal.monday_of(D(2024, 10, 21)) == D(2024, 10, 21)


def test_break_length_counts_both_ends():
    assert cal.days_inclusive(D(2024, 12, 16), D(2025, 1, 5)) == 21


@given(
    day=st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
    months=st.integers(min_value=0, max_value=240),
)
def test_adding_months_gives_what_dateutil_gives_clamped_to_the_months_end(day, months):
    """add_months computes by hand what relativedelta computes: the same date, clamped when
    the day does not exist in the target month (31.1. + 1 month = 28./29.2.)."""
    expected = day + relativedelta(months=months)
    assert cal.add_months(day, months) == (expected, expected.day != day.day)
