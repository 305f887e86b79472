"""Passwords: hashed with Argon2id at OWASP's cost (the test suite uses a cheaper hasher, so the
production one is tested here directly), at most a few hashes at once per process, and never
containing the username."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError

from tests.factories import make_user
from vahti.core import hashers
from vahti.core.hashers import Argon2idHasher
from vahti.organisations import services


def test_production_hashes_are_argon2id_within_owasps_memory_range():
    hasher = Argon2idHasher()
    encoded = hasher.encode("correct horse battery staple", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    params = hasher.decode(encoded)["params"]
    # OWASP: Argon2id, 19–64 MiB (Django's default was 100 MiB a hash)
    assert 19 * 1024 <= params.memory_cost <= 64 * 1024
    assert params.parallelism == 1 and params.time_cost >= 2
    assert hasher.verify("correct horse battery staple", encoded)
    assert not hasher.verify("wrong", encoded)


def test_an_older_argon2_hash_still_verifies_and_is_rewritten(settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    old = Argon2PasswordHasher().encode("salasana-vanha-2026", "saltsaltsaltsalt")
    hasher = Argon2idHasher()
    assert identify_hasher(old).algorithm == hasher.algorithm
    assert hasher.verify("salasana-vanha-2026", old) and hasher.must_update(old)


def test_at_most_the_set_number_of_hashes_run_at_once(settings, monkeypatch):
    settings.PASSWORD_HASHES_IN_FLIGHT = 2
    monkeypatch.setattr(hashers, "_in_flight", None)
    running, peak, lock = 0, 0, threading.Lock()
    original = hashers.Argon2PasswordHasher.verify

    def slow_verify(self, password, encoded):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return original(self, password, encoded)

    monkeypatch.setattr(hashers.Argon2PasswordHasher, "verify", slow_verify)
    hasher = Argon2idHasher()
    encoded = hasher.encode("x" * 12, hasher.salt())
    threads = [threading.Thread(target=hasher.verify, args=("x" * 12, encoded)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 2


@pytest.mark.parametrize("password", ["coach3coach3", "COACH3-salasana-1", "Koutsi1234567"])
def test_a_password_containing_the_username_or_name_is_refused(organisation, password):
    with pytest.raises(ValidationError) as refused:
        services.user_create(
            organisation=organisation,
            username="coach3",
            password=password,
            first_name="Kaisa",
            last_name="Koutsi",
            role="coach",
        )
    assert "password" in refused.value.message_dict


def test_a_good_password_is_accepted(organisation):
    make_user(organisation, "coach4")
