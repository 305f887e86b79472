"""Settings for the test suite: development mode (public development keys, test identity codes
allowed), otherwise the production settings."""

import os

os.environ.setdefault("VAHTI_DEVELOPMENT", "1")
os.environ.setdefault("VAHTI_ALLOW_TEST_IDS", "1")

from .settings import *  # noqa: E402,F403
