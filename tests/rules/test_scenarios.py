"""Runs the YAML scenario files under scenarios/, one file per rule.

A file has a ``base`` case and ``scenarios``; each scenario's ``case`` is merged onto the base
(mappings merge, lists replace) and its expectations are checked against `vahti evaluate`'s
answer. Names are sentences, as in openfisca-country-template's tests.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator

SCENARIOS = Path(__file__).parent / "scenarios"
EXPECTATIONS = {
    "name",
    "case",
    "deadlines",
    "absent_deadlines",
    "findings",
    "absent_findings",
    "allowance",
    "error",
    "lang",
}


def plain(value):
    """YAML dates → ISO strings, as in a JSON case."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def merge(base, override):
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    return copy.deepcopy(override)


def load_scenarios():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = plain(data.get("base", {}))
        for scenario in data["scenarios"]:
            unknown = set(scenario) - EXPECTATIONS
            assert not unknown, f"{path.name}: {scenario['name']}: unknown keys {unknown}"
            scenario = plain(scenario)
            yield pytest.param(
                merge(base, scenario.get("case", {})),
                scenario,
                id=f"{path.stem}: {scenario['name']}",
            )


def matches(actual: dict, expected: dict) -> bool:
    return all(actual.get(key) == value for key, value in expected.items())


@pytest.mark.parametrize(("case", "scenario"), list(load_scenarios()))
def test_scenario(case, scenario):
    evaluator = default_evaluator()
    lang = scenario.get("lang", "en")
    if "error" in scenario:
        with pytest.raises(CaseError) as caught:
            evaluator.answer(case, lang)
        message = evaluator.error_message(caught.value, lang)
        assert message.startswith(scenario["error"]), message
        return
    answer = evaluator.answer(case, lang)
    # --jsonl writes the answer through its own faster path: the same compact JSON, byte for
    # byte.
    assert evaluator.answer_text(case, lang) == json.dumps(
        answer, ensure_ascii=False, separators=(",", ":")
    )
    for expected in scenario.get("deadlines", []):
        found = [d for d in answer["deadlines"] if d["rule"] == expected["rule"]]
        assert any(matches(d, expected) for d in found), (expected, found)
    for rule in scenario.get("absent_deadlines", []):
        assert all(d["rule"] != rule for d in answer["deadlines"]), answer["deadlines"]
    for expected in scenario.get("findings", []):
        found = [f for f in answer["findings"] if f["rule"] == expected["rule"]]
        wanted = {k: v for k, v in expected.items() if k != "message_contains"}
        hits = [f for f in found if matches(f, wanted)]
        assert hits, (expected, found)
        if "message_contains" in expected:
            assert any(expected["message_contains"] in f["message"] for f in hits), hits
    for absent in scenario.get("absent_findings", []):
        absent = absent if isinstance(absent, dict) else {"rule": absent}
        assert not [f for f in answer["findings"] if matches(f, absent)], answer["findings"]
    allowance = answer["allowance"]
    for key, expected in scenario.get("allowance", {}).items():
        if key == "payable_include":
            assert set(expected) <= set(allowance["payable_days"]), allowance["payable_days"]
        elif key == "payable_exclude":
            assert not set(expected) & set(allowance["payable_days"]), allowance["payable_days"]
        elif key == "not_payable_include":
            for item in expected:
                assert item in allowance["not_payable"], (item, allowance["not_payable"])
        else:
            assert allowance[key] == expected, (key, allowance[key])


def test_a_datetime_is_not_a_date_and_dates_keep_their_range():
    evaluator = default_evaluator()
    case = json.loads(
        (Path(__file__).parents[2] / "examples").glob("*.json").__next__().read_text()
    )
    for value, key in (
        (dt.datetime(2025, 3, 3, 12, 0), "bad_date"),
        (dt.date(1999, 12, 31), "date_out_of_range"),
    ):
        with pytest.raises(CaseError) as caught:
            evaluator.read({**case, "as_of": value})
        assert (caught.value.field, caught.value.key) == ("as_of", key)


@pytest.mark.parametrize("field", ["hours", "programme_hours", "travel_hours"])
@pytest.mark.parametrize("flag", [True, False])
def test_a_flag_given_as_hours_is_refused_after_the_same_number_was_read(field, flag):
    """Checked hours are remembered; True equals 1 and False 0, and must not pass for them."""
    evaluator = default_evaluator()
    case = json.loads(next((Path(__file__).parents[2] / "examples").glob("*.json")).read_text())
    number = int(flag)
    good = {
        "date": "2025-03-03",
        "hours": 6,
        "programme_hours": 5,
        "travel_hours": 1,
        "mode": "onsite",
    }
    good[field] = number if field != "hours" else max(number, 1)
    if field == "hours":
        good.update(programme_hours=0, travel_hours=0)
    bad = {**good, "date": "2025-03-04", field: flag}
    evaluator.read({**case, "days": [good], "breaks": [], "absences": []})
    with pytest.raises(CaseError) as caught:
        evaluator.read({**case, "days": [good, bad], "breaks": [], "absences": []})
    assert (caught.value.field, caught.value.key) == (f"days[1].{field}", "not_hours")
