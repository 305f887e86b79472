"""Reads of jobs: a job is seen by whoever started it and by the managers of its organisation."""

from __future__ import annotations

from django.http import Http404

from .models import Job


def jobs_visible(user):
    if not user.is_authenticated or user.organisation_id is None:
        return Job.objects.none()
    jobs = Job.objects.filter(organisation_id=user.organisation_id)
    return jobs if user.sees_all_clients else jobs.filter(started_by=user)


def job_for(user, job_id) -> Job:
    try:
        return jobs_visible(user).get(pk=job_id)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def jobs_of(user, *, limit: int = 20) -> list[Job]:
    return list(jobs_visible(user).order_by("-created_at")[:limit])
