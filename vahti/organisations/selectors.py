"""Reads of organisations and staff."""

from __future__ import annotations

from .models import User


def coaches_of(user):
    """The staff of the user's organisation, by last name."""
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id).order_by("last_name")
