"""Benchmark: what a parameter change does to 10,000 open decisions (issue 25: under 30 s).

Builds (once) bench/web.py's database at --clients, then times the impact page's job as it runs
(rules/impact.py through cases.selectors.impact: every open decision read in chunks and
evaluated under today's parameters and under a changed teak.start_weeks, a value added from the
first contract day) in process, and prints how many decisions change.

    python bench/impact.py [--clients 10000] [--rebuild]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import ROOT, arguments, build, open_database  # noqa: E402

DATABASE = ROOT / "var" / "bench-impact.sqlite3"


def main() -> int:
    args = arguments(__doc__, clients=10_000, requests=1)
    if open_database(DATABASE, args.rebuild):
        print(f"building {args.clients} clients…", flush=True)
        build(args.clients)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from vahti.cases.impact import changed_evaluator
    from vahti.cases.selectors.impact import decisions_impact, open_decisions_of
    from vahti.organisations.models import User
    from vahti.rules.loader import PARAMETERS_DIR

    manager = User.objects.get(username="manager")
    text = (PARAMETERS_DIR / "teak" / "start_weeks.yaml").read_text(encoding="utf-8")
    files = {
        "teak/start_weeks.yaml": text + '  2022-01-02:\n    value: 3\n    reference: "bench"\n'
    }
    after = changed_evaluator(files)
    count = open_decisions_of(manager).count()
    started = time.perf_counter()
    found = decisions_impact(manager, after, lang="fi")
    took = time.perf_counter() - started
    print(
        f"{count} open decisions evaluated twice in {took:.2f} s "
        f"({count / took:.0f} decisions/s); {len(found)} change (target: 10,000 in < 30 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
