from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.forms import DateInput
from vahti.core.lines import service_choices
from vahti.core.validators import NOTE_LENGTH

from .models import GAS_MAX, GAS_MIN, Consent, MeasureResult

GAS_CHOICES = [(n, f"{n:+d}" if n else "0") for n in range(GAS_MIN, GAS_MAX + 1)]


class ConsentForm(forms.Form):
    given_on = forms.DateField(label=gettext_lazy("Written consent given on"), widget=DateInput())
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=Consent.Scope.choices)


class GoalForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("GAS goal"),
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    set_on = forms.DateField(label=gettext_lazy("Set on"), widget=DateInput())


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Rating at the end"), coerce=int, choices=[("", "—"), *GAS_CHOICES]
    )
    rated_on = forms.DateField(label=gettext_lazy("Rated on"), widget=DateInput())


class ResultForm(forms.Form):
    measure = forms.ModelChoiceField(label=gettext_lazy("Measure"), queryset=None)
    phase = forms.ChoiceField(label=gettext_lazy("Phase"), choices=MeasureResult.Phase.choices)
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=8, decimal_places=2)
    measured_on = forms.DateField(label=gettext_lazy("Measured on"), widget=DateInput())

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures


class MeasureForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Service line"))
    name = forms.CharField(label=gettext_lazy("Measure"), max_length=100)
    scale = forms.CharField(label=gettext_lazy("Scale"), max_length=200, required=False)
    minimum = forms.DecimalField(
        label=gettext_lazy("Smallest value"), max_digits=8, decimal_places=2
    )
    maximum = forms.DecimalField(
        label=gettext_lazy("Largest value"), max_digits=8, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = service_choices()
