"""The group rules over the scenario files in group_scenarios/ (one per rule, sentence names).
A scenario gives the group and its size; the test makes members m1…mN with the file's member
dates, then each scenario's departures, late joiners and first days."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
import yaml

from vahti.rules.evaluate import default_evaluator
from vahti.rules.groups import (
    CHECKS,
    Group,
    GroupMember,
    group_findings,
    group_period_days,
    parameters_on,
)

from .findings import assert_findings

SCENARIOS = Path(__file__).parent / "group_scenarios"
KEYS = {"name", "size", "group", "member", "left", "joined", "first_day", "findings", "day"}


def load():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rule = next(rule_id for rule_id, _ in CHECKS if rule_id.endswith(f".{path.stem}"))
        for scenario in data["scenarios"]:
            assert not set(scenario) - KEYS, f"{path.name}: {scenario['name']}"
            yield pytest.param(
                rule, {**data["base"], **scenario}, id=f"{path.stem}: {scenario['name']}"
            )


def group_of(scenario: dict) -> Group:
    members = []
    for number in range(1, scenario["size"] + 1):
        key = f"m{number}"
        members.append(
            GroupMember(
                id=number,
                name=key,
                **scenario["member"],
                joined_on=scenario.get("joined", {}).get(key),
                first_day=scenario.get("first_day", {}).get(key),
                left_on=scenario["day"] - dt.timedelta(days=1)
                if number <= scenario.get("left", 0)
                else None,
            )
        )
    return Group(id=1, name="Ryhmä", members=tuple(members), **scenario["group"])


@pytest.mark.parametrize("rule, scenario", list(load()))
def test_scenario(rule, scenario):
    evaluator = default_evaluator()
    group, on = group_of(scenario), scenario["day"]
    result = group_findings(group, on=on, p=evaluator.store.at(parameters_on(group, on)))
    assert_findings(result.findings, rule, scenario["findings"])


def test_each_group_rule_is_a_catalogue_rule_checked_by_its_module_with_a_stated_docstring():
    catalogue = default_evaluator().catalogue
    assert {r.id for r in catalogue.rules.values() if r.checked == "group"} == {
        rule_id for rule_id, _ in CHECKS
    }
    for rule_id, function in CHECKS:
        assert function.__doc__.startswith(rule_id)
        assert importlib.import_module(function.__module__).__name__ == "vahti.rules.groups"


def test_every_group_rule_has_a_scenario_file():
    assert {path.stem for path in SCENARIOS.glob("*.yaml")} == {
        rule_id.split(".", 1)[1] for rule_id, _ in CHECKS
    }


def test_the_minimum_follows_the_table_row_by_row():
    p = default_evaluator().store.at(dt.date(2025, 9, 1))
    member = GroupMember(
        id=1, name="m", received_on=dt.date(2025, 9, 3), decided_on=dt.date(2025, 9, 1)
    )
    found = {
        planned: group_findings(
            Group(id=1, name="g", family="taito", planned_max=planned, members=(member,)),
            on=dt.date(2025, 9, 5),
            p=p,
        ).minimum
        for planned in (5, 6, 7, 8, 9, 10, 11)
    }
    assert found == {5: None, 6: 4, 7: 4, 8: 6, 9: 6, 10: 7, 11: None}


def period(*starts, on=dt.date(2025, 9, 1)):
    return group_period_days(list(starts), p=default_evaluator().store.at(on))


def test_a_group_period_is_three_blocks_of_four_weekdays_from_monday_or_tuesday():
    days, problems = period(dt.date(2025, 10, 6), dt.date(2025, 11, 4), dt.date(2025, 12, 1))
    assert problems == []
    assert len(days) == 12 and days[:4] == [dt.date(2025, 10, d) for d in (6, 7, 8, 9)]
    assert days[4:8] == [dt.date(2025, 11, d) for d in (4, 5, 6, 7)]  # Tuesday to Friday


def test_a_block_from_wednesday_two_blocks_or_overlapping_blocks_are_refused():
    catalogue = default_evaluator().catalogue
    _days, problems = period(dt.date(2025, 10, 8), dt.date(2025, 11, 4), dt.date(2025, 12, 1))
    assert [catalogue.messages(f, "fi") for f in problems] == [
        "Ryhmäjakso ei voi alkaa 8.10.2025; 4 peräkkäisen arkipäivän jakso alkaa maanantaina "
        "tai tiistaina."
    ]
    _days, problems = period(dt.date(2025, 10, 6), dt.date(2025, 11, 4))
    assert [f.messages[0][0] for f in problems] == ["blocks"]
    _days, problems = period(dt.date(2025, 10, 6), dt.date(2025, 10, 7), dt.date(2025, 12, 1))
    assert [f.messages[0][0] for f in problems] == ["overlap"]


def test_no_group_period_under_a_2026_decision():
    days, problems = period(
        dt.date(2026, 3, 2), dt.date(2026, 4, 7), dt.date(2026, 5, 4), on=dt.date(2026, 1, 2)
    )
    assert days == [] and [f.messages[0][0] for f in problems] == ["not_in_force"]


def test_a_block_with_a_public_holiday_among_its_days_is_refused():
    # Monday 22.12.2025: the block would run over Christmas Eve and Christmas Day.
    catalogue = default_evaluator().catalogue
    days, problems = period(dt.date(2025, 10, 6), dt.date(2025, 11, 4), dt.date(2025, 12, 22))
    assert days == []
    assert [catalogue.messages(f, "fi") for f in problems] == [
        "Jakson 22.12.2025 päivä 24.12.2025 on arkipyhä; jakso on peräkkäisiä arkipäiviä, "
        "joten valitse toinen viikko tai aloituspäivä."
    ]
