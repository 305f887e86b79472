"""Benchmark: 50 concurrent users against the production server (`make serve`), on SQLite and
on PostgreSQL (issue: safe to run with real clients' data).

Each run starts `make serve` with production settings and fresh keys on a scratch database of
one organisation: 50 coaches, 25 clients with 4 weeks of recorded days, every client shared by
two coaches. Every user signs in, then for the duration loops over a mix of the work list (30 %),
a client page (30 %), a week page (25 %) and a week save (15 %: the week page read, then posted
back with the version it showed). Two users per client means saves meet: a stale save answered
with the conflict message is counted as a conflict, not an error. An error is anything else:
a status other than 200/302, a refused connection, a time-out.

Between actions a user reads the page for ``--think`` seconds on average (uniform between half
and one and a half times it; default 2 s, as a person clicks); ``--think 0`` is a stress test in
which every user fires the next request at once (the server's throughput then sets the latency).

Prints, per database: requests per second, p50/p95/p99 of reads and of saves, conflicts and
errors. Target: 0 errors of any kind on both databases, read p95 under 1 s on a 2-core machine.

    python bench/load.py [--users 50] [--seconds 60] [--think 2] [--database sqlite|postgresql|both]

PostgreSQL: the cluster on loopback (role vahti_ci as in .ci/run); a scratch database is created
and dropped. Run with the project's venv (make setup).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
PASSWORD = "load-test-password-2026"
PG_ADMIN = "postgres://vahti_ci:vahti_ci@127.0.0.1:5432/postgres"
CONFLICT = "muutti tämän asiakkaan kirjauksia"


# --- the scratch data (run in a subprocess with the server's environment) -------------------


def seed(users: int) -> None:
    import django

    django.setup()
    from django.db import transaction

    from vahti.cases import services as cases
    from vahti.core.dates import today
    from vahti.core.identity import demo_identity_code
    from vahti.organisations import services
    from vahti.organisations.models import User
    from vahti.rules.calendar import is_working_day

    with transaction.atomic():
        org = services.organisation_create(name="Kuormitus Oy", business_id="1234567-1")
        coaches = [
            services.user_create(
                organisation=org,
                username=f"coach{n}",
                password=PASSWORD,
                first_name="Valmentaja",
                last_name=f"{n}",
                role=User.Role.COACH,
            )
            for n in range(users)
        ]
        start = today() - dt.timedelta(days=today().weekday() + 28)
        for n in range(users // 2):
            pair = coaches[2 * n : 2 * n + 2]
            client = cases.client_admit(
                actor=pair[0],
                client={
                    "first_name": "Asiakas",
                    "last_name": f"Kuorma{n}",
                    "identity_code": demo_identity_code(1 + n % 28, 1 + n % 12, 1980, 900 + n),
                    "coaches": pair,
                },
                decision={
                    "service": "teak.tyohonvalmennus",
                    "decided_on": start - dt.timedelta(days=10),
                    "received_on": start - dt.timedelta(days=8),
                },
            )
            decision = client.current_decision
            for week in range(4):
                monday = start + dt.timedelta(days=7 * week)
                entries = [
                    {
                        "kind": "day",
                        "date": monday + dt.timedelta(days=d),
                        "hours": 6,
                        "programme_hours": 5,
                        "travel_hours": 1,
                        "mode": "onsite",
                    }
                    for d in range(5)
                    if is_working_day(monday + dt.timedelta(days=d))
                ]
                cases.week_save(actor=pair[0], decision=decision, monday=monday, entries=entries)


# --- the users ---------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class User:
    def __init__(self, base: str, username: str, results, rng: random.Random):
        self.base, self.username, self.results, self.rng = base, username, results, rng
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        self.clients: list[str] = []
        self.decisions: list[str] = []

    def request(self, kind: str, path: str, data: dict | None = None) -> str | None:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        began = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, page = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, page = error.code, error.read().decode(errors="replace")
        except Exception as error:  # refused, reset, timed out: all errors
            self.results.record(kind, time.perf_counter() - began, f"{type(error).__name__}")
            return None
        elapsed = time.perf_counter() - began
        if status not in (200, 302):
            self.results.record(kind, elapsed, f"HTTP {status}")
            return None
        outcome = None
        if CONFLICT in page:
            outcome = "conflict"
        elif kind == "save" and status == 200:
            outcome = "save refused by the form"  # a bench bug, not a server error
            if os.environ.get("LOAD_DEBUG"):
                print(
                    re.findall(r'class="(?:field-error|error-box|errorlist[^"]*)">(.*?)<', page)[:3]
                )
        elif kind == "save":
            outcome = "saved"
        self.results.record(kind, elapsed, outcome)
        return page

    def sign_in(self) -> bool:
        page = self.request("login", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page or "")
        if not token:
            return False
        self.request(
            "login",
            "/login/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": PASSWORD,
            },
        )
        page = self.request("dashboard", "/") or ""
        self.clients = re.findall(r'href="(/clients/\d+/)"', page)
        for client in self.clients:
            page = self.request("client", client) or ""
            self.decisions += re.findall(r'href="(/decisions/\d+/week/)', page)
        self.decisions = sorted(set(self.decisions))
        return bool(self.clients and self.decisions)

    def step(self):
        roll = self.rng.random()
        if roll < 0.30:
            self.request("dashboard", "/")
        elif roll < 0.60:
            self.request("client", self.rng.choice(self.clients))
        elif roll < 0.85:
            self.request("week", self.rng.choice(self.decisions))
        else:
            self.save_week()

    def save_week(self):
        url = self.rng.choice(self.decisions)
        page = self.request("week", url)
        if page is None:
            return
        data = {
            name: value
            for name, value in re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page
            )
        }
        data.update(
            {
                name: value
                for name, value in re.findall(r'name="(day-\d+-[a-z_]+)"[^>]*value="([^"]*)"', page)
                if name not in data
            }
        )
        for day in range(7):
            data[f"day-{day}-mode"] = "onsite"
        for day in range(5):
            data[f"day-{day}-kind"] = "day"
            data[f"day-{day}-hours"] = self.rng.choice(["6", "5", "6.5"])
            data[f"day-{day}-programme_hours"] = "5"
            data[f"day-{day}-travel_hours"] = "0"
            data[f"day-{day}-mode"] = "onsite"
        self.request("save", url, data)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.outcomes: Counter = Counter()

    def record(self, kind: str, seconds: float, outcome: str | None):
        with self.lock:
            self.times[kind].append(seconds)
            if outcome:
                self.outcomes[outcome] += 1


# --- one run -----------------------------------------------------------------------------------


def _wait_for(port: int, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not start on port {port}")


def _environment(scratch: Path, database: str) -> dict:
    keys = subprocess.run(
        [str(PYTHON), "-m", "vahti.config.keys", "--demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("VAHTI_") and k != "DATABASE_URL"
    }
    env.update(line.split("=", 1) for line in keys.splitlines() if "=" in line)
    env.update(
        VAHTI_STATIC_ROOT=str(scratch / "static"),
        VAHTI_COOKIE_SECURE="0",
        VAHTI_ALLOWED_HOSTS="127.0.0.1",
        VAHTI_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="vahti.config.settings",
    )
    if database == "sqlite":
        env["VAHTI_SQLITE_PATH"] = str(scratch / "load.sqlite3")
    else:
        env["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/vahti_load"
        env["VAHTI_DB_CONN_MAX_AGE"] = "60"
    return env


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(sql)


class Memory:
    """The server's resident memory (every process of its session: make, gunicorn's arbiter and
    workers), sampled every 50 ms while a phase runs; the peak in MB."""

    def __init__(self, session: int):
        self.session, self.peak, self._stop = session, 0.0, threading.Event()

    def _now(self) -> float:
        total = 0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if os.getsid(int(pid)) != self.session:
                    continue
                with open(f"/proc/{pid}/status") as status:
                    total += next(
                        int(line.split()[1]) for line in status if line.startswith("VmRSS:")
                    )
            except (OSError, StopIteration, ProcessLookupError):
                continue
        return total / 1024

    def __enter__(self):
        self.before = self._now()

        def sample():
            while not self._stop.wait(0.05):
                self.peak = max(self.peak, self._now())

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def failed_logins(base: str, count: int) -> dict:
    """``count`` parallel sign-ins with a wrong password, each from its own session (as a
    guesser's or many mistyping users'): answers by status."""
    answers = Counter()

    def attempt(n):
        person = User(base, f"coach{n}", Results(), random.Random(n))
        page = person.request("login", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page or "")
        request = urllib.request.Request(
            base + "/login/",
            data=urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                    "username": f"coach{n}",
                    "password": "a-wrong-password",
                }
            ).encode(),
            headers={"Referer": base + "/login/"},
        )
        try:
            with person.opener.open(request, timeout=60) as response:
                answers[response.status] += 1
        except urllib.error.HTTPError as error:
            answers[error.code] += 1
        except OSError:
            answers["refused"] += 1

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return dict(answers)


def run(database: str, users: int, seconds: int, port: int, think: float, burst: int = 40) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        env = _environment(scratch, database)
        if database == "postgresql":
            _pg("DROP DATABASE IF EXISTS vahti_load")
            _pg("CREATE DATABASE vahti_load")
        server = None
        try:
            subprocess.run(
                [str(PYTHON), "manage.py", "migrate", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            subprocess.run(
                [str(PYTHON), __file__, "--seed", str(users)], cwd=ROOT, env=env, check=True
            )
            log = open(scratch / "serve.log", "w")
            server = subprocess.Popen(
                ["make", "serve", f"BIND=127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            _wait_for(port)
            results = Results()
            base = f"http://127.0.0.1:{port}"
            people = [User(base, f"coach{n}", results, random.Random(n)) for n in range(users)]
            signed = [None] * users

            def sign_in(n):
                signed[n] = people[n].sign_in()

            threads = [threading.Thread(target=sign_in, args=(n,)) for n in range(users)]
            with Memory(server.pid) as signing_in:
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            setup_outcomes = dict(results.outcomes)
            with Memory(server.pid) as guessing:
                guesses = failed_logins(base, burst)
            results = Results()
            for person in people:
                person.results = results
            stop = time.monotonic() + seconds

            def loop(person):
                while time.monotonic() < stop:
                    person.step()
                    if think:
                        time.sleep(person.rng.uniform(think / 2, think * 1.5))

            began = time.monotonic()
            threads = [threading.Thread(target=loop, args=(p,)) for p in people]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - began
            return {
                "signed_in": sum(bool(s) for s in signed),
                "setup": setup_outcomes,
                "elapsed": elapsed,
                "results": results,
                "burst": burst,
                "guesses": guesses,
                "memory": (signing_in.before, signing_in.peak, guessing.before, guessing.peak),
            }
        finally:
            if server is not None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            if database == "postgresql":
                _pg("DROP DATABASE IF EXISTS vahti_load WITH (FORCE)")


def _percentiles(values: list[float]) -> str:
    if not values:
        return "–"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms"


def report(database: str, users: int, run_result: dict, think: float) -> None:
    results = run_result["results"]
    reads = [t for kind in ("dashboard", "client", "week") for t in results.times[kind]]
    saves = results.times["save"]
    total = sum(len(v) for v in results.times.values())
    errors = {k: v for k, v in results.outcomes.items() if k not in ("conflict", "saved")}
    print(
        f"\n== {database}: {users} users, think {think:g} s, {run_result['elapsed']:.0f} s "
        f"(signed in: {run_result['signed_in']}/{users}; errors while signing in: "
        f"{run_result['setup'] or 0})"
    )
    print(f"requests: {total}  ({total / run_result['elapsed']:.1f}/s)")
    for kind in ("dashboard", "client", "week", "save"):
        print(f"  {kind:9} {len(results.times[kind]):6}  {_percentiles(results.times[kind])}")
    print(f"reads:  {_percentiles(reads)}")
    print(
        f"saves:  {_percentiles(saves)}; saved {results.outcomes.get('saved', 0)}, "
        f"conflicts answered with the message {results.outcomes.get('conflict', 0)}"
    )
    print(f"errors: {sum(errors.values())} {errors or ''}")
    before, peak, guess_before, guess_peak = run_result["memory"]
    print(
        f"server memory: {before:.0f} MB before {users} sign-ins, peak {peak:.0f} MB; "
        f"{run_result['burst']} parallel wrong passwords: {guess_before:.0f} → peak "
        f"{guess_peak:.0f} MB (answers {run_result['guesses']})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between actions")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        sys.path.insert(0, str(ROOT))
        seed(args.seed)
        return 0
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    failed = False
    for database in databases:
        outcome = run(database, args.users, args.seconds, args.port, args.think)
        report(database, args.users, outcome, args.think)
        failed |= bool({k for k in outcome["results"].outcomes if k not in ("conflict", "saved")})
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
