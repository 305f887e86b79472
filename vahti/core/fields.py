"""Fields stored encrypted (Fernet, the keys in settings.FIELD_ENCRYPTION_KEYS) and read back in
clear. They are never filtered on. Serialised copies (dumpdata, backups) carry the ciphertext,
so an identity code is encrypted in every copy; loading such a copy decrypts it on the way in
and the save encrypts it again with the current key."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxLengthValidator
from django.db import models

from .identity import decrypt, decrypt_bytes, encrypt, encrypt_bytes
from .validators import NOTE_LENGTH


def _looks_encrypted(value) -> bool:
    # A Fernet token is URL-safe base64 of a version byte 0x80, so it starts "gAAAAA".
    return isinstance(value, str) and value.startswith("gAAAAA")


class EncryptedTextField(models.TextField):
    """Text stored encrypted."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)

    def to_python(self, value):
        if _looks_encrypted(value):
            return decrypt(value)  # a copy written with other keys fails loudly
        return super().to_python(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return None if value is None else encrypt(value)


class EncryptedJSONField(models.TextField):
    """A JSON document stored as one encrypted text."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(decrypt(value))

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def to_python(self, value):
        if _looks_encrypted(value):
            return json.loads(decrypt(value))
        return value

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


class EncryptedBinaryField(models.BinaryField):
    """Bytes (a stored document) stored encrypted."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return super().get_db_prep_value(encrypt_bytes(bytes(value)), connection, prepared)

    def to_python(self, value):
        if _looks_encrypted(value):
            return decrypt_bytes(value.encode())
        return super().to_python(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return None if value is None else encrypt_bytes(bytes(value)).decode()


class NoteField(models.TextField):
    """A reason, note or justification: optional, at most NOTE_LENGTH characters (enforced on
    every save, not only in the form)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("max_length", NOTE_LENGTH)
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))
