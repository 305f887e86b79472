"""Services write atomically, keep history, check the case with the rules core, and keep the
dashboard's status current."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import admit, new_code
from vahti.cases import services
from vahti.cases.models import Client, Day, Decision, DecisionStatus
from vahti.cases.selectors import case_data, decision_result
from vahti.core.dates import fi_date, today


def monday_before(day: dt.date, weeks: int = 1) -> dt.date:
    return day - dt.timedelta(days=day.weekday() + 7 * weeks)


def workday(monday, offset, **values):
    return {
        "kind": "day",
        "date": monday + dt.timedelta(days=offset),
        "hours": 6,
        "programme_hours": 5,
        "travel_hours": 1,
        "mode": "onsite",
        **values,
    }


def test_admitting_a_client_stores_client_decision_and_status(coach):
    client = admit(coach)
    decision = client.current_decision
    assert decision.client == client and list(client.coaches.all()) == [coach]
    status = DecisionStatus.objects.get(decision=decision)
    assert status.next_rule == "teak.precontact" and status.evaluated_on == today()


def test_a_second_client_with_the_same_code_is_refused(coach):
    code = new_code()
    services.client_create(actor=coach, first_name="A", last_name="B", identity_code=code)
    with pytest.raises(ValidationError):
        services.client_create(actor=coach, first_name="C", last_name="D", identity_code=code)


def test_a_decision_the_core_refuses_is_not_saved(coach):
    before = Client.objects.count()
    with pytest.raises(ValidationError) as caught:
        admit(coach, service="taito", received_on=dt.date(2026, 1, 5))
    # In words, with a Finnish date and no code value ("taito"), on the field it concerns.
    assert caught.value.message_dict == {
        "decided_on": ["Tähän palveluun tehtiin päätöksiä 31.12.2025 asti."]
    }
    assert Client.objects.count() == before and not Decision.objects.exists()


def test_a_week_is_saved_and_the_status_follows(coach):
    decision = admit(coach).current_decision
    monday = monday_before(today())
    services.week_save(
        actor=coach,
        decision=decision,
        monday=monday,
        entries=[workday(monday, offset) for offset in range(5)],
    )
    assert decision.days.count() == 5
    assert case_data(decision, as_of=today())["days"][0]["date"] == monday
    # Saving the week again replaces it: one flex day without justification is an error.
    services.week_save(
        actor=coach,
        decision=decision,
        monday=monday,
        entries=[workday(monday, 0, hours=3, programme_hours=3, flex=True)],
    )
    assert decision.days.count() == 1
    assert DecisionStatus.objects.get(decision=decision).error_count >= 1


def test_a_day_inside_a_break_is_refused_and_nothing_is_saved(coach):
    decision = admit(coach).current_decision
    monday = monday_before(today(), weeks=2)
    services.break_add(
        actor=coach,
        decision=decision,
        start=monday,
        end=monday + dt.timedelta(days=6),
        reason="illness",
    )
    with pytest.raises(ValidationError) as caught:
        services.week_save(
            actor=coach, decision=decision, monday=monday, entries=[workday(monday, 1)]
        )
    # In words on the date field, with Finnish dates: no input path, no ISO date.
    tuesday, sunday = monday + dt.timedelta(days=1), monday + dt.timedelta(days=6)
    span = (
        f"{monday.day}.{monday.month}." if monday.year == sunday.year else fi_date(monday)
    ) + f"–{fi_date(sunday)}"
    assert caught.value.message_dict == {"date": [f"Päivä {fi_date(tuesday)} on tauolla {span}."]}
    assert caught.value.error_dict["date"][0].params == {"date": tuesday.isoformat()}
    assert not Day.objects.filter(decision=decision).exists()


def test_an_event_in_the_future_is_refused(coach):
    decision = admit(coach).current_decision
    with pytest.raises(ValidationError):
        services.event_add(
            actor=coach, decision=decision, type="precontact", date=today() + dt.timedelta(days=1)
        )
    assert not decision.events.exists()


def test_history_records_who_changed_what(coach):
    decision = admit(coach).current_decision
    services.event_add(actor=coach, decision=decision, type="precontact", date=today())
    record = decision.events.get().history.get()
    assert record.history_user == coach and record.history_type == "+"


def test_a_notice_to_kela_clears_the_queue_error(coach):
    decision = admit(coach, received_on=today() - dt.timedelta(days=60)).current_decision
    result = decision_result(decision)
    assert any(f.rule == "teak.queue" for f in result.findings)
    services.event_add(
        actor=coach, decision=decision, type="kela_notified", topic="queue", date=today()
    )
    assert not any(f.rule == "teak.queue" for f in decision_result(decision).findings)


def test_the_daily_refresh_re_evaluates_stale_statuses(coach):
    decision = admit(coach).current_decision
    DecisionStatus.objects.filter(decision=decision).update(evaluated_on=dt.date(2020, 1, 1))
    assert services.decision_statuses_refresh() == 1
    assert DecisionStatus.objects.get(decision=decision).evaluated_on == today()
    assert services.decision_statuses_refresh() == 0


def _statuses():
    return {
        s.decision_id: {name: getattr(s, name) for name in services.STATUS_FIELDS}
        for s in DecisionStatus.objects.all()
    }


def test_the_bulk_refresh_stores_what_one_decision_at_a_time_would(coach, monkeypatch):
    """The daily refresh reads and writes a chunk at a time: with chunks of 2 and 5 decisions of
    different kinds (days, a break, a certificate since made stale, one status missing), every
    status equals the one decision_refresh stores for that decision alone."""
    monkeypatch.setattr(services, "CHUNK", 2)
    monday = monday_before(today(), 3)
    decisions = [
        admit(coach, received_on=today() - dt.timedelta(days=30 + 9 * n)).current_decision
        for n in range(5)
    ]
    for n, decision in enumerate(decisions[:4]):
        services.event_add(
            actor=coach,
            decision=decision,
            type="precontact",
            date=decision.received_on + dt.timedelta(days=n),
        )
        services.week_save(
            actor=coach,
            decision=decision,
            monday=monday,
            entries=[workday(monday, offset, hours=6 - n % 2) for offset in range(5 - n)],
        )
    services.break_add(
        actor=coach,
        decision=decisions[1],
        start=monday + dt.timedelta(days=7),
        end=monday + dt.timedelta(days=9),
        reason="client_holiday",
    )
    services.certificate_issue(actor=coach, decision=decisions[2])
    services.week_save(
        actor=coach,
        decision=decisions[2],
        monday=monday,
        entries=[workday(monday, offset) for offset in range(5)],
    )
    for decision in decisions:
        services.decision_refresh(decision=decision)
    one_by_one = _statuses()
    assert one_by_one[decisions[2].pk]["certificate_stale"]
    DecisionStatus.objects.filter(decision=decisions[4]).delete()
    DecisionStatus.objects.update(
        evaluated_on=dt.date(2020, 1, 1), error_count=99, certificate_stale=False
    )
    assert services.decision_statuses_refresh() == 5
    assert _statuses() == one_by_one


def _refresh_queries(coach, clients: int) -> int:
    for _ in range(clients):
        admit(coach)
    DecisionStatus.objects.update(evaluated_on=dt.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as captured:
        assert services.decision_statuses_refresh() == DecisionStatus.objects.count()
    return len(captured)


def test_the_bulk_refresh_reads_in_queries_per_chunk_not_per_decision(coach):
    """The decisions, five tables of their rows, the statuses, the certificates, the writes (the
    statuses, the work queue's items removed and added, which of them are listed, the tallies
    counted, added to and emptied) and the transaction: the same count for 2 decisions as for 6
    (one chunk)."""
    assert _refresh_queries(coach, 2) == _refresh_queries(coach, 6) <= 17


def test_a_case_the_core_refuses_is_skipped_by_the_refresh_and_the_rest_are_stored(coach):
    first, second = (admit(coach).current_decision for _ in range(2))
    Day.objects.create(decision=first, date=today(), hours=2, programme_hours=5)  # around services
    DecisionStatus.objects.update(evaluated_on=dt.date(2020, 1, 1))
    assert services.decision_statuses_refresh() == 1
    assert DecisionStatus.objects.get(decision=second).evaluated_on == today()
    assert DecisionStatus.objects.get(decision=first).evaluated_on == dt.date(2020, 1, 1)
