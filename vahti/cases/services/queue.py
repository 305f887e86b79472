"""The work queue's items and their tallies, written together.

Every write of queue items goes through ``queue_items_replace``: it replaces the decisions'
items and adds the difference to the organisations' tallies (``QueueTally``) in the same
transaction, so that a manager's tiles are a sum over a few hundred tally rows whatever the
number of clients. Items exist only for the current decision of an active client
(``queue_listed``); a decision that stops being one (a continuation, an archived client) has
its items replaced by none."""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count

from ..models import QueueItem, QueueTally
from ..selectors.queue import TALLY_KEY

BATCH = 500  # tally rows a statement adds to


def _key(item: QueueItem) -> tuple:
    return tuple(getattr(item, field) for field in TALLY_KEY)


@transaction.atomic
def queue_items_replace(*, decision_ids: list[int], items: list[QueueItem]) -> None:
    """Replace the items of ``decision_ids`` with ``items`` (each of a listed decision) and
    keep the tallies: the removed items' counts subtracted, the new ones' added."""
    old = QueueItem.objects.filter(decision_id__in=decision_ids)
    delta = Counter()
    for row in old.values(*TALLY_KEY).annotate(n=Count("pk")).order_by():
        delta[tuple(row[field] for field in TALLY_KEY)] -= row["n"]
    old.delete()
    QueueItem.objects.bulk_create(items, batch_size=1000)
    for item in items:
        delta[_key(item)] += 1
    _tallies_add({key: n for key, n in delta.items() if n})


def _tallies_add(delta: dict[tuple, int]) -> None:
    """Add each count to its tally row (made when missing) in one statement per batch, in key
    order so that two transactions never wait on each other's rows crosswise; rows that reach
    zero are removed. ``INSERT … ON CONFLICT DO UPDATE`` is the same in SQLite and PostgreSQL."""
    if not delta:
        return
    table = connection.ops.quote_name(QueueTally._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f) for f in (*TALLY_KEY, "count"))
    conflict = ", ".join(connection.ops.quote_name(f) for f in TALLY_KEY)
    count = connection.ops.quote_name("count")
    keys = sorted(delta, key=lambda key: (key[0], key[1], key[2], key[3], key[4].toordinal()))
    with connection.cursor() as cursor:
        for start in range(0, len(keys), BATCH):
            batch = keys[start : start + BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + "
                f"excluded.{count}",
                [value for key in batch for value in (*key, delta[key])],
            )
    organisations = {key[0] for key in keys}
    QueueTally.objects.filter(organisation_id__in=organisations, count=0).delete()
