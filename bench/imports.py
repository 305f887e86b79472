"""Benchmark: importing 5,000 clients with their decisions from a CSV file (issue 24: under
60 s, with a progress bar).

A fresh database (migrated, one organisation and its manager), a generated file of --rows rows
in DVV's test range of identity codes, then the two jobs as the pages run them: the check (every
row through the forms and the services, rolled back) and the import (everything in one
transaction). Each is timed in process; the progress the job reported is printed as seen.

    python bench/imports.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import ROOT, open_database  # noqa: E402

DATABASE = ROOT / "var" / "bench-import.sqlite3"


def sheet(rows: int) -> bytes:
    from vahti.core.identity import demo_identity_code

    lines = [
        "henkilötunnus;etunimi;sukunimi;palvelulinja;päätöspäivä;päätös saapunut;"
        "myönnetyt päivät;hyvinvointialue"
    ]
    for n in range(rows):
        code = demo_identity_code(
            1 + n % 28, 1 + (n // 28) % 12, 1960 + (n // 336) % 40, 900 + (n // 13440)
        )
        lines.append(f"{code};Testi;Tuotu{n};TEAK – työkokeilu;2.11.2026;5.11.2026;30;Pirkanmaa")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    open_database(DATABASE, rebuild=True)
    from django.conf import settings
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JOBS_HEARTBEAT_SECONDS = 0
    call_command("migrate", verbosity=0)
    from vahti.cases.models import Client, Decision
    from vahti.exchange import services
    from vahti.jobs.models import Job
    from vahti.organisations import services as organisations
    from vahti.organisations.models import User

    organisation = organisations.organisation_create(name="Bench Oy", business_id="1234567-1")
    manager = organisations.user_create(
        organisation=organisation,
        username="manager",
        password="kuusi-hevosta-juoksee-2026",
        first_name="Bench",
        last_name="Manager",
        role=User.Role.MANAGER,
    )
    data = sheet(args.rows)
    imported = services.import_upload(actor=manager, kind="clients", name="bench.csv", data=data)
    started = time.perf_counter()
    imported = services.import_check_start(actor=manager, imported=imported)
    checked = time.perf_counter() - started
    imported.refresh_from_db()
    assert imported.status == "checked", imported.preview["problems"][:3]
    job = Job.objects.get(pk=imported.check_job_id)
    print(f"file: {args.rows} rows, {len(data) / 1e6:.2f} MB")
    print(
        f"check (preview, rolled back): {checked:6.2f} s  progress {job.done}/{job.total}, "
        f"{imported.preview['create']} to create"
    )
    started = time.perf_counter()
    imported = services.import_confirm(actor=manager, imported=imported)
    done = time.perf_counter() - started
    imported.refresh_from_db()
    job = Job.objects.get(pk=imported.import_job_id)
    assert imported.status == "imported", (imported.status, job.error)
    print(
        f"import (one transaction):     {done:6.2f} s  progress {job.done}/{job.total}, "
        f"{Client.objects.count()} clients, {Decision.objects.count()} decisions"
    )
    print(f"upload to imported:           {checked + done:6.2f} s  (target < 60 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
