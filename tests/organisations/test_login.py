"""Signing in as an attacker and a user would: wrong passwords lock the username, managers
need a second factor (TOTP) that a stolen password cannot replace, organisations can require it
of everyone, passwords are changed on a page with validators, and a user can end every session."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from tests.factories import PASSWORD
from vahti.organisations.models import Authenticator, User

LOGIN = reverse("organisations:login")


def _sign_in(browser, user, password=PASSWORD):
    return browser.post(LOGIN, {"username": user.username, "password": password})


def _code(device, *, offset=0):
    totp = TOTP(device.bin_key, step=device.step, digits=device.digits)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def _age_attempts(seconds):
    """As if the attempts so far were made ``seconds`` ago."""
    import datetime as dt

    from axes.models import AccessAttempt
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(seconds=seconds))


@pytest.mark.django_db
def test_wrong_passwords_lock_the_username_from_that_address_only(coach):
    browser = Client(REMOTE_ADDR="10.0.0.1")
    statuses = [_sign_in(browser, coach, f"wrong-password-{n}").status_code for n in range(9)]
    assert statuses[0] == 200 and statuses[-1] == 429
    response = _sign_in(browser, coach)
    assert response.status_code == 429
    assert "Liian monta epäonnistunutta kirjautumista" in response.content.decode()
    assert "15 minuutiksi" in response.content.decode()
    assert browser.get(reverse("cases:dashboard")).status_code == 302  # not signed in
    # From another address the user is slowed, not locked: after a few seconds, in.
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    slowed = _sign_in(elsewhere, coach)
    assert slowed.status_code == 429 and "sekunnin kuluttua" in slowed.content.decode()
    _age_attempts(11)
    assert _sign_in(elsewhere, coach).status_code == 302


@pytest.mark.django_db
def test_wrong_passwords_from_eight_addresses_do_not_lock_the_manager_out(manager, caplog):
    """Once a weapon: eight wrong passwords from eight addresses locked a manager out for 15
    minutes, again and again. Now the username is slowed and the operator told."""
    for n in range(8):
        _sign_in(Client(REMOTE_ADDR=f"10.1.0.{n}"), manager, "wrong")
    assert any("its sign-ins are slowed" in r.getMessage() for r in caplog.records)
    _age_attempts(11)
    assert _sign_in(Client(REMOTE_ADDR="10.1.1.1"), manager).status_code == 302
    # A slowed username's refused attempts are no guesses: nothing is counted for them.
    from axes.models import AccessAttempt

    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) <= 8


@pytest.mark.django_db
def test_one_address_guessing_through_usernames_is_refused(organisation, settings, caplog):
    from tests.factories import make_user

    settings.LOGIN_ADDRESS_LIMIT = 12
    users = [make_user(organisation, f"user{n}") for n in range(4)]
    guesser = Client(REMOTE_ADDR="10.2.0.1")
    for n in range(12):
        _sign_in(guesser, users[n % 4], "wrong")
    refused = _sign_in(guesser, users[0])
    assert refused.status_code == 429 and "tästä osoitteesta" in refused.content.decode()
    assert any("from address 10.2.0.1" in r.getMessage() for r in caplog.records)
    assert _sign_in(Client(REMOTE_ADDR="10.2.0.2"), users[0]).status_code == 302


@pytest.mark.django_db
def test_a_right_password_before_the_limit_signs_in_and_resets_the_count(coach):
    browser = Client()
    for n in range(5):
        _sign_in(browser, coach, f"wrong-{n}")
    assert _sign_in(browser, coach).status_code == 302
    browser.logout()
    for n in range(5):
        _sign_in(browser, coach, f"wrong-again-{n}")
    assert _sign_in(browser, coach).status_code == 302


@pytest.mark.django_db
def test_a_manager_sets_up_the_authenticator_before_reaching_any_page(manager, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling has its own test below
    browser = Client()
    assert _sign_in(browser, manager).status_code == 302
    response = browser.get(reverse("cases:dashboard"))
    assert response.status_code == 302 and response.url.startswith(
        reverse("organisations:second_factor")
    )
    assert browser.get(response.url).url.startswith(reverse("organisations:second_factor_setup"))
    page = browser.get(reverse("organisations:second_factor_setup"))
    assert (
        "<svg" in page.content.decode() and "Ota todennussovellus käyttöön" in page.content.decode()
    )
    device = Authenticator.objects.get(user=manager, confirmed=False)
    wrong = browser.post(reverse("organisations:second_factor_setup"), {"token": "000000"})
    assert "Koodi ei täsmännyt" in wrong.content.decode()
    assert browser.get(reverse("cases:dashboard")).status_code == 302
    done = browser.post(reverse("organisations:second_factor_setup"), {"token": _code(device)})
    assert done.status_code == 302
    assert browser.get(reverse("cases:dashboard")).status_code == 200
    assert Authenticator.objects.get(user=manager).confirmed


@pytest.mark.django_db
def test_the_next_sign_in_asks_for_the_code_and_a_stolen_password_cannot_replace_the_device(
    manager, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = Authenticator.objects.create(user=manager, name="phone", confirmed=True)
    attacker = Client()
    _sign_in(attacker, manager)
    # The setup page (which would show a new secret) sends back to the code instead.
    assert attacker.get(reverse("organisations:second_factor_setup")).url.startswith(
        reverse("organisations:second_factor")
    )
    refused = attacker.post(reverse("organisations:second_factor"), {"token": "123456"})
    assert "Koodi on väärä" in refused.content.decode()
    assert attacker.get(reverse("cases:client_create")).status_code == 302
    assert Authenticator.objects.filter(user=manager).count() == 1

    owner = Client()
    _sign_in(owner, manager)
    assert (
        owner.post(reverse("organisations:second_factor"), {"token": _code(device)}).status_code
        == 302
    )
    assert owner.get(reverse("cases:dashboard")).status_code == 200


@pytest.mark.django_db
def test_coaches_need_the_second_factor_only_when_their_organisation_asks(coach, organisation):
    browser = Client()
    _sign_in(browser, coach)
    assert browser.get(reverse("cases:dashboard")).status_code == 200
    organisation.second_factor_for_all = True
    organisation.save()
    browser = Client()
    _sign_in(browser, coach)
    assert browser.get(reverse("cases:dashboard")).status_code == 302


@pytest.mark.django_db
def test_only_development_mode_waives_it_and_only_for_the_demo_accounts(settings, organisation):
    from tests.factories import make_user

    demo = make_user(organisation, "demo", User.Role.MANAGER)
    settings.SECOND_FACTOR_WAIVED_USERNAMES = frozenset({"demo"})
    browser = Client()
    _sign_in(browser, demo)
    assert browser.get(reverse("cases:dashboard")).status_code == 200
    settings.SECOND_FACTOR_WAIVED_USERNAMES = frozenset()
    assert browser.get(reverse("cases:dashboard")).status_code == 302


@pytest.mark.django_db
def test_the_password_page_refuses_weak_passwords_and_ends_other_sessions(coach):
    here, elsewhere = Client(), Client()
    _sign_in(here, coach)
    _sign_in(elsewhere, coach)
    url = reverse("organisations:password_change")
    weak = here.post(url, {"old_password": PASSWORD, "new_password1": "1", "new_password2": "1"})
    assert weak.status_code == 200
    assert "Uusi salasana" in weak.content.decode() and "12" in weak.content.decode()
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)
    strong = "lumi-sataa-hiljaa-marraskuussa"
    response = here.post(
        url, {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    )
    assert response.status_code == 302
    assert here.get(reverse("cases:dashboard")).status_code == 200
    assert elsewhere.get(reverse("cases:dashboard")).status_code == 302


@pytest.mark.django_db
def test_logging_out_everywhere_ends_every_session_of_the_user(coach, other_coach):
    phone, desktop, colleague = Client(), Client(), Client()
    for browser, user in ((phone, coach), (desktop, coach), (colleague, other_coach)):
        _sign_in(browser, user)
    assert desktop.post(reverse("organisations:logout_everywhere")).status_code == 302
    assert phone.get(reverse("cases:dashboard")).status_code == 302
    assert desktop.get(reverse("cases:dashboard")).status_code == 302
    assert colleague.get(reverse("cases:dashboard")).status_code == 200
    assert _sign_in(phone, coach).status_code == 302  # signing in again works
    assert phone.get(reverse("cases:dashboard")).status_code == 200


@pytest.mark.django_db
def test_wrong_codes_slow_down_the_next_tries_even_the_right_one(manager):
    device = Authenticator.objects.create(user=manager, name="phone", confirmed=True)
    browser = Client()
    _sign_in(browser, manager)
    for _ in range(3):
        browser.post(reverse("organisations:second_factor"), {"token": "000000"})
    response = browser.post(reverse("organisations:second_factor"), {"token": _code(device)})
    assert "Koodi on väärä" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1 and device.throttling_failure_timestamp
    assert browser.get(reverse("cases:dashboard")).status_code == 302


@pytest.mark.django_db
def test_the_authenticators_secret_is_encrypted_at_rest_and_rotated(manager, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command
    from django.db import connection

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    device = Authenticator.objects.create(user=manager, name="phone", confirmed=True)

    def stored():
        with connection.cursor() as cursor:
            cursor.execute("SELECT key FROM organisations_authenticator WHERE id = %s", [device.pk])
            return cursor.fetchone()[0]

    assert device.key not in stored() and stored().startswith("gAAAAA")
    dumped = __import__("io").StringIO()
    call_command("dumpdata", "organisations.authenticator", stdout=dumped)
    assert device.key not in dumped.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    before = stored()
    call_command("vahti_rotate_keys", stdout=__import__("io").StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert stored() != before
    assert Authenticator.objects.get(pk=device.pk).key == device.key
    assert Authenticator.objects.get(pk=device.pk).verify_token(_code(device))


@pytest.mark.django_db
def test_a_secret_planted_in_the_database_in_clear_is_not_accepted(manager):
    """Someone who can write the database but holds no field key cannot add a device whose
    codes they know."""
    from django.db import connection

    from vahti.core.identity import KeysDoNotMatch

    device = Authenticator.objects.create(user=manager, name="phone", confirmed=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organisations_authenticator SET key = %s WHERE id = %s",
            ["3132333435363738393031323334353637383930", device.pk],
        )
    with pytest.raises(KeysDoNotMatch):
        Authenticator.objects.get(pk=device.pk).verify_token("123456")
