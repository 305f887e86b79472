"""A real worker (`manage.py vahti_worker`, django-tasks' database backend) in its own process,
on the suite's database — SQLite or PostgreSQL, whichever the suite runs on: it runs a
certificate batch and an import, and a worker killed mid-task loses nothing (the task's
transaction is gone, the job is run again, or reported failed after its last attempt).

SQLite's test database lives in memory, so the test hands it to the worker as a file and takes
it back afterwards (sqlite3's backup); PostgreSQL's is a real database the worker connects to.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import admit, days_recorded
from tests.jobs.test_jobs import CERTIFIABLE
from vahti.cases.models import Certificate, Client
from vahti.exchange import services as exchange
from vahti.exchange.models import Import
from vahti.jobs.models import Job
from vahti.jobs.services import job_start, jobs_recover
from vahti.organisations.models import Site

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "exchange" / "golden"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.JOBS_PROGRESS_DATABASE = "default"


class Worker:
    """The worker process on this test's database."""

    def __init__(self, tmp_path: Path):
        self.sqlite = connection.vendor == "sqlite"
        self.file = tmp_path / "worker.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vahti.config.settings_test",
            "VAHTI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "VAHTI_JOBS_HEARTBEAT_SECONDS": "1",
            "PYTHONPATH": str(ROOT),
        }
        if self.sqlite:
            env.pop("DATABASE_URL", None)
            env["VAHTI_SQLITE_PATH"] = str(self.file)
        else:
            url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            env["DATABASE_URL"] = f"{url}/{connection.settings_dict['NAME']}"
        self.env = env

    def _handed_over(self):
        if self.sqlite:
            # A killed worker leaves its write-ahead log beside the file: not the new file's.
            for path in (
                self.file,
                *(self.file.with_name(self.file.name + s) for s in ("-wal", "-shm", "-journal")),
            ):
                path.unlink(missing_ok=True)
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()

    def _taken_back(self):
        if self.sqlite:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

    def command(self, *extra):
        return [
            sys.executable,
            str(ROOT / "manage.py"),
            "vahti_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.2",
            *extra,
        ]

    def run_until_empty(self):
        self._handed_over()
        done = subprocess.run(
            self.command("--batch"),
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        self._taken_back()
        return done.stdout + done.stderr

    def killed_while_running(self, job_id: int):
        """Start a worker, wait until the job runs, kill the worker (SIGKILL: no goodbye)."""
        self._handed_over()
        process = subprocess.Popen(
            self.command(), env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if self._status(job_id) == "running" and self._done(job_id) >= 1:
                    break
                time.sleep(0.2)
            else:
                pytest.fail("the worker never started the job")
            time.sleep(0.5)  # inside the task's transaction now (it sleeps there)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        self._taken_back()
        self._sessions_gone()

    def _sessions_gone(self):
        """PostgreSQL ends a killed worker's sessions a moment later: wait for that, so the test
        database can be dropped at the end."""
        if self.sqlite:
            return
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0] == 0:
                    return
            time.sleep(0.2)

    def _row(self, job_id: int):
        if self.sqlite:
            with sqlite3.connect(self.file, timeout=5) as db:
                return db.execute(
                    "SELECT status, done FROM jobs_job WHERE id = ?", (job_id,)
                ).fetchone()
        job = Job.objects.get(pk=job_id)
        return job.status, job.done

    def _status(self, job_id):
        return self._row(job_id)[0]

    def _done(self, job_id):
        return self._row(job_id)[1]


@pytest.fixture
def worker(tmp_path, database_queue):
    return Worker(tmp_path)


def test_a_real_worker_runs_a_certificate_batch_and_an_import(worker, coach, manager):
    for _ in range(2):
        days_recorded(coach, admit(coach).current_decision, **CERTIFIABLE)
    batch = job_start(
        actor=coach,
        kind="certificates",
        key="batch",
        title="Todistukset",
        task_path="vahti.cases.tasks.certificates_issue",
        arguments={"decisions": list(Client.objects.values_list("current_decision", flat=True))},
    )
    imported = exchange.import_upload(
        actor=manager, kind="clients", name="a.csv", data=(GOLDEN / "good.csv").read_bytes()
    )
    exchange.import_check_start(actor=manager, imported=imported)
    assert Job.objects.get(pk=batch.pk).status == Job.Status.QUEUED  # nothing ran here
    worker.run_until_empty()
    batch.refresh_from_db()
    assert (batch.status, batch.summary) == (Job.Status.DONE, "2 osallistumistodistusta annettu.")
    assert Certificate.objects.count() == 2
    imported.refresh_from_db()
    assert imported.status == Import.Status.CHECKED and imported.preview["create"] == 3
    exchange.import_confirm(actor=manager, imported=imported)
    worker.run_until_empty()
    imported.refresh_from_db()
    assert imported.status == Import.Status.IMPORTED
    assert Client.objects.count() == 5
    assert imported.import_job.status == Job.Status.DONE
    from django_tasks_db.models import DBTaskResult

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_worker_killed_mid_task_loses_nothing_and_the_task_runs_again(worker, manager):
    job = job_start(
        actor=manager,
        kind="test",
        title="Hidas",
        task_path="tests.jobs.tasks.slow_first_time",
        arguments={},
    )
    worker.killed_while_running(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.attempts == 1
    assert not Site.objects.exists()  # the killed task's transaction left nothing
    (recovered,) = jobs_recover(stale_after=__import__("datetime").timedelta(0))
    assert recovered.pk == job.pk and recovered.status == Job.Status.QUEUED
    worker.run_until_empty()
    job.refresh_from_db()
    assert (job.status, job.summary, job.attempts) == (Job.Status.DONE, "done on attempt 2", 2)
    assert list(Site.objects.values_list("name", flat=True)) == ["attempt 2"]
    from django_tasks_db.models import DBTaskResult

    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        "FAILED",  # the killed one, marked so by the recovery
        "SUCCESSFUL",
    ]


def test_a_job_killed_on_its_last_attempt_is_reported_failed_with_its_reason(
    worker, manager, settings
):
    settings.JOBS_MAX_ATTEMPTS = 1
    job = job_start(
        actor=manager,
        kind="test",
        title="Hidas",
        task_path="tests.jobs.tasks.slow_first_time",
        arguments={},
    )
    worker.killed_while_running(job.pk)
    jobs_recover(stale_after=__import__("datetime").timedelta(0))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Keskeneräisestä työstä ei tallennettu mitään" in job.error
    assert not Site.objects.exists()
