"""Fixtures for the Django apps: two organisations, their staff, and clients made by services
(the helpers are in tests/factories.py)."""

from __future__ import annotations

import os
import warnings

import pytest
from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY

from vahti.organisations import services as organisations
from vahti.organisations.models import Authenticator, User

from .factories import admit, make_user


@pytest.fixture(autouse=True)
def test_codes_allowed(settings):
    settings.ALLOW_TEST_IDENTITY_CODES = True


@pytest.fixture(autouse=True)
def audit_heads_elsewhere(settings, tmp_path):
    """vahti_verify_audit keeps the chains' heads in a file outside the database: the test's."""
    settings.AUDIT_HEADS_FILE = str(tmp_path / "audit-heads.jsonl")


@pytest.fixture(autouse=True)
def second_factor_on_force_login(monkeypatch):
    """force_login stands for a complete sign-in, second factor included, for users who need
    one (tests/organisations/test_login.py signs in through the pages themselves)."""
    original = DjangoClient.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.requires_second_factor:
            device, _ = Authenticator.objects.get_or_create(
                user=user, name="test", defaults={"confirmed": True}
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(DjangoClient, "force_login", force_login)


@pytest.fixture(scope="session", autouse=True)
def sessions_left_named(request):
    """PostgreSQL cannot drop a test database that another session still uses (a warning at
    the end of some runs, one session, never reproduced in a subset): name any such session
    before the database is dropped, so that what left it open can be found."""
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        yield
        return
    request.getfixturevalue("django_db_setup")  # torn down after this fixture
    blocker = request.getfixturevalue("django_db_blocker")
    yield
    from django.db import connection

    with blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT application_name, backend_start, state, left(query, 300) "
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for row in cursor.fetchall():
            warnings.warn(f"a session is still open on the test database: {row}", stacklevel=1)


@pytest.fixture
def organisation(db):
    return organisations.organisation_create(name="Testi Kuntoutus Oy", business_id="1234567-1")


@pytest.fixture
def other_organisation(db):
    return organisations.organisation_create(name="Toinen Oy", business_id="7654321-2")


@pytest.fixture
def manager(organisation):
    return make_user(organisation, "manager", User.Role.MANAGER)


@pytest.fixture
def coach(organisation):
    return make_user(organisation, "coach")


@pytest.fixture
def other_coach(organisation):
    return make_user(organisation, "othercoach")


@pytest.fixture
def outsider(other_organisation):
    return make_user(other_organisation, "outsider", User.Role.MANAGER)


@pytest.fixture
def client_of_coach(coach):
    return admit(coach)


@pytest.fixture
def logged_in(client, coach):
    client.force_login(coach)
    return client
