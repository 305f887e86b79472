"""History cannot be lost: staff are never deleted, and history purges are refused."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vahti.cases import services
from vahti.organisations.models import StaffDeletion, User

from tests.factories import admit


def test_a_staff_member_cannot_be_deleted_and_their_history_keeps_their_name(coach):
    admit(coach)
    with pytest.raises(StaffDeletion):
        coach.delete()
    with pytest.raises(StaffDeletion):
        User.objects.filter(pk=coach.pk).delete()
    assert User.objects.filter(pk=coach.pk).exists()


@pytest.mark.parametrize("command", ["clean_old_history", "clean_duplicate_history"])
def test_history_purges_are_refused_and_nothing_is_removed(coach, command):
    client = admit(coach)
    services.client_update(actor=coach, client=client, first_name="Toinen")
    before = client.history.count()
    with pytest.raises(CommandError, match="never purged"):
        call_command(command, "--days", "0", "--auto")
    assert client.history.count() == before >= 2


def _raw(sql, params=()):
    """As the owner declaring maintenance on PostgreSQL (the server's role is refused outright:
    test_database_guards): the chain must find what gets through."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL vahti.maintenance = 'on'")
        cursor.execute(sql, params)


def _verify():
    import io

    call_command("vahti_verify_audit", stdout=io.StringIO())


def test_every_history_row_is_sealed_and_the_chain_verifies(coach):
    from vahti.audit.models import HistorySeal

    client = admit(coach)
    services.client_update(actor=coach, client=client, first_name="Toinen")
    day = client.current_decision.received_on
    services.event_add(actor=coach, decision=client.current_decision, type="precontact",
                       date=day)
    sealed = {(s.table, s.history_id) for s in HistorySeal.objects.all()}
    for row in client.history.all():
        assert ("cases.HistoricalClient", row.pk) in sealed
    assert len(sealed) >= 4
    _verify()


def test_a_history_row_edited_removed_or_slipped_in_below_the_application_is_found(coach):
    from django.db import connection

    client = admit(coach)
    services.client_update(actor=coach, client=client, first_name="Toinen")
    first, second = client.history.order_by("history_id")[:2]
    _verify()
    _raw("UPDATE cases_historicalclient SET last_name = 'Muutettu' WHERE history_id = %s",
         [first.pk])
    with pytest.raises(CommandError, match=f"cases.HistoricalClient row {first.pk} has been changed"):
        _verify()
    _raw("DELETE FROM cases_historicalclient WHERE history_id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"row {second.pk} has been removed"):
        _verify()
    columns = [c.name for c in connection.introspection.get_table_description(
        connection.cursor(), "cases_historicalclient") if c.name != "history_id"]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    _raw(f"INSERT INTO cases_historicalclient ({quoted}) SELECT {quoted} "
         f"FROM cases_historicalclient WHERE history_id = %s", [first.pk])
    with pytest.raises(CommandError, match="has no seal"):
        _verify()


def test_seals_refuse_change_and_deletion(coach):
    from vahti.audit.models import AppendOnly, HistorySeal

    admit(coach)
    with pytest.raises(AppendOnly):
        HistorySeal.objects.all().delete()
    with pytest.raises(AppendOnly):
        HistorySeal.objects.update(digest="x")
    from django.db import connection

    if connection.vendor == "postgresql":  # below the application too
        from django.db import DatabaseError

        from django.db import transaction

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute("UPDATE audit_historyseal SET digest = 'x'")
