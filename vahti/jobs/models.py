"""The record of a piece of long work a person started (a certificate batch, an import, a
delivery file, a billing run) or the schedule started (the daily refresh): who, what, how far,
and the result or the error in words. The work itself runs as a django-tasks task
(`<app>/tasks.py`); this row is what the pages show and what survives a worker that died."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vahti.core.fields import EncryptedBinaryField
from vahti.organisations.models import Organisation, User


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    # The same work asked twice (a double click, a retried request) is one job: while a job with
    # this key is waiting, running or done, starting it again returns that job.
    key = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200)
    task_path = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    error = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # A file the work made (a delivery file): encrypted as every copy of client data is, and
    # downloaded by whoever started the job only.
    result = EncryptedBinaryField(blank=True, default=b"")
    result_name = models.CharField(max_length=100, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "key"],
                condition=~Q(key="") & ~Q(status="failed"),
                name="job_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["status", "heartbeat"])]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, 100 * self.done // self.total) if self.total else 0

    @property
    def ended(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
