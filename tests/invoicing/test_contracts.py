"""Contracts with Kela and their price annexes (issue 23, item 1): dated prices, a decision under
a contract, the clients still to finish, refusals in words on their field, and the wall."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import admit
from vahti.audit.models import AccessRecord
from vahti.cases import services as cases
from vahti.core.dates import today
from vahti.invoicing import services
from vahti.invoicing.models import Contract
from vahti.invoicing.selectors import price_on, to_finish

START = dt.date(2025, 1, 1)


def contract(manager, **fields):
    data = {
        "number": "TEAK-2025-17",
        "services": ["teak.tyohonvalmennus", "teak.tyokokeilu"],
        "starts_on": START,
    } | fields
    return services.contract_create(actor=manager, **data)


def test_a_price_is_in_force_from_its_day_until_the_next_one(manager):
    teak = contract(manager)
    day_price = services.price_type_add(
        actor=manager,
        contract=teak,
        name="Työhönvalmennuspäivä",
        service="teak.tyohonvalmennus",
        unit="day",
        amount=Decimal("180.00"),
        starts_on=START,
        vat_reason="Kelan kustantama kuntoutus",
    )
    services.price_set(
        actor=manager, price_type=day_price, amount=Decimal("186.50"), starts_on=dt.date(2026, 1, 1)
    )
    assert price_on(day_price, dt.date(2024, 12, 31)) is None
    assert price_on(day_price, dt.date(2025, 12, 31)).amount == Decimal("180.00")
    assert price_on(day_price, dt.date(2026, 1, 1)).amount == Decimal("186.50")


def test_refusals_name_their_field_and_save_nothing(manager):
    with pytest.raises(ValidationError) as error:
        contract(manager, ends_on=dt.date(2024, 12, 31))
    assert list(error.value.message_dict) == ["ends_on"]
    teak = contract(manager)
    with pytest.raises(ValidationError) as error:
        contract(manager)
    assert list(error.value.message_dict) == ["number"]
    with pytest.raises(ValidationError) as error:
        services.price_type_add(
            actor=manager,
            contract=teak,
            name="Käynti",
            service="yksilokuntoutus",
            unit="visit",
            amount=Decimal(90),
            starts_on=START,
            vat_reason="x",
        )
    assert list(error.value.message_dict) == ["service"]
    with pytest.raises(ValidationError) as error:
        services.price_type_add(
            actor=manager,
            contract=teak,
            name="Päivä",
            service="teak.tyokokeilu",
            unit="day",
            amount=Decimal(90),
            starts_on=START,
            vat_reason="",
        )
    assert list(error.value.message_dict) == ["vat_reason"]
    assert not teak.price_types.exists() and Contract.objects.count() == 1


def test_a_coach_cannot_write_contracts(coach):
    with pytest.raises(PermissionDenied):
        contract(coach)


def test_a_decision_goes_under_a_contract_that_covers_it_and_is_listed_until_it_ends(
    manager, coach
):
    teak = contract(manager, starts_on=today() - dt.timedelta(days=400))
    patient = admit(coach)
    decision = patient.current_decision
    services.decision_contract_set(actor=manager, decision=decision, contract=teak)
    assert list(to_finish(manager, teak)) == [decision]
    cases.rehabilitation_end(
        actor=coach, decision=decision, date=today(), reason="", interrupted=False
    )
    assert list(to_finish(manager, teak)) == []
    other = admit(coach, service="yksilokuntoutus").current_decision
    with pytest.raises(ValidationError) as error:
        services.decision_contract_set(actor=manager, decision=other, contract=teak)
    assert list(error.value.message_dict) == ["decision"]


def test_the_pages_work_for_a_manager_log_the_clients_and_are_404_elsewhere(
    client, manager, coach, outsider
):
    teak = contract(manager, starts_on=today() - dt.timedelta(days=400))
    patient = admit(coach)
    services.decision_contract_set(actor=manager, decision=patient.current_decision, contract=teak)
    client.force_login(manager)
    page = client.get(reverse("invoicing:contract", args=[teak.pk]))
    assert page.status_code == 200 and patient.last_name in page.content.decode()
    assert AccessRecord.objects.filter(user=manager, client_id=patient.pk).exists()
    answer = client.post(
        reverse("invoicing:contract", args=[teak.pk]),
        {
            "action": "type",
            "name": "Työhönvalmennuspäivä",
            "service": "teak.tyohonvalmennus",
            "unit": "day",
            "amount": "180,00",
            "starts_on": (today() - dt.timedelta(days=400)).isoformat(),
            "vat_exempt": "on",
            "vat_reason": "Kelan kustantama kuntoutus",
        },
    )
    assert answer.status_code == 302, re.findall(r'field-error">([^<]*)', answer.content.decode())
    assert "180,00\u00a0€" in client.get(answer["Location"]).content.decode()
    refused = client.post(reverse("invoicing:contracts"), {"number": "", "starts_on": ""})
    assert refused.status_code == 400 and "Tämä kenttä vaaditaan" in refused.content.decode()
    client.force_login(coach)  # prices and contracts are a manager's
    assert client.get(reverse("invoicing:contracts")).status_code == 404
    assert client.get(reverse("invoicing:contract", args=[teak.pk])).status_code == 404
    client.force_login(outsider)  # another organisation's manager: its own list, not ours
    assert teak.number not in client.get(reverse("invoicing:contracts")).content.decode()
    assert client.get(reverse("invoicing:contract", args=[teak.pk])).status_code == 404


def test_the_billing_preview_prices_each_billable_day_and_says_why_the_others_are_left_out(
    client, manager, coach, outsider
):
    from vahti.cases.models import Absence, Day

    teak = contract(manager, starts_on=today() - dt.timedelta(days=400))
    services.price_type_add(
        actor=manager,
        contract=teak,
        name="Työhönvalmennuspäivä",
        service="teak.tyohonvalmennus",
        unit="day",
        amount=Decimal("180.00"),
        starts_on=teak.starts_on,
        vat_reason="Kelan kustantama kuntoutus",
    )
    patient = admit(coach, received_on=today() - dt.timedelta(days=90))
    decision = patient.current_decision
    services.decision_contract_set(actor=manager, decision=decision, contract=teak)
    # Last month: two realised days and an absence, straight into the tables (the preview
    # reads whatever is recorded, through the rules core).
    last_month = (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    days = [d for d in (last_month + dt.timedelta(days=n) for n in range(28)) if d.weekday() < 5]
    Day.objects.create(decision=decision, date=days[0], hours=6)
    Day.objects.create(decision=decision, date=days[1], hours=6)
    Absence.objects.create(decision=decision, date=days[2], reason="sick")
    client.force_login(manager)
    url = reverse("invoicing:billing_preview", args=[teak.pk])
    page = client.get(
        url, {"month": f"{last_month.year}-{last_month.month:02d}", "service": decision.service}
    )
    preview = page.context["plan"]
    assert preview.units == 2 and preview.amount == Decimal("360.00")
    assert [why for _day, why in preview.clients[0].left_out] == ["poissa"]
    assert "360,00\u00a0€" in page.content.decode()
    assert AccessRecord.objects.filter(user=manager, client_id=patient.pk).exists()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
