"""The work queue's items and tallies: the tallies always equal what the items count, and items
exist only for the current decision of an active client, through every write that changes them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import admit, days_recorded, make_user, version
from vahti.cases import services
from vahti.cases.models import QueueItem, QueueTally
from vahti.cases.selectors import TALLY_KEY, queue_tallies_counted
from vahti.core.dates import today
from vahti.core.db import statistics_refresh

pytestmark = pytest.mark.django_db


def _tallies(organisation_id):
    return {
        tuple(row[field] for field in TALLY_KEY): row["count"]
        for row in QueueTally.objects.filter(organisation_id=organisation_id).values(
            *TALLY_KEY, "count"
        )
    }


def _consistent(organisation):
    """The tallies equal the items' own count, no tally row is zero, and every item is of a
    listed decision and carries its client's organisation and name."""
    assert _tallies(organisation.pk) == queue_tallies_counted(organisation.pk)
    assert not QueueTally.objects.filter(count__lte=0).exists()
    for item in QueueItem.objects.select_related("decision__client"):
        client = item.decision.client
        assert client.active and client.current_decision_id == item.decision_id
        assert (item.client_id, item.organisation_id) == (client.pk, client.organisation_id)
        assert (item.client_last_name, item.client_first_name) == (
            client.last_name,
            client.first_name,
        )


def _continued(coach, client):
    """A continuation decision received yesterday."""
    services.decision_continue(
        actor=coach,
        client=client,
        service="teak.tyohonvalmennus",
        sequence=2,
        decided_on=today() - dt.timedelta(days=2),
        received_on=today() - dt.timedelta(days=1),
    )


def test_the_tallies_follow_every_write_that_changes_the_queue(coach, organisation):
    late = admit(coach, received_on=today() - dt.timedelta(days=60))
    fresh = admit(coach, received_on=today() - dt.timedelta(days=1))
    _consistent(organisation)
    assert sum(_tallies(organisation.pk).values()) == QueueItem.objects.count() > 0

    # A pre-contact recorded: its deadline leaves the queue.
    decision = late.current_decision
    services.event_add(
        actor=coach,
        decision=decision,
        type="precontact",
        date=decision.received_on + dt.timedelta(days=3),
        expected_version=int(version(decision)),
    )
    _consistent(organisation)

    # Two nine-hour days (over the day's hours) and the weeks after left unrecorded.
    days_recorded(coach, decision, count=2, hours=9)
    assert QueueItem.objects.filter(decision=decision, kind=QueueItem.FINDING).exists()
    assert QueueItem.objects.filter(decision=decision, kind=QueueItem.WEEK).exists()
    _consistent(organisation)

    # A renamed client: the items carry the new name the queue sorts by.
    services.client_update(actor=coach, client=fresh, last_name="Uusinimi")
    _consistent(organisation)

    # A continuation decision: the earlier one's items leave, the new one's come.
    first = fresh.current_decision
    _continued(coach, fresh)
    assert not QueueItem.objects.filter(decision=first).exists()
    _consistent(organisation)

    # Archived: none of the client's items are counted; back: they are again.
    before = _tallies(organisation.pk)
    services.client_archive(actor=coach, client=late)
    assert not QueueItem.objects.filter(client=late).exists()
    _consistent(organisation)
    late.refresh_from_db()
    services.client_archive(actor=coach, client=late, active=True)
    _consistent(organisation)
    assert _tallies(organisation.pk) == before

    # The daily refresh of every decision changes nothing the writes left.
    services.decision_statuses_refresh(stale_only=False)
    _consistent(organisation)
    assert _tallies(organisation.pk) == before


def test_a_write_to_an_earlier_decision_puts_nothing_in_the_queue(coach, organisation):
    client = admit(coach, received_on=today() - dt.timedelta(days=40))
    first = client.current_decision
    _continued(coach, client)
    services.decision_update(actor=coach, decision=first, granted_days=30)
    assert not QueueItem.objects.filter(decision=first).exists()
    _consistent(organisation)


def test_an_overdue_deadline_is_first_in_urgency_and_others_keep_their_tier(coach):
    decision = admit(coach, received_on=today() - dt.timedelta(days=60)).current_decision
    tiers = {item.rule: item.tier for item in QueueItem.objects.filter(decision=decision)}
    assert tiers["teak.precontact"] == QueueItem.OVERDUE_TIER
    fresh = admit(coach, received_on=today()).current_decision
    tiers = {item.rule: item.tier for item in QueueItem.objects.filter(decision=fresh)}
    assert tiers["teak.precontact"] == QueueItem.OTHER_TIER


def test_two_organisations_tallies_are_their_own(coach, other_organisation):
    other_coach = make_user(other_organisation, "theirs")
    admit(coach)
    admit(other_coach)
    admit(other_coach)
    mine = sum(_tallies(coach.organisation_id).values())
    theirs = sum(_tallies(other_organisation.pk).values())
    assert mine == QueueItem.objects.filter(client__organisation=coach.organisation).count()
    assert theirs == QueueItem.objects.exclude(client__organisation=coach.organisation).count()
    assert theirs > mine > 0


def test_the_planner_statistics_are_gathered_on_sqlite_and_left_to_autovacuum_on_postgresql(
    coach,
):
    admit(coach)
    with CaptureQueriesContext(connection) as captured:
        statistics_refresh(connection)
    if connection.vendor == "sqlite":
        assert [q["sql"] for q in captured] == ["ANALYZE"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_queueitem'")
            assert cursor.fetchone()[0] > 0
    else:
        assert len(captured) == 0
