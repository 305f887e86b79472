"""Billing runs and their invoices: the billing details, making a month's run in one action
(numbers from gapless series, credit notes for changed invoiced days, the days locked), and an
invoice's way on: draft → sent → paid, or rejected with Kela's reason (its days are then billed
again in the next run, on an invoice that names the rejected one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum import bic as bic_code
from stdnum import iban as iban_code

from vahti.cases.models import InvoicedDay
from vahti.cases.services import days_invoice, invoiced_days_release
from vahti.core.actors import save_with_actor
from vahti.core.dates import fi_date
from vahti.organisations.models import User
from vahti.organisations.services import manager_required, organisation_prices_visibility_set
from vahti.rules.billing import business_id_valid
from vahti.rules.evaluate import default_evaluator

from ..models import BillingProfile, Contract, Invoice, InvoiceRow, Run, Series
from ..selectors.runs import ACCOUNT_PREFIX, INVOICE_PREFIX, billing_plan, reference_for
from .unbilled import unbilled_summaries_refresh

MIN_REASON = 10  # characters: a reason someone can later understand


@transaction.atomic
def billing_profile_save(
    *, actor: User, prices_visible_to_coaches: bool = False, **fields
) -> BillingProfile:
    """The organisation's billing details; business IDs, the IBAN and the BIC are checked by
    their check digits (python-stdnum) and refused on their field."""
    manager_required(actor, actor.organisation_id)
    errors = {}
    for name in ("biller_business_id", "provider_business_id"):
        fields[name] = fields[name].strip()
        if not business_id_valid(fields[name]):
            errors[name] = _("Not a valid business ID (Y-tunnus): check the number.")
    fields["iban"] = iban_code.compact(fields["iban"])
    if not iban_code.is_valid(fields["iban"]):
        errors["iban"] = _("Not a valid IBAN: check the account number.")
    fields["bic"] = fields["bic"].strip().upper()
    if not bic_code.is_valid(fields["bic"]):
        errors["bic"] = _("Not a valid BIC: check the bank's code.")
    if errors:
        raise ValidationError(errors)
    profile = BillingProfile.objects.filter(organisation=actor.organisation).first()
    profile = profile or BillingProfile(organisation=actor.organisation)
    for name, value in fields.items():
        setattr(profile, name, value)
    organisation_prices_visibility_set(actor=actor, visible=prices_visible_to_coaches)
    return save_with_actor(profile, actor)


def _locked_series(organisation_id: int, kind: str) -> Series:
    """The organisation's ``kind`` series, its row locked until the transaction ends: numbers
    are taken in the run's transaction, so a refused run takes none (no gaps)."""
    Series.objects.get_or_create(organisation_id=organisation_id, kind=kind)
    return Series.objects.select_for_update().get(organisation_id=organisation_id, kind=kind)


def _take(series: Series, count: int) -> int:
    """The first of ``count`` numbers of a locked series."""
    first = series.last + 1
    series.last += count
    series.save(update_fields=["last"])
    return first


def _rows(invoice: Invoice, lines, evaluator) -> list[InvoiceRow]:
    rows = []
    for line in lines:
        amount = line.amount
        rate, vat = evaluator.vat(amount, exempt=line.price_type.vat_exempt, on=line.date)
        rows.append(
            InvoiceRow(
                invoice=invoice,
                date=line.date,
                price_type=line.price_type,
                name=line.price_type.name,
                unit=line.price_type.unit,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=amount,
                vat_rate=rate,
                vat_amount=vat,
                vat_exempt=line.price_type.vat_exempt,
                vat_reason=line.price_type.vat_reason,
                rule=line.rule,
                credits=line.credits,
            )
        )
    return rows


@transaction.atomic
def run_make(*, actor: User, contract: Contract, service: str, month: dt.date, on: dt.date) -> Run:
    """Make the month's run of ``service`` under ``contract`` as its plan says (the plan is
    made again here, under the series' lock, never taken from the page): refused in words when
    a check refuses it or there is nothing to invoice. Per client a credit note for each
    invoice whose days changed, then one invoice of the billable days; the days are locked."""
    manager_required(actor, contract.organisation_id)
    if service not in contract.services:
        raise ValidationError({"service": _("The contract does not cover this service line.")})
    organisation_id = contract.organisation_id
    # Lock the series first: two managers making runs at once are made one after the other.
    accounts = _locked_series(organisation_id, Series.ACCOUNT)
    plan = billing_plan(actor, contract, service=service, month=month, on=on)
    if plan.errors:
        raise ValidationError(plan.errors)
    clients = plan.to_invoice
    if not clients:
        raise ValidationError(_("There is nothing to invoice for this month."))
    count = sum(len(c.credits) + (1 if c.lines else 0) for c in clients)
    account = _take(accounts, 1)
    number = _take(_locked_series(organisation_id, Series.INVOICE), count)
    profile = plan.profile
    due_on = on + dt.timedelta(days=profile.payment_days)
    run = save_with_actor(
        Run(
            organisation_id=organisation_id,
            contract=contract,
            service=service,
            month=plan.first,
            number=account,
            reference=reference_for(ACCOUNT_PREFIX, account),
            made_on=on,
            made_by=actor,
        ),
        actor,
    )
    evaluator = default_evaluator()
    rows: list[InvoiceRow] = []
    for client in clients:
        decision = client.decision
        for original, lines in client.credits.items():
            credit = _invoice(run, decision, number, Invoice.Kind.CREDIT, original, lines, on)
            made = _rows(credit, lines, evaluator)
            _total(credit, made, actor)
            rows += made
            invoiced_days_release(
                actor=actor, decision=decision, dates=[line.date for line in lines]
            )
            number += 1
        if client.lines:
            invoice = _invoice(
                run, decision, number, Invoice.Kind.INVOICE, client.replaces, client.lines, on
            )
            invoice.due_on = due_on
            made = _rows(invoice, client.lines, evaluator)
            _total(invoice, made, actor)
            rows += made
            days_invoice(
                actor=actor,
                decision=decision,
                invoice=str(invoice.number),
                days={row.date: row.amount + row.vat_amount for row in made},
            )
            number += 1
    InvoiceRow.objects.bulk_create(rows, batch_size=1000)
    unbilled_summaries_refresh(on=on, organisation_id=organisation_id)
    return run


def _invoice(run, decision, number, kind, original, lines, on) -> Invoice:
    dates = [line.date for line in lines]
    return Invoice(
        organisation_id=run.organisation_id,
        run=run,
        decision=decision,
        number=number,
        reference=reference_for(INVOICE_PREFIX, number),
        kind=kind,
        original=original,
        issued_on=on,
        due_on=on,
        period_start=min(dates),
        period_end=max(dates),
        total=Decimal(0),
        status_on=on,
    )


def _total(invoice: Invoice, rows: list[InvoiceRow], actor: User) -> None:
    invoice.total = sum((row.amount + row.vat_amount for row in rows), Decimal(0))
    save_with_actor(invoice, actor)
    for row in rows:
        row.invoice = invoice  # the saved invoice's key


@transaction.atomic
def run_mark_sent(*, actor: User, run: Run, on: dt.date) -> int:
    """The run's drafts were sent to Kela on ``on``: each becomes sent. Returns how many."""
    manager_required(actor, run.organisation_id)
    drafts = list(run.invoices.filter(status=Invoice.Status.DRAFT))
    if not drafts:
        raise ValidationError(_("The run has no drafts left to send."))
    if on < run.made_on:
        raise ValidationError(
            {
                "on": _("A run is sent on or after the day it was made (%(day)s).")
                % {"day": fi_date(run.made_on)}
            }
        )
    for invoice in drafts:
        invoice.status, invoice.status_on = Invoice.Status.SENT, on
        save_with_actor(invoice, actor)
    run.sent_on = on
    save_with_actor(run, actor)
    return len(drafts)


@transaction.atomic
def invoice_mark_paid(*, actor: User, invoice: Invoice, on: dt.date) -> Invoice:
    manager_required(actor, invoice.organisation_id)
    if invoice.status != Invoice.Status.SENT:
        raise ValidationError(_("Only a sent invoice is marked paid."))
    if on < invoice.status_on:
        raise ValidationError(
            {
                "on": _("It cannot be paid before it was sent (%(day)s).")
                % {"day": fi_date(invoice.status_on)}
            }
        )
    invoice.status, invoice.status_on = Invoice.Status.PAID, on
    return save_with_actor(invoice, actor)


@transaction.atomic
def invoice_reject(*, actor: User, invoice: Invoice, reason: str, on: dt.date) -> Invoice:
    """Kela rejected a sent invoice (with its reason): its days are unlocked, and the next run
    bills them again on an invoice that names this one."""
    manager_required(actor, invoice.organisation_id)
    if invoice.status != Invoice.Status.SENT or invoice.kind != Invoice.Kind.INVOICE:
        raise ValidationError(_("Only a sent invoice (not a credit note) can be rejected."))
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {
                "reason": _("Give Kela's reason (at least %(count)d characters).")
                % {"count": MIN_REASON}
            }
        )
    invoice.status, invoice.status_on, invoice.rejection_reason = (
        Invoice.Status.REJECTED,
        on,
        reason,
    )
    save_with_actor(invoice, actor)
    dates = list(
        InvoicedDay.objects.filter(
            decision=invoice.decision, invoice=str(invoice.number)
        ).values_list("date", flat=True)
    )
    invoiced_days_release(actor=actor, decision=invoice.decision, dates=dates)
    unbilled_summaries_refresh(on=on, organisation_id=invoice.organisation_id)
    return invoice
