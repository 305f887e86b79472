"""Test data made through the services, as a user would make it: DVV's test range of
henkilötunnus only (individual number 900–999)."""

from __future__ import annotations

import datetime as dt
import itertools

from vahti.cases import services as cases
from vahti.core.dates import today
from vahti.core.identity import demo_identity_code
from vahti.organisations import services as organisations
from vahti.organisations.models import User

PASSWORD = "correct horse battery"
_individual = itertools.count(900)


def new_code() -> str:
    """A fresh code in DVV's test range: individual numbers 900–999 over many birth dates."""
    n = next(_individual) - 900
    return demo_identity_code(
        1 + (n // 100) % 28, 1 + (n // 2800) % 12, 1950 + n // 33600, 900 + n % 100
    )


def make_user(organisation, username, role=User.Role.COACH):
    return organisations.user_create(
        organisation=organisation,
        username=username,
        password=PASSWORD,
        first_name=username.title(),
        last_name="Testaaja",
        role=role,
    )


def admit(actor, *, coaches=None, service="teak.tyohonvalmennus", received_on=None, **decision):
    received_on = received_on or today() - dt.timedelta(days=20)
    return cases.client_admit(
        actor=actor,
        client={
            "first_name": "Testi",
            "last_name": f"Asiakas{next(_individual)}",
            "identity_code": new_code(),
            "coaches": coaches or [actor],
        },
        decision={
            "service": service,
            "decided_on": received_on - dt.timedelta(days=2),
            "received_on": received_on,
            **decision,
        },
    )


def version(decision) -> str:
    """The recorded-data version a page would show now (its forms post it back)."""
    from vahti.cases.selectors import recorded_version

    return str(recorded_version(decision))


def api_token(user, scope: str = "write") -> str:
    """A personal API token's text for ``user`` (as made on the profile page after the second
    factor)."""
    _token, text = organisations.api_token_create(
        user=user,
        verified=True,
        name=f"testi {scope}",
        scope=scope,
        expires_on=today() + dt.timedelta(days=30),
        today=today(),
    )
    return text


def days_recorded(actor, decision, *, count: int, weeks_ago: int = 2, **day):
    """``count`` days from the Monday ``weeks_ago`` weeks back, saved as the week page saves;
    each day 6 hours at the workplace unless ``day`` says otherwise."""
    monday = today() - dt.timedelta(days=today().weekday() + 7 * weeks_ago)
    day = {"hours": 6, "mode": "workplace", **day}
    cases.week_save(
        actor=actor,
        decision=decision,
        monday=monday,
        entries=[
            {"kind": "day", "date": monday + dt.timedelta(days=n), **day} for n in range(count)
        ],
    )
    return monday
