"""Writes of organisations, sites and staff (atomic, validated, with history)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from vahti.core.actors import save_with_actor

from .models import Organisation, Site, User

def business_id_clean(value: str) -> str:
    try:
        return ytunnus.format(ytunnus.validate(value))
    except StdnumError:
        raise ValidationError(
            {"business_id": _("Business ID %(value)s is not valid.") % {"value": value}}) from None


@transaction.atomic
def organisation_create(*, name: str, business_id: str, email: str = "", phone: str = "",
                        address: str = "") -> Organisation:
    return save_with_actor(Organisation(name=name, business_id=business_id_clean(business_id),
                                        email=email, phone=phone, address=address), None)


@transaction.atomic
def site_create(*, organisation: Organisation, name: str, address: str = "") -> Site:
    return save_with_actor(Site(organisation=organisation, name=name, address=address), None)


@transaction.atomic
def staff_create(*, organisation: Organisation, username: str, password: str, first_name: str,
                 last_name: str, role: str, email: str = "") -> User:
    """A staff account. Never staff of the Django admin: that is for operators only."""
    user = User(organisation=organisation, username=username, first_name=first_name,
                last_name=last_name, role=role, email=email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    return save_with_actor(user, None)


@transaction.atomic
def user_sessions_end(*, user: User) -> None:
    """End every session of the user, on every device (the session hash changes)."""
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    user.refresh_from_db(fields=["sessions_epoch"])


@transaction.atomic
def second_factor_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator (a new secret each time setup starts over)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Vahti", confirmed=False)


@transaction.atomic
def second_factor_device_confirm(*, user: User, token: str) -> TOTPDevice | None:
    """Confirm the pending authenticator with a code from it; the earlier one is replaced."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> None:
    """A manager clears a staff member's authenticator (a lost phone): at the next sign-in they
    set up a new one. Their sessions end."""
    if actor.organisation_id != user.organisation_id or not actor.sees_all_clients:
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    user_sessions_end(user=user)
