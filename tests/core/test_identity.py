"""Henkilötunnus: checked with python-stdnum, test range only when allowed, encrypted at rest."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import admit
from vahti.cases.models import Client
from vahti.core.identity import demo_identity_code, identity_code_clean, identity_digest


def test_a_test_range_code_is_accepted_when_allowed():
    code = demo_identity_code(1, 5, 1994, 903)
    assert identity_code_clean(code.lower()) == code


def test_a_test_range_code_is_refused_unless_allowed(settings):
    settings.ALLOW_TEST_IDENTITY_CODES = False
    with pytest.raises(ValidationError) as caught:
        identity_code_clean(demo_identity_code(1, 5, 1994, 903))
    assert caught.value.code == "test_code"


@pytest.mark.parametrize("code", ["010594Y903X", "310294-9031", "", "abc"])
def test_an_invalid_code_is_refused(code):
    with pytest.raises(ValidationError):
        identity_code_clean(code)


@pytest.mark.parametrize("sign", ["-", "Y", "X", "W", "V", "U"])
def test_the_century_sign_is_kept_as_typed(sign):
    base = demo_identity_code(1, 5, 1994, 903)
    code = base[:6] + sign + base[7:]
    assert identity_code_clean(code) == code


def test_the_identity_code_is_encrypted_at_rest(coach):
    client = admit(coach)
    with connection.cursor() as cursor:
        cursor.execute("SELECT identity_code FROM cases_client WHERE id = %s", [client.pk])
        stored = cursor.fetchone()[0]
    code = Client.objects.get(pk=client.pk).identity_code
    assert code[6] in "-A" and code not in stored and len(stored) > 50
    history = client.history.first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_code FROM cases_historicalclient WHERE history_id = %s",
            [history.history_id],
        )
        assert code not in cursor.fetchone()[0]


def test_the_digest_does_not_reveal_the_code():
    code = demo_identity_code(1, 5, 1994, 903)
    assert code not in identity_digest(code) and len(identity_digest(code)) == 64


def test_the_digest_has_its_own_key_not_the_secret_key(settings):
    code = demo_identity_code(1, 5, 1994, 903)
    before = identity_digest(code)
    settings.SECRET_KEY = "another-secret-key-entirely-" * 2
    assert identity_digest(code) == before  # knowing SECRET_KEY gives nothing
    settings.IDENTITY_DIGEST_KEY = "another-digest-key"
    assert identity_digest(code) != before
