"""Forms of the sign-in and account pages: they parse; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from vahti.core.forms import DateInput
from vahti.core.validators import one_line

from .models import ApiToken, User


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(gettext_lazy("The code is six digits."))
        return token


class ProfileForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        required=False,
        help_text=gettext_lazy("Reminders of deadlines go here."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=User._meta.get_field("language").choices,
        help_text=gettext_lazy("Of the pages, e-mails and calendar."),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=60,
        help_text=gettext_lazy("What uses it, e.g. “bookkeeping”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices, initial="read"
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Valid until"),
        widget=DateInput(),
        help_text=gettext_lazy("At most a year."),
    )


class StaffForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("First name"), max_length=150, validators=[one_line]
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"), max_length=150, validators=[one_line]
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        required=False,
        help_text=gettext_lazy("Reminders of deadlines go here."),
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=User.Role.choices)


class UserNewForm(StaffForm):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(
        label=gettext_lazy("First password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy(
            "At least 12 characters. Give it to the person safely; they can "
            "change it on their account page."
        ),
    )
    field_order = ["username", "first_name", "last_name", "email", "role", "password"]


class UserEditForm(StaffForm):
    is_active = forms.BooleanField(label=gettext_lazy("Active (can sign in)"), required=False)


class SiteForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)


class SecurityForm(forms.Form):
    second_factor_for_all = forms.BooleanField(
        label=gettext_lazy("Require the second factor of all staff (managers always need it)"),
        required=False,
    )
