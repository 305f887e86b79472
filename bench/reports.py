"""Benchmark: the reports page and the outcome-data delivery file for an organisation with
10,000 clients over three years.

Builds (once) bench/web.py's database of 10,000 clients, then spreads the decisions' arrival
over three years, ends about 60 % of them, gives 70 % of those written consent, two GAS goals
and a measure at the start and the end, and the clients wellbeing counties. Times the reports
page (median, p95, queries) and the delivery file (CSV and XLSX) in process.

Targets: the page's median under 300 ms with a query count that does not grow with the data;
the delivery file in under 5 s.

    python bench/reports.py [--clients 10000] [--requests 30] [--rebuild]
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import (
    ROOT,
    arguments,
    build,
    open_database,
    print_results,  # noqa: E402
    signed_in,
    timed,
)

DATABASE = ROOT / "var" / "bench-reports.sqlite3"


def spread(seed: int = 5) -> None:
    from django.db import transaction

    from vahti.cases.models import Client, Decision, Event
    from vahti.core.counties import county_choices
    from vahti.core.dates import today
    from vahti.organisations.models import User
    from vahti.outcomes.models import Consent, GasGoal, Measure, MeasureResult

    rng = random.Random(seed)
    now = today()
    manager = User.objects.get(username="manager")
    counties = [key for key, _name in county_choices()]
    with transaction.atomic():
        decisions = list(Decision.objects.all())
        for decision in decisions:
            decision.received_on = now - dt.timedelta(days=rng.randrange(0, 3 * 365))
            decision.decided_on = decision.received_on - dt.timedelta(days=3)
        Decision.objects.bulk_update(decisions, ["received_on", "decided_on"], batch_size=2000)
        clients = list(Client.objects.all())
        for client in clients:
            client.county = rng.choice(counties)
        Client.objects.bulk_update(clients, ["county"], batch_size=2000)
        grip = Measure.objects.create(
            organisation=manager.organisation,
            service="yksilokuntoutus",
            name="Puristusvoima",
            scale="kg",
            minimum=0,
            maximum=100,
        )
        ends, consents, goals, results = [], [], [], []
        for decision in decisions:
            end = decision.received_on + dt.timedelta(days=rng.randrange(60, 300))
            if end >= now or rng.random() > 0.6:
                continue
            ends.append(Event(decision=decision, type="end", date=end))
            if rng.random() > 0.7:
                continue
            consents.append(Consent(decision=decision, given_on=decision.received_on))
            goals += [
                GasGoal(
                    decision=decision,
                    number=n,
                    text=f"Tavoite {n}",
                    set_on=decision.received_on,
                    rating=rng.randrange(-2, 3),
                    rated_on=end,
                )
                for n in (1, 2)
            ]
            if decision.service == "yksilokuntoutus":
                results += [
                    MeasureResult(
                        decision=decision,
                        measure=grip,
                        phase=phase,
                        value=Decimal(rng.randrange(10, 60)),
                        measured_on=day,
                    )
                    for phase, day in (("start", decision.received_on), ("end", end))
                ]
        for model, rows in (
            (Event, ends),
            (Consent, consents),
            (GasGoal, goals),
            (MeasureResult, results),
        ):
            model.objects.bulk_create(rows, batch_size=2000)
    print(f"  {len(ends)} ended, {len(consents)} consenting")


def main() -> int:
    args = arguments(__doc__, clients=10_000, requests=30)
    fresh = open_database(DATABASE, args.rebuild)

    from django.core.management import call_command

    from vahti.core.dates import today

    if fresh:
        print(f"building {DATABASE} ({args.clients} clients over three years)…")
        build(args.clients, statuses=False)
        spread()
    else:
        call_command("migrate", verbosity=0)
    browser = signed_in("manager")
    year = today().year
    results = []
    for label, url in (
        (f"reports page, {year}", f"/reports/?year={year}"),
        (f"reports page, {year - 1}", f"/reports/?year={year - 1}"),
        ("chart: new clients (SVG)", f"/reports/charts/new.svg?year={year}"),
        ("chart: counties (SVG)", f"/reports/charts/counties.svg?year={year}"),
    ):
        browser.get(url)
        results.append((label, *timed(browser, url, args.requests)))
    files = []
    for fmt in ("csv", "xlsx", "pdf"):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = browser.get(f"/outcomes/{year - 1}/delivery.{fmt}")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        files.append((fmt, statistics.median(times), len(response.content)))
    print_results(results)
    for fmt, seconds, size in files:
        print(f"delivery file {year - 1} ({fmt}): {seconds:.2f} s, {size / 1024:.0f} KB")
    ok = results[0][1] < 300 and results[1][1] < 300 and all(s < 5 for _, s, _ in files)
    print("targets (page median < 300 ms, delivery file < 5 s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
