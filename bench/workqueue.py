"""Benchmark: the work queue at 10,000, 50,000 and 100,000 active clients.

The work queue reads the queue items the rules core left on each current decision; this bench
writes those items directly, through ``queue_items_replace`` (which keeps the tallies): a
deadline each, and errors, warnings, out-of-date certificates and weeks to record in about the
proportions of bench/web.py's data, so that a database of 100,000 clients is built in about a
minute instead of the hours the services would take. For each size it times the manager's
queue (first page, a tile, page 100, sorted by client, a search by name) and a coach's, in
process through Django's test client, and prints the median, the 95th percentile and the number
of SQL queries.

Target: a page costs what it shows — the median does not grow with the number of clients.

    python bench/workqueue.py [--sizes 10000,50000,100000] [--requests 40] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import (  # noqa: E402
    ROOT,
    clients_made,
    organisation_built,
    print_results,
    setup_django,
    timed,
)

COACHES = 20
BATCH = 5000


def build(clients: int, seed: int = 3) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from vahti.cases.models import Client, QueueItem
    from vahti.cases.selectors.queue import Listed
    from vahti.cases.services import queue_items_placed, queue_items_replace
    from vahti.core.dates import today

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    org, _manager, coaches = organisation_built(COACHES)
    now = today()
    lines = ["teak.tyohonvalmennus", "teak.tyokokeilu", "teak.yhdistelma", "yksilokuntoutus"]
    deadlines = [
        ("teak.precontact", "records"),
        ("teak.start", "records"),
        ("teak.feedback", "feedback"),
    ]
    findings = [("teak.days_per_week", "week"), ("teak.hours_per_day", "week")]
    started = time.perf_counter()
    for first in range(0, clients, BATCH):
        with transaction.atomic():
            made, decisions = clients_made(
                org,
                coaches,
                range(first, min(first + BATCH, clients)),
                rng=rng,
                services=lines,
                received_days=range(0, 300),
                digits=6,
                active=lambda n: rng.random() > 0.05,
            )
            for client, decision in zip(made, decisions, strict=True):
                client.current_decision = decision
            Client.objects.bulk_update(made, ["current_decision"])
            items = []
            for client, decision in zip(made, decisions, strict=True):
                if not client.active:  # an archived client's decision has no items
                    continue
                rule, place = rng.choice(deadlines)
                due = now + dt.timedelta(days=rng.randrange(-30, 60))
                items.append(
                    QueueItem(decision=decision, kind="deadline", rule=rule, due=due, place=place)
                )
                for severity, share in (("error", 0.2), ("warning", 0.3)):
                    if rng.random() < share:
                        rule, place = rng.choice(findings)
                        items.append(
                            QueueItem(
                                decision=decision,
                                kind="finding",
                                rule=rule,
                                severity=severity,
                                due=now - dt.timedelta(days=rng.randrange(0, 60)),
                                count=rng.randrange(1, 5),
                                place=place,
                            )
                        )
                if rng.random() < 0.1:
                    items.append(
                        QueueItem(
                            decision=decision,
                            kind="certificate",
                            rule="certificate.reissue",
                            due=now,
                            place="certificate",
                        )
                    )
                if rng.random() < 0.4:
                    monday = now - dt.timedelta(days=now.weekday() + 7 * rng.randrange(1, 8))
                    items.append(
                        QueueItem(decision=decision, kind="week", due=monday, place="week")
                    )
            by_decision: dict[int, list] = {}
            for item in items:
                by_decision.setdefault(item.decision.pk, []).append(item)
            placed = []
            for decision in decisions:  # as the evaluation places them
                client = decision.client
                listed = Listed(client.pk, org.pk, client.last_name, client.first_name)
                placed += queue_items_placed(by_decision.get(decision.pk, []), listed, now)
            # Through the service that keeps the tallies with the items.
            queue_items_replace(decision_ids=[d.pk for d in decisions], items=placed)
        print(f"\r  {min(first + BATCH, clients)}/{clients} clients", end="", flush=True)
    from django.db import connection

    from vahti.core.db import statistics_refresh

    statistics_refresh(connection)  # as the daily job leaves the database each morning
    print(f"\n  built in {time.perf_counter() - started:.0f} s")


def measure(clients: int, requests: int, rebuild: bool) -> list:
    from django.conf import settings
    from django.test import Client as Browser

    from vahti.cases.models import Client, QueueItem
    from vahti.organisations.models import User

    settings.SECOND_FACTOR_WAIVED_USERNAMES = frozenset({"manager", "coach3"})
    manager = User.objects.get(username="manager")
    browser = Browser()
    browser.force_login(manager)
    coach_browser = Browser()
    coach_browser.force_login(User.objects.get(username="coach3"))
    some = Client.objects.filter(active=True).order_by("pk")[clients // 2]
    print(
        f"{clients} clients ({Client.objects.filter(active=True).count()} active), "
        f"{QueueItem.objects.count()} queue items"
    )
    pages = [
        ("manager, first page", browser, "/"),
        ("manager, tile (overdue)", browser, "/?tile=overdue"),
        ("manager, page 100", browser, "/?page=100"),
        ("manager, sorted by client", browser, "/?sort=client"),
        ("manager, search by name", browser, browser.post("/", {"q": some.last_name})["Location"]),
        ("coach (own clients)", coach_browser, "/"),
    ]
    results = []
    for label, who, url in pages:
        who.get(url)  # warm
        results.append((f"{clients:>7,} · {label}", *timed(who, url, requests)))
    # The queue's own reads (tiles, the page's rows), without the page's other parts.
    for label, arguments in (("first page", {}), ("page 100", {"page": 100})):
        results.append(
            (f"{clients:>7,} · queue_page alone, {label}", *_selector(manager, arguments, requests))
        )
    return results


def _selector(user, arguments: dict, requests: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vahti.workqueue.selectors import queue_page

    times = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            list(queue_page(user, **arguments)["page"])
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], len(captured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    # One database per size, each opened in a process of its own (Django is set up once).
    if len(sizes) > 1:
        import subprocess

        results_ok = True
        for size in sizes:
            command = [sys.executable, __file__, "--sizes", str(size)]
            command += ["--requests", str(args.requests)] + (["--rebuild"] if args.rebuild else [])
            results_ok &= subprocess.run(command, check=False).returncode == 0
        return 0 if results_ok else 1
    (size,) = sizes
    path = ROOT / "var" / f"bench-workqueue-{size}.sqlite3"
    path.parent.mkdir(exist_ok=True)
    if args.rebuild and path.exists():
        path.unlink()
    fresh = not path.exists()
    setup_django(path)
    if fresh:
        print(f"building {path} ({size} clients)…")
        build(size)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    print_results(measure(size, args.requests, args.rebuild))
    return 0


if __name__ == "__main__":
    sys.exit(main())
