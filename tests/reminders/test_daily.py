"""The daily run scheduled by the worker itself: today's queued once (at 6.00 Helsinki time, or
at once if that has passed), then each run queues the next morning's; one job per day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import admit
from vahti.jobs.models import Job
from vahti.jobs.services import job_run
from vahti.reminders import tasks


@pytest.fixture
def queue_that_keeps(settings):
    """A backend that can run a task later and keeps it (the database backend's behaviour,
    without a worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_the_worker_queues_today_once_then_tomorrow(db, queue_that_keeps):
    first = tasks.daily_schedule()
    today = timezone.localdate()
    assert first.key == today.isoformat() and first.status == Job.Status.QUEUED
    second = tasks.daily_schedule()  # a second worker starting, or a restart
    assert second.key == (today + dt.timedelta(days=1)).isoformat()
    assert tasks.daily_schedule().pk == second.pk  # and no third
    assert Job.objects.filter(kind="daily").count() == 2


def test_a_daily_run_evaluates_sends_the_digests_and_queues_the_next(queue_that_keeps, coach):
    coach.email = "valmentaja@example.org"
    coach.save()
    admit(coach)  # a client with an open start deadline
    job = tasks.daily_schedule()
    job_run(job.pk, tasks._daily)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.summary.endswith("1 muistutus lähetetty.")
    assert len(mail.outbox) == 1
    following = Job.objects.get(
        kind="daily", key=(dt.date.fromisoformat(job.key) + dt.timedelta(days=1)).isoformat()
    )
    assert following.status == Job.Status.QUEUED


def test_without_a_backend_that_waits_nothing_is_scheduled(db):
    assert tasks.daily_schedule() is None  # the inline backend of the tests cannot defer
