"""Reads of organisations, their sites and their users (staff accounts: the staff register is
the `staff` app)."""

from __future__ import annotations

from django.http import Http404

from .models import ApiToken, Authenticator, Site, User


def coaches_of(user):
    """The users of the user's organisation, by last name."""
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id).order_by("last_name")


def users_of(user):
    """The users of a manager's organisation, active first, by name."""
    return User.objects.filter(organisation_id=user.organisation_id).order_by(
        "-is_active", "last_name", "first_name"
    )


def user_of(user, user_id: int):
    """A user of the user's organisation, or None (another organisation's: None)."""
    return User.objects.filter(organisation_id=user.organisation_id, pk=user_id).first()


def sites_of(user):
    return Site.objects.filter(organisation_id=user.organisation_id).order_by("name")


def site_of(user, site_id: int):
    return Site.objects.filter(organisation_id=user.organisation_id, pk=site_id).first()


def users_with_second_factor(users) -> set[int]:
    return set(
        Authenticator.objects.filter(user__in=users, confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def is_manager(user) -> bool:
    """A signed-in member of an organisation who sees all its clients (a manager)."""
    return bool(
        user.is_authenticated and user.organisation_id is not None and user.sees_all_clients
    )


def managed_organisation_id(user) -> int:
    """The organisation of a manager; anyone else gets a 404 (the provider's own pages:
    staff, readiness, reports, outcome deliveries)."""
    if not is_manager(user):
        raise Http404
    return user.organisation_id


def authenticator_pending(user) -> Authenticator | None:
    """The authenticator the user is setting up (not yet confirmed with a code)."""
    return Authenticator.objects.filter(user=user, confirmed=False).first()


def api_tokens_of(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))


def api_token_for(user, token_id) -> ApiToken:
    try:
        return ApiToken.objects.get(pk=token_id, user=user)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
