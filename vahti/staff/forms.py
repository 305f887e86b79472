"""Forms of the staff register: they parse; the services validate and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.forms import DateInput
from vahti.core.lines import service_choices
from vahti.organisations.models import Site, User

from .models import Profession, QualificationKind


class StaffMemberForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
    profession = forms.ChoiceField(label=gettext_lazy("Profession"), choices=Profession.choices)
    role = forms.CharField(label=gettext_lazy("Role in the team"), max_length=100, required=False)
    services = forms.MultipleChoiceField(
        label=gettext_lazy("Service lines"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sites = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sites"),
        required=False,
        queryset=Site.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    experience_months = forms.IntegerField(
        label=gettext_lazy("Work experience (months)"), required=False, min_value=0, max_value=700
    )
    experience_checked_on = forms.DateField(
        label=gettext_lazy("Experience checked on"), required=False, widget=DateInput()
    )
    started_on = forms.DateField(
        label=gettext_lazy("Started on"), required=False, widget=DateInput()
    )
    ended_on = forms.DateField(label=gettext_lazy("Left on"), required=False, widget=DateInput())
    user = forms.ModelChoiceField(
        label=gettext_lazy("Vahti user"), required=False, queryset=User.objects.none()
    )

    report = forms.BooleanField(
        label=gettext_lazy(
            "A staff change to report to Kela (leave empty when entering someone already working)"
        ),
        required=False,
        initial=True,
    )

    def __init__(self, *args, organisation, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["report"]  # an edit is a staff change by what it changes
        self.fields["services"].choices = service_choices()
        self.fields["sites"].queryset = Site.objects.filter(organisation=organisation)
        self.fields["user"].queryset = User.objects.filter(
            organisation=organisation, is_active=True
        )


class QualificationForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Qualification"), choices=QualificationKind.choices)
    name = forms.CharField(
        label=gettext_lazy("Name (e.g. the course)"), max_length=200, required=False
    )
    gained_on = forms.DateField(label=gettext_lazy("Gained on"), required=False, widget=DateInput())
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy(
            "Empty: counted from the date gained where the rules give a period."
        ),
    )


class RequirementForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Service line"))
    profession = forms.ChoiceField(
        label=gettext_lazy("Profession"), required=False, choices=[("", "—"), *Profession.choices]
    )
    qualification = forms.ChoiceField(
        label=gettext_lazy("Qualification"),
        required=False,
        choices=[("", "—"), *QualificationKind.choices],
    )
    experience_months = forms.IntegerField(
        label=gettext_lazy("Work experience (months)"), required=False, min_value=0, max_value=700
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = service_choices()
