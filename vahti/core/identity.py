"""Henkilötunnus (Finnish personal identity code): validation, encryption at rest, lookup digest.

python-stdnum checks the date, century sign (including the 2023 signs) and check character.
DVV's test codes (individual number 900–999) are refused unless settings allow them: demo and
test data use them, and a real client never has one.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def identity_code_clean(value: str) -> str:
    """The code as typed (century sign kept), upper-cased and stripped; raises ValidationError."""
    code = (value or "").strip().upper()
    if not code:
        raise ValidationError(_("Henkilötunnus is required."), code="required")
    try:
        hetu.validate(code, allow_temporary=True)
    except StdnumError:
        raise ValidationError(_("Henkilötunnus %(code)s is not valid.") % {"code": code},
                              code="invalid") from None
    if is_test_code(code) and not settings.ALLOW_TEST_IDENTITY_CODES:
        raise ValidationError(_("Test identity codes (individual number 900–999) are not allowed."),
                              code="test_code")
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


def _fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEY.encode())


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("identity code cannot be decrypted with this VAHTI_FIELD_KEY") from None


def identity_digest(code: str) -> str:
    """A keyed digest for finding a client by code without decrypting every row."""
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()
