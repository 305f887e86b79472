"""The background worker: django-tasks' database worker, which also looks after the jobs of a
worker that died (jobs.services.jobs_recover) when it starts and every minute while it runs.

    python manage.py vahti_worker            # as many as you like, on one or several machines
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from vahti.jobs.services import jobs_recover

logger = logging.getLogger(__name__)
RECOVER_EVERY_SECONDS = 60


def _recover_now() -> None:
    try:
        jobs_recover()
    except Exception:  # a busy database now is no reason to stop the worker
        logger.exception("looking for stopped jobs failed; trying again later")
    finally:
        close_old_connections()


def _recover_loop(stopped: threading.Event) -> None:
    while not stopped.wait(RECOVER_EVERY_SECONDS):
        _recover_now()


class Command(DatabaseWorker):
    help = "Run the background worker (tasks from the database queue; recovers stopped jobs)."

    def handle(self, *args, **options):
        _recover_now()
        for schedule in settings.JOBS_SCHEDULED:  # e.g. the daily evaluation and reminders
            import_string(schedule)()
        stopped = threading.Event()
        threading.Thread(target=_recover_loop, args=(stopped,), daemon=True).start()
        try:
            return super().handle(*args, **options)
        finally:
            stopped.set()
