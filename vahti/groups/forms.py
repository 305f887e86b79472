"""Forms of groups: they parse; the services validate (the rules core) and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.forms import DateInput
from vahti.core.lines import service_name
from vahti.organisations.models import Site

from .selectors import group_lines


class GroupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    service = forms.ChoiceField(label=gettext_lazy("Service line"))
    planned_max = forms.IntegerField(
        label=gettext_lazy("Planned maximum size"), min_value=1, max_value=30
    )
    planned_start = forms.DateField(
        label=gettext_lazy("Planned start"), required=False, widget=DateInput()
    )
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"), required=False, queryset=Site.objects.none()
    )

    def __init__(self, *args, organisation, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(line, service_name(line)) for line in group_lines()]
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)
        if editing:
            del self.fields["service"]  # a group stays in its line


class MemberForm(forms.Form):
    decision = forms.ModelChoiceField(label=gettext_lazy("Client"), queryset=None)
    joined_on = forms.DateField(label=gettext_lazy("Joined on"), required=False, widget=DateInput())

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = (
            lambda d: f"{d.client.last_name} {d.client.first_name}"
        )


class LeaveForm(forms.Form):
    """The day a member left the group (today by default), asked on a page of its own so that
    one click never removes a member."""

    left_on = forms.DateField(label=gettext_lazy("Left the group on"), widget=DateInput())


class PeriodForm(forms.Form):
    first = forms.DateField(label=gettext_lazy("First block starts"), widget=DateInput())
    second = forms.DateField(label=gettext_lazy("Second block starts"), widget=DateInput())
    third = forms.DateField(label=gettext_lazy("Third block starts"), widget=DateInput())
    hours = forms.DecimalField(
        label=gettext_lazy("Hours a day"), min_value=0.5, max_value=24, decimal_places=1, initial=6
    )


class PostponeForm(forms.Form):
    new_start = forms.DateField(label=gettext_lazy("New start"), widget=DateInput())
    reason = forms.CharField(
        label=gettext_lazy("Details for Kela"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
