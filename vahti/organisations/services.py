"""Writes of organisations, sites and staff (atomic, validated, with history)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from vahti.core.actors import save_with_actor
from vahti.core.identity import business_id_normal

from .models import ApiToken, Authenticator, Organisation, Site, User


def business_id_clean(value: str) -> str:
    normal = business_id_normal(value)
    if normal is None:
        raise ValidationError(
            {"business_id": _("Business ID %(value)s is not valid.") % {"value": value}}
        )
    return normal


@transaction.atomic
def organisation_create(
    *, name: str, business_id: str, email: str = "", phone: str = "", address: str = ""
) -> Organisation:
    return save_with_actor(
        Organisation(
            name=name,
            business_id=business_id_clean(business_id),
            email=email,
            phone=phone,
            address=address,
        ),
        None,
    )


@transaction.atomic
def site_create(*, organisation: Organisation, name: str, address: str = "") -> Site:
    return save_with_actor(Site(organisation=organisation, name=name, address=address), None)


@transaction.atomic
def user_create(
    *,
    organisation: Organisation,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    role: str,
    email: str = "",
    actor: User | None = None,
) -> User:
    """A staff account. Never staff of the Django admin: that is for operators only."""
    user = User(
        organisation=organisation,
        username=username,
        first_name=first_name,
        last_name=last_name,
        role=role,
        email=email,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    return save_with_actor(user, actor)


@transaction.atomic
def user_sessions_end(*, user: User) -> None:
    """End every session of the user, on every device (the session hash changes)."""
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    user.refresh_from_db(fields=["sessions_epoch"])


@transaction.atomic
def second_factor_device_start(*, user: User) -> Authenticator:
    """The user's unconfirmed authenticator (a new secret each time setup starts over)."""
    Authenticator.objects.filter(user=user, confirmed=False).delete()
    return Authenticator.objects.create(user=user, name="Vahti", confirmed=False)


@transaction.atomic
def second_factor_device_confirm(*, user: User, token: str) -> Authenticator | None:
    """Confirm the pending authenticator with a code from it; the earlier one is replaced."""
    device = Authenticator.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    Authenticator.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> None:
    """A manager clears a staff member's authenticator (a lost phone): at the next sign-in they
    set up a new one. Their sessions end."""
    if actor.organisation_id != user.organisation_id or not actor.sees_all_clients:
        raise PermissionDenied
    Authenticator.objects.filter(user=user).delete()
    user_sessions_end(user=user)


def manager_required(actor: User, organisation_id: int | None = None) -> None:
    """Only a manager writes the provider's own registers (staff, sites, audits, client
    counts, measures): checked in every such service, not only in its view, so that no other
    path (a view that forgot, a future API) lets a coach in. With ``organisation_id``, a
    manager of that organisation."""
    if (
        not actor.sees_all_clients
        or actor.organisation_id is None
        or (organisation_id is not None and actor.organisation_id != organisation_id)
    ):
        raise PermissionDenied


def _manager_of(actor: User, organisation_id: int | None) -> None:
    """Only a manager of the same organisation manages its staff and sites."""
    manager_required(actor, organisation_id)


@transaction.atomic
def user_add(
    *,
    actor: User,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    role: str,
    email: str = "",
) -> User:
    """A manager adds a member of their own organisation's staff."""
    _manager_of(actor, actor.organisation_id)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    return user_create(
        organisation=actor.organisation,
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        role=role,
        email=email,
        actor=actor,
    )


@transaction.atomic
def user_profile_update(*, user: User, email: str, language: str) -> User:
    """The user's own e-mail address and language (recorded in the user's history)."""
    if language not in dict(User._meta.get_field("language").choices):
        raise ValidationError({"language": _("Choose a language from the list.")})
    user.email, user.language = email.strip(), language
    save_with_actor(user, user)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    is_active: bool,
) -> User:
    """Edit or deactivate a staff member (never delete: their names stay on the history). A
    manager cannot change their own role or deactivate themselves (no one is locked out by
    accident), and no one gains operator rights here."""
    _manager_of(actor, user.organisation_id)
    if user.is_superuser or user.is_staff:
        raise PermissionDenied
    if user.pk == actor.pk and (role != user.role or not is_active):
        raise ValidationError(
            {
                "role": _(
                    "You cannot change your own role or deactivate yourself; ask another manager."
                )
            }
        )
    ended = user.is_active and not is_active
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.role, user.is_active = role, is_active
    save_with_actor(user, actor)
    if ended:
        user_sessions_end(user=user)
    return user


@transaction.atomic
def site_add(*, actor: User, name: str, address: str = "") -> Site:
    _manager_of(actor, actor.organisation_id)
    return save_with_actor(Site(organisation=actor.organisation, name=name, address=address), actor)


@transaction.atomic
def site_update(*, actor: User, site: Site, name: str, address: str = "") -> Site:
    _manager_of(actor, site.organisation_id)
    site.name, site.address = name, address
    return save_with_actor(site, actor)


@transaction.atomic
def organisation_security_set(*, actor: User, second_factor_for_all: bool) -> Organisation:
    _manager_of(actor, actor.organisation_id)
    organisation = actor.organisation
    organisation.second_factor_for_all = second_factor_for_all
    return save_with_actor(organisation, actor)


@transaction.atomic
def organisation_prices_visibility_set(*, actor: User, visible: bool) -> Organisation:
    """Whether coaches see invoiced amounts on the client page (by default they do not)."""
    _manager_of(actor, actor.organisation_id)
    organisation = actor.organisation
    organisation.prices_visible_to_coaches = visible
    return save_with_actor(organisation, actor)


@transaction.atomic
def organisation_with_manager_create(
    *,
    name: str,
    business_id: str,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    email: str = "",
) -> User:
    """An operator's command makes a new organisation and its first manager."""
    organisation = organisation_create(name=name, business_id=business_id)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    return user_create(
        organisation=organisation,
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        role=User.Role.MANAGER,
        email=email,
    )


TOKEN_PREFIX = "vahti_"
TOKEN_MAX_DAYS = 366  # a token lives at most a year: a forgotten one ends by itself


def api_token_digest(token: str) -> str:
    """A token is 256 random bits: a plain SHA-256 of it cannot be reversed or guessed."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, verified: bool, name: str, scope: str, expires_on: dt.date, today: dt.date
) -> tuple[ApiToken, str]:
    """A personal API token for ``user``, who has signed in with the second factor
    (``verified``). Returns the token and its text, which is shown once and never stored."""
    if not verified:
        raise ValidationError(
            _(
                "Set up and use the second factor before you make an API token: a token opens "
                "the same data as you do."
            )
        )
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name (what uses it).")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose the token's scope.")})
    if not today < expires_on <= today + dt.timedelta(days=TOKEN_MAX_DAYS):
        raise ValidationError(
            {"expires_on": _("A token is valid from tomorrow up to a year from today.")}
        )
    secret = secrets.token_urlsafe(32)
    text = f"{TOKEN_PREFIX}{secret}"
    token = save_with_actor(
        ApiToken(
            user=user,
            name=name.strip(),
            prefix=text[: len(TOKEN_PREFIX) + 6],
            digest=api_token_digest(text),
            scope=scope,
            expires_on=expires_on,
        ),
        user,
    )
    return token, text


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise ValidationError(_("Only its owner revokes a token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        save_with_actor(token, user)
    return token
