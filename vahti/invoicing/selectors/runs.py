"""Billing runs as they would be made and as they were: the plan of a month's run (what each
client's invoice would hold, every day left out with its reason, the credit notes due, and the
checks that refuse the run or warn), the runs and invoices made, what a client has had invoiced,
and the unbilled days the work queue shows a manager."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vahti.cases.access import clients_for
from vahti.cases.models import Cancellation, Certificate, Decision, DecisionStatus, InvoicedDay
from vahti.cases.selectors import decision_results
from vahti.core.dates import fi_date, language
from vahti.core.duties import ProviderItem
from vahti.core.lines import service_name
from vahti.organisations.selectors import is_manager, managed_organisation_id
from vahti.rules.billing import reference_number
from vahti.rules.case import CaseError
from vahti.rules.evaluate import default_evaluator
from vahti.rules.presentation import Presenter
from vahti.rules.results import ERROR

from ..models import (
    BillingProfile,
    Contract,
    Invoice,
    InvoiceRow,
    PriceType,
    Run,
    Series,
    UnbilledSummary,
)
from .contracts import NO_PRICE, REASONS, price_on

# Decisions and their days are read from this far back for days recorded after their month's
# run (billed in the next run); the deadline (2 months) makes older ones late anyway.
LOOKBACK_MONTHS = 12  # not a rule number: how far back a plan looks for unbilled days
UNBILLED_AGE_DAYS = 31  # the work queue shows realised unbilled days older than a month


@dataclass
class Line:
    """One unit of an invoice as it would be billed (or credited: quantity −1)."""

    date: dt.date
    price_type: PriceType
    unit_price: Decimal
    quantity: int = 1
    rule: str = "billing.billable"
    credits: InvoiceRow | None = None

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class ClientPlan:
    decision: Decision
    lines: list[Line] = field(default_factory=list)
    # Credit notes due: the original invoice → its rows' credits (changed invoiced days).
    credits: dict[Invoice, list[Line]] = field(default_factory=dict)
    left_out: list[tuple[dt.date, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unpriced: list[dt.date] = field(default_factory=list)
    replaces: Invoice | None = None  # a rejected invoice this one corrects

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def credit_amount(self) -> Decimal:
        return sum((line.amount for lines in self.credits.values() for line in lines), Decimal(0))


@dataclass
class Plan:
    contract: Contract
    service: str
    first: dt.date
    last: dt.date
    on: dt.date
    clients: list[ClientPlan]
    unreadable: list[Decision]
    errors: list[str]  # what refuses the run, in words
    profile: BillingProfile | None

    @property
    def units(self) -> int:
        return sum(len(c.lines) for c in self.clients)

    @property
    def amount(self) -> Decimal:
        return sum((c.amount for c in self.clients), Decimal(0))

    @property
    def credit_amount(self) -> Decimal:
        return sum((c.credit_amount for c in self.clients), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.amount + self.credit_amount

    @property
    def to_invoice(self) -> list[ClientPlan]:
        return [c for c in self.clients if c.lines or c.credits]

    @property
    def warning_count(self) -> int:
        return sum(len(c.warnings) for c in self.clients)


def looked_back_to(day: dt.date) -> dt.date:
    """The first day whose unbilled days a plan (or the work queue) still looks at."""
    return (day - relativedelta(months=LOOKBACK_MONTHS)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def billing_profile_of(organisation_id: int) -> BillingProfile | None:
    return BillingProfile.objects.filter(organisation_id=organisation_id).first()


def kela_fields(
    profile: BillingProfile | None, *, invoice_number: str, reference: str, on: dt.date
) -> dict[str, str]:
    """Kela's 8 fields of an invoice (docs/invoicing.md names the element of each)."""
    kela_id, kela_name = default_evaluator().kela_recipient(on)
    return {
        "recipient_business_id": kela_id,
        "recipient_name": kela_name,
        "invoice_number": invoice_number,
        "reference": reference,
        "biller_reference": invoice_number and biller_reference(invoice_number),
        "biller_business_id": profile.biller_business_id if profile else "",
        "provider_business_id": profile.provider_business_id if profile else "",
        "email": profile.email if profile else "",
    }


def biller_reference(account_number) -> str:
    """The biller's reference (Kela's field 5): the account the invoice belongs to."""
    return f"TILITYS {account_number}"


def _day_price_type(contract: Contract, service: str) -> PriceType | None:
    return (
        contract.price_types.filter(service=service, unit=PriceType.Unit.DAY)
        .prefetch_related("prices")
        .order_by("name", "pk")
        .first()
    )


def billing_plan(
    user, contract: Contract, *, service: str, month: dt.date, on: dt.date, lang: str = ""
) -> Plan:
    """What a billing run of ``month`` would hold for ``service`` under ``contract`` (nothing is
    made): per client the billable days of the month (and earlier days recorded after their
    run) at the price in force on each day, every day of the month left out with its reason,
    the credit notes for changed invoiced days, and the checks: billing.fields (refuse) and
    billing.reconcile (warn)."""
    lang = lang or language()
    first, last = month_bounds(month)
    lookback = looked_back_to(first)
    decisions = list(
        Decision.objects.filter(
            contract_link__contract=contract,
            service=service,
            client__in=clients_for(user).values("pk"),
        )
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "pk")
    )
    ids = [d.pk for d in decisions]
    locks: dict[int, dict[dt.date, InvoicedDay]] = {}
    for lock in InvoicedDay.objects.filter(decision_id__in=ids):
        locks.setdefault(lock.decision_id, {})[lock.date] = lock
    issued = set(
        Certificate.objects.filter(decision_id__in=ids).values_list("decision_id", flat=True)
    )
    stale = set(
        DecisionStatus.objects.filter(decision_id__in=ids, certificate_stale=True).values_list(
            "decision_id", flat=True
        )
    )
    cancelled: dict[int, list[tuple]] = {}
    for c in Cancellation.objects.filter(decision_id__in=ids):
        cancelled.setdefault(c.decision_id, []).append((c.booked_on, c.told_on, c.cancelled_on))
    changed_rows = _rows_to_credit(locks)
    rejected = _rejected_unreplaced(ids)
    price_type = _day_price_type(contract, service)
    evaluator = default_evaluator()
    presenter = Presenter(lang)
    clients, unreadable, unpriced_all = [], [], []
    for decision, result in decision_results(decisions, as_of=on, allowance_days=False):
        if isinstance(result, CaseError):
            unreadable.append(decision)
            continue
        own = locks.get(decision.pk, {})
        plan = ClientPlan(decision, replaces=rejected.get(decision.pk))
        for row in changed_rows.get(decision.pk, []):
            plan.credits.setdefault(row.invoice, []).append(
                Line(
                    row.date,
                    row.price_type,
                    row.unit_price,
                    quantity=-row.quantity,
                    rule="billing.correction",
                    credits=row,
                )
            )
        units = evaluator.billable(
            result.case,
            start=lookback,
            end=last,
            on=on,
            invoiced=frozenset(d for d, lock in own.items() if lock.changed_at is None),
            cancellations=tuple(cancelled.get(decision.pk, ())),
            late_cancellation_billable=contract.late_cancellation_billable,
        )
        for unit in units:
            if not unit.billable:
                if unit.date >= first:  # earlier months' left-out days were said in their run
                    plan.left_out.append((unit.date, str(REASONS[unit.why])))
                continue
            price = price_on(price_type, unit.date)
            if price is None:
                plan.unpriced.append(unit.date)
                plan.left_out.append((unit.date, str(REASONS[NO_PRICE])))
                continue
            plan.lines.append(Line(unit.date, price_type, price.amount, rule=unit.rule))
        unpriced_all += plan.unpriced
        if plan.lines:
            found = evaluator.billing_reconcile(
                certificate_issued=decision.pk in issued,
                certificate_stale=decision.pk in stale,
                on=on,
            )
            # Earlier days recorded after their run go on this one; past the deadline, Kela
            # may refuse them: said once per client, with the first such day.
            late = [
                f
                for f in evaluator.unbilled([line.date for line in plan.lines], on=on)
                if f.severity == ERROR
            ]
            plan.warnings = [presenter.finding(f, rules_on=on).message for f in found + late[:1]]
            if len(late) > 1:
                plan.warnings.append(
                    ngettext(
                        "%(count)d more day is past its invoicing deadline.",
                        "%(count)d more days are past their invoicing deadline.",
                        len(late) - 1,
                    )
                    % {"count": len(late) - 1}
                )
        if plan.lines or plan.credits or plan.left_out:
            clients.append(plan)
    profile = billing_profile_of(contract.organisation_id)
    # The fields are checked as the run would number them: the next numbers of the series.
    number = str(next_account_number(contract.organisation_id))
    findings = evaluator.invoice_checks(
        kela_fields(
            profile, invoice_number=number, reference=reference_for(ACCOUNT_PREFIX, number), on=on
        ),
        unpriced=sorted(set(unpriced_all)),
        on=on,
    )
    errors = [presenter.finding(f, rules_on=on).message for f in findings if f.severity == ERROR]
    if profile is None:
        errors.insert(0, _("Fill in the billing details (Billing details page) first."))
    return Plan(contract, service, first, last, on, clients, unreadable, errors, profile)


INVOICE_PREFIX, ACCOUNT_PREFIX = "1", "2"  # a reference number's first digit: its kind


def reference_for(prefix: str, number) -> str:
    """The viitenumero of an invoice or an account numbered ``number`` (docs/invoicing.md)."""
    return reference_number(prefix + str(number).rjust(6, "0"))


def next_account_number(organisation_id: int) -> int:
    last = (
        Series.objects.filter(organisation_id=organisation_id, kind=Series.ACCOUNT)
        .values_list("last", flat=True)
        .first()
    )
    return (last or 0) + 1


def _rows_to_credit(locks: dict[int, dict[dt.date, InvoicedDay]]) -> dict[int, list[InvoiceRow]]:
    """The invoice rows of changed invoiced days (not credited yet), by decision."""
    wanted = {
        (decision_id, date)
        for decision_id, days in locks.items()
        for date, lock in days.items()
        if lock.changed_at is not None
    }
    if not wanted:
        return {}
    rows = (
        InvoiceRow.objects.filter(
            invoice__decision_id__in={d for d, _ in wanted},
            invoice__kind=Invoice.Kind.INVOICE,
            date__in={date for _, date in wanted},
            credited_by__isnull=True,
        )
        .exclude(invoice__status=Invoice.Status.REJECTED)
        .select_related("invoice", "price_type")
    )
    found: dict[int, list[InvoiceRow]] = {}
    for row in rows:
        if (row.invoice.decision_id, row.date) in wanted:
            found.setdefault(row.invoice.decision_id, []).append(row)
    return found


def _rejected_unreplaced(decision_ids: list[int]) -> dict[int, Invoice]:
    replaced = Invoice.objects.filter(original=OuterRef("pk"), kind=Invoice.Kind.INVOICE)
    return {
        invoice.decision_id: invoice
        for invoice in Invoice.objects.filter(
            decision_id__in=decision_ids, status=Invoice.Status.REJECTED
        )
        .annotate(replaced=Exists(replaced))
        .filter(replaced=False)
        .order_by("number")
    }


def runs_of(user):
    return (
        Run.objects.filter(organisation_id=managed_organisation_id(user))
        .select_related("contract")
        .annotate(invoice_count=Count("invoices"))
    )


def run_for(user, run_id: int) -> Run:
    return get_object_or_404(runs_of(user), pk=run_id)


def invoices_of_organisation(user):
    """The manager's organisation's invoices and credit notes, newest first."""
    return (
        Invoice.objects.filter(organisation_id=managed_organisation_id(user))
        .select_related("decision")
        .order_by("-issued_on", "-number")
    )


def invoice_for(user, invoice_id: int) -> Invoice:
    return get_object_or_404(
        Invoice.objects.select_related("run", "decision__client", "original"),
        pk=invoice_id,
        organisation_id=managed_organisation_id(user),
    )


def unbilled_reminders(user, *, on: dt.date) -> list[ProviderItem]:
    """For a manager: per contract and service line, the realised rehabilitation days older
    than a month that are on no invoice (billing.deadline: invoiced within 2 months of the
    service), due by the oldest day's invoicing deadline; late ones are errors. Read from the
    counts kept by services/unbilled.py (each morning and after each billing run): one query."""
    if not is_manager(user):
        return []
    evaluator = default_evaluator()
    counted = UnbilledSummary.objects.filter(organisation_id=user.organisation_id).values(
        "contract", "contract__number", "service", "oldest", "count"
    )
    items = []
    for group in counted:
        contract_id, oldest = group["contract"], group["oldest"]
        due = evaluator.invoicing_due(oldest)
        text = ngettext(
            "Contract %(contract)s, %(service)s: %(count)d realised day not invoiced, from "
            "%(oldest)s (invoice by %(due)s)",
            "Contract %(contract)s, %(service)s: %(count)d realised days not invoiced, from "
            "%(oldest)s (invoice by %(due)s)",
            group["count"],
        ) % {
            "contract": group["contract__number"],
            "service": service_name(group["service"]),
            "count": group["count"],
            "oldest": fi_date(oldest),
            "due": fi_date(due),
        }
        url = (
            reverse("invoicing:billing_preview", args=[contract_id])
            + f"?month={oldest:%Y-%m}&service={group['service']}"
        )
        severity = "error" if on > due else "warning"
        items.append(ProviderItem(due, text, url, on > due, severity))
    return items
