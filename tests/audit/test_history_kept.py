"""History cannot be lost: staff are never deleted, and history purges are refused."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import admit
from vahti.cases import services
from vahti.organisations.models import User, UserDeletion


def test_a_staff_member_cannot_be_deleted_and_their_history_keeps_their_name(coach):
    admit(coach)
    with pytest.raises(UserDeletion):
        coach.delete()
    with pytest.raises(UserDeletion):
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
    services.event_add(actor=coach, decision=client.current_decision, type="precontact", date=day)
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
    _raw(
        "UPDATE cases_historicalclient SET last_name = 'Muutettu' WHERE history_id = %s", [first.pk]
    )
    with pytest.raises(
        CommandError, match=f"cases.HistoricalClient row {first.pk} has been changed"
    ):
        _verify()
    _raw("DELETE FROM cases_historicalclient WHERE history_id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"row {second.pk} has been removed"):
        _verify()
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "cases_historicalclient"
        )
        if c.name != "history_id"
    ]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    _raw(
        f"INSERT INTO cases_historicalclient ({quoted}) SELECT {quoted} "
        f"FROM cases_historicalclient WHERE history_id = %s",
        [first.pk],
    )
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
        from django.db import DatabaseError, transaction

        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE audit_historyseal SET digest = 'x'")


@pytest.mark.django_db(transaction=True)
def test_seals_are_written_just_before_the_commit_and_not_for_rolled_back_rows(coach):
    """The chain's lock is taken when the transaction is about to commit, not at its first
    history row (saves queued behind each other); rows rolled back with a savepoint are never
    sealed, and every committed row is."""
    from django.apps import apps
    from django.db import transaction

    from vahti.audit.chain import is_history_model
    from vahti.audit.models import HistorySeal
    from vahti.audit.selectors import history_problems

    before = HistorySeal.objects.count()
    with transaction.atomic():
        client = admit(coach)
        assert HistorySeal.objects.count() == before  # not yet: sealed just before the commit
        try:
            with transaction.atomic():
                services.client_update(actor=coach, client=client, first_name="Peruttu")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    rows = sum(m._base_manager.count() for m in apps.get_models() if is_history_model(m))
    assert HistorySeal.objects.count() == rows > before
    assert not client.history.filter(first_name="Peruttu").exists()
    assert history_problems() == []
    with transaction.atomic():  # a transaction rolled back leaves nothing waiting
        services.client_update(actor=coach, client=client, first_name="Taas")
        transaction.set_rollback(True)
    services.client_update(actor=coach, client=client, first_name="Lopuksi")
    assert history_problems() == []
