"""`vahti evaluate` and `vahti rules` end to end, on the shipped examples and on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vahti import cli
from vahti.rules.evaluate import default_evaluator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
SERVICES = (
    "teak.tyokokeilu",
    "teak.tyohonvalmennus",
    "teak.yhdistelma",
    "taito",
    "yksilokuntoutus",
)


def run(*args, stdin: str | None = None):
    """The installed command as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "vahti.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_there_is_a_compliant_and_a_noncompliant_example_per_service():
    names = {path.stem for path in EXAMPLES}
    for service in SERVICES:
        stem = service.replace(".", "_")
        assert {f"{stem}_compliant", f"{stem}_noncompliant"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_is_answered(path, capsys):
    assert cli.main(["evaluate", str(path)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["service"] == json.loads(path.read_text())["service"]
    assert set(answer) == {
        "service",
        "as_of",
        "deadlines",
        "findings",
        "allowance",
        "interpretations",
    }
    errors = [f for f in answer["findings"] if f["severity"] == "error"]
    if path.stem.endswith("_noncompliant"):
        assert (
            errors
            or any(d["status"] in ("late", "overdue") for d in answer["deadlines"])
            or any(f["severity"] == "warning" for f in answer["findings"])
        )
    else:
        assert errors == [], errors
        assert all(f["severity"] != "warning" for f in answer["findings"]), answer["findings"]
        assert all(d["status"] in ("met", "open") for d in answer["deadlines"]), answer["deadlines"]


def test_findings_and_deadlines_are_sorted_and_never_twice_for_a_rule_and_date(capsys):
    for path in EXAMPLES:
        cli.main(["evaluate", str(path)])
        answer = json.loads(capsys.readouterr().out)
        keys = [(f["date"], f["rule"]) for f in answer["findings"]]
        assert keys == sorted(keys) and len(keys) == len(set(keys))
        dues = [(d["due"], d["rule"]) for d in answer["deadlines"]]
        assert dues == sorted(dues)
        not_payable = [n["date"] for n in answer["allowance"]["not_payable"]]
        assert not_payable == sorted(not_payable)


def test_the_command_reads_standard_input_and_answers_in_english():
    case = (ROOT / "examples" / "teak_tyohonvalmennus_noncompliant.json").read_text()
    result = run("evaluate", "-", "--lang", "en", stdin=case)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    queue = [f for f in answer["findings"] if f["rule"] == "teak.queue"]
    assert queue and queue[0]["message"].startswith("The start missed its deadline")


def test_messages_are_finnish_by_default(capsys):
    cli.main(["evaluate", str(ROOT / "examples" / "teak_tyohonvalmennus_noncompliant.json")])
    answer = json.loads(capsys.readouterr().out)
    queue = [f for f in answer["findings"] if f["rule"] == "teak.queue"]
    assert queue[0]["message"].startswith("Aloitus ei toteutunut määräajassa")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            "{not json",
            "vahti: JSON ei ole luettavissa: Expecting property name enclosed in double quotes",
        ),
        (
            '{"as_of": "2024-11-01", "service": "teak.kurssi", "decision": '
            '{"decided_on": "2024-08-28", "received_on": "2024-09-02"}}',
            "vahti: service: tuntematon arvo 'teak.kurssi'",
        ),
        (
            '{"as_of": "2024-11-01", "service": "taito", "decision": {"decided_on": "2026-01-05", '
            '"received_on": "2026-01-07"}}',
            "vahti: decision.decided_on: palvelu taito päättyi 2025-12-31",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(case, message):
    result = run("evaluate", "-", stdin=case)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1


def test_a_missing_file_exits_2(capsys):
    assert cli.main(["evaluate", str(ROOT / "examples" / "no_such_case.json")]) == 2
    assert "No such file" in capsys.readouterr().err


def test_jsonl_answers_every_line_in_order_and_marks_bad_lines(tmp_path, capsys):
    good = [json.loads(p.read_text()) for p in EXAMPLES[:3]]
    lines = [
        json.dumps(good[0]),
        "{broken",
        json.dumps(good[1]),
        json.dumps({**good[2], "as_of": "2024-02-30"}),
        json.dumps(good[2]),
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert cli.main(["evaluate", "--jsonl", str(path), "--lang", "en"]) == 2
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == 5
    assert out[1] == {"line": 2, "error": out[1]["error"]}
    assert out[1]["error"].startswith("not valid JSON")
    assert out[3] == {
        "line": 4,
        "error": "as_of: '2024-02-30' is not a possible date (format YYYY-MM-DD)",
    }
    evaluator = default_evaluator()
    for index in (0, 2, 4):
        assert out[index] == evaluator.answer(json.loads(lines[index]), "en")


def test_jsonl_in_several_processes_answers_exactly_as_one_in_input_order(tmp_path):
    """--jobs: batches answered by worker processes, written in input order; the same bytes
    as one process, bad lines numbered as they were."""
    good = [json.dumps(json.loads(p.read_text())) for p in EXAMPLES]
    lines = [good[n % len(good)] for n in range(3 * cli.BATCH_LINES + 7)]
    lines[5], lines[cli.BATCH_LINES + 3] = "{broken", "[]"
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n")
    one, many = (run("evaluate", "--jsonl", str(path), "--jobs", jobs) for jobs in ("1", "3"))
    assert (one.returncode, many.returncode) == (2, 2)
    assert many.stdout == one.stdout
    out = many.stdout.splitlines()
    assert len(out) == len(lines)
    assert json.loads(out[5])["line"] == 6 and json.loads(out[cli.BATCH_LINES + 3])["line"] == (
        cli.BATCH_LINES + 4
    )
    assert (
        "not a number of processes" in run("evaluate", "--jsonl", str(path), "--jobs", "x").stderr
    )


def test_parts_of_a_file_are_numbered_as_reading_it_as_text_numbers_them(tmp_path):
    """--jobs on a file: each process reads its own part; lines ended by \\r\\n, a lone \\r
    or \\n are counted as one process counts them, so a bad line keeps its number."""
    good = json.dumps(json.loads(EXAMPLES[0].read_text()))
    ends = ["\r\n", "\r", "\n"]
    lines = [good if n % 17 else "{broken" for n in range(1, 400)]
    text = "".join(line + ends[n % 3] for n, line in enumerate(lines))
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(text.encode())
    one, many = (run("evaluate", "--jsonl", str(path), "--jobs", jobs) for jobs in ("1", "2"))
    assert many.stdout == one.stdout
    numbers = [json.loads(line)["line"] for line in many.stdout.splitlines() if '"line"' in line]
    assert numbers == [n for n in range(1, 400) if n % 17 == 0]


def test_jsonl_of_good_cases_exits_0_through_standard_input():
    stdin = "\n".join(json.dumps(json.loads(p.read_text())) for p in EXAMPLES) + "\n"
    result = run("evaluate", "--jsonl", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(EXAMPLES)


def test_rules_lists_every_rule_with_its_source(capsys):
    assert cli.main(["rules", "--on", "2025-06-01", "--lang", "en"]) == 0
    listing = capsys.readouterr().out
    catalogue = default_evaluator().catalogue
    for rule in catalogue.rules.values():
        assert f"\n{rule.id} ({rule.title['en']})\n" in listing
        source = catalogue.source(rule.source, rule.heading, "en")
        assert f"source: {source} ({rule.source})" in listing
    # A listing is for a person: dates as the pages write them, in English too.
    assert "teak.precontact_weeks = 2 weeks (from 1.1.2022; 001_d263a293b2d95776.txt" in listing


def test_rules_show_the_values_in_force_on_the_date_asked(capsys):
    cli.main(["rules", "--on", "2025-12-31"])
    before = capsys.readouterr().out
    cli.main(["rules", "--on", "2026-01-01"])
    after = capsys.readouterr().out
    assert "taito.start_weeks = 8 viikkoa (alkaen 1.1.2022;" in before
    assert "taito.start_weeks = 8 viikkoa (ei voimassa, päättyi 31.12.2025;" in after


def test_rules_refuse_an_impossible_date():
    result = run("rules", "--on", "2025-02-30")
    assert result.returncode == 2
    assert "is not a date" in result.stderr


GOOD = json.dumps(
    {
        "as_of": "2024-11-01",
        "service": "teak.tyokokeilu",
        "decision": {"decided_on": "2024-09-02", "received_on": "2024-09-03"},
    }
)
BAD_LINES = {
    "year 9999": GOOD.replace("2024-11-01", "9999-11-01"),
    "year 1": GOOD.replace("2024-09-02", "0001-09-02"),
    "a million months": GOOD.replace('"received_on"', '"window_months": 1000000, "received_on"'),
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "nested 500 deep in a note": GOOD[:-1] + ', "client": {"note": ' + "[" * 500 + "]" * 500 + "}}",
    "an integer of 5,000 digits": GOOD.replace(
        '"received_on"', '"granted_days": ' + "9" * 5000 + ', "received_on"'
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_LINES))
def test_a_bad_line_gets_its_error_line_and_the_batch_goes_on(name):
    result = run("evaluate", "--jsonl", "-", stdin="\n".join([GOOD, BAD_LINES[name], GOOD]) + "\n")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    first, bad, last = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["service"] == last["service"] == "teak.tyokokeilu"
    assert bad["line"] == 2 and bad["error"]


@pytest.mark.parametrize("name", sorted(BAD_LINES))
def test_a_bad_case_file_is_refused_with_one_line_and_exit_2(name, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(BAD_LINES[name])
    result = run("evaluate", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_line_that_is_not_utf8_is_its_own_error_and_the_others_are_answered(jobs, tmp_path):
    """Input is read as bytes: a byte that is not UTF-8 is that line's error, named, not a
    traceback that loses the batch (as reading the file as text gave)."""
    path = tmp_path / "cases.jsonl"
    path.write_bytes(GOOD.encode() + b"\n" + GOOD.encode()[:-2] + b"\xff}\n" + GOOD.encode())
    result = run("evaluate", "--jsonl", str(path), "--jobs", jobs, "--lang", "en")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    first, bad, last = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["service"] == last["service"] == "teak.tyokokeilu"
    at = len(GOOD.encode()) - 1  # the \xff, counted from 1
    assert bad == {"line": 2, "error": f"not valid JSON: not UTF-8: invalid start byte (byte {at})"}


def test_a_case_file_that_is_not_utf8_is_refused_with_one_line(tmp_path):
    path = tmp_path / "case.json"
    path.write_bytes(b"\xfe" + GOOD.encode())
    result = run("evaluate", str(path), "--lang", "en")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "vahti: not valid JSON: not UTF-8: invalid start byte (byte 1)\n"


def test_lines_of_white_space_are_skipped_but_counted_as_text_counts_them(tmp_path):
    """A line of any white space (a no-break space, an information separator) is no case; the
    line numbers after it are still those of the file."""
    path = tmp_path / "cases.jsonl"
    blank = "\u00a0 \t\x1c\u2003"
    path.write_text("\n".join([GOOD, blank, "", "{broken", GOOD]) + "\n", encoding="utf-8")
    result = run("evaluate", "--jsonl", str(path))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("line") for line in lines] == [None, 4, None]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_jsonl_answer_is_the_same_answer_as_one_case_gives(path, lang):
    """--jsonl joins the allowance days as text and splices in the interpretations serialised
    once: the line must be exactly the compact JSON json.dumps makes of the answer."""
    evaluator = default_evaluator()
    data = json.loads(path.read_text())
    text = evaluator.answer_text(json.loads(path.read_text()), lang)
    assert text == json.dumps(
        evaluator.answer(data, lang), ensure_ascii=False, separators=(",", ":")
    )


def test_a_reader_that_stops_early_is_no_error():
    stdin = "\n".join([GOOD] * 2000) + "\n"
    result = subprocess.run(
        f"{sys.executable} -m vahti.cli evaluate --jsonl - | head -1",
        shell=True,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout)["service"] == "teak.tyokokeilu"


def test_swedish_answers_and_rules(capsys):
    """--lang sv: the messages, bases and the rule listing in Swedish, in FPA's words."""
    assert cli.main(["rules", "--on", "2026-06-01", "--lang", "sv"]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("Vahtis regler med de värden som gäller 1.6.2026")
    assert "karenstid" in listing and "FPA:s arbetsträning (2025)" in listing
    answer = default_evaluator().answer(json.loads(EXAMPLES[0].read_text()), "sv")
    assert all(" veckor" in d["basis"] or " månader" in d["basis"] for d in answer["deadlines"])
    assert not any("Kela" in text for text in answer["interpretations"])
