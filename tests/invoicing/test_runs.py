"""Billing runs (issue 23, items 3, 5 and 6): a run made in one action from its plan, gapless
numbers, valid reference numbers, a day never billed twice, locked invoiced days changed only
with a reason and then credited and billed again, rejected invoices replaced, statuses, the
organisation wall on every page and download, the work queue and the client page."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from tests.factories import admit, make_user
from tests.invoicing.conftest import billing_details
from vahti.audit.models import AccessRecord
from vahti.cases import services as cases
from vahti.cases.models import Day, InvoicedDay
from vahti.core.dates import today
from vahti.invoicing import services
from vahti.invoicing.models import Invoice, InvoiceRow, Run, Series, UnbilledSummary
from vahti.invoicing.selectors import unbilled_reminders
from vahti.jobs.models import Job
from vahti.reminders import tasks
from vahti.rules.billing import reference_number_valid
from vahti.workqueue.selectors import provider_duties

START = dt.date(2025, 1, 1)
RECEIVED = dt.date(2026, 9, 1)
OCTOBER = dt.date(2026, 10, 1)
ON = dt.date(2026, 11, 5)  # the invoicing date of October's run
WEEKDAYS = [d for d in (OCTOBER + dt.timedelta(days=n) for n in range(31)) if d.weekday() < 5]


def profile(manager):
    return billing_details(manager, iban="FI21 1234 5600 0007 85")


@pytest.fixture
def contract(manager):
    teak = services.contract_create(
        actor=manager, number="TEAK-2025-17", services=["teak.tyohonvalmennus"], starts_on=START
    )
    services.price_type_add(
        actor=manager,
        contract=teak,
        name="Työhönvalmennuspäivä",
        service="teak.tyohonvalmennus",
        unit="day",
        amount=Decimal("180.00"),
        starts_on=START,
        vat_reason="Kelan kustantama kuntoutus",
    )
    return teak


def client_with_days(manager, coach, contract, dates, hours=6):
    client = admit(coach, received_on=RECEIVED)
    decision = client.current_decision
    services.decision_contract_set(actor=manager, decision=decision, contract=contract)
    for date in dates:
        Day.objects.create(decision=decision, date=date, hours=hours)
    return decision


def make(manager, contract, month=OCTOBER, on=ON):
    return services.run_make(
        actor=manager, contract=contract, service="teak.tyohonvalmennus", month=month, on=on
    )


def test_a_run_numbers_its_invoices_without_gaps_and_locks_their_days(manager, coach, contract):
    profile(manager)
    first = client_with_days(manager, coach, contract, WEEKDAYS[:3])
    second = client_with_days(manager, coach, contract, WEEKDAYS[3:5])
    run = make(manager, contract)
    invoices = list(run.invoices.order_by("number"))
    assert [i.number for i in invoices] == [1, 2]
    assert run.number == 1 and reference_number_valid(run.reference)
    assert all(reference_number_valid(i.reference) for i in invoices)
    assert {i.decision_id: i.total for i in invoices} == {
        first.pk: Decimal("540.00"),
        second.pk: Decimal("360.00"),
    }
    # The sum of the rows is the total, and every row is a day of its own decision.
    for invoice in invoices:
        rows = list(invoice.rows.all())
        assert sum(r.amount + r.vat_amount for r in rows) == invoice.total
        assert {r.date for r in rows} <= set(invoice.decision.days.values_list("date", flat=True))
    assert InvoicedDay.objects.filter(decision=first).count() == 3
    assert all(i.status == Invoice.Status.DRAFT for i in invoices)
    # Nothing new: refused in words, and no number is taken (the series stays gapless).
    with pytest.raises(ValidationError, match="ei ole laskutettavaa"):
        make(manager, contract)
    assert Series.objects.get(kind=Series.INVOICE).last == 2
    assert Series.objects.get(kind=Series.ACCOUNT).last == 1
    # A day recorded later goes on the next run, alone: a day is never billed twice.
    Day.objects.create(decision=first, date=WEEKDAYS[6], hours=6)
    later = make(manager, contract, on=ON + dt.timedelta(days=3))
    assert later.number == 2
    assert [(i.number, i.total) for i in later.invoices.all()] == [(3, Decimal("180.00"))]
    assert InvoiceRow.objects.filter(invoice__decision=first, date=WEEKDAYS[0]).count() == 1


def test_a_run_is_refused_in_words_and_takes_no_number(manager, coach, contract):
    client_with_days(manager, coach, contract, WEEKDAYS[:2])
    with pytest.raises(ValidationError) as error:
        make(manager, contract)  # no billing details yet
    assert "laskutustiedot" in " ".join(error.value.messages)
    assert not Run.objects.exists() and not Series.objects.filter(last__gt=0).exists()
    profile(manager)
    contract.price_types.get().prices.update(starts_on=dt.date(2026, 10, 2))
    with pytest.raises(ValidationError) as error:
        make(manager, contract)  # the first day has no price in force
    assert "1.10.2026" in " ".join(error.value.messages)
    assert not Run.objects.exists()


def test_only_a_manager_makes_a_run(coach, manager, contract):
    profile(manager)
    with pytest.raises(PermissionDenied):
        make(coach, contract)


def test_a_changed_invoiced_day_asks_why_then_is_credited_and_billed_again(
    manager, coach, contract
):
    profile(manager)
    decision = client_with_days(manager, coach, contract, WEEKDAYS[:3])
    original = make(manager, contract).invoices.get()
    monday = WEEKDAYS[0] - dt.timedelta(days=WEEKDAYS[0].weekday())
    kept = [
        {"kind": "day", "date": d.date, "hours": d.hours, "mode": "onsite"}
        for d in decision.days.filter(date__range=(monday, monday + dt.timedelta(days=6)))
    ]
    changed = [dict(kept[0], hours=4)] + kept[1:]
    with pytest.raises(ValidationError) as error:
        cases.week_save(actor=coach, decision=decision, monday=monday, entries=changed)
    assert error.value.code == "invoiced" and "1.10.2026" in error.value.messages[0]
    assert decision.days.get(date=WEEKDAYS[0]).hours == 6  # nothing saved
    cases.week_save(
        actor=coach,
        decision=decision,
        monday=monday,
        entries=changed,
        invoiced_reason="Tunnit kirjattiin väärin",
    )
    lock = InvoicedDay.objects.get(decision=decision, date=WEEKDAYS[0])
    assert lock.change_reason == "Tunnit kirjattiin väärin" and lock.changed_at is not None
    run = make(manager, contract, on=ON + dt.timedelta(days=7))
    credit = run.invoices.get(kind=Invoice.Kind.CREDIT)
    corrected = run.invoices.get(kind=Invoice.Kind.INVOICE)
    assert credit.original == original
    (row,) = credit.rows.all()
    assert row.quantity == -1 and row.amount == Decimal("-180.00") and row.date == WEEKDAYS[0]
    assert row.credits == original.rows.get(date=WEEKDAYS[0])
    assert [r.date for r in corrected.rows.all()] == [WEEKDAYS[0]]
    # Credit note + corrected invoice = the change: the day is billed once in all.
    billed = InvoiceRow.objects.filter(invoice__decision=decision, date=WEEKDAYS[0])
    assert sum(r.quantity for r in billed) == 1
    assert sum(r.amount for r in billed) == Decimal("180.00")
    assert InvoicedDay.objects.get(decision=decision, date=WEEKDAYS[0]).invoice == str(
        corrected.number
    )


def test_the_week_grid_refuses_an_invoiced_day_and_says_where_to_change_it(
    manager, coach, contract
):
    profile(manager)
    decision = client_with_days(manager, coach, contract, WEEKDAYS[:1])
    make(manager, contract)
    monday = WEEKDAYS[0] - dt.timedelta(days=WEEKDAYS[0].weekday())
    from vahti.cases.selectors import recorded_version

    with pytest.raises(ValidationError) as error:
        cases.week_grid_save(
            actor=coach,
            monday=monday,
            rows=[
                {
                    "decision": decision,
                    "version": recorded_version(decision),
                    "cells": {WEEKDAYS[0]: {"state": "sick", "hours": None, "reason": ""}},
                }
            ],
        )
    assert "viikkosivulla" in " ".join(error.value.messages)


def test_statuses_run_draft_sent_paid_or_rejected_and_a_rejected_invoice_is_replaced(
    manager, coach, contract
):
    profile(manager)
    decision = client_with_days(manager, coach, contract, WEEKDAYS[:2])
    run = make(manager, contract)
    invoice = run.invoices.get()
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(actor=manager, invoice=invoice, on=ON)  # still a draft
    assert services.run_mark_sent(actor=manager, run=run, on=ON) == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT
    with pytest.raises(ValidationError) as error:
        services.invoice_reject(actor=manager, invoice=invoice, reason="lyhyt", on=ON)
    assert list(error.value.message_dict) == ["reason"]
    services.invoice_reject(
        actor=manager, invoice=invoice, reason="Hintalaji ei vastaa sopimusta", on=ON
    )
    assert not InvoicedDay.objects.filter(decision=decision).exists()
    again = make(manager, contract, on=ON + dt.timedelta(days=1)).invoices.get()
    assert again.original == invoice and again.total == invoice.total
    services.run_mark_sent(actor=manager, run=again.run, on=ON + dt.timedelta(days=1))
    again.refresh_from_db()
    services.invoice_mark_paid(actor=manager, invoice=again, on=ON + dt.timedelta(days=20))
    again.refresh_from_db()
    assert again.status == Invoice.Status.PAID
    assert again.history.count() == 3  # made, sent, paid: each step has its history row


def test_every_page_and_download_is_the_managers_own(
    client, manager, coach, outsider, contract, settings
):
    settings.KELA_EINVOICE_ADDRESS, settings.KELA_EINVOICE_OPERATOR = "003702462460", "TESTOPER"
    profile(manager)
    decision = client_with_days(manager, coach, contract, WEEKDAYS[:2])
    run = make(manager, contract)
    invoice = run.invoices.get()
    pages = [
        reverse("invoicing:runs"),
        reverse("invoicing:details"),
        reverse("invoicing:run", args=[run.pk]),
        reverse("invoicing:run_finvoice", args=[run.pk]),
        reverse("invoicing:run_pdf", args=[run.pk]),
        reverse("invoicing:run_csv", args=[run.pk]),
        reverse("invoicing:invoice", args=[invoice.pk]),
        reverse("invoicing:invoice_finvoice", args=[invoice.pk]),
    ]
    client.force_login(manager)
    for url in pages:
        assert client.get(url).status_code == 200, url
    assert AccessRecord.objects.filter(
        user=manager, client_id=decision.client_id, what=AccessRecord.What.EXPORT
    ).exists()
    client.force_login(coach)
    for url in pages:
        assert client.get(url).status_code == 404, url
    client.force_login(outsider)  # another organisation's manager: its own lists, not ours
    assert "TEAK-2025-17" not in client.get(pages[0]).content.decode()
    for url in pages[2:]:
        assert client.get(url).status_code == 404, url


def test_without_kelas_address_no_message_is_made(client, manager, coach, contract, settings):
    settings.KELA_EINVOICE_ADDRESS, settings.KELA_EINVOICE_OPERATOR = "", ""
    profile(manager)
    client_with_days(manager, coach, contract, WEEKDAYS[:1])
    run = make(manager, contract)
    client.force_login(manager)
    page = client.get(reverse("invoicing:run_finvoice", args=[run.pk]), follow=True)
    assert "VAHTI_KELA_EINVOICE_ADDRESS" in page.content.decode()
    assert page.redirect_chain and page["Content-Type"].startswith("text/html")


def test_the_plan_page_shows_the_run_before_it_is_made_then_makes_it(
    client, manager, coach, contract
):
    profile(manager)
    client_with_days(manager, coach, contract, WEEKDAYS[:2])
    client.force_login(manager)
    preview = reverse("invoicing:billing_preview", args=[contract.pk])
    page = client.get(preview, {"month": "2026-10", "service": "teak.tyohonvalmennus"})
    plan = page.context["plan"]
    assert plan.units == 2 and plan.amount == Decimal("360.00") and not plan.errors
    assert not Run.objects.exists()  # seeing it makes nothing
    made = client.post(
        reverse("invoicing:run_make", args=[contract.pk]),
        {"month": "2026-10", "service": "teak.tyohonvalmennus"},
        follow=True,
    )
    run = Run.objects.get()
    # Made in the background: the job's page says so and links to the run.
    text = made.content.decode()
    assert "Laskutusajo 1 tehty: 1 laskua luonnoksina" in text
    assert reverse("invoicing:run", args=[run.pk]) in text
    again = client.post(  # asked twice the same day: the same job, no second run
        reverse("invoicing:run_make", args=[contract.pk]),
        {"month": "2026-10", "service": "teak.tyohonvalmennus"},
    )
    assert again["Location"] == made.redirect_chain[0][0] and Run.objects.count() == 1


def test_the_work_queue_shows_a_manager_the_realised_days_not_invoiced(
    client, manager, coach, contract
):
    client_with_days(manager, coach, contract, WEEKDAYS[:3])
    december = dt.date(2026, 12, 4)
    # Counted by the daily run, not on each visit: nothing until then.
    assert not [i for i in provider_duties(manager, on=december, lang="fi") if "TEAK" in i.text]
    run_daily(december)
    items = provider_duties(manager, on=december, lang="fi")
    (item,) = [i for i in items if "TEAK-2025-17" in i.text]
    assert "3 toteutunutta päivää" in item.text and "1.12.2026" in item.text
    assert item.severity == "error" and item.overdue  # 1.10. + 2 months has passed
    assert provider_duties(coach, on=december, lang="fi") == []
    # The billing run counts again at once: the days are invoiced, the reminder is gone.
    profile(manager)
    make(manager, contract, on=december)
    assert not [i for i in provider_duties(manager, on=december, lang="fi") if "TEAK" in i.text]


def run_daily(day):
    """The daily run's work for ``day`` (reminders.tasks.daily) without a worker."""
    job = Job.objects.create(kind="daily", key=day.isoformat(), arguments={"day": day.isoformat()})
    tasks._daily(job, lambda done, total: None)


def test_the_unbilled_counts_are_each_organisations_own(
    manager, coach, contract, other_organisation
):
    client_with_days(manager, coach, contract, WEEKDAYS[:2])
    other_manager = make_user(other_organisation, "theirs", manager.Role.MANAGER)
    assert services.unbilled_summaries_refresh(on=dt.date(2026, 12, 4)) == 1
    # One organisation counted again leaves the other's count alone.
    services.unbilled_summaries_refresh(
        on=dt.date(2026, 12, 4), organisation_id=other_organisation.pk
    )
    assert len(unbilled_reminders(manager, on=dt.date(2026, 12, 4))) == 1
    assert unbilled_reminders(other_manager, on=dt.date(2026, 12, 4)) == []


def test_the_client_page_shows_what_is_invoiced_and_a_coach_sees_no_prices(
    client, manager, coach, contract
):
    profile(manager)
    decision = client_with_days(manager, coach, contract, WEEKDAYS[:3])
    make(manager, contract)
    Day.objects.create(decision=decision, date=WEEKDAYS[5], hours=6)
    url = reverse("cases:client", args=[decision.client_id])
    client.force_login(coach)
    text = client.get(url).content.decode()
    assert "3 päivää laskutettu" in text and "1 toteutunut päivä odottaa laskutusta" in text
    assert "540,00" not in text
    client.force_login(manager)
    assert "540,00" in client.get(url).content.decode()


def test_a_late_cancellation_is_billed_only_when_the_contract_says_so(manager, coach, contract):
    from vahti.invoicing.documents import Route, invoice_message
    from vahti.invoicing.selectors import billing_plan

    profile(manager)
    decision = client_with_days(manager, coach, contract, WEEKDAYS[:1])
    told = WEEKDAYS[3] - dt.timedelta(days=20)
    cases.cancellation_add(  # cancelled 12 days after being told the time: late
        actor=coach,
        decision=decision,
        booked_on=WEEKDAYS[3],
        told_on=told,
        cancelled_on=told + dt.timedelta(days=12),
    )
    cases.cancellation_add(  # cancelled within 7 days of being told: no unit at all
        actor=coach,
        decision=decision,
        booked_on=WEEKDAYS[4],
        told_on=told,
        cancelled_on=told + dt.timedelta(days=5),
    )
    plan = billing_plan(manager, contract, service="teak.tyohonvalmennus", month=OCTOBER, on=ON)
    (client,) = plan.clients
    assert [line.date for line in client.lines] == [WEEKDAYS[0]]
    assert client.left_out == [(WEEKDAYS[3], "peruttu myöhään (ei laskuteta tällä sopimuksella)")]
    services.contract_update(
        actor=manager, contract=contract, ends_on=None, late_cancellation_billable=True
    )
    invoice = make(manager, contract).invoices.get()
    rows = list(invoice.rows.all())
    assert [(r.date, r.rule) for r in rows] == [
        (WEEKDAYS[0], "billing.billable"),
        (WEEKDAYS[3], "billing.cancellation"),
    ]
    message = invoice_message(
        invoice, manager.organisation.billing_profile, Route("003702462460", "OPER")
    ).decode()
    assert "Myöhään peruttu tai käyttämättä jäänyt aika" in message


def test_the_cron_refresh_counts_the_unbilled_days_too(manager, coach, contract):
    """Without a worker, `vahti_refresh` (the daily cron) keeps the count the work queue reads."""
    client_with_days(manager, coach, contract, [today() - dt.timedelta(days=40)])
    call_command("vahti_refresh", stdout=io.StringIO())
    assert UnbilledSummary.objects.filter(organisation=manager.organisation, count=1).exists()
