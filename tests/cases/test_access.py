"""Every view of client data goes through the access helper: another organisation's client,
or a client not assigned to a coach, does not exist (404)."""

import pytest
from django.urls import reverse

from tests.factories import admit


def client_urls(client):
    decision = client.current_decision
    event = decision.events.create(type="precontact", date=decision.received_on)
    return [
        ("get", reverse("cases:client", args=[client.pk])),
        ("get", reverse("cases:decision_edit", args=[decision.pk])),
        ("post", reverse("cases:decision_edit", args=[decision.pk])),
        ("get", reverse("cases:week", args=[decision.pk])),
        ("post", reverse("cases:week", args=[decision.pk])),
        ("get", reverse("cases:records", args=[decision.pk])),
        ("post", reverse("cases:records", args=[decision.pk])),
        ("post", reverse("cases:record_delete", args=[decision.pk, "event", event.pk])),
    ]


@pytest.mark.parametrize("index", range(8))
@pytest.mark.parametrize("intruder", ["outsider", "other_coach"])
def test_another_organisation_or_an_unassigned_coach_gets_404_everywhere(
    client, coach, request, intruder, index
):
    """A user of another organisation, or a coach not assigned to the client."""
    target = admit(coach)
    method, url = client_urls(target)[index]
    client.force_login(request.getfixturevalue(intruder))
    assert getattr(client, method)(url).status_code == 404


def test_a_manager_sees_every_client_of_the_organisation(client, coach, manager):
    target = admit(coach)
    client.force_login(manager)
    assert client.get(reverse("cases:client", args=[target.pk])).status_code == 200
    assert target.last_name in client.get(reverse("cases:dashboard")).content.decode()


def test_the_dashboard_lists_only_the_users_own_clients(client, coach, other_coach, outsider):
    mine, theirs = admit(coach), admit(other_coach)
    client.force_login(coach)
    page = client.get(reverse("cases:dashboard")).content.decode()
    assert mine.last_name in page and theirs.last_name not in page
    client.force_login(outsider)
    assert mine.last_name not in client.get(reverse("cases:dashboard")).content.decode()


@pytest.mark.parametrize("name", ["cases:dashboard", "cases:rules", "cases:client_create"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("organisations:login"))


def test_forms_need_the_csrf_token(coach):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coach)
    target = admit(coach)
    response = browser.post(
        reverse("cases:records", args=[target.current_decision.pk]), {"record": "event"}
    )
    assert response.status_code == 403
