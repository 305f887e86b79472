"""Groups of clients: Taito's groups of 6–10 (002 "Ryhmän muodostaminen") and TEAK's group form
(001 "Ryhmämuotoinen kuntoutus"). A member is a client's decision; leaving keeps the row."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.cases.models import Decision
from vahti.core.lines import service_choices
from vahti.core.validators import plausible_date
from vahti.organisations.models import Organisation, Site


class Group(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="client_groups"
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    service = models.CharField(_("service line"), max_length=40, choices=service_choices)
    planned_max = models.PositiveSmallIntegerField(_("planned maximum size"))
    planned_start = models.DateField(
        _("planned start"), null=True, blank=True, validators=[plausible_date]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_on = models.DateField(_("joined on"), validators=[plausible_date])
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[plausible_date])
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision__client__last_name", "decision__client__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "decision"], name="one_membership_per_group")
        ]
