"""Benchmark: the work queue, the week screen, search, the caseload and the client page with
10,000 active clients.

Builds (once) a SQLite database of 10,000 active clients with about 100 rehabilitation days
each, then times requests in process, single-threaded, through Django's test client, and prints
the median, the 95th percentile and the number of SQL queries of each page.

Targets: median under 150 ms and p95 under 300 ms for both pages.

    python bench/web.py [--clients 10000] [--requests 60] [--rebuild]

The data is written with bulk inserts rather than the services (which would take an hour and
write the same rows); no history rows are made for it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-web.sqlite3"


def setup_django(path: Path):
    os.environ["VAHTI_SQLITE_PATH"] = str(path)
    os.environ["VAHTI_DEVELOPMENT"] = "1"  # public development keys: bench data only
    os.environ["VAHTI_DEBUG"] = "0"
    os.environ["VAHTI_ALLOWED_HOSTS"] = "testserver"
    os.environ["VAHTI_ALLOW_TEST_IDS"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vahti.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import vahti.config.wsgi  # noqa: F401  (as the server loads it: every view, gc frozen)


def organisation_built(coaches: int = 20):
    """The bench's organisation, its manager and ``coaches`` coaches (coach0, coach1…)."""
    from vahti.organisations import services
    from vahti.organisations.models import User

    org = services.organisation_create(name="Bench Oy", business_id="1234567-1")

    def user(username, first_name, last_name, role):
        return services.user_create(
            organisation=org,
            username=username,
            password="bench-password-2026",
            first_name=first_name,
            last_name=last_name,
            role=role,
        )

    manager = user("manager", "M", "Manager", User.Role.MANAGER)
    return (
        org,
        manager,
        [user(f"coach{n}", "C", f"Coach{n}", User.Role.COACH) for n in range(coaches)],
    )


def clients_made(org, coaches, numbers, *, rng, services, received_days: range, digits=5, **more):
    """Clients numbered ``numbers`` (bulk), each with one of ``coaches`` and a decision received
    ``received_days`` ago (a range) for one of ``services``; ``more``: a field's value for each
    number (a function of it). Returns the clients and their decisions, in the same order."""
    from vahti.cases.models import Client, Decision
    from vahti.core.dates import today

    made = Client.objects.bulk_create(
        Client(
            organisation=org,
            first_name="Bench",
            last_name=f"Client{n:0{digits}d}",
            identity_code=f"bench-{n}",
            identity_digest=f"bench-{n}",
            **{field: value(n) for field, value in more.items()},
        )
        for n in numbers
    )
    Client.coaches.through.objects.bulk_create(
        Client.coaches.through(client_id=c.pk, user_id=coaches[c.pk % len(coaches)].pk)
        for c in made
    )
    decisions = []
    for client in made:
        received = today() - dt.timedelta(
            days=rng.randrange(received_days.start, received_days.stop)
        )
        decisions.append(
            Decision(
                client=client,
                service=rng.choice(services),
                received_on=received,
                decided_on=received - dt.timedelta(days=3),
                granted_days=120,
            )
        )
    Decision.objects.bulk_create(decisions)
    return made, decisions


def build(clients: int, seed: int = 1, *, statuses: bool = True):
    from django.core.management import call_command
    from django.db import transaction

    from vahti.cases.models import Absence, Break, Client, Day, Event
    from vahti.cases.services import decision_statuses_refresh
    from vahti.core.dates import today
    from vahti.rules.calendar import is_working_day

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    org, manager, coaches = organisation_built()
    now = today()
    services_ = ["teak.tyohonvalmennus", "teak.tyokokeilu", "teak.yhdistelma", "yksilokuntoutus"]
    started = time.perf_counter()
    batch = 500
    for first in range(0, clients, batch):
        with transaction.atomic():
            made, decisions = clients_made(
                org,
                coaches,
                range(first, min(first + batch, clients)),
                rng=rng,
                services=services_,
                received_days=range(100, 200),
            )
            days, absences, breaks, events = [], [], [], []
            for decision in decisions:
                start = decision.received_on + dt.timedelta(days=rng.randrange(7, 25))
                events.append(
                    Event(
                        decision=decision,
                        type="precontact",
                        date=decision.received_on + dt.timedelta(days=5),
                    )
                )
                break_from = start + dt.timedelta(days=60)
                breaks.append(
                    Break(
                        decision=decision,
                        start=break_from,
                        end=break_from + dt.timedelta(days=13),
                        reason="client_holiday",
                    )
                )
                day, count = start, 0
                while count < 100:
                    if is_working_day(day) and not break_from <= day <= break_from + dt.timedelta(
                        days=13
                    ):
                        roll = rng.random()
                        if roll < 0.03:
                            absences.append(
                                Absence(
                                    decision=decision,
                                    date=day,
                                    reason="sick",
                                    reported_to_kela=True,
                                )
                            )
                        else:
                            flex = roll < 0.07
                            days.append(
                                Day(
                                    decision=decision,
                                    date=day,
                                    hours=4 if flex else 6,
                                    programme_hours=4 if flex else 5,
                                    travel_hours=1,
                                    mode="workplace",
                                    flex=flex,
                                    flex_reason="Jaksaminen" if flex else "",
                                )
                            )
                            count += 1
                    day += dt.timedelta(days=1)
            for model, rows in ((Event, events), (Break, breaks), (Absence, absences), (Day, days)):
                model.objects.bulk_create(rows, batch_size=2000)
            for client, decision in zip(made, decisions, strict=True):
                client.current_decision = decision
            Client.objects.bulk_update(made, ["current_decision"])
        print(f"\r  {min(first + batch, clients)}/{clients} clients", end="", flush=True)
    print(f"\n  rows written in {time.perf_counter() - started:.0f} s")
    if not statuses:
        return manager
    started = time.perf_counter()
    count = decision_statuses_refresh(day=now, stale_only=False)
    print(f"  {count} statuses in {time.perf_counter() - started:.0f} s")
    return manager


def timed(browser, url, requests: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = browser.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], queries


def arguments(doc: str, *, clients: int, requests: int, **more: int):
    """The benches' common arguments (--clients, --requests, --rebuild, and ``more``)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--clients", type=int, default=clients)
    parser.add_argument("--requests", type=int, default=requests)
    for name, default in more.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def open_database(path: Path, rebuild: bool) -> bool:
    """Set Django up on ``path`` (removed first with ``rebuild``); True: it is to be built."""
    path.parent.mkdir(exist_ok=True)
    if rebuild and path.exists():
        path.unlink()
    fresh = not path.exists()
    setup_django(path)
    return fresh


def signed_in(username: str):
    """A test client signed in as ``username``; the bench times pages, not sign-in, so that
    user's second factor is waived here only."""
    from django.conf import settings
    from django.test import Client as Browser

    from vahti.organisations.models import User

    settings.SECOND_FACTOR_WAIVED_USERNAMES = frozenset({username})
    browser = Browser()
    browser.force_login(User.objects.get(username=username))
    return browser


def print_results(results) -> None:
    print(f"{'page':50s} {'median':>9s} {'p95':>9s} {'queries':>8s}")
    for label, median, p95, queries in results:
        print(f"{label:50s} {median:7.1f}ms {p95:7.1f}ms {queries:8d}")


def main() -> int:
    args = arguments(__doc__, clients=10_000, requests=60)
    fresh = open_database(DATABASE, args.rebuild)

    from django.test import Client as Browser

    from vahti.cases.models import Client, Day
    from vahti.organisations.models import User

    if fresh:
        print(f"building {DATABASE} ({args.clients} clients)…")
        build(args.clients)
    else:  # a database built before a later migration: bring it up to date
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    manager = User.objects.get(username="manager")
    coach = User.objects.get(username="coach3")
    print(
        f"database: {Client.objects.filter(active=True).count()} active clients, "
        f"{Day.objects.count()} days"
    )

    # The bench times pages, not sign-in: the manager's second factor is waived here only.
    from django.conf import settings

    settings.SECOND_FACTOR_WAIVED_USERNAMES = frozenset({"manager"})
    browser = Browser()
    browser.force_login(manager)
    rng = random.Random(7)
    ids = list(Client.objects.values_list("pk", flat=True))
    some = Client.objects.order_by("pk")[len(ids) // 2]
    pages = [
        ("work queue, manager (all clients)", "/"),
        ("work queue, manager, tile (overdue)", "/?tile=overdue"),
        # A search is posted and kept in the session; the page's address carries its key.
        (
            "work queue, manager, search by name",
            browser.post("/", {"q": some.last_name})["Location"],
        ),
        (
            "work queue, manager, search by henkilötunnus",
            browser.post("/", {"q": some.identity_code})["Location"],
        ),
        ("caseload, manager (all clients, page 1)", "/clients/"),
        ("caseload, manager, filtered (errors)", "/clients/?status=errors"),
        ("caseload, manager, page 40", "/clients/?page=40"),
    ]
    results = []
    for label, url in pages:
        browser.get(url)  # warm
        results.append((label, *timed(browser, url, args.requests)))
    coach_browser = Browser()
    coach_browser.force_login(coach)
    results.append(("work queue, coach (own clients)", *timed(coach_browser, "/", args.requests)))
    coach_browser.get("/week/")
    results.append(
        ("week screen, coach (40 clients a page)", *timed(coach_browser, "/week/", args.requests))
    )
    client_times, queries = [], 0
    browser.get(f"/clients/{ids[0]}/")
    for pk in rng.sample(ids, args.requests):
        median, _, queries = timed(browser, f"/clients/{pk}/", 1)
        client_times.append(median)
    client_times.sort()
    results.append(
        (
            "client page (random clients)",
            statistics.median(client_times),
            client_times[max(0, round(0.95 * len(client_times)) - 1)],
            queries,
        )
    )

    print_results(results)
    ok = all(median < 150 and p95 < 300 for _, median, p95, _ in results)
    print("targets met (median < 150 ms, p95 < 300 ms)" if ok else "TARGETS MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
