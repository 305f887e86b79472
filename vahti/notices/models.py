"""Notices to Kela, drafted from a client's case (or, for staff changes, the organisation)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.cases.models import Decision
from vahti.core.fields import EncryptedTextField
from vahti.organisations.models import Organisation, User


class Notice(models.Model):
    """A notice to Kela, drafted from the case; marking it sent records a kela_notified event."""

    class Kind(models.TextChoices):
        QUEUE = "queue", _("cannot start within the deadline (queue)")
        POSTPONEMENT = "postponement", _("start postponement")
        INTERRUPTION = "interruption", _("threatened interruption")
        INTERRUPTED = "interrupted", _("the rehabilitation was interrupted")
        CHANGE = "change", _("change (absence, work, paid work trial)")
        HOLIDAY_PERIOD = "holiday_period", _("period change because of a holiday")
        STAFF_CHANGE = "staff_change", _("staff change")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="notices")
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    kind = models.CharField(_("notice"), max_length=20, choices=Kind.choices)
    to_address = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300)
    body = EncryptedTextField()
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
