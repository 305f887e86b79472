"""Benchmark: the REST API's client list at 10,000 clients (issue 24: p95 under 300 ms a page).

Builds (once) bench/web.py's database at --clients, makes the manager a read-only API token, and
times pages of /api/v1/clients/ (50 clients a page, each read logged naming the token) spread
over the whole list, and the client detail, through Django's test client in process (the
server's middleware, authentication, throttling and the access log included).

    python bench/api.py [--clients 10000] [--requests 100] [--rebuild]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import ROOT, arguments, build, open_database  # noqa: E402

DATABASE = ROOT / "var" / "bench-api.sqlite3"


def main() -> int:
    args = arguments(__doc__, clients=10_000, requests=100)
    if open_database(DATABASE, args.rebuild):
        print(f"building {args.clients} clients…", flush=True)
        build(args.clients)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client as Browser

    call_command("migrate", verbosity=0)  # a database built by an earlier version

    from vahti.cases.models import Client
    from vahti.core.dates import today
    from vahti.organisations.models import User
    from vahti.organisations.services import api_token_create

    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"] = "1000000/hour"
    manager = User.objects.get(username="manager")
    _token, text = api_token_create(
        user=manager,
        verified=True,
        name="bench",
        scope="read",
        expires_on=today() + dt.timedelta(days=30),
        today=today(),
    )
    browser = Browser(HTTP_AUTHORIZATION=f"Bearer {text}")
    count = Client.objects.count()
    pages = max(1, -(-count // settings.REST_FRAMEWORK["PAGE_SIZE"]))
    results = []
    for label, urls in (
        ("GET /api/v1/clients/ (first page)", ["/api/v1/clients/"]),
        (
            f"GET /api/v1/clients/?page=N (N over 1…{pages})",
            [f"/api/v1/clients/?page={1 + (n * 37) % pages}" for n in range(args.requests)],
        ),
        (
            "GET /api/v1/clients/<id>/",
            [
                f"/api/v1/clients/{pk}/"
                for pk in Client.objects.order_by("?").values_list("pk", flat=True)[: args.requests]
            ],
        ),
    ):
        times = []
        for n in range(args.requests):
            url = urls[n % len(urls)]
            started = time.perf_counter()
            response = browser.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code, response.content)
        times.sort()
        results.append(
            (label, statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)])
        )
    print(f"{count} clients, {args.requests} requests each")
    print(f"{'request':50s} {'median':>9s} {'p95':>9s}")
    for label, median, p95 in results:
        print(f"{label:50s} {median:7.1f}ms {p95:7.1f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
