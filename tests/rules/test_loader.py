"""The parameter loader refuses every malformed file with a message naming it."""

import datetime as dt
from pathlib import Path

import pytest

from vahti.rules.loader import ParameterError, ParameterNotInForce, ParameterStore

FIXTURES = Path(__file__).parent / "fixtures" / "parameters"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("unknown_key", "weeks.yaml: unknown key source"),
        ("missing_reference", "weeks.yaml: missing reference in 2024-01-01"),
        ("unordered_dates", "weeks.yaml: dates out of order: 2023-01-01 after 2024-01-01"),
        ("duplicate_date", "weeks.yaml: duplicate key 2024-01-01 (line 5)"),
        (
            "unreadable_value",
            "weeks.yaml: value of 2024-01-01 is 'two', expected a whole number of at least 0 "
            "(unit week)",
        ),
        ("missing_description", "weeks.yaml: missing key description"),
        ("unknown_unit", "weeks.yaml: unknown unit 'fortnight'"),
        ("not_a_date", "weeks.yaml: '1.1.2024' is not a date (YYYY-MM-DD)"),
        ("first_null", "weeks.yaml: the first value (2024-01-01) cannot be null"),
        ("missing_value", "weeks.yaml: missing value in 2024-01-01"),
    ],
)
def test_a_malformed_file_stops_loading_with_a_message_naming_it(fixture, message):
    with pytest.raises(ParameterError) as caught:
        ParameterStore.load(FIXTURES / fixture)
    assert str(caught.value) == message


def test_unreadable_yaml_names_the_file():
    with pytest.raises(ParameterError) as caught:
        ParameterStore.load(FIXTURES / "unreadable_yaml")
    assert str(caught.value).startswith("weeks.yaml: unreadable YAML (")


def test_a_value_holds_until_the_day_the_next_one_takes_effect():
    store = ParameterStore.load(FIXTURES / "changing")
    assert store.value("service.weeks", dt.date(2024, 1, 1)) == 2
    assert store.value("service.weeks", dt.date(2024, 12, 31)) == 2
    assert store.value("service.weeks", dt.date(2025, 1, 1)) == 3
    assert (
        store.parameter("service.weeks").entry(dt.date(2025, 6, 1)).reference
        == "an imagined new service description"
    )


def test_asking_before_the_first_value_raises():
    store = ParameterStore.load(FIXTURES / "changing")
    with pytest.raises(ParameterNotInForce) as caught:
        store.value("service.weeks", dt.date(2023, 12, 31))
    assert str(caught.value) == "service.weeks: no value before 2024-01-01 (asked for 2023-12-31)"


def test_null_ends_a_value():
    store = ParameterStore.load(FIXTURES / "ended")
    assert store.value("in_force", dt.date(2025, 12, 31)) is True
    with pytest.raises(ParameterNotInForce) as caught:
        store.value("in_force", dt.date(2026, 1, 1))
    assert str(caught.value) == "in_force: not in force on 2026-01-01 (ended 2025-12-31)"


def test_an_unknown_parameter_name_raises():
    store = ParameterStore.load(FIXTURES / "changing")
    with pytest.raises(ParameterError, match="service.days: no such parameter"):
        store.value("service.days", dt.date(2024, 6, 1))


def test_the_values_in_force_leave_out_ended_parameters():
    store = ParameterStore.load(FIXTURES / "ended")
    assert store.at(dt.date(2025, 12, 31)) == {"in_force": True}
    assert store.at(dt.date(2026, 1, 1)) == {}


def test_every_shipped_parameter_has_a_reference_on_every_value():
    store = ParameterStore.load()
    for name in store:
        parameter = store.parameter(name)
        assert parameter.description
        assert all(entry.reference for entry in parameter.values), name
