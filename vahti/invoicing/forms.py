"""Forms of contracts and price annexes: they parse; the services check and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.forms import DateInput
from vahti.core.lines import service_choices

from .models import PriceType


class ContractForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Kela's contract number"), max_length=40)
    services = forms.MultipleChoiceField(
        label=gettext_lazy("Service lines"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    starts_on = forms.DateField(label=gettext_lazy("In force from"), widget=DateInput())
    ends_on = forms.DateField(
        label=gettext_lazy("In force until"), required=False, widget=DateInput()
    )
    late_cancellation_billable = forms.BooleanField(
        label=gettext_lazy("A late cancellation or a missed time is billed"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = service_choices()


class PriceTypeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Price type"), max_length=100)
    service = forms.ChoiceField(label=gettext_lazy("Service line"), choices=())
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=PriceType.Unit.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("Price (€)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,  # 180,50 as Finnish writes it
    )
    starts_on = forms.DateField(label=gettext_lazy("In force from"), widget=DateInput())
    vat_exempt = forms.BooleanField(label=gettext_lazy("VAT-exempt"), required=False, initial=True)
    vat_reason = forms.CharField(
        label=gettext_lazy("Reason for the VAT treatment"), max_length=200, required=False
    )

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(service_choices())
        self.fields["service"].choices = [(s, names.get(s, s)) for s in contract.services]


class PriceForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("New price (€)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
    )
    starts_on = forms.DateField(label=gettext_lazy("In force from"), widget=DateInput())


class DecisionLinkForm(forms.Form):
    decision = forms.ModelChoiceField(label=gettext_lazy("Decision"), queryset=None)

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = (
            lambda d: f"{d.client.last_name} {d.client.first_name} · {d}"
        )


class BillingProfileForm(forms.Form):
    biller_name = forms.CharField(label=gettext_lazy("Biller's name"), max_length=70)
    biller_business_id = forms.CharField(
        label=gettext_lazy("Biller's business ID (Y-tunnus)"), max_length=9
    )
    provider_business_id = forms.CharField(
        label=gettext_lazy("Service provider's business ID (Y-tunnus)"),
        max_length=9,
        help_text=gettext_lazy("The same as the biller's unless another company bills for you."),
    )
    email = forms.EmailField(label=gettext_lazy("E-mail address for invoicing"))
    street = forms.CharField(label=gettext_lazy("Street address"), max_length=70)
    post_code = forms.RegexField(
        label=gettext_lazy("Post code"),
        regex=r"^\d{5}$",
        error_messages={"invalid": gettext_lazy("A post code is five digits.")},
    )
    town = forms.CharField(label=gettext_lazy("Post office"), max_length=35)
    iban = forms.CharField(label=gettext_lazy("Account (IBAN)"), max_length=40)
    bic = forms.CharField(label=gettext_lazy("Bank (BIC)"), max_length=11)
    e_invoice_address = forms.CharField(
        label=gettext_lazy("Own e-invoice address (OVT)"), max_length=35, required=False
    )
    e_invoice_operator = forms.CharField(
        label=gettext_lazy("Own e-invoice operator (its identifier)"),
        max_length=35,
        required=False,
    )
    payment_days = forms.IntegerField(
        label=gettext_lazy("Payment term (days)"), min_value=1, max_value=90
    )
    prices_visible_to_coaches = forms.BooleanField(
        label=gettext_lazy("Coaches see invoiced amounts on the client page"), required=False
    )


class DayForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())


class RejectForm(DayForm):
    reason = forms.CharField(label=gettext_lazy("Kela's reason"), max_length=500)
