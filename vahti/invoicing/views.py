"""Contracts and price annexes (Laskutus), for managers: parse, call, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vahti.audit.models import AccessRecord
from vahti.cases.access import client_list_read
from vahti.core.dates import today
from vahti.core.forms import form_saved
from vahti.core.lines import service_name
from vahti.jobs.services import job_start
from vahti.organisations.selectors import managed_organisation_id

from . import documents, selectors, services
from .forms import (
    BillingProfileForm,
    ContractForm,
    DayForm,
    DecisionLinkForm,
    PriceForm,
    PriceTypeForm,
    RejectForm,
)
from .models import Invoice
from .selectors import (
    contract_for,
    contracts_of,
    price_on,
    price_type_for,
    to_finish,
    unlinked_decisions,
)


@login_required
def contract_list(request):
    contracts = contracts_of(request.user)
    form = ContractForm(request.POST or None)
    saved, contract = form_saved(
        request, form, lambda data: services.contract_create(actor=request.user, **data)
    )
    if saved:
        messages.success(request, _("Contract saved: add its price types."))
        return redirect("invoicing:contract", contract.pk)
    return render(
        request,
        "invoicing/contract_list.html",
        {"contracts": contracts, "form": form, "today": today()},
        status=400 if form.errors else 200,
    )


def _contract_page(request, contract, *, forms=None, status=200):
    day = today()
    finishing = list(to_finish(request.user, contract))
    candidates = unlinked_decisions(request.user, contract)
    client_list_read(
        request,
        client_ids=[d.client_id for d in finishing],
        detail=f"sopimus {contract.number}",
    )
    forms = forms or {}
    price_types = [
        (
            pt,
            price_on(pt, day),
            list(pt.prices.all()),
            forms.get(f"price-{pt.pk}") or PriceForm(prefix=f"p{pt.pk}"),
        )
        for pt in contract.price_types.all()
    ]
    return render(
        request,
        "invoicing/contract_detail.html",
        {
            "contract": contract,
            "price_types": price_types,
            "finishing": finishing,
            "type_form": forms.get("type") or PriceTypeForm(contract=contract),
            "link_form": forms.get("link") or DecisionLinkForm(decisions=candidates),
            "today": day,
            "this_month": f"{day.year}-{day.month:02d}",  # the month field's value
        },
        status=status,
    )


@login_required
def contract_detail(request, contract_id):
    contract = contract_for(request.user, contract_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "type":
        form = PriceTypeForm(request.POST, contract=contract)
        saved, _price_type = form_saved(
            request,
            form,
            lambda data: services.price_type_add(actor=request.user, contract=contract, **data),
        )
        if not saved:
            return _contract_page(request, contract, forms={"type": form}, status=400)
    elif action == "link":
        form = DecisionLinkForm(request.POST, decisions=unlinked_decisions(request.user, contract))
        saved, _link = form_saved(
            request,
            form,
            lambda data: services.decision_contract_set(
                actor=request.user, decision=data["decision"], contract=contract
            ),
        )
        if not saved:
            return _contract_page(request, contract, forms={"link": form}, status=400)
    else:
        return _contract_page(request, contract)
    messages.success(request, _("Saved."))
    return redirect("invoicing:contract", contract.pk)


@login_required
def price_add(request, price_type_id):
    price_type = price_type_for(request.user, price_type_id)
    form = PriceForm(request.POST or None, prefix=f"p{price_type.pk}")
    saved, _price = form_saved(
        request,
        form,
        lambda data: services.price_set(actor=request.user, price_type=price_type, **data),
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("invoicing:contract", price_type.contract_id)
    return _contract_page(
        request, price_type.contract, forms={f"price-{price_type.pk}": form}, status=400
    )


def month_of(text: str | None, *, default: dt.date) -> dt.date:
    """The first day of ``?month=YYYY-MM``; anything unreadable is the default's month."""
    try:
        year, month = (int(part) for part in (text or "").split("-")[:2])
        return dt.date(year, month, 1) if 2000 <= year <= 2100 else default.replace(day=1)
    except ValueError:
        return default.replace(day=1)


def _service_of(contract, text: str | None) -> str:
    return text if text in contract.services else contract.services[0]


@login_required
def billing_preview(request, contract_id):
    """The run a month would make under the contract (per service line), before it is made:
    clients, days, sums, what is left out and why, what refuses it; then made in one action."""
    contract = contract_for(request.user, contract_id)
    day = today()
    month = month_of(request.GET.get("month"), default=day)
    service = _service_of(contract, request.GET.get("service"))
    plan = selectors.billing_plan(request.user, contract, service=service, month=month, on=day)
    client_list_read(
        request,
        client_ids=[c.decision.client_id for c in plan.clients],
        detail=f"laskutuksen esikatselu {month.month}/{month.year}",
    )
    return render(
        request,
        "invoicing/billing_preview.html",
        {
            "contract": contract,
            "plan": plan,
            "month": month,
            "service": service,
            "month_value": f"{month.year}-{month.month:02d}",
        },
    )


@login_required
@require_POST
def run_make(request, contract_id):
    """The run is made in the background (a thousand clients take seconds); the job's page
    shows its progress and then links to the run."""
    contract = contract_for(request.user, contract_id)
    day = today()
    month = month_of(request.POST.get("month"), default=day)
    service = _service_of(contract, request.POST.get("service"))
    job = job_start(
        actor=request.user,
        kind="billing_run",
        # One run per contract, line and month at a time; a failed one may be started again.
        key=f"{contract.pk}:{service}:{month:%Y-%m}:{day}",
        title=_("Billing run: %(line)s, %(month)s")
        % {"line": service_name(service), "month": f"{month.month}/{month.year}"},
        task_path="vahti.invoicing.tasks.billing_run",
        arguments={
            "contract": contract.pk,
            "service": service,
            "month": month.isoformat(),
            "on": day.isoformat(),
        },
        # Until it is made: back to the plan, where a refusal's reasons are shown in full.
        link=reverse("invoicing:billing_preview", args=[contract.pk])
        + f"?month={month:%Y-%m}&service={service}",
    )
    return redirect("jobs:job", job.pk)


@login_required
def run_list(request):
    organisation_id = managed_organisation_id(request.user)
    runs = selectors.runs_of(request.user)
    return render(
        request,
        "invoicing/run_list.html",
        {
            "runs": runs,
            "contracts": contracts_of(request.user),
            "profile": selectors.billing_profile_of(organisation_id),
            "this_month": f"{today():%Y-%m}",
        },
    )


@login_required
def billing_details(request):
    organisation_id = managed_organisation_id(request.user)
    profile = selectors.billing_profile_of(organisation_id)
    initial = {"payment_days": 14}
    if profile is not None:
        initial = {
            name: getattr(profile, name)
            for name in BillingProfileForm.base_fields
            if hasattr(profile, name)
        }
    initial["prices_visible_to_coaches"] = request.user.organisation.prices_visible_to_coaches
    form = BillingProfileForm(request.POST or None, initial=initial)
    saved, _profile = form_saved(
        request, form, lambda data: services.billing_profile_save(actor=request.user, **data)
    )
    if saved:
        messages.success(request, _("Billing details saved."))
        return redirect("invoicing:runs")
    return render(
        request,
        "invoicing/billing_details.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _run_page(request, run, *, sent_form=None, status=200):
    invoices = documents.run_invoices(run)
    client_list_read(
        request,
        client_ids=[i.decision.client_id for i in invoices],
        detail=f"laskutusajo {run.number}",
    )
    return render(
        request,
        "invoicing/run_detail.html",
        {
            "run": run,
            "invoices": invoices,
            "total": sum((i.total for i in invoices), 0),
            "drafts": sum(1 for i in invoices if i.status == Invoice.Status.DRAFT),
            "sent_form": sent_form or DayForm(initial={"on": today()}),
        },
        status=status,
    )


@login_required
def run_detail(request, run_id):
    run = selectors.run_for(request.user, run_id)
    if request.method != "POST":
        return _run_page(request, run)
    form = DayForm(request.POST)
    saved, count = form_saved(
        request,
        form,
        lambda data: services.run_mark_sent(actor=request.user, run=run, on=data["on"]),
    )
    if not saved:
        return _run_page(request, run, sent_form=form, status=400)
    messages.success(request, _("%(count)d invoices marked sent.") % {"count": count})
    return redirect("invoicing:run", run.pk)


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class Unready(Exception):
    """A document cannot be made yet; the message says why (shown on the page it came from)."""


def _profile(request):
    profile = selectors.billing_profile_of(managed_organisation_id(request.user))
    if profile is None:
        raise Unready(_("Fill in the billing details (Billing details page) first."))
    return profile


def _message_sources(request):
    """The billing details and Kela's route a Finvoice message needs."""
    try:
        route = documents.kela_route()
    except ImproperlyConfigured as error:
        raise Unready(str(error)) from error
    return _profile(request), route


def _back(request, error: Unready, url: str):
    messages.error(request, str(error))
    return redirect(url)


@login_required
def run_finvoice(request, run_id):
    run = selectors.run_for(request.user, run_id)
    try:
        profile, route = _message_sources(request)
    except Unready as error:
        return _back(request, error, reverse("invoicing:run", args=[run.pk]))
    content = documents.run_message(run, profile, route)
    _export_logged(request, run, "Finvoice")
    return _download(content, f"tilitys-{run.number}.xml", "application/xml")


@login_required
def run_account_pdf(request, run_id):
    run = selectors.run_for(request.user, run_id)
    try:
        profile = _profile(request)
    except Unready as error:
        return _back(request, error, reverse("invoicing:run", args=[run.pk]))
    content = documents.run_pdf(run, profile)
    _export_logged(request, run, "PDF")
    return _download(content, f"tilitys-{run.number}.pdf", "application/pdf")


@login_required
def run_rows_csv(request, run_id):
    run = selectors.run_for(request.user, run_id)
    _export_logged(request, run, "CSV")
    return _download(documents.run_csv(run), f"laskurivit-{run.number}.csv", "text/csv")


def _export_logged(request, run, what: str) -> None:
    client_list_read(
        request,
        client_ids=list(run.invoices.values_list("decision__client_id", flat=True)),
        detail=f"laskutusajo {run.number}: {what}",
        what=AccessRecord.What.EXPORT,
    )


def _invoice_page(request, invoice, *, forms=None, status=200):
    client_list_read(
        request, client_ids=[invoice.decision.client_id], detail=f"lasku {invoice.number}"
    )
    forms = forms or {}
    return render(
        request,
        "invoicing/invoice_detail.html",
        {
            "invoice": invoice,
            "rows": list(invoice.rows.all()),
            "paid_form": forms.get("paid") or DayForm(initial={"on": today()}, prefix="paid"),
            "reject_form": forms.get("reject")
            or RejectForm(initial={"on": today()}, prefix="reject"),
            "credits": Invoice.objects.filter(original=invoice),
        },
        status=status,
    )


@login_required
def invoice_detail(request, invoice_id):
    invoice = selectors.invoice_for(request.user, invoice_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "paid":
        form = DayForm(request.POST, prefix="paid")
        saved, _done = form_saved(
            request,
            form,
            lambda data: services.invoice_mark_paid(
                actor=request.user, invoice=invoice, on=data["on"]
            ),
        )
        if not saved:
            return _invoice_page(request, invoice, forms={"paid": form}, status=400)
        messages.success(request, _("Invoice marked paid."))
    elif action == "reject":
        form = RejectForm(request.POST, prefix="reject")
        saved, _done = form_saved(
            request,
            form,
            lambda data: services.invoice_reject(
                actor=request.user, invoice=invoice, reason=data["reason"], on=data["on"]
            ),
        )
        if not saved:
            return _invoice_page(request, invoice, forms={"reject": form}, status=400)
        messages.success(
            request, _("Invoice marked rejected: its days go on the next billing run.")
        )
    else:
        return _invoice_page(request, invoice)
    return redirect("invoicing:invoice", invoice.pk)


@login_required
def invoice_finvoice(request, invoice_id):
    invoice = selectors.invoice_for(request.user, invoice_id)
    try:
        profile, route = _message_sources(request)
    except Unready as error:
        return _back(request, error, reverse("invoicing:invoice", args=[invoice.pk]))
    client_list_read(
        request,
        client_ids=[invoice.decision.client_id],
        detail=f"lasku {invoice.number}: Finvoice",
        what=AccessRecord.What.EXPORT,
    )
    content = documents.invoice_message(invoice, profile, route)
    return _download(content, f"lasku-{invoice.number}.xml", "application/xml")
