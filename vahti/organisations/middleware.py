"""The second factor: a signed-in user who needs one (User.requires_second_factor) reaches
nothing but the second-factor pages, the logout and the language switch until verified."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

OPEN_PATHS = (
    "organisations:second_factor",
    "organisations:second_factor_setup",
    "organisations:logout",
    "set_language",
)


def second_factor_waived(user) -> bool:
    """Development mode only: the demo accounts (settings.SECOND_FACTOR_WAIVED_USERNAMES)."""
    return user.username in settings.SECOND_FACTOR_WAIVED_USERNAMES


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.requires_second_factor
            and not user.is_verified()
            and not second_factor_waived(user)
        ):
            if self.open_paths is None:
                self.open_paths = {reverse(name) for name in OPEN_PATHS}
            if request.path not in self.open_paths and not request.path.startswith(
                settings.STATIC_URL
                if settings.STATIC_URL.startswith("/")
                else "/" + settings.STATIC_URL
            ):
                return redirect(
                    f"{reverse('organisations:second_factor')}?next={request.get_full_path()}"
                )
        return self.get_response(request)
