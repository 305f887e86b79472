"""Secure by default: production settings refuse to start without their keys, refuse the public
development keys, and debug only in development mode; a key file is never made next to data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from vahti.config import keys

ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VAHTI_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "vahti.config.settings", **env},
    )


def test_production_does_not_start_without_its_keys():
    result = run(SETUP)
    assert result.returncode != 0 and "VAHTI_SECRET_KEY is not set" in result.stderr


OWN = {
    "VAHTI_SECRET_KEY": "k" * 50,
    "VAHTI_FIELD_KEY": "a" * 43 + "=",
    "VAHTI_DIGEST_KEY": "d" * 50,
    "VAHTI_AUDIT_KEY": "h" * 50,
}


def test_production_refuses_the_development_keys_however_it_is_started():
    """Not only `make serve`'s deployment check: settings refuse them, so gunicorn started
    directly, or any management command, does not start either."""
    from vahti.config.settings_test import (
        DEV_AUDIT_KEY,
        DEV_DIGEST_KEY,
        DEV_FIELD_KEY,
        DEV_SECRET_KEY,
    )

    assert run(SETUP, **OWN).returncode == 0
    for name, development in (
        ("VAHTI_SECRET_KEY", DEV_SECRET_KEY),
        ("VAHTI_FIELD_KEY", f"{'a' * 43}=,{DEV_FIELD_KEY}"),
        ("VAHTI_DIGEST_KEY", DEV_DIGEST_KEY),
        ("VAHTI_AUDIT_KEY", DEV_AUDIT_KEY),
    ):
        result = run(SETUP, **{**OWN, name: development})
        assert result.returncode != 0, name
        assert f"{name} holds the public development key" in result.stderr, name


def test_production_does_not_start_without_a_digest_key():
    result = run(SETUP, VAHTI_SECRET_KEY="k" * 50, VAHTI_FIELD_KEY="a" * 43 + "=")
    assert result.returncode != 0 and "VAHTI_DIGEST_KEY is not set" in result.stderr


def test_production_does_not_start_without_an_audit_key():
    result = run(SETUP, **{k: v for k, v in OWN.items() if k != "VAHTI_AUDIT_KEY"})
    assert result.returncode != 0 and "VAHTI_AUDIT_KEY is not set" in result.stderr


def test_debugging_is_off_unless_in_development_mode():
    assert run(SETUP, VAHTI_DEBUG="1", **OWN).stdout.strip() == "False"
    assert run(SETUP, VAHTI_DEVELOPMENT="1").stdout.strip() == "True"


def test_the_key_generator_allows_test_identity_codes_only_for_a_demo(capsys):
    assert keys.main([]) == 0
    printed = capsys.readouterr().out
    assert "VAHTI_AUDIT_KEY=" in printed and "VAHTI_ALLOW_TEST_IDS" not in printed
    assert keys.main(["--demo"]) == 0
    assert "VAHTI_ALLOW_TEST_IDS=1" in capsys.readouterr().out


def test_no_new_keys_are_made_next_to_existing_data(tmp_path, capsys):
    database = tmp_path / "vahti.sqlite3"
    assert keys.main(["--data", str(database)]) == 0
    assert "VAHTI_FIELD_KEY=" in capsys.readouterr().out
    database.write_bytes(b"")
    assert keys.main(["--data", str(database)]) == 1
    assert capsys.readouterr().out == ""
