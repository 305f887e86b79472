"""The fast reader of `vahti evaluate --jsonl` (rules/fastread.py) accepts only what the strict
reader accepts, and reads it into the same answer; for everything else it steps aside and the
strict reader's error is the answer (evaluate.md)."""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from vahti import cli
from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator

BASE = {
    "as_of": "2024-11-15",
    "service": "teak.tyohonvalmennus",
    "decision": {"decided_on": "2024-08-28", "received_on": "2024-09-02", "granted_days": 60},
    "client": {"in_working_life_at_start": False, "benefit_before": None},
    "events": [{"type": "precontact", "date": "2024-09-10"}],
    "breaks": [{"from": "2024-10-14", "to": "2024-10-18", "reason": "client_holiday"}],
    "days": [
        {
            "date": f"2024-09-{day:02d}",
            "hours": 6,
            "programme_hours": 5,
            "travel_hours": 1,
            "mode": "onsite",
            "flex": False,
            "flex_reason": None,
            "worked": False,
            "close_relative": False,
        }
        for day in (23, 24, 25, 26, 27, 30)
    ],
    "absences": [{"date": "2024-10-01", "reason": "sick", "reported_to_kela": True}],
    "work": [],
}

# Values a day's field may be set to: valid ones, wrong types, edge numbers and dates.
VALUES = st.sampled_from(
    [
        None,
        0,
        0.0,
        1,
        2.5,
        6,
        24,
        24.5,
        -1,
        True,
        False,
        "6",
        "",
        "x",
        "onsite",
        "remote",
        "independent",
        "bogus",
        "2024-10-02",
        "2024-9-3",
        "1999-12-31",
        "2101-01-01",
        "2024-02-30",
        "20241002",
        "2024-09-23",
        "2024-10-15",
        [],
        {},
        10**30,
        1e400,
    ]
)
FIELDS = st.sampled_from(
    [
        "date",
        "hours",
        "programme_hours",
        "travel_hours",
        "mode",
        "flex",
        "flex_reason",
        "worked",
        "close_relative",
        "note",
        "unknown",
    ]
)


def _strict(evaluator, text: str):
    try:
        return evaluator.answer_text(cli._parse(text), "fi")
    except CaseError as error:
        return ("error", evaluator.error_message(error, "fi"))


@settings(max_examples=300, deadline=None)
@given(
    changes=st.lists(
        st.tuples(st.integers(0, 5), FIELDS, VALUES, st.booleans()), min_size=0, max_size=4
    ),
    top=st.sampled_from([None, "unknown", "days_null", "as_of_bad"]),
)
def test_what_the_fast_reader_accepts_the_strict_one_reads_the_same(changes, top):
    evaluator = default_evaluator()
    case = copy.deepcopy(BASE)
    for index, field, value, remove in changes:
        if remove:
            case["days"][index].pop(field, None)
        else:
            case["days"][index][field] = value
    if top == "unknown":
        case["extra"] = 1
    elif top == "days_null":
        case["days"] = None
    elif top == "as_of_bad":
        case["as_of"] = "2024-13-01"
    text = json.dumps(case)
    fast = evaluator.read_text_fast(text.encode())  # the command reads its lines as bytes
    strict = _strict(evaluator, text)
    if fast is not None:
        assert not isinstance(strict, tuple), strict  # the strict reader refused it
        assert evaluator.case_answer_text(fast, "fi") == strict
    # And the command's answer for the line is always the strict reader's.
    answer, refused = cli._answer_line(evaluator, 1, text.encode(), "fi")
    if isinstance(strict, tuple):
        assert refused and json.loads(answer)["error"] == strict[1]
    else:
        assert not refused and answer == strict


def test_a_valid_case_is_read_by_the_fast_reader():
    evaluator = default_evaluator()
    text = json.dumps(BASE)
    assert evaluator.read_text_fast(text) is not None
    assert evaluator.case_answer_text(evaluator.read_text_fast(text), "en") == (
        evaluator.answer_text(json.loads(text), "en")
    )
