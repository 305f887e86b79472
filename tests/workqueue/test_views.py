"""The work queue: every open item across one's clients, tiles, search, sorting, the wall, and
a query count that does not grow with the number of clients."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import admit, version
from vahti.audit.models import AccessRecord
from vahti.cases import services
from vahti.cases.models import QueueItem
from vahti.cases.selectors import queue_listed
from vahti.core.dates import today
from vahti.notices import services as notices
from vahti.workqueue.selectors import queue_page


def test_the_first_page_after_login_is_the_work_queue(logged_in):
    page = logged_in.get("/")
    assert page.status_code == 200 and "Työjono" in page.content.decode()


def test_a_new_client_brings_their_pre_contact_and_start_to_the_queue_linking_to_the_records(
    logged_in, coach
):
    client = admit(coach)
    decision = client.current_decision
    page = logged_in.get(reverse("workqueue:work_queue"))
    html = page.content.decode()
    assert client.last_name in html and "Ennakkoyhteydenotto" in html
    assert reverse("cases:records", args=[decision.pk]) in html
    kinds = set(QueueItem.objects.filter(decision=decision).values_list("rule", flat=True))
    assert {"teak.precontact", "teak.start"} <= kinds


def test_a_coach_sees_only_their_clients_and_another_organisation_nothing(
    client, coach, other_coach, outsider
):
    mine, theirs = admit(coach), admit(other_coach)
    client.force_login(coach)
    html = client.get(reverse("workqueue:work_queue")).content.decode()
    assert mine.last_name in html and theirs.last_name not in html
    client.force_login(outsider)
    html = client.get(reverse("workqueue:work_queue")).content.decode()
    assert mine.last_name not in html and theirs.last_name not in html


def _search(client, text, **more):
    return client.post(reverse("workqueue:work_queue"), {"q": text, **more}, follow=True)


def test_search_finds_by_name_and_by_henkilotunnus_through_its_digest(logged_in, coach):
    found, other = admit(coach), admit(coach)
    by_name = _search(logged_in, found.last_name).content.decode()
    assert found.last_name in by_name and other.last_name not in by_name
    by_code = _search(logged_in, found.identity_code.lower()).content.decode()
    assert found.last_name in by_code and other.last_name not in by_code


def test_a_search_never_puts_the_henkilotunnus_or_the_name_in_the_address(logged_in, coach):
    """Server and proxy access logs write the request line, browsers keep history: the search
    is posted and the page's address carries only a key to it in the user's session."""
    found = admit(coach)
    for text in (found.identity_code, found.last_name):
        response = _search(logged_in, text, tile="soon")
        ((address, _status),) = response.redirect_chain
        assert text not in address and text.lower() not in address.lower()
        assert "tile=soon" in address and "search=" in address
        assert found.last_name in response.content.decode()
    # Another session does not get the search behind the key.
    from django.test import Client

    other = Client()
    other.force_login(coach)
    assert found.last_name not in other.get(address).context["search"]


def test_a_tile_counts_and_opens_its_filtered_list(logged_in, coach):
    late = admit(coach, received_on=today() - dt.timedelta(days=60))  # pre-contact overdue
    admit(coach, received_on=today() - dt.timedelta(days=1))  # nothing overdue yet
    page = logged_in.get(reverse("workqueue:work_queue"))
    tiles = {tile.key: tile.count for tile in page.context["tiles"]}
    assert tiles["overdue"] == 2  # pre-contact and start of the late one
    filtered = logged_in.get(reverse("workqueue:work_queue"), {"tile": "overdue"})
    rows = list(filtered.context["page"])
    assert {item.decision.client_id for item in rows} == {late.pk}
    assert all(item.overdue for item in rows)


def test_an_unsent_notice_is_counted_and_the_notices_list_marks_it_sent(logged_in, coach):
    client = admit(coach, received_on=today() - dt.timedelta(days=30))
    notice = notices.notice_create(
        actor=coach, decision=client.current_decision, kind="queue", details=""
    )
    tiles = {
        t.key: t.count for t in logged_in.get(reverse("workqueue:work_queue")).context["tiles"]
    }
    assert tiles["notices"] == 1
    listed = logged_in.get(reverse("notices:notices"), {"status": "draft"}).content.decode()
    assert reverse("notices:notice", args=[notice.pk]) in listed
    answer = logged_in.post(reverse("notices:notice_sent", args=[notice.pk]), {"next": "list"})
    assert answer.status_code == 302 and answer["Location"].endswith("?status=draft")
    notice.refresh_from_db()
    assert notice.sent_on == today()
    tiles = {
        t.key: t.count for t in logged_in.get(reverse("workqueue:work_queue")).context["tiles"]
    }
    assert tiles["notices"] == 0


def test_sorting_by_client_orders_the_rows_by_name(logged_in, coach):
    for _ in range(3):
        admit(coach)
    rows = list(logged_in.get(reverse("workqueue:work_queue"), {"sort": "client"}).context["page"])
    names = [item.decision.client.last_name for item in rows]
    assert names == sorted(names)


def test_a_week_left_unrecorded_is_an_item_that_opens_that_week(logged_in, coach):
    client = admit(coach, received_on=today() - dt.timedelta(days=40))
    decision = client.current_decision
    monday = today() - dt.timedelta(days=today().weekday() + 21)
    services.event_add(
        actor=coach,
        decision=decision,
        type="start",
        date=monday,
        expected_version=int(version(decision)),
    )
    # Three weeks to record are one row, from the earliest, with their count.
    weeks = QueueItem.objects.filter(decision=decision, kind=QueueItem.WEEK)
    assert list(weeks.values_list("due", "count")) == [(monday, 3)]
    html = logged_in.get(reverse("workqueue:work_queue"), {"tile": "weeks"}).content.decode()
    assert f"{reverse('cases:week', args=[decision.pk])}?week={monday.isoformat()}" in html
    assert "3 viikkoa kirjaamatta" in html


def _plant(decision, **fields):
    """An item added to the decision's own, through the service that keeps the tallies."""
    kept = list(QueueItem.objects.filter(decision=decision))
    for item in kept:
        item.pk = None
    listed = queue_listed([decision.pk])[decision.pk]
    new = services.queue_items_placed([QueueItem(decision=decision, **fields)], listed, today())
    services.queue_items_replace(decision_ids=[decision.pk], items=kept + new)


def test_the_urgent_come_first_overdue_then_errors_then_the_rest_and_warnings_last(
    logged_in, coach
):
    # A fresh client: open pre-contact and start deadlines (due in the future).
    fresh = admit(coach, received_on=today() - dt.timedelta(days=1)).current_decision
    # A client received long ago: the pre-contact and start are overdue.
    late = admit(coach, received_on=today() - dt.timedelta(days=60)).current_decision
    # A warning due earlier than everything else must still come after the overdue and open.
    _plant(
        fresh,
        kind=QueueItem.FINDING,
        rule="teak.day_length",
        severity="warning",
        due=today() - dt.timedelta(days=300),
        place="week",
    )
    _plant(
        fresh,
        kind=QueueItem.FINDING,
        rule="teak.granted_days",
        severity="error",
        due=today() - dt.timedelta(days=1),
        place="records",
    )
    rows = list(logged_in.get(reverse("workqueue:work_queue")).context["page"])
    order = [(row.decision_id, row.kind, row.severity) for row in rows]
    overdue = [
        i for i, row in enumerate(rows) if row.decision_id == late.pk and row.kind == "deadline"
    ]
    error = order.index((fresh.pk, "finding", "error"))
    warning = order.index((fresh.pk, "finding", "warning"))
    open_deadlines = [
        i for i, row in enumerate(rows) if row.decision_id == fresh.pk and row.kind == "deadline"
    ]
    assert overdue and open_deadlines
    assert max(overdue) < error < min(open_deadlines) and max(open_deadlines) < warning
    # A column heading still sorts by that column alone.
    by_due = list(logged_in.get(reverse("workqueue:work_queue"), {"sort": "due"}).context["page"])
    assert by_due[0].severity == "warning"


def test_the_queue_is_logged_as_a_read_of_a_list_of_clients(logged_in, coach):
    admit(coach)
    _search(logged_in, "Asiakas")
    assert AccessRecord.objects.filter(user=coach, detail__startswith="työjono").exists()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_number_of_clients(logged_in, coach):
    admit(coach)
    url = reverse("workqueue:work_queue")
    _queries(logged_in, url)  # the first request of a session also refreshes the session
    few = _queries(logged_in, url)
    for _ in range(6):
        admit(coach)
    assert _queries(logged_in, url) == few
    searched = _search(logged_in, "Asiakas").redirect_chain[0][0]
    # A search also lists the archived clients it matches: one query more, whatever the count.
    assert _queries(logged_in, searched + "&sort=client&tile=soon") <= few + 1


def _plans(user, **arguments) -> list[str]:
    """The query plan of the page's rows (the query that reads the queue's items)."""
    with CaptureQueriesContext(connection) as captured:
        list(queue_page(user, **arguments)["page"])
    (sql,) = [q["sql"] for q in captured if q["sql"].startswith('SELECT "cases_queueitem"."id"')]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Small tables are read whole and sorted; forbid both to see whether an index gives
            # the order (a Sort left in the plan: none can).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [row[3] for row in cursor.fetchall()]


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"tile": "overdue"},
        {"tile": "errors"},
        {"tile": "soon"},
        {"sort": "due"},
        {"sort": "-due"},
        {"sort": "client"},
        {"sort": "what"},
        {"page": 3},
    ],
)
def test_a_managers_page_reads_its_rows_in_an_index_order_and_sorts_nothing(
    manager, coach, arguments
):
    """The manager's queue (the whole organisation) must cost what a page shows: every order
    and tile follows one of the organisation's indexes, with no sort of all the items."""
    for days in (1, 60, 200):
        admit(coach, received_on=today() - dt.timedelta(days=days))
    plans = _plans(manager, **arguments)
    assert not any("TEMP B-TREE" in line or " Sort " in f" {line} " for line in plans), plans
    assert any("queue_" in line for line in plans), plans


def test_the_managers_tiles_from_the_tallies_equal_the_items_counted(manager, coach):
    for days in (1, 10, 60, 200):
        admit(coach, received_on=today() - dt.timedelta(days=days))
    managers = {tile.key: tile.count for tile in queue_page(manager)["tiles"]}
    coaches = {tile.key: tile.count for tile in queue_page(coach)["tiles"]}  # counted directly
    assert managers == coaches
    assert managers["overdue"] > 0 and managers["soon"] > 0
    assert queue_page(manager, tile="overdue")["page"].paginator.count == managers["overdue"]
