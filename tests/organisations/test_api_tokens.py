"""Personal API tokens: made on the profile page only after the second factor, shown once,
stored as a digest, scoped, expiring and revocable, each change in the history; every read
through one is logged naming it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import admit, api_token
from vahti.audit.models import AccessRecord
from vahti.core.dates import today
from vahti.organisations import services
from vahti.organisations.models import ApiToken


def bearer(text: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def test_a_manager_with_the_second_factor_makes_a_token_shown_once(client, manager):
    client.force_login(manager)  # with the second factor (conftest)
    response = client.post(
        "/account/api-tokens/",
        {"name": "kirjanpito", "scope": "read", "expires_on": "4.3.2027"},
    )
    page = response.content.decode()
    assert "kopioi se nyt" in page
    token = ApiToken.objects.get()
    text = page.split('<code class="token">')[1].split("</code>")[0]
    assert text.startswith("vahti_") and len(text) > 40
    assert token.digest != text and text not in token.prefix + token.digest
    assert text not in client.get("/account/").content.decode()  # never again
    assert client.get("/api/v1/clients/", **bearer(text)).status_code == 200
    assert token.history.count() == 1 and token.history.first().history_user == manager


def test_without_the_second_factor_no_token_is_made(client, coach):
    client.force_login(coach)  # a coach need not use it, and has not
    page = client.get("/account/").content.decode()
    assert "kirjaudu toisella tunnistautumisella" in page
    response = client.post(
        "/account/api-tokens/", {"name": "x", "scope": "read", "expires_on": "4.3.2027"}
    )
    assert "Ota toinen tunnistautuminen käyttöön" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_is_valid_a_year_at_most_and_named(manager):
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(
            user=manager,
            verified=True,
            name="x",
            scope="read",
            expires_on=today() + dt.timedelta(days=400),
            today=today(),
        )
    assert "expires_on" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(
            user=manager,
            verified=True,
            name=" ",
            scope="read",
            expires_on=today() + dt.timedelta(days=4),
            today=today(),
        )
    assert "name" in refused.value.error_dict


def test_revoked_expired_unknown_and_malformed_tokens_open_nothing(client, manager):
    text = api_token(manager, "read")
    token = ApiToken.objects.get()
    assert client.get("/api/v1/clients/", **bearer(text)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_on=today() - dt.timedelta(days=1))
    response = client.get("/api/v1/clients/", **bearer(text))
    assert response.status_code == 401 and "vanhentunut" in response.json()["detail"]
    ApiToken.objects.filter(pk=token.pk).update(expires_on=today() + dt.timedelta(days=1))
    client.force_login(manager)
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.history.count() == 2
    client.logout()
    assert client.get("/api/v1/clients/", **bearer(text)).status_code == 401
    assert client.get("/api/v1/clients/", **bearer("vahti_" + "x" * 43)).status_code == 401
    assert client.get("/api/v1/clients/", **bearer("abc")).status_code == 401
    assert client.get("/api/v1/clients/").status_code == 401  # no token
    # A session is not a token: the pages' sign-in does not open the API.
    client.force_login(manager)
    assert client.get("/api/v1/clients/").status_code == 401


def test_a_read_only_token_cannot_write(client, coach):
    decision = admit(coach).current_decision
    text = api_token(coach, "read")
    monday = today() - dt.timedelta(days=today().weekday())
    response = client.put(
        f"/api/v1/decisions/{decision.pk}/weeks/{monday}/",
        {"version": 0, "entries": []},
        content_type="application/json",
        **bearer(text),
    )
    assert response.status_code == 403
    assert "vain lukea" in response.json()["detail"]


def test_only_its_owner_revokes_a_token(client, manager, coach):
    api_token(manager)
    token = ApiToken.objects.get()
    client.force_login(coach)
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_every_read_through_a_token_is_logged_naming_it(client, coach):
    client_record = admit(coach)
    text = api_token(coach, "read")
    token = ApiToken.objects.get()
    before = AccessRecord.objects.count()
    client.get(f"/api/v1/clients/{client_record.pk}/", **bearer(text))
    row = AccessRecord.objects.order_by("-sequence").first()
    assert AccessRecord.objects.count() == before + 1
    assert row.client_id == client_record.pk and row.user == coach
    assert token.prefix in row.detail and "testi read" in row.detail
