"""The user's own profile: e-mail and language, kept on the account and used on every device,
in e-mails and in the calendar."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

ACCOUNT = reverse("organisations:account")


@pytest.mark.django_db
def test_the_profile_saves_the_email_and_language_and_the_pages_follow(coach):
    browser = Client()
    browser.force_login(coach)
    page = browser.get(ACCOUNT).content.decode()
    assert "Sähköposti ja kieli" in page and reverse("reminders:calendar_settings") in page
    assert reverse("organisations:password_change") in page
    response = browser.post(
        ACCOUNT, {"email": "ville@example.invalid", "language": "en"}, follow=True
    )
    coach.refresh_from_db()
    assert (coach.email, coach.language) == ("ville@example.invalid", "en")
    assert "Your details have been saved." in response.content.decode()
    assert "My account" in browser.get(ACCOUNT).content.decode()  # the cookie was set
    assert coach.history.first().history_user == coach  # recorded like any change


@pytest.mark.django_db
def test_a_bad_email_is_refused_on_its_field_and_nothing_is_saved(coach):
    browser = Client()
    browser.force_login(coach)
    page = browser.post(ACCOUNT, {"email": "not an address", "language": "en"}).content.decode()
    assert "Sähköposti: Syötä kelvollinen sähköpostiosoite." in page
    page = browser.post(ACCOUNT, {"email": "", "language": "de"}).content.decode()
    assert "Kieli:" in page
    coach.refresh_from_db()
    assert (coach.email, coach.language) == ("", "fi")


@pytest.mark.django_db
def test_signing_in_on_another_device_brings_the_chosen_language(coach):
    coach.language = "en"
    coach.save()
    browser = Client()
    browser.post(reverse("organisations:login"), {"username": coach.username, "password": PASSWORD})
    assert browser.cookies["django_language"].value == "en"
    assert "Work queue" in browser.get(reverse("workqueue:work_queue")).content.decode()
