"""Fixtures for the Django apps: two organisations, their staff, and clients made by services
(the helpers are in tests/factories.py)."""

from __future__ import annotations

import pytest

from vahti.organisations import services as organisations
from vahti.organisations.models import User

from .factories import admit, make_user


@pytest.fixture(autouse=True)
def test_codes_allowed(settings):
    settings.ALLOW_TEST_IDENTITY_CODES = True


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
