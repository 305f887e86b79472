from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.forms import DateInput
from vahti.core.lines import registration_lines


class CountReportForm(forms.Form):
    service = forms.ChoiceField(label=gettext_lazy("Service line"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    count = forms.IntegerField(label=gettext_lazy("Client count"), min_value=0, max_value=100000)
    reported_on = forms.DateField(
        label=gettext_lazy("Reported to Kela on"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Empty: today."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the lines whose providers report a count (the rules core refuses the others).
        self.fields["service"].choices = registration_lines()
