"""Forms of audit readiness and Kela's audits: they parse; the services validate and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.forms import DateInput
from vahti.core.validators import NOTE_LENGTH
from vahti.organisations.models import Site, User

from .models import FindingCategory

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class KelaAuditForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Date of the audit"), widget=DateInput())
    auditors = forms.CharField(label=gettext_lazy("Auditors from Kela"), max_length=300)
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"),
        required=False,
        queryset=Site.objects.none(),
        empty_label=gettext_lazy("the whole organisation"),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=NOTE_LENGTH, widget=TEXTAREA
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)


class AuditFindingForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=FindingCategory.choices)
    description = forms.CharField(
        label=gettext_lazy("Finding"), max_length=NOTE_LENGTH, widget=TEXTAREA
    )


class CorrectiveActionForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("Corrective action"), max_length=NOTE_LENGTH, widget=TEXTAREA
    )
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=gettext_lazy("Deadline"), widget=DateInput())
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"), required=False, max_length=NOTE_LENGTH, widget=TEXTAREA
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("last_name")


class CloseForm(forms.Form):
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"), max_length=NOTE_LENGTH, widget=TEXTAREA
    )
    closed_on = forms.DateField(label=gettext_lazy("Closed on"), required=False, widget=DateInput())
