"""Henkilötunnus (Finnish personal identity code): validation, encryption at rest, lookup digest.

python-stdnum checks the date, century sign (including the 2023 signs) and check character.
DVV's test codes (individual number 900–999) are refused unless settings allow them: demo and
test data use them, and a real client never has one.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu, ytunnus

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def business_id_normal(value: str) -> str | None:
    """A business ID (Y-tunnus) in its standard form (1234567-1), or None when it is not one."""
    try:
        return ytunnus.format(ytunnus.validate(value))
    except StdnumError:
        return None


def identity_code_clean(value: str) -> str:
    """The code as typed (century sign kept), upper-cased and stripped; raises ValidationError."""
    code = (value or "").strip().upper()
    if not code:
        raise ValidationError(_("Henkilötunnus is required."), code="required")
    try:
        hetu.validate(code, allow_temporary=True)
    except InvalidChecksum:
        raise ValidationError(
            _("Henkilötunnus %(code)s is not valid: the check character does not match.")
            % {"code": code},
            code="invalid",
        ) from None
    except InvalidComponent:
        raise ValidationError(
            _("Henkilötunnus %(code)s is not valid: no such date of birth or individual number.")
            % {"code": code},
            code="invalid",
        ) from None
    except StdnumError:
        raise ValidationError(
            _(
                "Henkilötunnus %(code)s is not valid: the form is ddmmyy, century sign, three "
                "digits and a check character (e.g. 010190-900P)."
            )
            % {"code": code},
            code="invalid",
        ) from None
    if is_test_code(code) and not settings.ALLOW_TEST_IDENTITY_CODES:
        raise ValidationError(
            _("Test identity codes (individual number 900–999) are not allowed."), code="test_code"
        )
    return code


def is_test_code(code: str) -> bool:
    return 900 <= int(code[7:10]) <= 999


def demo_identity_code(day: int, month: int, year: int, individual: int) -> str:
    """A valid code in DVV's test range, for demo and test data only."""
    if not 900 <= individual <= 999:
        raise ValueError("test codes use individual numbers 900–999")
    sign = {18: "+", 19: "-", 20: "A"}[year // 100]
    digits = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


class KeysDoNotMatch(Exception):
    """Stored data was encrypted with a key this installation does not have."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    # The first key encrypts; every key decrypts (rotation: vahti_rotate_keys).
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token)
    except InvalidToken:
        raise KeysDoNotMatch(
            "stored data cannot be decrypted with the keys in VAHTI_FIELD_KEY"
        ) from None


def encrypt(text: str) -> str:
    return encrypt_bytes(text.encode()).decode()


def decrypt(token: str) -> str:
    return decrypt_bytes(token.encode()).decode()


def identity_digest(code: str) -> str:
    """A keyed digest for finding a client by code without decrypting every row. Its key is its
    own (VAHTI_DIGEST_KEY): with SECRET_KEY, anyone holding that could test every possible code
    against the digests (there are only about 10^9)."""
    return hmac.new(
        settings.IDENTITY_DIGEST_KEY.encode(), code.encode(), hashlib.sha256
    ).hexdigest()
