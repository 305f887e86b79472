"""Benchmark: a month's billing run for 1,000 clients (issue 23: under 10 s).

Builds (once) bench/web.py's database of 1,000 clients, all on one service line under one
contract with a day price, and marks every day before the month as already invoiced (as earlier
runs would have), so that the run bills one month: about 20 days per client. Times the plan (the
page before the run) and making the run (plan again, numbers, 1,000 invoices with their history,
the rows, the locks) in process, then the run's Finvoice message, PDF and CSV.

    python bench/billing.py [--clients 1000] [--rebuild]
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import ROOT, arguments, build, open_database  # noqa: E402

DATABASE = ROOT / "var" / "bench-billing.sqlite3"
LINE = "teak.tyohonvalmennus"


def prepare(manager):
    from django.db import transaction

    from vahti.cases.models import Day, Decision, InvoicedDay
    from vahti.invoicing import services
    from vahti.invoicing.models import ContractDecision

    Decision.objects.update(service=LINE)
    contract = services.contract_create(
        actor=manager, number="BENCH-1", services=[LINE], starts_on=dt.date(2020, 1, 1)
    )
    services.price_type_add(
        actor=manager,
        contract=contract,
        name="Työhönvalmennuspäivä",
        service=LINE,
        unit="day",
        amount=Decimal("180.00"),
        starts_on=contract.starts_on,
        vat_reason="Kelan kustantama kuntoutus",
    )
    services.billing_profile_save(
        actor=manager,
        biller_name="Bench Oy",
        biller_business_id="1234567-1",
        provider_business_id="1234567-1",
        email="laskutus@bench.invalid",
        street="Benchkatu 1",
        post_code="00100",
        town="Helsinki",
        iban="FI2112345600000785",
        bic="NDEAFIHH",
        payment_days=14,
    )
    month = busiest_month()
    with transaction.atomic():
        ContractDecision.objects.bulk_create(
            ContractDecision(decision=d, contract=contract) for d in Decision.objects.all()
        )
        InvoicedDay.objects.bulk_create(
            (
                InvoicedDay(decision_id=d, date=day, invoice="0", amount=Decimal("180.00"))
                for d, day in Day.objects.filter(date__lt=month).values_list("decision_id", "date")
            ),
            batch_size=5000,
        )
    return contract, month


def busiest_month() -> dt.date:
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from vahti.cases.models import Day
    from vahti.core.dates import today

    first_of_this = today().replace(day=1)
    months = (
        Day.objects.filter(date__lt=first_of_this)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return months[0]["month"]


def main() -> int:
    args = arguments(__doc__, clients=1_000, requests=1)
    fresh = open_database(DATABASE, args.rebuild)
    from django.conf import settings

    from vahti.core.dates import today
    from vahti.invoicing import documents, selectors, services
    from vahti.invoicing.models import Contract, InvoiceRow, Run
    from vahti.organisations.models import User

    if fresh:
        print(f"building {args.clients} clients…")
        build(args.clients, statuses=False)
        prepare(User.objects.get(username="manager"))
    manager = User.objects.get(username="manager")
    contract = Contract.objects.get(number="BENCH-1")
    month = busiest_month()
    on = today()
    started = time.perf_counter()
    plan = selectors.billing_plan(manager, contract, service=LINE, month=month, on=on)
    planned = time.perf_counter() - started
    print(
        f"plan of {month:%m/%Y}: {len(plan.to_invoice)} clients, {plan.units} days, "
        f"{plan.amount} €, {len(plan.errors)} errors: {planned:.2f} s"
    )
    if Run.objects.exists():
        print("the run was made on an earlier call: use --rebuild to time it again")
        return 0
    started = time.perf_counter()
    run = services.run_make(actor=manager, contract=contract, service=LINE, month=month, on=on)
    made = time.perf_counter() - started
    rows = InvoiceRow.objects.filter(invoice__run=run).count()
    print(f"run made: {run.invoices.count()} invoices, {rows} rows in {made:.2f} s (target < 10 s)")
    settings.KELA_EINVOICE_ADDRESS, settings.KELA_EINVOICE_OPERATOR = "BENCH-OVT", "BENCH-OP"
    profile = selectors.billing_profile_of(run.organisation_id)
    route = documents.kela_route()
    for label, make in (
        ("Finvoice (the run)", lambda: documents.run_message(run, profile, route)),
        ("account PDF", lambda: documents.run_pdf(run, profile)),
        ("CSV", lambda: documents.run_csv(run)),
    ):
        started = time.perf_counter()
        size = len(make())
        print(f"{label}: {size / 1024:.0f} KiB in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
