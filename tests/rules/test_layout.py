"""Rules are findable by name: a rule id's prefix names its catalogue file and its module, and
every parameter a rule reads is listed under that rule in the catalogue."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

import vahti.rules
from vahti.rules.evaluate import (
    ALLOWANCE_DAYS,
    COMMON_CHECKS,
    FAMILY_CHECKS,
    ParameterTrace,
    default_evaluator,
)

from .test_scenarios import load_scenarios

RULES = Path(vahti.rules.__file__).parent
EXAMPLES = Path(__file__).parent.parent.parent / "examples"
CHECKED_BY_CODE = ("deadline", "finding")


def test_each_rule_id_prefix_names_its_catalogue_file():
    catalogue = default_evaluator().catalogue
    wrong = {
        rule_id: name
        for rule_id, name in catalogue.files.items()
        if name != f"{rule_id.split('.', 1)[0]}.yaml"
    }
    assert wrong == {}


def test_each_checked_rule_lives_in_the_module_of_its_prefix():
    catalogue = default_evaluator().catalogue
    for rule in catalogue.rules.values():
        if rule.checked not in CHECKED_BY_CODE:
            continue
        if rule.limit is not None:  # checked from its data (rules/limits.py): no function too
            assert all(rule.id != other for checks in FAMILY_CHECKS.values() for other, _ in checks)
            continue
        module = importlib.import_module(f"vahti.rules.{rule.prefix}")
        assert rule.id in {rule_id for rule_id, _ in module.CHECKS}, rule.id


def test_every_check_belongs_to_a_catalogue_rule_of_its_module():
    catalogue = default_evaluator().catalogue
    checks = [check for checks in FAMILY_CHECKS.values() for check in checks] + list(COMMON_CHECKS)
    for rule_id, function in checks:
        assert rule_id in catalogue.rules, rule_id
        assert function.__module__ == f"vahti.rules.{rule_id.split('.', 1)[0]}", rule_id
        assert function.__doc__.startswith(rule_id), f"{rule_id}: the docstring states the rule"


def all_cases():
    for param in load_scenarios():
        case, scenario = param.values
        if "error" not in scenario:
            yield case
    for path in sorted(EXAMPLES.glob("*.json")):
        yield json.loads(path.read_text())


def test_every_parameter_a_rule_reads_is_listed_under_it():
    evaluator = default_evaluator()
    catalogue = evaluator.catalogue
    trace = ParameterTrace()
    count = 0
    for case in all_cases():
        evaluator.evaluate(evaluator.read(case), trace=trace)
        count += 1
    assert count > 100 and trace.reads
    allowance_rules = [r for r in catalogue.rules.values() if r.prefix == "allowance"]
    unlisted = {}
    for rule_id, names in trace.reads.items():
        rules = allowance_rules if rule_id == ALLOWANCE_DAYS else [catalogue.rule(rule_id)]
        missing = sorted(n for n in names if not any(catalogue.lists(r, n) for r in rules))
        if missing:
            unlisted[rule_id] = missing
    assert unlisted == {}


@pytest.mark.parametrize(
    "module", ["teak", "taito", "yksilo", "allowance", "certificate", "notify", "deadlines"]
)
def test_no_rule_module_imports_a_family_module(module):
    """Families share helpers through deadlines.py, not by importing each other."""
    source = (RULES / f"{module}.py").read_text(encoding="utf-8")
    for other in ("teak", "taito", "yksilo"):
        if other != module:
            assert f"from .{other} import" not in source and f"from . import {other}" not in source


def test_every_parameter_of_a_line_has_a_value_from_the_lines_first_day():
    """A decision on a line's first day must not fail on a parameter that starts later (the
    yksilökuntoutus parameters once started two months after 1.1.2020 was known)."""
    evaluator = default_evaluator()
    catalogue, store = evaluator.catalogue, evaluator.store
    late = []
    for line in evaluator.registry.lines.values():
        if not line.supported:
            continue  # no rules, no parameters: refused before any is read
        first = store.parameter(f"{line.id}.in_force").values[0].start
        names = {
            name
            for rule in catalogue.rules.values()
            if rule.applies_to(line.id) and rule.checked in CHECKED_BY_CODE + ("allowance",)
            for name in catalogue.parameters_of(rule, store, line=line.id)
        }
        late += [
            f"{line.id}: {name} starts {store.parameter(name).values[0].start}"
            for name in sorted(names)
            if store.parameter(name).values[0].start > first
        ]
    assert late == []
