"""Organisations and staff: the business ID is checked, passwords are hashed."""

import pytest
from django.core.exceptions import ValidationError

from vahti.organisations import services


def test_the_business_id_is_checked_and_formatted(db):
    org = services.organisation_create(name="Oy", business_id="12345671")
    assert org.business_id == "1234567-1"
    with pytest.raises(ValidationError):
        services.organisation_create(name="Oy", business_id="1234567-2")


def test_passwords_are_hashed_with_argon2(coach):
    assert coach.password.startswith("argon2")
