"""The daily work, scheduled by the worker itself (no cron line needed): every morning at
DAILY_AT (Helsinki) today's statuses are evaluated, the e-mail digests sent and SQLite's planner
statistics gathered, and the next morning's run is queued. One job per day (its key is the
date), so a second worker or a restart does not run a day twice; a run recovered after its
worker died may send a digest again."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from vahti.cases.services import decision_statuses_refresh
from vahti.core.db import statistics_refresh
from vahti.core.duties import daily_refreshes_run
from vahti.jobs.models import Job
from vahti.jobs.services import deferrable, job_run, job_start, jobs_prune

from .services import digests_send

DAILY_AT = dt.time(6, 0)
DAILY_TASK = "vahti.reminders.tasks.daily"


@task()
def daily(job_id: int) -> None:
    job_run(job_id, _daily)


def _daily(job, progress):
    day = dt.date.fromisoformat(job.arguments["day"])
    progress(0, 2)
    evaluated = decision_statuses_refresh(stale_only=True)
    daily_refreshes_run(day)  # the counts kept for the work queue by the apps above
    progress(1, 2)
    sent = digests_send(today=day, base_url=settings.BASE_URL)
    jobs_prune()
    statistics_refresh(connection)
    progress(2, 2)
    daily_schedule(after=day)
    summary = ngettext(
        "%(evaluated)d decisions evaluated, %(sent)d reminder sent.",
        "%(evaluated)d decisions evaluated, %(sent)d reminders sent.",
        sent,
    ) % {"evaluated": evaluated, "sent": sent}
    return summary, ""


def daily_schedule(after: dt.date | None = None) -> Job | None:
    """Queue the next daily run: today's if it has not been queued yet (at DAILY_AT, or now if
    that has passed), else tomorrow's. Called by the worker when it starts and by each run."""
    if not deferrable(DAILY_TASK):
        return None
    now = timezone.localtime()
    day = now.date() if after is None else after + dt.timedelta(days=1)
    if Job.objects.filter(kind="daily", key=day.isoformat(), organisation=None).exists():
        day += dt.timedelta(days=1)
    when = max(now, timezone.make_aware(dt.datetime.combine(day, DAILY_AT)))
    return job_start(
        actor=None,
        kind="daily",
        key=day.isoformat(),
        title=_("Daily evaluation and reminders"),
        task_path=DAILY_TASK,
        arguments={"day": day.isoformat()},
        run_after=when,
    )
