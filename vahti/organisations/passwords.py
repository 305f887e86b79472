"""Password rules beyond Django's own validators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class UsernameNotInPassword:
    """The username (or the first or last name, when four letters or more) is not part of the
    password: Django's similarity check let ``coach3coach3`` through for the user ``coach3``."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.casefold()
        for value in (user.username, user.first_name, user.last_name):
            value = (value or "").casefold()
            if len(value) >= 4 and value in lowered:
                raise ValidationError(
                    _("The password must not contain your username or name."),
                    code="password_contains_username",
                )

    def get_help_text(self):
        return _("The password must not contain your username or name.")
