"""Cases' background work (django-tasks): thin functions that run a service as a job."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from vahti.jobs.services import job_run

from .services import certificates_issue_due, decision_statuses_refresh


@task()
def certificates_issue(job_id: int) -> None:
    job_run(job_id, _certificates)


def _certificates(job, progress):
    issued, refused = certificates_issue_due(
        actor=job.started_by, decision_ids=job.arguments["decisions"], progress=progress
    )
    summary = ngettext(
        "%(count)d participation certificate issued.",
        "%(count)d participation certificates issued.",
        issued,
    ) % {"count": issued}
    if refused:
        summary += " " + ngettext(
            "%(count)d could not be issued: its errors are on the client's page.",
            "%(count)d could not be issued: their errors are on the clients' pages.",
            refused,
        ) % {"count": refused}
    return summary, reverse("cases:dashboard")


@task()
def statuses_refresh(job_id: int) -> None:
    job_run(job_id, _refresh)


def _refresh(job, progress):
    count = decision_statuses_refresh(stale_only=False)
    return _("%(count)d decisions evaluated for today.") % {"count": count}, ""


@task()
def impact_run(job_id: int) -> None:
    job_run(job_id, _impact)


def _impact(job, progress):
    import json

    from .impact import changed_evaluator
    from .selectors.impact import decisions_impact

    after = changed_evaluator(job.arguments["files"])
    found = decisions_impact(job.started_by, after, lang=job.started_by.language, progress=progress)
    summary = ngettext(
        "%(count)d open decision changes.", "%(count)d open decisions change.", len(found)
    ) % {"count": len(found)}
    body = json.dumps(found, ensure_ascii=False).encode()
    # Kept with the job for its page, not offered as a file (it names clients by id only).
    return summary, reverse("cases:impact_result", args=[job.pk]), ("", "application/json", body)
