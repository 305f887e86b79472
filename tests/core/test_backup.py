"""Backups: one encrypted archive of everything; restored into an empty database it gives back
every row of every table (history, access log and timestamps included; encrypted values
compared by what they hold, as a restore encrypts them afresh)."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.audit.test_no_clear_identity import _documents_everywhere
from vahti.cases.models import Client as CaseClient
from vahti.core.identity import decrypt_bytes
from vahti.organisations.models import User

SKIPPED = {"django_session", "django_content_type", "auth_permission", "django_migrations"}


def _clear(value):
    """Encrypted values compare by what they hold: a restore encrypts them afresh (new IV)."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes) and value.startswith(b"gAAAAA"):
        return ("decrypted", decrypt_bytes(value))
    if isinstance(value, str) and value.startswith("gAAAAA"):
        return ("decrypted", decrypt_bytes(value.encode()))
    return value


def _snapshot() -> dict[str, list[tuple]]:
    # Rows of many-to-many link tables are restored as links: their own ids are not data.
    links = {
        m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.auto_created
    }
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in SKIPPED:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = [tuple(_clear(v) for v in row) for row in cursor.fetchall()]
            if table in links:
                rows[table] = sorted(row[1:] for row in rows[table])
    return rows


@pytest.fixture
def backup_key(settings):
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    return settings.BACKUP_KEY


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_gives_back_every_row(backup_key, tmp_path):
    codes = _documents_everywhere()
    browser = Client()
    browser.force_login(User.objects.get(username="demo"))
    browser.get(reverse("cases:client", args=[CaseClient.objects.first().pk]))  # an access-log row
    before = _snapshot()
    assert before["audit_accessrecord"] and before["cases_historicalday"]

    archive = tmp_path / "vahti.backup"
    call_command("vahti_backup", str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o777 == 0o600
    raw = archive.read_bytes()
    assert b"Demo Kuntoutus" not in raw and not any(code in raw for code in codes)

    with pytest.raises(CommandError, match="not empty"):
        call_command("vahti_restore", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    assert not CaseClient.objects.exists()
    call_command("vahti_restore", str(archive), stdout=io.StringIO())
    after = _snapshot()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    call_command("vahti_verify_audit", stdout=io.StringIO())  # the chain holds


@pytest.mark.django_db(transaction=True)
def test_a_backup_needs_its_key(settings, backup_key, tmp_path, organisation):
    archive = tmp_path / "vahti.backup"
    call_command("vahti_backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    settings.BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("vahti_restore", str(archive))
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="VAHTI_BACKUP_KEY is not set"):
        call_command("vahti_backup", str(tmp_path / "other.backup"))


@pytest.mark.django_db(transaction=True)
def test_a_truncated_or_damaged_backup_says_so_and_does_not_blame_the_key(
    backup_key, tmp_path, organisation
):
    archive = tmp_path / "vahti.backup"
    call_command("vahti_backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    whole = archive.read_bytes()
    archive.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CommandError, match="is incomplete: .* bytes") as refused:
        call_command("vahti_restore", str(archive))
    assert "key" not in str(refused.value).lower()
    archive.write_bytes(whole[:-5] + b"xxxxx")
    with pytest.raises(CommandError, match="is damaged"):
        call_command("vahti_restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_a_restore_with_other_field_keys_fails_whole_and_clear(
    settings, backup_key, tmp_path, coach
):
    from tests.factories import admit

    admit(coach)
    archive = tmp_path / "vahti.backup"
    call_command("vahti_backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="VAHTI_FIELD_KEY"):
        call_command("vahti_restore", str(archive))
    assert not CaseClient.objects.exists()  # nothing half-restored
