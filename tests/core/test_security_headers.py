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


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_no_template_has_inline_script_or_style_that_the_policy_would_block():
    from pathlib import Path

    import vahti

    for template in Path(vahti.__file__).parent.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and " style=" not in text and " onclick=" not in text, \
            template


def test_a_missing_page_is_a_finnish_404(client, settings, coach):
    settings.DEBUG = False
    client.force_login(coach)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Sivua ei löydy" in response.content.decode()


def test_a_server_error_is_a_finnish_page():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Jokin meni vikaan" in page and "puoliksi" in page
