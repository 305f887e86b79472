"""Starting, running and recovering long work (docs/architecture.md, "Background work").

A page starts a job with ``job_start``; the task (each app's ``tasks.py``) runs its work through
``job_run``, which reports progress, keeps a heartbeat while the work runs and stores the result
or the error in words. ``jobs_recover`` finds work whose worker died (no heartbeat) and runs it
again, or reports it failed after the last attempt: every task is written to be safe to run
twice (the work is one transaction, or skips what is already done)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Job

logger = logging.getLogger(__name__)
Status = Job.Status


def digest_of(values) -> str:
    """A short digest of what a job works on, for its key (the same work, the same key)."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


def job_start(
    *,
    actor,
    kind: str,
    title: str,
    task_path: str,
    arguments: dict,
    key: str = "",
    organisation=None,
    run_after=None,
    link: str = "",
) -> Job:
    """A job for ``task_path`` (a django-tasks task taking the job's id), queued. The same
    ``key`` while a job with it is waiting, running or done returns that job instead."""
    organisation = (
        organisation if organisation is not None else getattr(actor, "organisation", None)
    )
    if key:
        existing = (
            Job.objects.filter(organisation=organisation, kind=kind, key=key)
            .exclude(status=Status.FAILED)
            .first()
        )
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                organisation=organisation,
                started_by=actor,
                kind=kind,
                key=key,
                title=title,
                task_path=task_path,
                arguments=arguments,
                link=link,
            )
    except IntegrityError:  # the same key started at the same moment
        return Job.objects.exclude(status=Status.FAILED).get(
            organisation=organisation, kind=kind, key=key
        )
    _enqueue(job, run_after=run_after)
    job.refresh_from_db()
    return job


def deferrable(task_path: str) -> bool:
    """Whether the configured backend can run the task later (the database backend can; the
    inline one of the tests cannot)."""
    return import_string(task_path).get_backend().supports_defer


def _enqueue(job: Job, run_after=None) -> None:
    task = import_string(job.task_path)
    if run_after is not None:
        task = task.using(run_after=run_after)
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


class _Heartbeat(threading.Thread):
    """Marks the job alive every few seconds while its work runs, whatever the work does."""

    def __init__(self, job_id: int):
        super().__init__(daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOBS_HEARTBEAT_SECONDS):
                try:
                    Job.objects.using(settings.JOBS_PROGRESS_DATABASE).filter(
                        pk=self.job_id
                    ).update(heartbeat=timezone.now())
                except OperationalError:  # SQLite busy with the work's own transaction
                    pass
        finally:
            connections.close_all()  # this thread's own connection


class Progress:
    """``progress(done, total)`` from the work: stored at most a few times a second."""

    def __init__(self, job: Job):
        self.job = job
        self.last = 0.0
        self.blocked = False

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.blocked:
            return
        now = time.monotonic()
        final = total is not None and done >= total
        if now - self.last < 0.5 and not final:
            return
        self.last = now
        fields = {"done": done, "heartbeat": timezone.now()}
        if total is not None:
            fields["total"] = total
        try:
            # Its own connection: outside the work's transaction, so the page sees it now.
            Job.objects.using(settings.JOBS_PROGRESS_DATABASE).filter(pk=self.job.pk).update(
                **fields
            )
        except OperationalError:
            # SQLite: the work's transaction holds the one write lock until it ends; waiting
            # for it at every step would only slow the work down.
            self.blocked = True


def job_run(job_id: int, work) -> None:
    """Run ``work(job, progress) -> (summary, link[, (file name, type, bytes)])`` as the job
    ``job_id``, in the language of whoever started it. A job already done or failed is not run
    again (a task delivered twice). Refusals (ValidationError) end it failed with their
    messages; anything else ends it failed with a general message, and is raised for the
    worker's log."""
    job = Job.objects.select_related("started_by").get(pk=job_id)
    if job.ended:
        return
    Job.objects.filter(pk=job.pk).update(
        status=Status.RUNNING, attempts=job.attempts + 1, heartbeat=timezone.now()
    )
    job.refresh_from_db()
    language = getattr(job.started_by, "language", None) or settings.LANGUAGE_CODE
    heartbeat = _Heartbeat(job.pk)
    if settings.JOBS_HEARTBEAT_SECONDS > 0:  # inline (tests) runs need none
        heartbeat.start()
    try:
        with translation.override(language):
            try:
                summary, link, *made = work(job, Progress(job))
            except ValidationError as error:
                _end(job, Status.FAILED, error=" ".join(error.messages))
                return
            except Exception:
                _end(
                    job,
                    Status.FAILED,
                    error=_(
                        "The work stopped on an unexpected error. The administrator has been told; "
                        "nothing of it was saved."
                    ),
                )
                raise
        _end(job, Status.DONE, summary=summary, link=link or "")
        if made:  # (file name, content type, bytes)
            name, kind, content = made[0]
            job.result, job.result_name, job.result_type = content, name, kind
            job.save(update_fields=["result", "result_name", "result_type"])
    finally:
        heartbeat.stopped.set()


def _end(job: Job, status: str, *, summary: str = "", link: str = "", error: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        summary=summary,
        link=link or job.link,
        error=error,
        finished_at=timezone.now(),
    )
    if status == Status.DONE:  # the bar full, whatever the work reported last
        Job.objects.filter(pk=job.pk).update(done=F("total"))
        Job.objects.filter(pk=job.pk, total=0).update(done=1, total=1)


def jobs_recover(*, stale_after=None, now=None) -> list[Job]:
    """Work that has had no heartbeat for ``stale_after`` (its worker died: killed, out of
    memory, the machine restarted) is queued again while it has attempts left, and otherwise
    ended failed, with the reason in words. Returns the jobs it touched."""
    stale_after = stale_after if stale_after is not None else settings.JOBS_STALE_AFTER
    now = now or timezone.now()
    touched = []
    stale = Job.objects.filter(status=Status.RUNNING, heartbeat__lte=now - stale_after)
    for job in stale.select_related("started_by"):
        _task_result_abandoned(job.task_id)
        if job.attempts < settings.JOBS_MAX_ATTEMPTS:
            Job.objects.filter(pk=job.pk, status=Status.RUNNING).update(status=Status.QUEUED)
            _enqueue(job)
            logger.warning("job %s: its worker stopped; queued again", job.pk)
        else:
            language = getattr(job.started_by, "language", None) or settings.LANGUAGE_CODE
            with translation.override(language):
                error = _(
                    "The work stopped %(count)d times when the process running it stopped "
                    "(for example a restart). Nothing of the unfinished work was saved; start "
                    "it again."
                ) % {"count": job.attempts}
            _end(job, Status.FAILED, error=error)
            logger.warning(
                "job %s: its worker stopped; failed after %s attempts", job.pk, job.attempts
            )
        job.refresh_from_db()
        touched.append(job)
    return touched


def _task_result_abandoned(task_id: str) -> None:
    """The database backend's row of a task whose worker died stays 'running' forever; mark
    it failed so that its history is true."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend keeps no such row
        return
    try:
        row = DBTaskResult.objects.filter(pk=task_id).first()
    except (ValidationError, ValueError):  # not the database backend's id
        return
    if row is not None and row.status == "RUNNING":
        row.set_failed(RuntimeError("worker stopped"))


def jobs_prune(*, now=None) -> int:
    """Files that jobs made (a delivery file, an impact list) are kept JOBS_RESULT_DAYS after
    the job ended, then emptied: the data they hold lives on in Vahti itself, and a copy should
    not outlive its use. The job's row stays, as the record of what was done. The task
    backend's own rows of those days go too. Returns the number of files emptied."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.JOBS_RESULT_DAYS)
    emptied = (
        Job.objects.filter(finished_at__lt=cutoff)
        .exclude(result_name="", result=b"")
        .update(result=b"", result_name="", result_type="")
    )
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return emptied
    DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return emptied
