"""The client counts a provider reports to Kela for a year, per service line: every report
kept (a later one raises or, in the window, replaces the count), judged by rules/reporting.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.core.lines import service_choices
from vahti.core.validators import plausible_date
from vahti.organisations.models import Organisation, User


class ClientCountReport(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="client_count_reports"
    )
    service = models.CharField(_("service line"), max_length=40, choices=service_choices)
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("client count"))
    reported_on = models.DateField(_("reported on"), validators=[plausible_date])
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "service", "reported_on", "pk"]
