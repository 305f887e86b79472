"""The staff rules over the scenario files in staff_scenarios/ (one per rule, sentence names):
each scenario lists every finding of that file's rule, in order; a message is checked in
Finnish."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
import yaml

from vahti.rules.evaluate import default_evaluator
from vahti.rules.staff import CHECKS, Member, Qualification, Requirement, staff_findings

from .findings import assert_findings

SCENARIOS = Path(__file__).parent / "staff_scenarios"
KEYS = {"name", "staff", "requirements", "findings", "day", "horizon_days"}


def load():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for scenario in data["scenarios"]:
            assert not set(scenario) - KEYS, f"{path.name}: {scenario['name']}"
            yield pytest.param(
                f"staff.{path.stem}",
                {**data["base"], **scenario},
                id=f"{path.stem}: {scenario['name']}",
            )


def member(entry: dict) -> Member:
    return Member(
        id=entry["id"],
        name=entry["name"],
        profession=entry["profession"],
        services=tuple(entry.get("services", ())),
        qualifications=tuple(Qualification(**q) for q in entry.get("qualifications", ())),
        experience_months=entry.get("experience_months"),
        experience_checked_on=entry.get("experience_checked_on"),
        active=entry.get("active", True),
    )


@pytest.mark.parametrize("rule, scenario", list(load()))
def test_scenario(rule, scenario):
    evaluator = default_evaluator()
    on = scenario["day"]
    result = staff_findings(
        [member(m) for m in scenario.get("staff", ())],
        [Requirement(**r) for r in scenario.get("requirements", ())],
        on=on,
        horizon_days=scenario["horizon_days"],
        p=evaluator.store.at(on),
        at=evaluator.store.at,
    )
    assert_findings(result.findings, rule, scenario["findings"])


def test_each_staff_rule_is_a_catalogue_rule_checked_by_its_module_with_a_stated_docstring():
    catalogue = default_evaluator().catalogue
    staff_rules = {r.id for r in catalogue.rules.values() if r.checked == "staff"}
    assert staff_rules == {rule_id for rule_id, _ in CHECKS}
    for rule_id, function in CHECKS:
        assert function.__doc__.startswith(rule_id)
        assert importlib.import_module(function.__module__).__name__ == "vahti.rules.staff"


def test_every_rule_has_scenarios_that_trigger_it_and_that_do_not():
    names = {path.stem for path in SCENARIOS.glob("*.yaml")}
    assert names == {rule_id.split(".", 1)[1] for rule_id, _ in CHECKS}


def test_a_validity_counts_from_the_parameter_in_force():
    p = default_evaluator().store.at(dt.date(2026, 11, 23))
    from vahti.rules.staff import qualification_end

    assert qualification_end(Qualification("first_aid", "EA1", dt.date(2024, 2, 29)), p) == dt.date(
        2027, 2, 28
    )  # 29.2.2024 + 3 years: no 29.2.2027, so the last day of that month, in force that day
