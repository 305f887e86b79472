"""Benchmark: participation certificate PDFs (issue: documents).

Renders certificates of synthetic ~100-day cases with fpdf2 and prints the time of one (median,
p95 and worst of 40) and of a batch of 1,000 in one process. Targets: one under 100 ms, 1,000 under
60 s.

    python bench/documents.py [--batch 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time

sys.path.insert(0, ".")

import os  # noqa: E402

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vahti.config.settings")
os.environ["VAHTI_DEVELOPMENT"] = "1"  # public development keys: bench data only
os.environ["VAHTI_DEBUG"] = "0"
django.setup()

from vahti.cases.documents import certificate_pdf  # noqa: E402
from vahti.core.identity import demo_identity_code  # noqa: E402
from vahti.rules.calendar import is_working_day  # noqa: E402


def facts(rng: random.Random, number: int) -> dict:
    start = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 300))
    days, day = [], start
    while len(days) < 100:
        if is_working_day(day):
            days.append(day.isoformat())
        day += dt.timedelta(days=1)
    issued = dt.date.fromisoformat(days[60])
    return {
        "version": 1,
        "issued_on": issued.isoformat(),
        "client": {
            "name": f"Testi Asiakas{number}",
            "identity_code": demo_identity_code(1, 1, 1990, 900 + number % 100),
        },
        "issuer": {
            "name": "Bench Kuntoutus Oy",
            "business_id": "1234567-1",
            "address": "Esimerkkikatu 1, 00100 Helsinki",
            "phone": "09 000 0000",
            "email": "toimisto@bench.invalid",
        },
        "purpose": "kuntoutusraha",
        "service": "teak.yhdistelma",
        "service_name": "TEAK – työkokeilu ja työhönvalmennus",
        "decided_on": "2024-12-02",
        "sequence": 1,
        "start": days[0],
        "end": None,
        "realised_days": days[:60],
        "planned_days": days[60:],
        "breaks": [
            {"from": days[30], "to": days[32], "reason_code": "illness", "reason": "sairaus"}
        ],
        "absences": [{"date": days[10], "reason_code": "sick", "reason": "sairaus"}],
        "flex": [
            {"date": days[n], "hours": 4, "justification": "Osa-aikatyö iltapäivisin"}
            for n in (5, 25, 45)
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(3)
    certificate_pdf(facts(rng, 0))  # fonts loaded once, as in a running server
    singles = []
    for number in range(40):
        data = facts(rng, number)
        started = time.perf_counter()
        pdf = certificate_pdf(data)
        singles.append((time.perf_counter() - started) * 1000)
    batch = [facts(rng, n) for n in range(args.batch)]
    started = time.perf_counter()
    total = sum(len(certificate_pdf(data)) for data in batch)
    elapsed = time.perf_counter() - started
    singles.sort()
    p95 = singles[round(0.95 * len(singles)) - 1]
    print(
        f"one certificate:  median {statistics.median(singles):6.1f} ms, p95 {p95:6.1f} ms, "
        f"worst {singles[-1]:6.1f} ms  ({len(pdf) / 1024:.0f} KiB)  target < 100 ms"
    )
    print(
        f"batch of {args.batch}: {elapsed:6.1f} s ({elapsed / args.batch * 1000:.1f} ms each, "
        f"{total / 2**20:.1f} MiB)  target < 60 s"
    )
    ok = statistics.median(singles) < 100 and p95 < 100 and elapsed < 60
    print("targets met" if ok else "TARGETS MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
