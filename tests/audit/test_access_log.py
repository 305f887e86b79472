"""Every view or download of a client's data writes one access-log row through the access
helper; the log is append-only and chained, and managers can read and export it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse

from tests.factories import admit
from vahti.audit.models import AccessRecord, AppendOnly
from vahti.audit.selectors import chain_problems
from vahti.cases import services
from vahti.core.dates import today
from vahti.notices import services as notices
from vahti.reminders import services as reminders


def _last():
    return AccessRecord.objects.order_by("-sequence").first()


@pytest.fixture
def case(coach):
    client = admit(coach)
    decision = client.current_decision
    services.event_add(actor=coach, decision=decision, type="precontact", date=today())
    return client, decision


def _urls(client, decision, coach):
    certificate = services.certificate_issue(actor=coach, decision=decision)
    notice = notices.notice_create(actor=coach, decision=decision, kind="change", details="Muutos")
    return [
        (reverse("cases:client", args=[client.pk]), "client_page"),
        (reverse("cases:week", args=[decision.pk]), "week"),
        (reverse("cases:records", args=[decision.pk]), "records"),
        (reverse("cases:decision_edit", args=[decision.pk]), "decision"),
        (
            reverse("cases:certificate_download", args=[decision.pk, certificate.version]),
            "certificate",
        ),
        (reverse("feedback:feedback", args=[decision.pk]), "feedback"),
        (reverse("notices:notice", args=[notice.pk]), "notice"),
        (reverse("notices:notice_eml", args=[notice.pk]), "notice_eml"),
    ]


def test_each_read_of_a_clients_data_writes_one_row(client, coach, case):
    target, decision = case
    client.force_login(coach)
    for url, what in _urls(target, decision, coach):
        before = AccessRecord.objects.count()
        response = client.get(url, REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 200, url
        assert AccessRecord.objects.count() == before + 1, url
        row = _last()
        assert (row.user_id, row.client_id, row.what, row.address) == (
            coach.pk,
            target.pk,
            what,
            "192.0.2.7",
        ), url
        assert row.organisation_id == coach.organisation_id


def test_every_list_logs_each_client_it_names_so_a_clients_own_log_is_complete(client, coach, case):
    target, decision = case
    other = admit(coach)
    client.force_login(coach)
    for url in (
        reverse("cases:dashboard"),
        reverse("workqueue:work_queue"),
        reverse("cases:week_all"),
    ):
        before = AccessRecord.objects.count()
        assert client.get(url).status_code == 200
        named = set(
            AccessRecord.objects.filter(sequence__gt=before).values_list("client_id", flat=True)
        )
        assert named == {target.pk, other.pk}, url
        assert set(
            AccessRecord.objects.filter(sequence__gt=before).values_list("what", flat=True)
        ) == {"client_list"}
    own_log = AccessRecord.objects.filter(client_id=target.pk, what="client_list")
    assert own_log.count() == 3


def test_a_list_that_names_no_client_is_logged_once_and_the_calendar_without_a_client(
    client, coach
):
    client.force_login(coach)
    client.get(reverse("cases:dashboard"))
    assert (_last().what, _last().client_id) == ("client_list", None)
    token = reminders.calendar_token_renew(user=coach)
    client.logout()
    assert client.get(reverse("reminders:calendar_feed", args=[token.token])).status_code == 200
    assert (_last().what, _last().user_id) == ("calendar", coach.pk)


def test_a_refused_read_writes_no_row_about_the_client(client, outsider, case):
    target, _ = case
    client.force_login(outsider)
    assert client.get(reverse("cases:client", args=[target.pk])).status_code == 404
    assert not AccessRecord.objects.filter(client_id=target.pk).exists()


def test_the_log_refuses_change_and_deletion(client, coach, case):
    client.force_login(coach)
    client.get(reverse("cases:client", args=[case[0].pk]))
    row = _last()
    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=row.pk).update(what="week")
    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnly):
        row.delete()


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_edit_or_removal_below_the_application_is_refused_or_found(client, coach, case):
    """On PostgreSQL a trigger refuses a raw UPDATE or DELETE; on SQLite (no trigger) the
    hash chain finds it, and vahti_verify_audit fails."""
    client.force_login(coach)
    for _ in range(3):
        client.get(reverse("cases:client", args=[case[0].pk]))
    call_command("vahti_verify_audit", stdout=__import__("io").StringIO())
    assert chain_problems() == []
    middle = AccessRecord.objects.order_by("sequence")[1]
    table = AccessRecord._meta.db_table
    if connection.vendor == "postgresql":
        for sql in (
            f"UPDATE {table} SET what = 'week' WHERE id = %s",
            f"DELETE FROM {table} WHERE id = %s",
        ):
            with pytest.raises(Exception, match="append-only"):
                _raw(sql, [middle.pk])
        assert chain_problems() == []
    else:
        _raw(f"UPDATE {table} SET detail = 'x' WHERE id = %s", [middle.pk])
        assert chain_problems() == [f"row {middle.sequence} has been changed"]
        _raw(f"DELETE FROM {table} WHERE id = %s", [middle.pk])
        assert chain_problems() == [f"rows {middle.sequence}–{middle.sequence} are missing"]
        with pytest.raises(CommandError, match="missing"):
            call_command("vahti_verify_audit")


def test_a_manager_reads_and_exports_a_clients_log_and_a_coach_cannot(client, manager, coach, case):
    target, _ = case
    client.force_login(coach)
    client.get(reverse("cases:client", args=[target.pk]))
    assert client.get(reverse("cases:client_access_log", args=[target.pk])).status_code == 404
    client.force_login(manager)
    page = client.get(reverse("cases:client_access_log", args=[target.pk])).content.decode()
    assert "Coach Testaaja" in page
    csv_text = client.get(
        reverse("cases:client_access_log", args=[target.pk]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert len(lines) == 1 + AccessRecord.objects.filter(client_id=target.pk).count()
    assert "Coach Testaaja (coach)" in csv_text and f"{dt.date.today().year}" in csv_text


def test_retention_removes_old_rows_and_the_chain_still_verifies(
    client, coach, case, settings, monkeypatch, tmp_path
):
    from django.utils import timezone

    from vahti.audit import services as audit

    target, _decision = case
    client.force_login(coach)
    long_ago = timezone.now() - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS + 1)
    # Three reads made longer ago than the retention period (the log's clock only), one now.
    with monkeypatch.context() as patched:
        patched.setattr(
            audit, "timezone", type("Clock", (), {"now": staticmethod(lambda: long_ago)})
        )
        for _ in range(3):
            client.get(reverse("cases:client", args=[target.pk]))
    client.get(reverse("cases:client", args=[target.pk]))
    prune = audit.access_log_prune()
    assert prune.rows == 3 and AccessRecord.objects.count() == 1
    assert audit.access_log_prune() is None  # nothing more is old enough
    client.get(reverse("cases:client", args=[target.pk]))
    assert _last().sequence == prune.through_sequence + 2
    assert chain_problems() == []
    out = __import__("io").StringIO()
    call_command("vahti_verify_audit", "--heads", str(tmp_path / "heads"), stdout=out)
    assert "2 rows" in out.getvalue()
