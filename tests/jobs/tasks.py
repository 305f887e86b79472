"""Tasks for the worker tests only: one that is killed mid-way on its first attempt, inside a
transaction that has already written something."""

from __future__ import annotations

import time

from django.db import transaction
from django_tasks import task

from vahti.jobs.services import job_run
from vahti.organisations.models import Site


@task()
def slow_first_time(job_id: int) -> None:
    job_run(job_id, _work)


def _work(job, progress):
    progress(1, 2)
    with transaction.atomic():
        Site.objects.create(organisation=job.organisation, name=f"attempt {job.attempts}")
        if job.attempts == 1:
            time.sleep(120)  # killed here: the site above must not be saved
    progress(2, 2)
    return f"done on attempt {job.attempts}", ""
