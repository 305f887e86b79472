"""Benchmark: the audit-readiness page (and its PDF) for an organisation with 200 staff and
2,000 clients, and the manager's work queue that now lists the provider's own items.

Builds (once) a SQLite database with bench/web.py's clients (about 100 days each), then adds
200 staff members with two qualifications each (some expired or ending), what each line needs,
feedback for every client (a third with empty sections), absences without a reason and a
Kela audit with 20 corrective actions. Times requests in process through Django's test client
and prints the median, the 95th percentile and the number of SQL queries.

Target: the page's median under 300 ms with a query count that does not grow with the data.

    python bench/readiness.py [--clients 2000] [--staff 200] [--requests 30] [--rebuild]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
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

DATABASE = ROOT / "var" / "bench-readiness.sqlite3"


def add_provider_data(staff_count: int, seed: int = 3) -> None:
    from django.db import transaction

    from vahti.cases.models import Absence, Decision
    from vahti.core.dates import today
    from vahti.feedback.models import Feedback
    from vahti.feedback.services import empty_sections
    from vahti.organisations.models import User
    from vahti.readiness import services as readiness
    from vahti.staff.models import Qualification, ServiceRequirement, StaffMember

    rng = random.Random(seed)
    manager = User.objects.get(username="manager")
    org, now = manager.organisation, today()
    professions = [
        "job_coach",
        "psychologist",
        "physiotherapist",
        "social_worker",
        "nurse",
        "occupational_therapist",
        "rehabilitation_counsellor",
    ]
    lines = ["teak.tyohonvalmennus", "teak.tyokokeilu", "teak.yhdistelma", "yksilokuntoutus"]
    with transaction.atomic():
        members = StaffMember.objects.bulk_create(
            StaffMember(
                organisation=org,
                first_name="Bench",
                last_name=f"Staff{n:03d}",
                profession=professions[n % len(professions)],
                services=rng.sample(lines, 2),
                experience_months=rng.randrange(0, 200),
                experience_checked_on=None if n % 9 == 0 else now - dt.timedelta(days=200),
            )
            for n in range(staff_count)
        )
        Qualification.objects.bulk_create(
            row
            for member in members
            for row in (
                Qualification(
                    member=member,
                    kind="first_aid",
                    name="EA1",
                    gained_on=now - dt.timedelta(days=rng.randrange(30, 1300)),
                ),
                Qualification(
                    member=member,
                    kind="specialist",
                    name="Erikoispätevyys",
                    gained_on=now - dt.timedelta(days=3000),
                    valid_until=now + dt.timedelta(days=rng.randrange(-100, 900)),
                ),
            )
        )
        ServiceRequirement.objects.bulk_create(
            [
                ServiceRequirement(organisation=org, service="yksilokuntoutus", profession=p)
                for p in ("psychologist", "physiotherapist", "speech_therapist")
            ]
            + [
                ServiceRequirement(organisation=org, service=line, qualification="first_aid")
                for line in lines
            ]
        )
        full = {
            "goals": "Tavoite.",
            "delivery": "Toteutus.",
            "work_ability": "Kyky.",
            "outcome": "Tulos.",
            "plan": "Suunnitelma.",
            "functioning": "Toimintakyky.",
        }
        decisions = list(Decision.objects.filter(client__organisation=org))
        feedback = []
        for n, d in enumerate(decisions):
            sections = {"goals": "Tavoite."} if n % 3 == 0 else full
            feedback.append(
                Feedback(
                    decision=d,
                    sections=sections,
                    empty_sections=empty_sections(d.service, sections),
                )
            )
        Feedback.objects.bulk_create(feedback)
        Absence.objects.bulk_create(
            Absence(decision=d, date=d.received_on + dt.timedelta(days=3), reason="")
            for d in decisions[::7]
        )
        audit = readiness.kela_audit_record(
            actor=manager,
            held_on=now - dt.timedelta(days=90),
            auditors="Bench",
            findings=[{"category": "first_aid", "description": f"Havainto {n}"} for n in range(10)],
        )
        for n, finding in enumerate(audit.findings.all()):
            for m in range(2):
                readiness.corrective_action_add(
                    actor=manager,
                    finding=finding,
                    owner=manager,
                    description=f"Toimenpide {n}.{m}",
                    due_on=now + dt.timedelta(days=rng.randrange(-30, 30)),
                )


def main() -> int:
    args = arguments(__doc__, clients=2000, requests=30, staff=200)
    fresh = open_database(DATABASE, args.rebuild)

    from django.core.management import call_command

    from vahti.cases.models import Client
    from vahti.staff.models import StaffMember

    if fresh:
        print(f"building {DATABASE} ({args.clients} clients, {args.staff} staff)…")
        build(args.clients)
        started = time.perf_counter()
        add_provider_data(args.staff)
        print(f"  provider data in {time.perf_counter() - started:.0f} s")
    else:
        call_command("migrate", verbosity=0)
    print(
        f"database: {Client.objects.filter(active=True).count()} active clients, "
        f"{StaffMember.objects.count()} staff"
    )
    browser = signed_in("manager")
    results = []
    for label, url in (
        ("audit readiness page", "/readiness/"),
        ("audit readiness PDF", "/readiness/?format=pdf"),
        ("staff register", "/team/"),
        ("work queue, manager (with the provider's items)", "/"),
    ):
        browser.get(url)  # warm
        results.append((label, *timed(browser, url, args.requests)))
    print_results(results)
    ok = results[0][1] < 300
    print("target (readiness page median < 300 ms):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
