"""Client data stays out of caches, and an idle session ends."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from vahti.reminders import services as reminders

from tests.factories import admit


def test_pages_and_documents_of_a_signed_in_user_are_not_stored(client, coach):
    target = admit(coach)
    client.force_login(coach)
    for url in (reverse("dashboard"), reverse("client", args=[target.pk])):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store, private", url
        assert response["X-Frame-Options"] == "DENY"


def test_the_calendar_feed_is_not_stored_either(client, coach):
    admit(coach)
    token = reminders.calendar_token_renew(user=coach)
    response = client.get(reverse("calendar_feed", args=[token.token]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"


def test_a_session_lasts_thirty_idle_minutes_and_each_request_renews_it():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
