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

# Background work runs inline in tests (the page's request runs the task), with no heartbeat
# thread; tests/jobs/test_worker.py runs a real worker on the database backend instead.
if "VAHTI_TASKS_BACKEND" not in os.environ:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    JOBS_HEARTBEAT_SECONDS = 0
    JOBS_PROGRESS_DATABASE = "default"
# The worker tests' worker queues no daily run of its own (tests/reminders test the schedule).
JOBS_SCHEDULED = []
