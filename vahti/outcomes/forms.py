from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.dates import today
from vahti.core.forms import DateInput
from vahti.core.lines import service_choices
from vahti.core.validators import NOTE_LENGTH
from vahti.rules.evaluate import default_evaluator

from .models import Consent, MeasureResult


def gas_choices() -> list[tuple[int, str]]:
    """The GAS ratings in force today (the provider.gas_scale parameter): −2 … +2."""
    low, high = default_evaluator().gas_scale(today())
    return [(n, f"{n:+d}" if n else "0") for n in range(low, high + 1)]


class ConsentForm(forms.Form):
    given_on = forms.DateField(
        label=gettext_lazy("Written research consent given on"), widget=DateInput()
    )
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
        label=gettext_lazy("Rating at the end"),
        coerce=int,
        choices=lambda: [("", "—"), *gas_choices()],
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
