"""Fixtures for the workspace: two organisations, their staff, and clients made by services."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from vahti.workspace import services
from vahti.workspace.identity import demo_identity_code
from vahti.workspace.models import User
from vahti.workspace.selectors import today

PASSWORD = "correct horse battery"
_individual = itertools.count(900)


@pytest.fixture(autouse=True)
def test_codes_allowed(settings):
    settings.ALLOW_TEST_IDENTITY_CODES = True


def new_code() -> str:
    """A fresh code in DVV's test range: individual numbers 900–999 over many birth dates."""
    n = next(_individual) - 900
    return demo_identity_code(1 + (n // 100) % 28, 1 + (n // 2800) % 12, 1950 + n // 33600,
                              900 + n % 100)


@pytest.fixture
def organisation(db):
    return services.organisation_create(name="Testi Kuntoutus Oy", business_id="1234567-1")


@pytest.fixture
def other_organisation(db):
    return services.organisation_create(name="Toinen Oy", business_id="7654321-2")


def make_user(organisation, username, role=User.Role.COACH):
    return services.staff_create(organisation=organisation, username=username, password=PASSWORD,
                                 first_name=username.title(), last_name="Testaaja", role=role)


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


def admit(actor, *, coaches=None, service="teak.tyohonvalmennus", received_on=None, **decision):
    received_on = received_on or today() - dt.timedelta(days=20)
    return services.client_admit(
        actor=actor,
        client={"first_name": "Testi", "last_name": f"Asiakas{next(_individual)}",
                "identity_code": new_code(), "coaches": coaches or [actor]},
        decision={"service": service, "decided_on": received_on - dt.timedelta(days=2),
                  "received_on": received_on, **decision})


@pytest.fixture
def client_of_coach(coach):
    return admit(coach)


@pytest.fixture
def logged_in(client, coach):
    client.force_login(coach)
    return client
