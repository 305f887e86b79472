"""The import's background work: the check (the preview) and the import itself."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from vahti.jobs.services import job_run

from .services import import_checked, import_saved


@task()
def import_check(job_id: int) -> None:
    job_run(job_id, _check)


def _check(job, progress):
    imported_id = job.arguments["import"]
    preview = import_checked(imported_id=imported_id, progress=progress)
    if preview["total"]:
        summary = ngettext(
            "The file was checked: %(count)d problem to correct.",
            "The file was checked: %(count)d problems to correct.",
            preview["total"],
        ) % {"count": preview["total"]}
    else:
        summary = _("The file was checked: no problems.")
    return summary, reverse("exchange:import", args=[imported_id])


@task()
def import_run(job_id: int) -> None:
    job_run(job_id, _import)


def _import(job, progress):
    imported_id = job.arguments["import"]
    result = import_saved(imported_id=imported_id, progress=progress)
    if result["total"]:
        summary = _("Nothing was imported: the file has problems (listed on the import's page).")
    elif result["days"]:
        summary = ngettext(
            "Imported: %(count)d rehabilitation day.",
            "Imported: %(count)d rehabilitation days.",
            result["days"],
        ) % {"count": result["days"]}
    else:
        summary = ngettext(
            "Imported: %(count)d new client with a decision.",
            "Imported: %(count)d new clients with a decision.",
            result["create"],
        ) % {"count": result["create"]}
        if result["exists"]:
            summary += " " + ngettext(
                "%(count)d client already in Vahti was left as it is.",
                "%(count)d clients already in Vahti were left as they are.",
                result["exists"],
            ) % {"count": result["exists"]}
    return summary, reverse("exchange:import", args=[imported_id])
