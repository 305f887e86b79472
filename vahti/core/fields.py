from django.db import models

from .identity import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet) and read back in clear; never filtered on."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
