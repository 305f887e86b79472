"""Writes of organisations, sites and staff (atomic, validated, with history)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
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
