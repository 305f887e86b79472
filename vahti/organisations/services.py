"""Writes of organisations, sites and staff (atomic, validated, with history)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from vahti.core.actors import save_with_actor

from .models import Organisation, Site, User

# The apps whose models managers may edit in the Django admin.
MANAGED_APPS = ("organisations", "cases")


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
    user = User(organisation=organisation, username=username, first_name=first_name,
                last_name=last_name, role=role, email=email,
                is_staff=role == User.Role.MANAGER)
    user.set_password(password)
    save_with_actor(user, None)
    if user.is_staff:
        from django.contrib.auth.models import Permission
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=MANAGED_APPS))
    return user
