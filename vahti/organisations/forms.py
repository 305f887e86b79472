"""Forms of the sign-in and account pages: they parse; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class TokenForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Code from the authenticator app"), max_length=6,
                            min_length=6, widget=forms.TextInput(attrs={
                                "autocomplete": "one-time-code", "inputmode": "numeric",
                                "pattern": "[0-9]{6}", "autofocus": True}))

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(gettext_lazy("The code is six digits."))
        return token
