"""Sign-in, the second factor and the user's own account: views parse, call services, render."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from vahti.core.dates import today
from vahti.core.forms import form_saved

from . import selectors, services, throttle
from .forms import (
    ApiTokenForm,
    ProfileForm,
    SecurityForm,
    SiteForm,
    TokenForm,
    UserEditForm,
    UserNewForm,
)
from .middleware import second_factor_waived
from .selectors import api_token_for, api_tokens_of

TOKEN_DEFAULT = dt.timedelta(days=90)  # a new token's validity unless chosen otherwise


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)  # the front page, as the settings say


def _with_language(response, user):
    """The language choice travels as Django's language cookie (LanguageMiddleware reads it)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.language,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        max_age=365 * 24 * 3600,
    )
    return response


class LoginView(auth_views.LoginView):
    extra_context = {"demo_waiver": bool(settings.SECOND_FACTOR_WAIVED_USERNAMES)}

    def post(self, request, *args, **kwargs):
        # Refused before the password is checked: a refused attempt is no guess (throttle.py).
        refusal = throttle.login_refusal(request, request.POST.get("username", "")[:150])
        if refusal is not None:
            form = self.get_form_class()(request)
            form.initial = {"username": request.POST.get("username", "")[:150]}
            return self.render_to_response(
                self.get_context_data(form=form, refusal=refusal), status=429
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.login_failed(self.request, self.request.POST.get("username", "")[:150])
        return super().form_invalid(form)

    def form_valid(self, form):
        # The profile's language on every device the user signs in on.
        return _with_language(super().form_valid(form), form.get_user())


@login_required
def second_factor(request):
    """Step two of signing in: a code from the user's authenticator app."""
    if request.user.is_verified() or second_factor_waived(request.user):
        return redirect(_next(request))
    if not user_has_device(request.user):
        return redirect(f"{reverse('organisations:second_factor_setup')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # match_token tries the user's confirmed devices; each failure slows the next try.
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "token",
            _(
                "The code is wrong or too old, or tried too often. Wait a "
                "moment and try the newest code."
            ),
        )
    return render(
        request, "registration/second_factor.html", {"form": form, "next": _next(request)}
    )


@login_required
def second_factor_setup(request):
    """Set up the authenticator app: first time, or anew once verified (never to replace a
    device without it: a stolen password alone must not be enough)."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(f"{reverse('organisations:second_factor')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_device_confirm(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            messages.success(request, _("The authenticator app is in use."))
            return redirect(_next(request))
        form.add_error(
            "token", _("The code did not match. Check the phone's time and try the newest code.")
        )
    device = selectors.authenticator_pending(user) if request.method == "POST" else None
    if device is None:
        device = services.second_factor_device_start(user=user)
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "next": _next(request),
            "qr": segno.make(device.config_url, error="m").svg_inline(
                scale=4, title=_("QR code for the authenticator app")
            ),
            "secret": " ".join(
                b32encode(device.bin_key).decode()[i : i + 4] for i in range(0, 32, 4)
            ),
        },
    )


@login_required
def account(request):
    """The user's own profile: e-mail and language, password, second factor, calendar address,
    sessions."""
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"email": user.email, "language": user.language}
    )
    saved, _result = form_saved(
        request, form, lambda data: services.user_profile_update(user=user, **data)
    )
    if saved:
        with translation.override(user.language):
            messages.success(request, _("Your details have been saved."))
        return _with_language(redirect("organisations:account"), user)
    return _account_page(request, form)


def _account_page(request, form, token_form=None, new_token: str = ""):
    user = request.user
    return render(
        request,
        "registration/account.html",
        {
            "form": form,
            "has_device": user_has_device(user),
            "waived": second_factor_waived(user),
            "verified": user.is_verified(),
            "tokens": api_tokens_of(user),
            "token_form": token_form
            or ApiTokenForm(initial={"scope": "read", "expires_on": today() + TOKEN_DEFAULT}),
            "new_token": new_token,
        },
    )


@require_POST
@login_required
def api_token_new(request):
    """A new token, shown on the page this once (never stored, never in a message or cookie)."""
    user = request.user
    token_form = ApiTokenForm(request.POST)
    profile = ProfileForm(initial={"email": user.email, "language": user.language})
    saved, made = form_saved(
        request,
        token_form,
        lambda data: services.api_token_create(
            user=user, verified=user.is_verified(), today=today(), **data
        ),
    )
    if not saved:
        return _account_page(request, profile, token_form)
    _token, text = made
    return _account_page(request, profile, new_token=text)


@require_POST
@login_required
def api_token_revoke(request, token_id):
    token = api_token_for(request.user, token_id)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token was revoked: it no longer opens anything."))
    return redirect(reverse("organisations:account") + "#api-tokens")


@require_POST
@login_required
def logout_everywhere(request):
    services.user_sessions_end(user=request.user)
    logout(request)
    messages.success(request, _("You have been logged out on every device."))
    return redirect("organisations:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own (validators, this session kept, every other session of the user ended)."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("organisations:account")

    def form_valid(self, form):
        messages.success(
            self.request, _("Your password has been changed. Other sessions of yours have ended.")
        )
        return super().form_valid(form)


def _manager_only(request):
    if not request.user.sees_all_clients:
        raise Http404


@login_required
def user_list(request):
    """A manager's page of the organisation's users and sites."""
    _manager_only(request)
    users = list(selectors.users_of(request.user))
    form = SecurityForm(
        request.POST or None,
        initial={"second_factor_for_all": request.user.organisation.second_factor_for_all},
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_security_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("organisations:users")
    return render(
        request,
        "organisations/user_list.html",
        {
            "users": users,
            "sites": selectors.sites_of(request.user),
            "form": form,
            "with_device": selectors.users_with_second_factor(users),
        },
    )


@login_required
def user_new(request):
    _manager_only(request)
    form = UserNewForm(request.POST or None)
    saved, member = form_saved(
        request, form, lambda data: services.user_add(actor=request.user, **data)
    )
    if saved:
        messages.success(request, _("%(name)s added.") % {"name": member.get_full_name()})
        return redirect("organisations:users")
    return render(request, "organisations/user_form.html", {"form": form, "member": None})


@login_required
def user_edit(request, user_id):
    _manager_only(request)
    member = selectors.user_of(request.user, user_id)
    if member is None:
        raise Http404
    initial = {
        name: getattr(member, name)
        for name in ("first_name", "last_name", "email", "role", "is_active")
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "reset_second_factor":
        services.second_factor_reset(actor=request.user, user=member)
        messages.success(
            request,
            _(
                "The authenticator of %(name)s was reset: they set up a new "
                "one at their next sign-in."
            )
            % {"name": member.get_full_name()},
        )
        return redirect("organisations:user_edit", member.pk)
    saved, _result = form_saved(
        request, form, lambda data: services.user_update(actor=request.user, user=member, **data)
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("organisations:users")
    return render(
        request,
        "organisations/user_form.html",
        {
            "form": form,
            "member": member,
            "has_device": bool(selectors.users_with_second_factor([member])),
        },
    )


@login_required
def site_edit(request, site_id=None):
    _manager_only(request)
    site = None
    if site_id is not None:
        site = selectors.site_of(request.user, site_id)
        if site is None:
            raise Http404
    form = SiteForm(
        request.POST or None, initial={"name": site.name, "address": site.address} if site else None
    )
    if request.method == "POST" and form.is_valid():
        if site is None:
            services.site_add(actor=request.user, **form.cleaned_data)
        else:
            services.site_update(actor=request.user, site=site, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("organisations:users")
    return render(request, "organisations/site_form.html", {"form": form, "site": site})
