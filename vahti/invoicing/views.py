"""Contracts and price annexes (Laskutus), for managers: parse, call, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vahti.cases.access import client_list_read
from vahti.core.dates import today
from vahti.core.forms import form_saved

from . import selectors, services
from .forms import ContractForm, DecisionLinkForm, PriceForm, PriceTypeForm
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


@login_required
def billing_preview(request, contract_id):
    """What a month's billing run would hold under the contract: nothing is made here."""
    contract = contract_for(request.user, contract_id)
    day = today()
    month = month_of(request.GET.get("month"), default=day)
    preview = selectors.billing_preview(request.user, contract, month=month, on=day)
    client_list_read(
        request,
        client_ids=[row.decision.client_id for row in preview.rows],
        detail=f"laskutuksen esikatselu {month.month}/{month.year}",
    )
    return render(
        request,
        "invoicing/billing_preview.html",
        {"contract": contract, "preview": preview, "month": month},
    )


def month_of(text: str | None, *, default: dt.date) -> dt.date:
    """The first day of ``?month=YYYY-MM``; anything unreadable is the default's month."""
    try:
        year, month = (int(part) for part in (text or "").split("-")[:2])
        return dt.date(year, month, 1) if 2000 <= year <= 2100 else default.replace(day=1)
    except ValueError:
        return default.replace(day=1)
