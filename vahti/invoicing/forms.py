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
