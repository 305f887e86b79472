"""Properties of the evaluator over generated cases (Hypothesis)."""

from __future__ import annotations

import copy
import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vahti.rules import calendar as cal
from vahti.rules.evaluate import default_evaluator

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAY = dt.timedelta(days=1)


@st.composite
def cases(
    draw,
    services=(
        "teak.tyokokeilu",
        "teak.tyohonvalmennus",
        "teak.yhdistelma",
        "taito",
        "yksilokuntoutus",
    ),
):
    service = draw(st.sampled_from(services))
    base = {"taito": dt.date(2022, 1, 1), "yksilokuntoutus": dt.date(2025, 3, 1)}.get(
        service, dt.date(2022, 1, 1)
    )
    last_decision = dt.date(2025, 12, 31) if service == "taito" else dt.date(2026, 6, 30)
    decided = base + DAY * draw(st.integers(0, (last_decision - base).days))
    received = decided + DAY * draw(st.integers(0, 10))
    start = received + DAY * draw(st.integers(0, 45))
    offsets = sorted(draw(st.sets(st.integers(0, 140), max_size=70)))
    brk = None
    if draw(st.booleans()):
        b0 = draw(st.integers(0, 140))
        brk = (b0, b0 + draw(st.integers(0, 30)))
        offsets = [o for o in offsets if not brk[0] <= o <= brk[1]]
    days = []
    for offset in offsets:
        kind = draw(
            st.sampled_from(["normal", "normal", "normal", "short", "flex0", "flex", "planned"])
        )
        date = (start + DAY * offset).isoformat()
        mode = draw(
            st.sampled_from(["onsite", "onsite", "workplace", "remote", "group", "independent"])
        )
        if kind == "planned":
            days.append({"date": date})
            continue
        hours = {"normal": 6, "short": 4.5, "flex0": 0, "flex": 3}[kind]
        days.append(
            {
                "date": date,
                "hours": hours,
                "programme_hours": min(hours, 5),
                "travel_hours": draw(st.sampled_from([0, 0.5, 1])),
                "mode": mode,
                "flex": kind in ("flex0", "flex"),
                "flex_reason": draw(st.sampled_from([None, "Jaksaminen"])),
                "worked": draw(st.booleans()) and draw(st.booleans()),
                "close_relative": draw(st.booleans()) and draw(st.booleans()),
            }
        )
    free = [o for o in range(0, 141) if o not in offsets and not (brk and brk[0] <= o <= brk[1])]
    absences = [
        {
            "date": (start + DAY * o).isoformat(),
            "reason": draw(st.sampled_from(["sick", "other", None])),
            "reported_to_kela": draw(st.booleans()),
        }
        for o in draw(st.lists(st.sampled_from(free), max_size=4, unique=True))
    ]
    as_of = start + DAY * draw(st.integers(0, 160))
    events = []
    if draw(st.booleans()):
        events.append(
            {
                "type": "precontact",
                "date": min(as_of, received + DAY * draw(st.integers(0, 20))).isoformat(),
            }
        )
    if draw(st.booleans()) and days:
        end = dt.date.fromisoformat(days[-1]["date"])
        if end <= as_of:
            events.append({"type": "end", "date": end.isoformat()})
    if draw(st.booleans()):
        events.append(
            {
                "type": "kela_notified",
                "date": as_of.isoformat(),
                "topic": draw(st.sampled_from(["queue", "change", "postponement"])),
            }
        )
    work = []
    if draw(st.booleans()):
        w0 = start + DAY * draw(st.integers(-10, 140))
        work.append(
            {
                "from": w0.isoformat(),
                "to": draw(st.sampled_from([None, (w0 + DAY * 10).isoformat()])),
                "kind": draw(
                    st.sampled_from(["part_time", "occasional", "full_time", "paid_work_trial"])
                ),
            }
        )
    case = {
        "as_of": as_of.isoformat(),
        "service": service,
        "decision": {
            "decided_on": decided.isoformat(),
            "received_on": received.isoformat(),
            "sequence": draw(st.sampled_from([1, 1, 2])),
            "granted_days": draw(st.sampled_from([None, 30, 60, 120])),
        },
        "client": {
            "in_working_life_at_start": draw(st.booleans()),
            "benefit_before": draw(st.sampled_from([None, None, "sickness"])),
        },
        "events": events,
        "days": days,
        "absences": absences,
        "work": work,
        "breaks": []
        if brk is None
        else [
            {
                "from": (start + DAY * brk[0]).isoformat(),
                "to": (start + DAY * brk[1]).isoformat(),
                "reason": draw(
                    st.sampled_from([None, "employer_delay", "client_holiday", "illness"])
                ),
            }
        ],
    }
    return case


def answer(case):
    return default_evaluator().answer(copy.deepcopy(case), "en")


@SETTINGS
@given(cases())
def test_evaluating_twice_gives_the_same_answer(case):
    first = answer(case)
    assert answer(case) == first
    assert json.loads(json.dumps(first)) == first


@SETTINGS
@given(cases())
def test_a_payable_allowance_day_is_never_a_sunday_or_an_arkipyha(case):
    allowance = answer(case)["allowance"]
    for day in allowance["payable_days"] + allowance["waiting_days"]:
        assert cal.is_arkipaiva(dt.date.fromisoformat(day)), day
    assert allowance["payable_count"] == len(allowance["payable_days"])


@SETTINGS
@given(cases())
def test_a_due_date_is_never_before_its_trigger(case):
    decided = case["decision"]["decided_on"]
    for deadline in answer(case)["deadlines"]:
        assert deadline["due"] >= decided, deadline
        if deadline["rule"] in ("teak.precontact", "teak.start", "taito.start"):
            assert deadline["due"] >= case["decision"]["received_on"]


@SETTINGS
@given(cases(services=("teak.tyohonvalmennus", "taito")), st.integers(1, 60))
def test_a_due_date_moves_forward_with_its_trigger(case, shift):
    """Receiving the decision later moves the arrival-based deadlines later by as much."""
    later = copy.deepcopy(case)
    received = dt.date.fromisoformat(case["decision"]["received_on"]) + DAY * shift
    later["decision"]["received_on"] = received.isoformat()
    later["as_of"] = max(dt.date.fromisoformat(case["as_of"]), received).isoformat()
    before = {d["rule"]: d["due"] for d in answer(case)["deadlines"]}
    after = {d["rule"]: d["due"] for d in answer(later)["deadlines"]}
    for rule in ("teak.precontact", "teak.start", "taito.start"):
        if rule in before:
            moved = dt.date.fromisoformat(after[rule]) - dt.date.fromisoformat(before[rule])
            assert moved == DAY * shift


@SETTINGS
@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)), st.integers(0, 400), st.integers(0, 24))
def test_month_arithmetic_never_goes_back_and_keeps_order(day, gap, months):
    due, _ = cal.add_months(day, months)
    later_due, _ = cal.add_months(day + DAY * gap, months)
    assert due >= day
    assert later_due >= due


def errors(result):
    return {(f["rule"], f["date"]) for f in result["findings"] if f["severity"] == "error"}


@SETTINGS
@given(cases(), st.data())
def test_adding_a_compliant_day_never_adds_an_error(case, data):
    rehab = [d for d in case["days"] if d.get("hours") != 0]
    if len(rehab) < 2:
        return
    first, last = rehab[0]["date"], rehab[-1]["date"]
    taken = {d["date"] for d in case["days"]} | {a["date"] for a in case["absences"]}
    for brk in case["breaks"]:
        day = dt.date.fromisoformat(brk["from"])
        while day <= dt.date.fromisoformat(brk["to"]):
            taken.add(day.isoformat())
            day += DAY
    candidates = []
    day = dt.date.fromisoformat(first)
    while day.isoformat() <= last:
        if cal.is_working_day(day) and day.isoformat() not in taken:
            candidates.append(day.isoformat())
        day += DAY
    granted = case["decision"]["granted_days"]
    if not candidates or (granted is not None and len(rehab) + 1 > granted):
        return
    new_day = data.draw(st.sampled_from(candidates))
    with_day = copy.deepcopy(case)
    with_day["days"].append(
        {"date": new_day, "hours": 6, "programme_hours": 5, "travel_hours": 1, "mode": "onsite"}
    )
    assert errors(answer(with_day)) <= errors(answer(case))


@SETTINGS
@given(cases())
def test_no_day_of_a_break_is_listed_and_every_listed_day_is_inside_the_rehabilitation(case):
    """rules.md "Allowance days" 1: a break cuts the period; only days inside periods are listed."""
    allowance = answer(case)["allowance"]
    listed = (
        allowance["payable_days"]
        + allowance["waiting_days"]
        + [entry["date"] for entry in allowance["not_payable"]]
    )
    for brk in case["breaks"]:
        assert not [day for day in listed if brk["from"] <= day <= brk["to"]], brk
    recorded = sorted(d["date"] for d in case["days"])
    starts = [e["date"] for e in case["events"] if e["type"] == "start"]
    if listed:
        assert min(recorded + starts) <= min(listed) and max(listed) <= recorded[-1]


def weeks_short_day_by_day(case) -> dict[dt.date, tuple[int, int]]:
    """teak.days_per_week as rules.md words it, day by day: for each week from the first
    rehabilitation day to the last, not a flex week and not wholly a break, the expected count
    (5 less each Monday–Friday outside the rehabilitation, a holiday, a break day or an absence
    with a reason) against the rehabilitation days recorded."""
    days = case["days"]
    rehab = sorted(dt.date.fromisoformat(d["date"]) for d in days if d.get("hours") != 0)
    if not rehab:
        return {}
    starts = [dt.date.fromisoformat(e["date"]) for e in case["events"] if e["type"] == "start"]
    first = starts[0] if starts else min(dt.date.fromisoformat(d["date"]) for d in days)
    last = rehab[-1]
    breaks = set()
    for brk in case["breaks"]:
        day = dt.date.fromisoformat(brk["from"])
        while day <= dt.date.fromisoformat(brk["to"]):
            breaks.add(day)
            day += DAY
    excused = {dt.date.fromisoformat(a["date"]) for a in case["absences"] if a["reason"]}
    flex_weeks = {
        cal.week_of(dt.date.fromisoformat(d["date"]).toordinal()) for d in days if d.get("flex")
    }
    short = {}
    monday = first - DAY * first.weekday()
    while monday <= last:
        week = [monday + DAY * n for n in range(7)]
        if monday.toordinal() not in flex_weeks and not all(day in breaks for day in week):
            expected = 5 - sum(
                1
                for day in week[:5]
                if day < first
                or day > last
                or day in cal.holidays_in(day.year)
                or day in breaks
                or day in excused
            )
            actual = sum(1 for day in rehab if monday <= day < monday + DAY * 7)
            if actual < expected:
                short[monday] = (actual, expected)
        monday += DAY * 7
    return short


@SETTINGS
@given(cases(services=("teak.tyokokeilu", "teak.tyohonvalmennus", "teak.yhdistelma")))
def test_weeks_with_too_few_days_are_those_a_day_by_day_count_finds(case):
    """The rule counts lowered weekdays per week at once (for speed); a plain day-by-day count
    of the same rule must find the same weeks with the same figures."""
    evaluator = default_evaluator()
    result = evaluator.evaluate(evaluator.read(copy.deepcopy(case)))
    found = {
        values["week"]: (values["actual"], values["expected"])
        for finding in result.findings
        if finding.rule == "teak.days_per_week"
        for key, values in finding.messages
    }
    assert found == weeks_short_day_by_day(case)


@SETTINGS
@given(cases())
def test_a_jsonl_line_is_exactly_the_json_of_the_answer(case):
    evaluator = default_evaluator()
    assert evaluator.answer_text(copy.deepcopy(case), "fi") == json.dumps(
        answer_fi(case), ensure_ascii=False, separators=(",", ":")
    )


def answer_fi(case):
    return default_evaluator().answer(copy.deepcopy(case), "fi")


DATE_KEYS = {"as_of", "decided_on", "received_on", "date", "new_due", "from", "to"}


def with_date_objects(value):
    if isinstance(value, dict):
        return {
            k: (
                dt.date.fromisoformat(v)
                if k in DATE_KEYS and isinstance(v, str)
                else with_date_objects(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [with_date_objects(v) for v in value]
    return value


@SETTINGS
@given(cases())
def test_dates_given_as_date_objects_read_as_their_iso_text(case):
    """The workspace hands the core date objects rather than ISO text: the same answer."""
    assert answer(with_date_objects(case)) == answer(case)


@SETTINGS
@given(cases())
def test_leaving_the_allowance_days_out_changes_nothing_else(case):
    evaluator = default_evaluator()
    full = evaluator.evaluate(evaluator.read(copy.deepcopy(case)))
    judged = evaluator.evaluate(evaluator.read(copy.deepcopy(case)), allowance_days=False)
    assert judged.allowance is None
    assert [(d.rule, d.due, d.status) for d in judged.deadlines] == [
        (d.rule, d.due, d.status) for d in full.deadlines
    ]
    assert [(f.rule, f.date, f.messages) for f in judged.findings] == [
        (f.rule, f.date, f.messages) for f in full.findings
    ]
