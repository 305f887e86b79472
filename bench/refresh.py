"""Benchmark: `manage.py vahti_refresh --all` on 10,000 current decisions (issue: the rules core,
round 2).

Builds (once, with bench/web.py's bulk writer) a SQLite database of 10,000 active clients with
about 100 rehabilitation days each, then runs the command as a separate process, as cron would,
and prints the wall time, the time per decision and the process's peak memory. With
``--postgres URL`` the same is done on PostgreSQL (the database is built there first).

Target: under 10 s for 10,000 decisions.

    python bench/refresh.py [--clients 10000] [--repeat 3] [--rebuild] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-refresh.sqlite3"
sys.path.insert(0, str(ROOT / "bench"))


def environment(database_url: str | None) -> dict:
    env = {
        **os.environ,
        "VAHTI_DEVELOPMENT": "1",
        "VAHTI_DEBUG": "0",
        "VAHTI_ALLOWED_HOSTS": "testserver",
        "VAHTI_ALLOW_TEST_IDS": "1",
        "DJANGO_SETTINGS_MODULE": "vahti.config.settings",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env["VAHTI_SQLITE_PATH"] = str(DATABASE)
    return env


def build(clients: int, database_url: str | None) -> None:
    os.environ.update(environment(database_url))
    import web

    web.setup_django(DATABASE) if not database_url else _setup_postgres()
    from django.core.management import call_command

    from vahti.cases.models import Client

    call_command("migrate", verbosity=0)
    if Client.objects.exists():
        return
    print(f"building {database_url or DATABASE} ({clients} clients)…")
    web.build(clients, statuses=False)


def _setup_postgres() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def run_once(env: dict) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import resource, sys, django; django.setup();"
                "from django.core.management import call_command;"
                "call_command('vahti_refresh', '--all');"
                "print('peak_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
                "file=sys.stderr)"
            ),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    peak = int(done.stderr.split("peak_kib")[1].split()[0])
    return elapsed, peak, done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL DATABASE_URL to use")
    args = parser.parse_args()
    DATABASE.parent.mkdir(exist_ok=True)
    if args.rebuild and DATABASE.exists() and not args.postgres:
        DATABASE.unlink()
    if os.fork() == 0:  # build in a child: Django set up here must not leak into the timed runs
        build(args.clients, args.postgres)
        os._exit(0)
    _, status = os.wait()
    if status:
        return 1
    env = environment(args.postgres)
    best = None
    for n in range(args.repeat):
        elapsed, peak, said = run_once(env)
        print(f"run {n + 1}: {elapsed:.2f} s ({said}); peak memory {peak / 1024:.0f} MiB")
        best = elapsed if best is None else min(best, elapsed)
    count = int(said.split()[0])
    print(f"best: {best:.2f} s for {count} decisions, {best / count * 1000:.2f} ms per decision")
    print("target met (under 10 s)" if best < 10 else "TARGET MISSED (10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
