"""`vahti impact`: what a parameter change does to cases. Property: under unchanged parameters
nothing is listed; under a change, exactly the cases whose answers differ (checked against
evaluating each case twice and comparing evaluate.md's answers) are listed."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vahti.rules.evaluate import Evaluator, default_evaluator
from vahti.rules.impact import impact, store_with
from vahti.rules.loader import PARAMETERS_DIR

ROOT = Path(__file__).resolve().parents[2]
CASES = [(p.name, json.loads(p.read_text())) for p in sorted((ROOT / "examples").glob("*.json"))]
START_WEEKS = PARAMETERS_DIR / "teak" / "start_weeks.yaml"


def changed_start_weeks(directory: Path, weeks: int, starts: dt.date) -> Path:
    """teak.start_weeks with a new dated value added: the whole file, as a provider would
    write it."""
    (directory / "teak").mkdir(parents=True, exist_ok=True)
    text = START_WEEKS.read_text(encoding="utf-8") + (
        f'  {starts.isoformat()}:\n    value: {weeks}\n    reference: "test"\n'
    )
    (directory / "teak" / "start_weeks.yaml").write_text(text, encoding="utf-8")
    return directory


def judged(evaluator: Evaluator, data) -> dict:
    """evaluate.md's answer without the words that only restate it (basis, source,
    interpretations)."""
    answer = evaluator.answer(data)
    for deadline in answer["deadlines"]:
        deadline.pop("basis"), deadline.pop("source")
    for finding in answer["findings"]:
        finding.pop("source")
    answer.pop("interpretations")
    return answer


def test_unchanged_parameters_change_nothing(tmp_path):
    after = Evaluator(store_with(tmp_path))
    assert impact(default_evaluator(), after, CASES) == []


@settings(max_examples=25, deadline=None)
@given(
    weeks=st.integers(min_value=1, max_value=8),
    starts=st.dates(min_value=dt.date(2022, 1, 2), max_value=dt.date(2026, 12, 31)),
)
def test_exactly_the_cases_whose_answers_differ_are_listed(tmp_path_factory, weeks, starts):
    directory = changed_start_weeks(tmp_path_factory.mktemp("changes"), weeks, starts)
    before, after = default_evaluator(), Evaluator(store_with(directory))
    listed = {found.key for found in impact(before, after, CASES)}
    differing = {key for key, data in CASES if judged(before, data) != judged(after, data)}
    assert listed == differing


def test_a_value_dated_after_every_decision_changes_nothing(tmp_path):
    directory = changed_start_weeks(tmp_path, 2, dt.date(2030, 1, 1))
    assert impact(default_evaluator(), Evaluator(store_with(directory)), CASES) == []


def test_a_shorter_start_deadline_is_told_in_words_before_and_after(tmp_path):
    directory = changed_start_weeks(tmp_path, 3, dt.date(2022, 1, 2))
    found = {f.key: f for f in impact(default_evaluator(), Evaluator(store_with(directory)), CASES)}
    texts = [c.text for c in found["teak_tyokokeilu_compliant.json"].changes]
    assert "kuntoutuksen aloitus: 7.2.2025 (täyttyi) → 31.1.2025 (myöhässä)" in texts
    assert any(
        t.startswith("uusi havainto – jonotilanteesta ilmoittaminen 31.1.2025") for t in texts
    )
    english = impact(default_evaluator(), Evaluator(store_with(directory)), CASES, "en")
    assert any(
        "start: 7.2.2025 (met) → 31.1.2025 (late)" in c.text for f in english for c in f.changes
    )


def test_the_command_lists_the_changed_cases_and_refuses_a_bad_directory(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(data) for _key, data in CASES) + "\n{bad\n")
    directory = changed_start_weeks(tmp_path / "changes", 3, dt.date(2022, 1, 2))
    done = subprocess.run(
        [sys.executable, "-m", "vahti.cli", "impact", str(cases), "--changed", str(directory)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 2  # one line refused
    assert lines[-1]["line"] == len(CASES) + 1 and "error" in lines[-1]
    assert all(line["changes"] for line in lines[:-1]) and len(lines) > 1
    assert "cases change, 1 refused" in done.stderr
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "vahti.cli",
            "impact",
            str(cases),
            "--changed",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert missing.returncode == 2 and "not a directory" in missing.stderr
