"""The REST API's sign-in: a personal API token (Authorization: Bearer vahti_…), acting as its
user within its scope. Used by every endpoint (settings.REST_FRAMEWORK); the pages' session
sign-in does not open the API, so the API needs no CSRF token and a stolen session cookie does
not reach it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from vahti.core.dates import today

from .models import ApiToken
from .services import TOKEN_PREFIX, api_token_digest

LAST_USED_EVERY = dt.timedelta(minutes=5)  # the last use is written at most this often


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after “Bearer ”."))
        text = header[1].decode(errors="replace")
        if not text.startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(_("This is not a Vahti API token."))
        token = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(digest=api_token_digest(text))
            .first()
        )
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The token is not valid (revoked or unknown)."))
        if token.expires_on < today():
            raise exceptions.AuthenticationFailed(_("The token has expired."))
        user = token.user
        if not user.is_active or user.organisation_id is None:
            raise exceptions.AuthenticationFailed(_("The token's user can no longer sign in."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        # Messages in the token's user's language, as on the pages.
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
        return user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScope(permissions.BasePermission):
    """A read-only token reads; writing needs a read-and-write token."""

    message = ""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        self.message = _("This token may only read: make a read-and-write token to write.")
        return token.scope == ApiToken.Scope.WRITE


class ManagerOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and getattr(request.user, "sees_all_clients", False))


class TokenScheme(OpenApiAuthenticationExtension):
    """The token as the OpenAPI schema names it (HTTP bearer)."""

    target_class = "vahti.organisations.api_auth.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "vahti_… (profile page)"}
