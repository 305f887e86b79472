"""billing.billable over billing_scenarios/billable.yaml (sentence names): the first and last
day of a decision's window, the day after an interruption, granted days running out mid-month,
a day recorded after its month was invoiced, a holiday."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from vahti.rules import billing
from vahti.rules.evaluate import default_evaluator

SCENARIOS = Path(__file__).parent / "billing_scenarios" / "billable.yaml"
CASE_KEYS = {"decision", "events", "days", "absences"}


def load():
    data = yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))
    for scenario in data["scenarios"]:
        assert not set(scenario) - CASE_KEYS - {"name", "options", "expect"}, scenario["name"]
        case = data["base"]["case"] | {k: v for k, v in scenario.items() if k in CASE_KEYS}
        options = data["base"]["options"] | scenario.get("options", {})
        yield pytest.param(case, options, scenario["expect"], id=scenario["name"])


@pytest.mark.parametrize(("case", "options", "expect"), list(load()))
def test_scenario(case, options, expect):
    evaluator = default_evaluator()
    read = evaluator.read(case)
    units = billing.billable_days(
        read,
        evaluator.parameters(read),
        start=dt.date.fromisoformat(options["start"]),
        end=dt.date.fromisoformat(options["end"]),
        on=dt.date.fromisoformat(options["invoicing_date"]),
        invoiced=frozenset(dt.date.fromisoformat(d) for d in options.get("invoiced", ())),
    )
    found = {u.date.isoformat(): "billable" if u.billable else u.why for u in units}
    assert found == expect
