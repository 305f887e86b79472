"""Cases over the REST API: the organisation wall on every endpoint, the week's version check,
errors as JSON naming the field, writes through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import admit, api_token
from vahti.cases.models import Client, Day
from vahti.cases.services import certificate_issue, week_save
from vahti.core.dates import today

MONDAY = today() - dt.timedelta(days=today().weekday() + 7)


def bearer(text: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


@pytest.fixture
def case(coach):
    client = admit(coach, received_on=MONDAY - dt.timedelta(days=14))
    decision = client.current_decision
    week_save(
        actor=coach,
        decision=decision,
        monday=MONDAY,
        entries=[
            {
                "kind": "day",
                "date": MONDAY + dt.timedelta(days=n),
                "hours": 6,
                "programme_hours": 5,
                "travel_hours": None,
                "mode": "onsite",
                "flex": False,
                "flex_reason": "",
                "worked": False,
                "close_relative": False,
            }
            for n in range(3)
        ],
    )
    certificate_issue(actor=coach, decision=decision)
    return decision


def object_urls(decision) -> list[str]:
    return [
        f"/api/v1/clients/{decision.client_id}/",
        f"/api/v1/decisions/{decision.pk}/",
        f"/api/v1/decisions/{decision.pk}/evaluation/",
        f"/api/v1/decisions/{decision.pk}/weeks/{MONDAY}/",
        f"/api/v1/decisions/{decision.pk}/events/",
        f"/api/v1/decisions/{decision.pk}/certificates/",
        f"/api/v1/decisions/{decision.pk}/certificates/1/pdf/",
    ]


def test_every_endpoint_answers_its_owner(client, coach, case):
    text = api_token(coach)
    for url in object_urls(case):
        response = client.get(url, **bearer(text))
        assert response.status_code == 200, url
    assert client.get(object_urls(case)[-1], **bearer(text))["Content-Type"] == "application/pdf"
    listed = client.get("/api/v1/clients/", **bearer(text)).json()
    assert [c["id"] for c in listed["results"]] == [case.client_id]
    assert "identity_code" not in listed["results"][0]


@pytest.mark.parametrize("who", ["outsider", "other_coach"])
def test_the_wall_holds_on_every_endpoint(client, case, who, request):
    text = api_token(request.getfixturevalue(who))
    for url in object_urls(case):
        assert client.get(url, **bearer(text)).status_code == 404, url
    assert (
        client.put(
            object_urls(case)[3],
            {"version": 0, "entries": []},
            content_type="application/json",
            **bearer(text),
        ).status_code
        == 404
    )
    assert (
        client.post(
            object_urls(case)[4],
            {"version": 0, "type": "start", "date": str(MONDAY)},
            content_type="application/json",
            **bearer(text),
        ).status_code
        == 404
    )
    for url in ("/api/v1/clients/", "/api/v1/work-queue/", "/api/v1/notices/"):
        body = client.get(url, **bearer(text)).json()
        assert body.get("count", 0) == 0, url
    assert Day.objects.filter(decision=case).count() == 3


def test_invoices_are_for_managers(client, coach, manager):
    assert client.get("/api/v1/invoices/", **bearer(api_token(coach))).status_code == 403
    assert client.get("/api/v1/invoices/", **bearer(api_token(manager))).status_code == 200


def test_a_week_is_written_with_the_version_read_and_a_stale_one_is_refused(client, coach, case):
    text = api_token(coach)
    url = f"/api/v1/decisions/{case.pk}/weeks/{MONDAY}/"
    week = client.get(url, **bearer(text)).json()
    assert [e["date"] for e in week["entries"]] == [
        str(MONDAY + dt.timedelta(days=n)) for n in range(3)
    ]
    week["entries"].append(
        {"kind": "absence", "date": str(MONDAY + dt.timedelta(days=3)), "reason": "sick"}
    )
    saved = client.put(url, week, content_type="application/json", **bearer(text))
    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == week["version"] + 1
    stale = client.put(url, week, content_type="application/json", **bearer(text))
    assert stale.status_code == 409
    assert "avasit sivun" in stale.json()["non_field_errors"][0]
    assert case.absences.count() == 1


def test_errors_are_json_naming_the_field(client, coach, case):
    text = api_token(coach)
    url = f"/api/v1/decisions/{case.pk}/weeks/{MONDAY}/"
    bad = client.put(
        url,
        {"version": "x", "entries": [{"kind": "day", "date": "31.2."}]},
        content_type="application/json",
        **bearer(text),
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"version", "entries"}
    assert "date" in bad.json()["entries"]["0"]  # the first entry's date
    outside = client.put(
        url, {"version": 99, "entries": []}, content_type="application/json", **bearer(text)
    )
    assert outside.status_code == 409
    assert (
        client.get(f"/api/v1/decisions/{case.pk}/weeks/2026-12-02/", **bearer(text)).status_code
        == 404
    )  # not a Monday


def test_a_client_is_added_through_the_new_client_services(client, coach):
    text = api_token(coach)
    body = {
        "first_name": "Api",
        "last_name": "Asiakas",
        "identity_code": "010190-900P",
        "service": "teak.tyokokeilu",
        "decided_on": "2026-11-02",
        "received_on": "2026-11-05",
    }
    response = client.post(
        "/api/v1/clients/", body, content_type="application/json", **bearer(text)
    )
    assert response.status_code == 201, response.json()
    made = Client.objects.get(last_name="Asiakas")
    assert list(made.coaches.all()) == [coach] and made.history.first().history_user == coach
    again = client.post("/api/v1/clients/", body, content_type="application/json", **bearer(text))
    assert again.status_code == 400 and "identity_code" in again.json()
    wrong = client.post(
        "/api/v1/clients/",
        {**body, "identity_code": "010190-900X", "received_on": "2026-11-01"},
        content_type="application/json",
        **bearer(text),
    )
    assert wrong.status_code == 400
    assert "tarkistusmerkki" in wrong.json()["identity_code"][0]


def test_the_evaluation_explains_each_deadline(client, coach, case):
    body = client.get(f"/api/v1/decisions/{case.pk}/evaluation/", **bearer(api_token(coach))).json()
    assert body["deadlines"], body
    first = body["deadlines"][0]
    assert first["basis"] and first["source"] and first["title"]
    assert first["status"] in {"met", "late", "open", "overdue"}
