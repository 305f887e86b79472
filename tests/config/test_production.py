"""Production mode itself (no VAHTI_DEVELOPMENT, debugging off, keys of its own), in a process of
its own on a scratch SQLite database: what guards production is tested as production runs, not
only under the test settings. (The history seal was once never written outside debugging: its
receiver was collected, and only a cache that debugging fills kept it alive.)"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vahti.config import keys

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("VAHTI_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        keys.main(["--demo"])  # the test clients use DVV's test range
    env.update(line.split("=", 1) for line in printed.getvalue().splitlines())
    env.update(
        DJANGO_SETTINGS_MODULE="vahti.config.settings",
        VAHTI_SQLITE_PATH=str(folder / "db" / "vahti.sqlite3"),
        VAHTI_AUDIT_HEADS=str(folder / "heads.jsonl"),
        VAHTI_LOG_LEVEL="WARNING",
    )

    def run(code: str) -> subprocess.CompletedProcess:
        script = "import django; django.setup()\n" + textwrap.dedent(code)
        return subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def manage(*args) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    result = manage("migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    run.manage, run.folder = manage, folder
    return run


def test_production_settings_run_without_debugging(production):
    result = production(
        "from django.conf import settings; print(settings.DEBUG, settings.DEVELOPMENT)"
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_the_database_file_is_readable_by_its_owner_only(production):
    database = production.folder / "db" / "vahti.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


def test_history_is_sealed_and_tampering_is_found_in_production(production):
    result = production("""
        from django.apps import apps
        from vahti.audit.chain import is_history_model
        from vahti.audit.models import HistorySeal
        from vahti.cases import services
        from vahti.organisations import services as organisations
        from tests.factories import admit, make_user
        organisation = organisations.organisation_create(name="Tuotanto Oy",
                                                         business_id="1234567-1")
        coach = make_user(organisation, "tuotanto")
        client = admit(coach)
        services.client_update(actor=coach, client=client, first_name="Toinen")
        rows = sum(m._base_manager.count() for m in apps.get_models() if is_history_model(m))
        print(HistorySeal.objects.count(), rows)
    """)
    assert result.returncode == 0, result.stderr
    seals, rows = map(int, result.stdout.split())
    assert seals == rows >= 5
    verified = production.manage("vahti_verify_audit")
    assert verified.returncode == 0, verified.stderr
    assert f"{seals} sealed rows" in verified.stdout
    tampered = production("""
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cases_historicalclient SET last_name = 'Muutettu'")
    """)
    assert tampered.returncode == 0, tampered.stderr
    refused = production.manage("vahti_verify_audit")
    assert refused.returncode != 0 and "cases.HistoricalClient row" in refused.stderr
    assert "has been changed" in refused.stderr


def test_trace_is_refused_before_any_view_runs(production):
    result = production("""
        from django.test import Client
        response = Client().generic("TRACE", "/login/")
        print(response.status_code, response["Allow"])
    """)
    assert result.stdout.split() == ["405", "GET,", "HEAD,", "POST"], result.stderr


def test_the_wsgi_application_freezes_what_it_loaded(production):
    """Loaded once, the application's objects are kept out of the cyclic collector's passes."""
    result = production("""
        import gc
        import vahti.config.wsgi
        print(gc.get_freeze_count() > 10000)
    """)
    assert result.stdout.strip() == "True", result.stderr
