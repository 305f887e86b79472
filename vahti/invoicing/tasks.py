"""The billing run as background work: planned again and made in one transaction by the
service (runs.run_make); started once per contract, line and month (the job's key), and a run
made twice finds the days already invoiced and makes no second invoice for them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from vahti.jobs.services import job_run

from .models import Contract
from .services import run_make


@task()
def billing_run(job_id: int) -> None:
    job_run(job_id, _run)


def _run(job, progress):
    arguments = job.arguments
    contract = Contract.objects.get(pk=arguments["contract"], organisation=job.organisation)
    progress(0, 1)
    run = run_make(
        actor=job.started_by,
        contract=contract,
        service=arguments["service"],
        month=dt.date.fromisoformat(arguments["month"]),
        on=dt.date.fromisoformat(arguments["on"]),
    )
    summary = _(
        "Billing run %(number)s made: %(count)d invoices as drafts. Send them, then mark the run "
        "sent."
    ) % {"number": run.number, "count": run.invoices.count()}
    return summary, reverse("invoicing:run", args=[run.pk])
