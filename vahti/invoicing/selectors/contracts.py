"""Reads of contracts and price annexes: a manager's own organisation only (a 404 for anyone
else), the price in force on a day, and the clients still to finish under a contract."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from vahti.cases.access import clients_for
from vahti.cases.models import Decision
from vahti.organisations.selectors import managed_organisation_id

from ..models import Contract, Price, PriceType

NO_PRICE = "no_price"


def contracts_of(user):
    return Contract.objects.filter(organisation_id=managed_organisation_id(user))


def contract_for(user, contract_id: int) -> Contract:
    return get_object_or_404(contracts_of(user), pk=contract_id)


def price_type_for(user, price_type_id: int) -> PriceType:
    return get_object_or_404(
        PriceType.objects.select_related("contract"),
        pk=price_type_id,
        contract__organisation_id=managed_organisation_id(user),
    )


def price_on(price_type: PriceType | None, on: dt.date) -> Price | None:
    """The price in force on ``on``: the latest that started on or before it. Reads the type's
    prices as loaded (a billing plan prefetches them once for every day it prices)."""
    if price_type is None:
        return None
    found = None
    for price in price_type.prices.all():  # ordered by starts_on (Meta)
        if price.starts_on <= on:
            found = price
    return found


def to_finish(user, contract: Contract):
    """The decisions under ``contract`` whose rehabilitation has not ended (Kela's pattern when a
    contract ends: finish the decisions you hold), of the user's visible clients."""
    return (
        Decision.objects.filter(
            contract_link__contract=contract,
            client__in=clients_for(user).values("pk"),
            client__active=True,
        )
        .exclude(events__type="end")
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "pk")
    )


def unlinked_decisions(user, contract: Contract):
    """Current decisions of the contract's lines that belong to no contract yet."""
    return (
        Decision.objects.filter(
            client__in=clients_for(user).values("pk"),
            client__active=True,
            service__in=contract.services,
            contract_link__isnull=True,
        )
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "pk")
    )


# Why a day is not billed, as the preview says it (rules/billing.py's reasons).
REASONS = {
    "planned": _("planned, not yet realised"),
    "before_start": _("before the start"),
    "outside_window": _("outside the decision's window"),
    "after_end": _("after the end or interruption"),
    "absent": _("absent"),
    "late_cancellation": _("cancelled late (not billed under this contract)"),
    "flex_without_rehabilitation": _("flex day without rehabilitation"),
    "already_invoiced": _("already invoiced"),
    "over_granted_days": _("over the granted days"),
    NO_PRICE: _("no price in force for the day"),
}
