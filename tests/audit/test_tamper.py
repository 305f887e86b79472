"""Attacks by someone who can write to the database but does not hold VAHTI_AUDIT_KEY: each
one that used to pass verification is found now (issue: tamper-evident in production)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import admit
from vahti.audit.chain import GENESIS
from vahti.audit.models import AccessLogPrune, AccessRecord, HistorySeal
from vahti.audit.selectors import chain_problems, history_problems


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The attacker here is the table owner declaring maintenance: the strongest the
            # triggers let through (the application's role is refused: test_database_guards).
            cursor.execute("SET LOCAL vahti.maintenance = 'on'")
        cursor.execute(sql, params)


def _verify(**kwargs):
    out = io.StringIO()
    call_command("vahti_verify_audit", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def reads(client, coach):
    target = admit(coach)
    client.force_login(coach)
    for _ in range(6):
        client.get(reverse("cases:client", args=[target.pk]))
    return list(AccessRecord.objects.order_by("sequence"))


def test_the_newest_rows_removed_are_found_against_the_head_kept_outside(reads, settings):
    assert "whole" in _verify()
    head = json.loads(open(settings.AUDIT_HEADS_FILE).read().splitlines()[-1])
    assert head["access_log"] == [reads[-1].sequence, reads[-1].digest]
    _raw(f"DELETE FROM {AccessRecord._meta.db_table} WHERE sequence >= %s", [reads[-2].sequence])
    assert chain_problems() == []  # the chain itself is whole, only shorter
    with pytest.raises(CommandError, match=f"access log row {reads[-1].sequence}.*is gone"):
        _verify()


def test_rows_removed_from_the_end_and_written_again_are_found(reads, client, coach):
    _verify()
    _raw(f"DELETE FROM {AccessRecord._meta.db_table} WHERE sequence >= %s", [reads[-2].sequence])
    client.get(reverse("cases:client", args=[reads[0].client_id]))  # the application writes on
    client.get(reverse("cases:client", args=[reads[0].client_id]))
    with pytest.raises(CommandError, match="is not the one recorded"):
        _verify()


def test_a_row_changed_and_every_digest_after_it_recomputed_is_found(reads):
    """The old chain was plain SHA-256 over public fields: recomputable by anyone."""
    table = AccessRecord._meta.db_table
    previous = reads[2].previous
    for record in reads[2:]:
        detail = "muutettu" if record.pk == reads[2].pk else record.detail
        fields = (
            previous,
            str(record.sequence),
            record.at.isoformat(),
            str(record.user_id),
            str(record.organisation_id),
            str(record.client_id),
            record.what,
            detail,
            record.address or "",
        )
        digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
        _raw(
            f"UPDATE {table} SET detail = %s, previous = %s, digest = %s WHERE id = %s",
            [detail, previous, digest, record.pk],
        )
        previous = digest
    problems = chain_problems()
    assert f"row {reads[2].sequence} has been changed" in problems
    assert len([p for p in problems if "has been changed" in p]) == len(reads) - 2


def test_a_checkpoint_slipped_in_to_excuse_removed_rows_is_found(reads):
    through = reads[2]
    now = timezone.now()
    _raw(
        f"INSERT INTO {AccessLogPrune._meta.db_table} (at, cutoff, through_sequence, "
        "through_digest, rows, digest) VALUES (%s, %s, %s, %s, %s, %s)",
        [now, now - dt.timedelta(days=1), through.sequence, through.digest, 3, "0" * 64],
    )
    _raw(f"DELETE FROM {AccessRecord._meta.db_table} WHERE sequence <= %s", [through.sequence])
    problems = chain_problems()
    assert problems == [f"prune checkpoint through row {through.sequence} is not genuine"]


def test_a_genuine_looking_checkpoint_inside_the_retention_period_is_found(reads, settings):
    """Even with the key (say, an old one leaked), a checkpoint must lie outside retention."""
    from vahti.audit.chain import checkpoint_digest

    through, now = reads[2], timezone.now()
    values = {
        "at": now,
        "cutoff": now - dt.timedelta(days=30),
        "through_sequence": through.sequence,
        "through_digest": through.digest,
        "rows": 3,
    }
    AccessLogPrune.objects.create(digest=checkpoint_digest(**values), **values)
    _raw(f"DELETE FROM {AccessRecord._meta.db_table} WHERE sequence <= %s", [through.sequence])
    assert chain_problems() == [
        f"prune checkpoint through row {through.sequence} removed rows "
        f"inside the retention period "
        f"({settings.ACCESS_LOG_RETENTION_DAYS} days)"
    ]


def test_history_rows_without_seals_fail_verification(coach):
    client = admit(coach)
    assert history_problems() == []
    last = HistorySeal.objects.order_by("-sequence").first()
    _raw(f"DELETE FROM {HistorySeal._meta.db_table} WHERE id = %s", [last.pk])
    assert f"{last.table} row {last.history_id} has no seal" in history_problems()
    with pytest.raises(CommandError, match="has no seal"):
        _verify()
    assert client.history.exists()


def test_history_seals_removed_from_the_end_are_found_against_the_head(coach):
    admit(coach)
    _verify()
    newest = HistorySeal.objects.order_by("-sequence").first()
    # Remove the newest seal and its history row together: what remains is a whole chain.
    from django.apps import apps

    model = apps.get_model(newest.table)
    _raw(f"DELETE FROM {HistorySeal._meta.db_table} WHERE id = %s", [newest.pk])
    _raw(
        f"DELETE FROM {model._meta.db_table} WHERE {model._meta.pk.column} = %s",
        [newest.history_id],
    )
    assert history_problems() == []
    with pytest.raises(CommandError, match=f"history seal row {newest.sequence}.*is gone"):
        _verify()


def test_every_link_is_keyed_with_the_audit_key(reads, settings):
    """A different VAHTI_AUDIT_KEY does not verify the chain: the key, not the data, makes it."""
    assert chain_problems() == []
    settings.AUDIT_KEY = "another-key"
    assert len(chain_problems()) == len(reads)


def test_verification_fails_closed_without_a_place_for_the_head(settings, reads):
    settings.AUDIT_HEADS_FILE = ""
    with pytest.raises(CommandError, match="VAHTI_AUDIT_HEADS is not set"):
        _verify()


def test_a_list_of_many_clients_is_one_write_of_keyed_rows(coach):
    from vahti.audit.services import access_records

    rows = access_records(user=coach, what="export", client_ids=[3, 1, 2, 3], detail="x")
    assert [r.client_id for r in rows] == [1, 2, 3]
    assert rows[0].previous in (
        GENESIS,
        *AccessRecord.objects.filter(sequence=rows[0].sequence - 1).values_list(
            "digest", flat=True
        ),
    )
    assert chain_problems() == []
