"""The guards below the application. On PostgreSQL the server's role owns nothing
(docs/deploy.md): as that role, no UPDATE or DELETE of the access log, its seals and
checkpoints, or any history table gets through, whatever the session declares; the retention
prune is the owner's function and refuses a cutoff inside the retention period. On SQLite, which
has no roles, the same removals go through and the keyed chains find them.

In CI the second role is `vahti_ci_app` (made by .ci/run); VAHTI_TEST_APP_ROLE names another."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import admit
from vahti.audit import database
from vahti.audit.models import AccessRecord, HistorySeal
from vahti.audit.selectors import chain_problems, database_problems, history_problems

pytestmark = pytest.mark.django_db(transaction=True)


def _app_role():
    """A connection as a role that owns nothing, granted what the server's role is granted."""
    import psycopg

    role = os.environ.get("VAHTI_TEST_APP_ROLE", "vahti_ci_app")
    with connection.cursor() as cursor:
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.update(user=role, password=role)
    return psycopg.connect(**params)


@pytest.fixture
def written(client, coach):
    target = admit(coach)
    client.force_login(coach)
    for _ in range(3):
        client.get(reverse("cases:client", args=[target.pk]))
    return target


def _attempts(target):
    first = AccessRecord.objects.order_by("sequence").first()
    return [
        f"UPDATE audit_accessrecord SET detail = 'x' WHERE id = {first.pk}",
        f"DELETE FROM audit_accessrecord WHERE id = {first.pk}",
        "DELETE FROM audit_historyseal",
        f"UPDATE cases_historicalclient SET last_name = 'x' WHERE id = {target.pk}",
        f"DELETE FROM cases_historicalclient WHERE id = {target.pk}",
        "DELETE FROM cases_historicalclient_coaches",
    ]


def test_the_servers_role_cannot_change_or_remove_what_is_kept(written):
    attempts = _attempts(written)
    if connection.vendor != "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in attempts:
                cursor.execute(sql)
        assert chain_problems() and history_problems()  # no roles: the chains find it
        return
    import psycopg

    with _app_role() as app:
        for sql in attempts:
            for declared in (
                "",
                "SET LOCAL vahti.maintenance = 'on'",
                "SET LOCAL vahti.access_log_prune = 'on'",
            ):
                with app.transaction():
                    if declared:
                        app.execute(declared)
                    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                        app.execute(sql)
                # (pytest.raises leaves the failed transaction to be rolled back)
    assert chain_problems() == [] and history_problems() == []


def test_the_prune_function_keeps_the_retention_period(written):
    if connection.vendor != "postgresql":
        assert database.install(connection) == []
        return
    import psycopg

    newest = AccessRecord.objects.order_by("-sequence").first()
    with _app_role() as app:
        with pytest.raises(psycopg.errors.RaiseException, match="keeps its rows"):
            with app.transaction():
                app.execute(
                    "SELECT audit_access_log_prune(%s, %s)", [newest.sequence, timezone.now()]
                )
        old = timezone.now() - dt.timedelta(days=5000)
        with app.transaction():  # nothing that old: nothing removed, and no error
            removed = app.execute("SELECT audit_access_log_prune(%s, %s)", [0, old]).fetchone()
        assert removed == (0,)
    assert AccessRecord.objects.count() == 3


def test_every_guarded_table_has_its_trigger_and_verification_says_when_one_lacks_it(written):
    assert database_problems() == []
    if connection.vendor != "postgresql":
        assert database.unguarded_tables(connection) == []
        return
    tables = database.guarded_tables(connection)
    assert "audit_accessrecord" in tables and "cases_historicalclient_coaches" in tables
    assert len(tables) > 20
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {database.TRIGGER} ON cases_historicalday")
    assert database_problems() == [
        "cases_historicalday has no append-only trigger (run "
        "manage.py vahti_audit_install as the owner role)"
    ]
    assert database.install(connection) == ["cases_historicalday"]
    assert database_problems() == []


def test_seals_cover_many_to_many_history(written):
    from django.apps import apps

    link = apps.get_model("cases", "HistoricalClient_coaches")
    assert link._base_manager.exists()
    assert HistorySeal.objects.filter(table=link._meta.label).count() == link._base_manager.count()
