"""A job's page: its progress bar (jobs/progress.js asks the status every second and the page
works without it, reloading itself), then the result or the error in words."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .selectors import job_for, jobs_of


def _status(job) -> dict:
    return {
        "status": job.status,
        "status_text": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "ended": job.ended,
        "text": _("%(done)s of %(total)s") % {"done": job.done, "total": job.total}
        if job.total
        else "",
    }


@login_required
def job_page(request, job_id):
    job = job_for(request.user, job_id)
    return render(request, "jobs/job.html", {"job": job})


@login_required
def job_status(request, job_id):
    return JsonResponse(_status(job_for(request.user, job_id)))


@login_required
def job_list(request):
    return render(request, "jobs/job_list.html", {"jobs": jobs_of(request.user, limit=50)})


@login_required
def job_result(request, job_id):
    """The file the job made, for whoever started it."""
    job = job_for(request.user, job_id)
    if job.started_by_id != request.user.pk or job.status != job.Status.DONE or not job.result_name:
        raise Http404
    response = HttpResponse(bytes(job.result), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response
