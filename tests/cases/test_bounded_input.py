"""Bounded input: the attacks that gave 500s or crawling pages now get a clear Finnish message
naming the field (forms) or are ignored (query strings), and nothing is saved half-way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.cases.test_views import week_post
from tests.factories import admit, new_code, version
from vahti.cases.models import Client
from vahti.core.dates import today


@pytest.mark.parametrize(
    "query",
    [
        "coach=abc",
        "coach=-1",
        "coach=99999999999999999999",
        "page=abc",
        "page=0",
        "page=99999999999",
        "status=x" * 50,
        "service=%F0%9F%99%82",
    ],
)
def test_bad_dashboard_parameters_are_ignored(logged_in, client_of_coach, query):
    assert logged_in.get(f"{reverse('cases:dashboard')}?{query}").status_code == 200


def test_a_nul_character_is_a_400_not_a_500(logged_in, client_of_coach):
    assert logged_in.get(f"{reverse('cases:dashboard')}?service=%00").status_code == 400
    decision = client_of_coach.current_decision
    response = logged_in.post(
        reverse("cases:records", args=[decision.pk]),
        {
            "version": version(decision),
            "record": "break",
            "break-start": today().isoformat(),
            "break-end": today().isoformat(),
            "break-note": "a\x00b",
        },
    )
    assert response.status_code == 400 and not decision.breaks.exists()


@pytest.mark.parametrize(
    "week", ["0001-01-01", "9999-12-31", "abc", "2026-13-45", "1999-12-31", "2026-11-23T99"]
)
def test_bad_weeks_show_the_current_week(logged_in, client_of_coach, week):
    url = reverse("cases:week", args=[client_of_coach.current_decision.pk])
    assert logged_in.get(f"{url}?week={week}").status_code == 200


@pytest.mark.parametrize("year", ["0001", "1999", "2101", "9999"])
def test_a_decision_from_an_implausible_year_is_refused_on_its_field(logged_in, year):
    received = f"{year}-03-02"
    page = logged_in.post(
        reverse("cases:client_create"),
        {
            "client-first_name": "Uusi",
            "client-last_name": "Vuosi",
            "client-identity_code": new_code(),
            "decision-service": "teak.tyokokeilu",
            "decision-decided_on": received,
            "decision-received_on": received,
            "decision-sequence": "1",
        },
    ).content.decode()
    assert "Päätöspäivä: " in page and "ei ole vuosien 2000 ja 2100 välillä" in page
    assert not Client.objects.filter(last_name="Vuosi").exists()


def test_a_break_far_from_the_decision_is_refused_and_nothing_is_saved(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    page = logged_in.post(
        reverse("cases:records", args=[decision.pk]),
        {
            "version": version(decision),
            "record": "break",
            "break-start": "2000-01-01",
            "break-end": today().isoformat(),
            "break-reason": "illness",
        },
    ).content.decode()
    assert "on liian kaukana päätöksestä" in page and "1.1.2000" in page
    assert not decision.breaks.exists()


def test_a_week_far_from_the_decision_is_refused(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    monday = dt.date(2090, 1, 2)
    page = logged_in.post(
        reverse("cases:week", args=[decision.pk]),
        week_post(monday, {0: {"kind": "day", "hours": "6", "programme_hours": "6"}}, decision),
    )
    assert "on liian kaukana päätöksestä" in page.content.decode()
    assert not decision.days.exists()


def test_two_megabytes_of_feedback_are_refused_with_the_limit(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    page = logged_in.post(
        reverse("feedback:feedback", args=[decision.pk]),
        {"version": version(decision), "section_goals": "x" * 2_000_000},
    ).content.decode()
    assert "8000" in page
    assert not hasattr(decision, "feedback") or decision.feedback is None


def test_a_note_over_the_limit_is_refused_on_its_field(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    page = logged_in.post(
        reverse("cases:records", args=[decision.pk]),
        {
            "version": version(decision),
            "record": "break",
            "break-start": today().isoformat(),
            "break-end": today().isoformat(),
            "break-reason": "illness",
            "break-note": "n" * 5000,
        },
    ).content.decode()
    assert "2000" in page and not decision.breaks.exists()


def test_a_long_notice_detail_is_refused(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    response = logged_in.post(
        reverse("notices:notice_new", args=[decision.pk]), {"kind": "change", "details": "d" * 5000}
    )
    assert response.status_code == 200 and "2000" in response.content.decode()
    assert not decision.notices.exists()


def test_a_day_before_the_decision_arrived_is_refused(logged_in, coach):
    decision = admit(coach, received_on=today() - dt.timedelta(days=3)).current_decision
    before = decision.received_on - dt.timedelta(days=1)
    monday = before - dt.timedelta(days=before.weekday())
    rows = {before.weekday(): {"kind": "day", "hours": "6", "programme_hours": "6"}}
    page = logged_in.post(
        reverse("cases:week", args=[decision.pk]), week_post(monday, rows, decision)
    ).content.decode()
    assert "on ennen kuin päätös saapui" in page and not decision.days.exists()


@pytest.mark.parametrize(
    "field, value, shown",
    [
        ("decision-granted_days", "30000", "Myönnetyt päivät"),
        ("decision-sequence", "30000", "Päätöksen numero"),
        ("decision-independent_days_granted", "5000", "Myönnetyt itsenäiset päivät"),
    ],
)
def test_implausibly_many_granted_days_or_decision_numbers_are_refused_on_their_field(
    logged_in, field, value, shown
):
    received = (today() - dt.timedelta(days=3)).isoformat()
    page = logged_in.post(
        reverse("cases:client_create"),
        {
            "client-first_name": "Uusi",
            "client-last_name": "Paljon",
            "client-identity_code": new_code(),
            "decision-service": "teak.tyohonvalmennus",
            "decision-decided_on": received,
            "decision-received_on": received,
            "decision-sequence": "1",
            field: value,
        },
    ).content.decode()
    assert f"{shown}: Tämän arvon on oltava enintään" in page
    assert not Client.objects.filter(last_name="Paljon").exists()


@pytest.mark.parametrize("name", ["Tab\tulator", "Rivin\nvaihto"])
def test_a_name_with_a_tab_or_a_line_break_is_refused_on_its_field(logged_in, name):
    received = (today() - dt.timedelta(days=3)).isoformat()
    page = logged_in.post(
        reverse("cases:client_create"),
        {
            "client-first_name": name,
            "client-last_name": "Merkki",
            "client-identity_code": new_code(),
            "decision-service": "teak.tyohonvalmennus",
            "decision-decided_on": received,
            "decision-received_on": received,
            "decision-sequence": "1",
        },
    ).content.decode()
    assert "ilman sarkaimia tai rivinvaihtoja" in page
    assert not Client.objects.filter(last_name="Merkki").exists()


def test_the_core_refuses_implausible_granted_days_naming_the_field():
    from vahti.rules.case import CaseError
    from vahti.rules.evaluate import default_evaluator

    case = {
        "service": "teak.tyohonvalmennus",
        "as_of": "2026-03-01",
        "decision": {
            "decided_on": "2026-01-02",
            "received_on": "2026-01-05",
            "granted_days": 30000,
        },
    }
    with pytest.raises(CaseError) as refused:
        default_evaluator().read(case)
    assert refused.value.field == "decision.granted_days"
