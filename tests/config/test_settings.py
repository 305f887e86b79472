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
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "vahti.config.settings", **env})


def test_production_does_not_start_without_its_keys():
    result = run(SETUP)
    assert result.returncode != 0 and "VAHTI_SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_development_keys():
    from vahti.config.settings_test import DEV_DIGEST_KEY, DEV_FIELD_KEY, DEV_SECRET_KEY

    check = ("import django; django.setup(); from django.core.management import call_command;"
             "call_command('check')")
    own = {"VAHTI_SECRET_KEY": "k" * 50, "VAHTI_FIELD_KEY": "a" * 43 + "=",
           "VAHTI_DIGEST_KEY": "d" * 50}
    assert run(check, **own).returncode == 0
    for name, development in (("VAHTI_SECRET_KEY", DEV_SECRET_KEY),
                              ("VAHTI_FIELD_KEY", f"{'a' * 43}=,{DEV_FIELD_KEY}"),
                              ("VAHTI_DIGEST_KEY", DEV_DIGEST_KEY)):
        result = run(check, **{**own, name: development})
        assert result.returncode != 0 and "vahti.E001" in result.stderr, name


def test_production_does_not_start_without_a_digest_key():
    result = run(SETUP, VAHTI_SECRET_KEY="k" * 50, VAHTI_FIELD_KEY="a" * 43 + "=")
    assert result.returncode != 0 and "VAHTI_DIGEST_KEY is not set" in result.stderr


def test_debugging_is_off_unless_in_development_mode():
    own = {"VAHTI_SECRET_KEY": "k" * 50, "VAHTI_FIELD_KEY": "a" * 43 + "=",
           "VAHTI_DIGEST_KEY": "d" * 50}
    assert run(SETUP, VAHTI_DEBUG="1", **own).stdout.strip() == "False"
    assert run(SETUP, VAHTI_DEVELOPMENT="1").stdout.strip() == "True"


def test_no_new_keys_are_made_next_to_existing_data(tmp_path, capsys):
    database = tmp_path / "vahti.sqlite3"
    assert keys.main(["--data", str(database)]) == 0
    assert "VAHTI_FIELD_KEY=" in capsys.readouterr().out
    database.write_bytes(b"")
    assert keys.main(["--data", str(database)]) == 1
    assert capsys.readouterr().out == ""
