"""Password hashing: Argon2id with OWASP's parameters, and a bound on hashes in flight.

Django's default Argon2 costs 100 MiB a hash: 40 parallel failed logins took a server from 320 MB
to 1.8 GB. OWASP's Password Storage Cheat Sheet gives Argon2id with 19 MiB, two passes and one
lane as a minimum that still costs a guesser dearly; and each process hashes at most
``VAHTI_PASSWORD_HASHES_IN_FLIGHT`` passwords at once (the others wait), so memory is bounded
whatever the number of threads. The algorithm name stays ``argon2``: existing hashes verify and
are rewritten with these parameters at the next sign-in (``must_update``)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_in_flight: threading.BoundedSemaphore | None = None
_lock = threading.Lock()


def _slots() -> threading.BoundedSemaphore:
    global _in_flight
    with _lock:
        if _in_flight is None:
            _in_flight = threading.BoundedSemaphore(settings.PASSWORD_HASHES_IN_FLIGHT)
        return _in_flight


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password, salt):
        with _slots():
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _slots():
            return super().verify(password, encoded)
