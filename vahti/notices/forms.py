from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.validators import NOTE_LENGTH


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Notice"))
    details = forms.CharField(
        label=gettext_lazy("Details for Kela"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
