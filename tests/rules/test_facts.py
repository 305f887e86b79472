"""Facts the work queue reads from a case: the weeks still to record."""

import datetime as dt

from vahti.rules.evaluate import default_evaluator
from vahti.rules.facts import unrecorded_weeks

D = dt.date


AS_OF = D(2026, 11, 23)


def _case(*, days=(), absences=(), breaks=(), events=(), as_of=AS_OF):
    return default_evaluator().read(
        {
            "as_of": as_of.isoformat(),
            "service": "teak.tyokokeilu",
            "decision": {
                "decided_on": "2026-09-01",
                "received_on": "2026-09-02",
                "granted_days": 60,
            },
            "events": [{"type": t, "date": d.isoformat()} for t, d in events],
            "days": [{"date": d.isoformat(), "hours": 6} for d in days],
            "absences": [{"date": d.isoformat(), "reason": "sick"} for d in absences],
            "breaks": [
                {"from": a.isoformat(), "to": b.isoformat(), "reason": "illness"} for a, b in breaks
            ],
        }
    )


def test_no_start_means_no_week_to_record():
    assert unrecorded_weeks(_case(), D(2026, 11, 23)) == []


def test_weeks_with_a_day_an_absence_or_a_break_are_recorded_and_the_rest_are_listed():
    # Started Mon 5.10.; weeks of 5.10. (day), 12.10. (absence), 19.10. (break) are recorded;
    # 26.10.–16.11. are not; the running week of 23.11. is not yet due.
    case = _case(
        days=[D(2026, 10, 5)],
        absences=[D(2026, 10, 14)],
        breaks=[(D(2026, 10, 19), D(2026, 10, 23))],
    )
    assert unrecorded_weeks(case, D(2026, 11, 23)) == [
        D(2026, 10, 26),
        D(2026, 11, 2),
        D(2026, 11, 9),
        D(2026, 11, 16),
    ]


def test_the_end_closes_the_weeks_to_record():
    case = _case(days=[D(2026, 10, 5)], events=[("end", D(2026, 10, 20))])
    assert unrecorded_weeks(case, D(2026, 11, 23)) == [D(2026, 10, 12), D(2026, 10, 19)]


def test_a_weekend_day_does_not_record_the_week():
    case = _case(days=[D(2026, 11, 2), D(2026, 11, 14)])
    assert unrecorded_weeks(case, D(2026, 11, 23)) == [D(2026, 11, 9), D(2026, 11, 16)]
