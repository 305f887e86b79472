"""The test suite's password hasher: still Argon2id, at the lowest cost the library allows, so that
a fixture user costs microseconds instead of the production hash's tens of milliseconds. The
production parameters are tested in tests/organisations/test_passwords.py."""

from vahti.core.hashers import Argon2idHasher


class CheapArgon2Hasher(Argon2idHasher):
    time_cost = 1
    memory_cost = 8  # KiB: the minimum for one lane
    parallelism = 1
