"""Versioned field keys: rotation re-encrypts everything with the newest key (after which the
old key can go), digests follow the digest key, and a wrong key is a clear error page."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.factories import admit
from vahti.cases import services as cases
from vahti.cases.models import Certificate, Client
from vahti.core.identity import identity_digest
from vahti.notices import services as notices
from vahti.notices.models import Notice

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _raw(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return [bytes(v) if not isinstance(v, str) else v.encode() for (v,) in cursor.fetchall()]


@pytest.mark.django_db
def test_rotation_re_encrypts_every_copy_and_the_old_key_can_go(settings, coach):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    client = admit(coach)
    code = client.identity_code
    cases.certificate_issue(actor=coach, decision=client.current_decision)
    notices.notice_create(
        actor=coach, decision=client.current_decision, kind="change", details="Muutos"
    )
    before = {
        t: _raw(t, c)
        for t, c in [
            ("cases_client", "identity_code"),
            ("cases_historicalclient", "identity_code"),
            ("cases_certificate", "pdf"),
            ("notices_historicalnotice", "body"),
        ]
    }
    pdf = Certificate.objects.get().pdf

    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    settings.IDENTITY_DIGEST_KEY = "a-new-digest-key-for-this-test"
    out = io.StringIO()
    call_command("vahti_rotate_keys", stdout=out)
    assert "cases.Client: 1 rows" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key removed
    for (table, column), old_values in zip(
        [
            ("cases_client", "identity_code"),
            ("cases_historicalclient", "identity_code"),
            ("cases_certificate", "pdf"),
            ("notices_historicalnotice", "body"),
        ],
        before.values(),
        strict=True,
    ):
        new_values = _raw(table, column)
        assert len(new_values) == len(old_values) and not set(new_values) & set(old_values), table
        for token in new_values:
            Fernet(NEW.encode()).decrypt(token)  # readable with the new key alone
    again = Client.objects.get(pk=client.pk)
    assert again.identity_code == code
    assert again.identity_digest == identity_digest(code)
    assert bytes(Certificate.objects.get().pdf) == bytes(pdf)
    assert code in Notice.objects.get().body
    assert again.history.earliest().identity_code == code


@pytest.mark.django_db
def test_a_wrong_key_gives_a_clear_error_page_not_a_404(settings, client, coach):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    case = admit(coach)
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    client.force_login(coach)
    response = client.get(reverse("cases:client", args=[case.pk]))
    assert response.status_code == 503
    assert "Salausavaimet eivät täsmää" in response.content.decode()
