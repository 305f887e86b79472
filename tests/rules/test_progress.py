"""Progress on the client page, read from the case and the parameters like the rules."""

import datetime as dt

from vahti.rules.evaluate import default_evaluator


def progress_of(service, days, *, as_of="2026-11-23", decided_on="2026-09-01", **decision):
    evaluator = default_evaluator()
    case = evaluator.read(
        {
            "as_of": as_of,
            "service": service,
            "decision": {"decided_on": decided_on, "received_on": decided_on, **decision},
            "days": days,
        }
    )
    return evaluator.progress(evaluator.evaluate(case))


def test_job_coaching_counts_done_and_planned_days_against_the_lines_sixty():
    shown = progress_of(
        "teak.tyohonvalmennus",
        [
            {"date": "2026-09-14", "hours": 6},
            {"date": "2026-11-23", "hours": 6},
            {"date": "2026-11-24", "hours": 6},
            {"date": "2026-11-25", "hours": 0, "flex": True},
        ],
    )
    assert (shown.done, shown.planned, shown.granted) == (2, 1, 60)
    # The window is 5 months from the first day; 14.2.2027 is 11 whole weeks after 23.11.2026.
    assert shown.window_end == dt.date(2027, 2, 14) and not shown.window_is_average
    assert shown.weeks_left == 11 and shown.visits is None


def test_the_decisions_own_days_and_window_win_over_the_lines():
    shown = progress_of(
        "teak.tyohonvalmennus",
        [{"date": "2026-09-14", "hours": 6}],
        granted_days=30,
        window_months=3,
    )
    assert shown.granted == 30 and shown.window_end == dt.date(2026, 12, 14)


def test_a_work_trial_has_no_cap_on_days_and_no_window_before_the_first_day():
    shown = progress_of("teak.tyokokeilu", [])
    assert (shown.done, shown.granted, shown.window_end, shown.weeks_left) == (0, None, None, None)


def test_weeks_left_never_go_below_zero_after_the_window():
    shown = progress_of(
        "teak.tyohonvalmennus", [{"date": "2026-01-05", "hours": 6}], decided_on="2026-01-01"
    )
    assert shown.window_end == dt.date(2026, 6, 5) and shown.weeks_left == 0


def test_taito_counts_start_phase_visits_before_the_first_group_day_against_one_to_five():
    shown = progress_of(
        "taito",
        [
            {"date": "2025-09-15", "hours": 2},
            {"date": "2025-09-22", "hours": 2},
            {"date": "2025-10-06", "hours": 6, "mode": "group"},
            {"date": "2025-10-13", "hours": 2},
        ],
        decided_on="2025-09-01",
        as_of="2026-11-23",
    )
    assert (shown.visits, shown.visits_min, shown.visits_max) == (2, 1, 5)
    # Taito's 15 months are an average from the first day, never a deadline.
    assert shown.window_end == dt.date(2026, 12, 15) and shown.window_is_average


def test_taito_visits_planned_after_today_are_not_counted_yet():
    shown = progress_of(
        "taito",
        [{"date": "2025-11-20", "hours": 2}, {"date": "2025-11-27", "hours": 2}],
        decided_on="2025-10-01",
        as_of="2025-11-23",
    )
    assert shown.visits == 1 and shown.planned == 1
