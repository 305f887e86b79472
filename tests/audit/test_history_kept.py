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
