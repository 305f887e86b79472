"""Settings for the test suite: development mode (public development keys, test identity codes
allowed) with debugging off, as in production (Django and its libraries behave differently under
DEBUG: a weakly connected signal once stayed alive only because of it); otherwise the production
settings, but a cheap password hash (tests/hashers.py)."""

import os

os.environ.setdefault("VAHTI_DEVELOPMENT", "1")
os.environ.setdefault("VAHTI_ALLOW_TEST_IDS", "1")
os.environ.setdefault("VAHTI_DEBUG", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["tests.hashers.CheapArgon2Hasher", *PASSWORD_HASHERS]  # noqa: F405
