"""Reads of contracts and price annexes: a manager's own organisation only (a 404 for anyone
else), the price in force on a day, and the clients still to finish under a contract."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from vahti.cases.access import clients_for
from vahti.cases.models import Decision
from vahti.cases.selectors import decision_results
from vahti.organisations.selectors import managed_organisation_id
from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator

from .models import Contract, Price, PriceType

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


def price_on(price_type: PriceType, on: dt.date) -> Price | None:
    """The price in force on ``on``: the latest that started on or before it."""
    return price_type.prices.filter(starts_on__lte=on).order_by("-starts_on").first()


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


@dataclass
class PreviewRow:
    decision: Decision
    billable: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    left_out: list[tuple[dt.date, str]] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((price for _day, price in self.billable), Decimal(0))


@dataclass
class Preview:
    contract: Contract
    first: dt.date
    last: dt.date
    rows: list[PreviewRow]
    unreadable: list[Decision]

    @property
    def units(self) -> int:
        return sum(len(row.billable) for row in self.rows)

    @property
    def amount(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal(0))


def billing_preview(user, contract: Contract, *, month: dt.date, on: dt.date) -> Preview:
    """What a billing run of ``month`` would hold under ``contract`` (nothing is made): per
    client the billable rehabilitation days with their price in force on each day, and every
    day left out with its reason in words (billing.billable; a day without a price in force is
    left out, and refuses a run, billing.fields)."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    decisions = list(
        Decision.objects.filter(
            contract_link__contract=contract, client__in=clients_for(user).values("pk")
        )
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "pk")
    )
    day_prices = {pt.service: pt for pt in contract.price_types.filter(unit=PriceType.Unit.DAY)}
    evaluator = default_evaluator()
    rows, unreadable = [], []
    for decision, result in decision_results(decisions, as_of=on, allowance_days=False):
        if isinstance(result, CaseError):
            unreadable.append(decision)
            continue
        row = PreviewRow(decision)
        units = evaluator.billable(
            result.case,
            start=first,
            end=last,
            on=on,
            late_cancellation_billable=contract.late_cancellation_billable,
        )
        price_type = day_prices.get(decision.service)
        for unit in units:
            if not unit.billable:
                row.left_out.append((unit.date, REASONS[unit.why]))
                continue
            price = price_on(price_type, unit.date) if price_type else None
            if price is None:
                row.left_out.append((unit.date, REASONS[NO_PRICE]))
            else:
                row.billable.append((unit.date, price.amount))
        if row.billable or row.left_out:
            rows.append(row)
    return Preview(contract, first, last, rows, unreadable)
