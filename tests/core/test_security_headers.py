"""Client data stays out of caches, and an idle session ends."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tests.factories import admit
from vahti.reminders import services as reminders


def test_pages_and_documents_of_a_signed_in_user_are_not_stored(client, coach):
    target = admit(coach)
    client.force_login(coach)
    for url in (reverse("cases:dashboard"), reverse("cases:client", args=[target.pk])):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store, private", url
        assert response["X-Frame-Options"] == "DENY"


def test_the_calendar_feed_is_not_stored_either(client, coach):
    admit(coach)
    token = reminders.calendar_token_renew(user=coach)
    response = client.get(reverse("reminders:calendar_feed", args=[token.token]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"


def test_a_session_lasts_thirty_idle_minutes_and_each_request_renews_it():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get(reverse("organisations:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_no_template_has_inline_script_or_style_that_the_policy_would_block():
    from pathlib import Path

    import vahti

    for template in Path(vahti.__file__).parent.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and " style=" not in text and " onclick=" not in text, (
            template
        )


def test_a_missing_page_is_a_finnish_404(client, settings, coach):
    settings.DEBUG = False
    client.force_login(coach)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Sivua ei löydy" in response.content.decode()


def test_a_server_error_is_a_finnish_page():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Jokin meni vikaan" in page and "puoliksi" in page


def test_behind_an_https_proxy_posts_are_accepted_from_the_trusted_origin(settings, coach):
    from django.test import Client

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = ["https://vahti.example.fi"]
    settings.ALLOWED_HOSTS = ["vahti.example.fi"]
    browser = Client(
        enforce_csrf_checks=True, HTTP_HOST="vahti.example.fi", HTTP_X_FORWARDED_PROTO="https"
    )
    page = browser.get(reverse("organisations:login")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    ok = browser.post(
        reverse("organisations:login"),
        {"csrfmiddlewaretoken": token, "username": coach.username, "password": "wrong-password"},
        HTTP_ORIGIN="https://vahti.example.fi",
    )
    assert ok.status_code == 200  # the login form again, not a CSRF 403
    forged = browser.post(
        reverse("organisations:login"),
        {"csrfmiddlewaretoken": token, "username": coach.username, "password": "x"},
        HTTP_ORIGIN="https://evil.example.com",
    )
    assert forged.status_code == 403


def test_a_forged_forwarded_for_header_is_ignored_without_trusted_proxies(settings, rf):
    from vahti.core.http import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "10.0.0.2"
    settings.PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "203.0.113.9"
