"""Writes of contracts and price annexes: a manager's, atomic, each with its history row (who and
when). The checks refuse in words on the field they concern, and nothing is saved half-way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vahti.cases.models import Decision
from vahti.core.actors import save_with_actor
from vahti.core.dates import fi_date
from vahti.core.lines import registry
from vahti.organisations.models import User
from vahti.organisations.services import manager_required

from ..models import Contract, ContractDecision, Price, PriceType


def _period_checked(starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": _("The contract cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": fi_date(ends_on), "start": fi_date(starts_on)}
            }
        )


def _services_checked(services: list[str]) -> list[str]:
    known = registry().lines
    unknown = [s for s in services if s not in known]
    if not services or unknown:
        raise ValidationError({"services": _("Choose the service lines the contract covers.")})
    return sorted(set(services))


@transaction.atomic
def contract_create(
    *,
    actor: User,
    number: str,
    services: list[str],
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    late_cancellation_billable: bool = False,
) -> Contract:
    manager_required(actor)
    number = number.strip()
    _period_checked(starts_on, ends_on)
    if Contract.objects.filter(organisation=actor.organisation, number=number).exists():
        raise ValidationError({"number": _("A contract with this number already exists.")})
    return save_with_actor(
        Contract(
            organisation=actor.organisation,
            number=number,
            services=_services_checked(services),
            starts_on=starts_on,
            ends_on=ends_on,
            late_cancellation_billable=late_cancellation_billable,
        ),
        actor,
    )


@transaction.atomic
def contract_update(
    *,
    actor: User,
    contract: Contract,
    ends_on: dt.date | None,
    late_cancellation_billable: bool,
) -> Contract:
    """A contract's end (when Kela ends it) and its cancellation setting."""
    manager_required(actor, contract.organisation_id)
    _period_checked(contract.starts_on, ends_on)
    contract.ends_on = ends_on
    contract.late_cancellation_billable = late_cancellation_billable
    return save_with_actor(contract, actor)


@transaction.atomic
def price_type_add(
    *,
    actor: User,
    contract: Contract,
    name: str,
    service: str,
    unit: str,
    amount: Decimal,
    starts_on: dt.date,
    vat_exempt: bool = True,
    vat_reason: str = "",
) -> PriceType:
    """A price type of the annex with its first price."""
    manager_required(actor, contract.organisation_id)
    if service not in contract.services:
        raise ValidationError({"service": _("The contract does not cover this service line.")})
    if vat_exempt and not vat_reason.strip():
        raise ValidationError(
            {"vat_reason": _("Give the reason for the VAT exemption (the provider confirms it).")}
        )
    price_type = save_with_actor(
        PriceType(
            contract=contract,
            name=name.strip(),
            service=service,
            unit=unit,
            vat_exempt=vat_exempt,
            vat_reason=vat_reason.strip(),
        ),
        actor,
    )
    price_set(actor=actor, price_type=price_type, amount=amount, starts_on=starts_on)
    return price_type


@transaction.atomic
def price_set(*, actor: User, price_type: PriceType, amount: Decimal, starts_on: dt.date) -> Price:
    """A new price from ``starts_on`` on, inside the contract's period; the earlier price stays
    in force for the days before it."""
    contract = price_type.contract
    manager_required(actor, contract.organisation_id)
    if starts_on < contract.starts_on or (contract.ends_on and starts_on > contract.ends_on):
        raise ValidationError(
            {"starts_on": _("The price must start within the contract's period.")}
        )
    if price_type.prices.filter(starts_on=starts_on).exists():
        raise ValidationError({"starts_on": _("A price already starts on this day.")})
    return save_with_actor(Price(price_type=price_type, amount=amount, starts_on=starts_on), actor)


@transaction.atomic
def decision_contract_set(
    *, actor: User, decision: Decision, contract: Contract
) -> ContractDecision:
    """Put a decision under a contract that covers its line and was in force when it was made."""
    manager_required(actor, contract.organisation_id)
    if decision.client.organisation_id != contract.organisation_id:
        raise ValidationError({"decision": _("Choose a decision of your organisation.")})
    if decision.service not in contract.services:
        raise ValidationError({"decision": _("The contract does not cover this service line.")})
    if decision.decided_on < contract.starts_on or (
        contract.ends_on and decision.decided_on > contract.ends_on
    ):
        raise ValidationError(
            {"decision": _("The decision was made outside the contract's period.")}
        )
    link = ContractDecision.objects.filter(decision=decision).first() or ContractDecision(
        decision=decision
    )
    link.contract = contract
    return save_with_actor(link, actor)
