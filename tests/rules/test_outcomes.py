"""provider.outcome_data: the delivery year of each measurement (rules/outcomes.py)."""

import datetime as dt

import pytest

from vahti.rules.outcomes import delivery_year

D = dt.date


@pytest.mark.parametrize(
    ("phase", "measured_on", "end_measured_on", "ended_on", "year"),
    [
        pytest.param("end", D(2025, 3, 2), None, D(2026, 1, 9), 2025, id="an end: its own year"),
        pytest.param(
            "start", D(2024, 11, 4), D(2025, 3, 2), None, 2025, id="a start: its end's year"
        ),
        pytest.param(
            "start", D(2024, 11, 4), None, D(2025, 6, 30), 2025, id="an unpaired start: the end's"
        ),
        pytest.param("start", D(2024, 11, 4), None, None, None, id="a start still waiting: none"),
    ],
)
def test_each_measurement_belongs_to_one_years_delivery(
    phase, measured_on, end_measured_on, ended_on, year
):
    assert (
        delivery_year(
            phase=phase,
            measured_on=measured_on,
            end_measured_on=end_measured_on,
            ended_on=ended_on,
        )
        == year
    )
