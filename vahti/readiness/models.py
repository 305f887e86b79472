"""Kela's audits of the provider, their findings and the corrective actions (003
"Auditoinneista poimittua": "poikkeamat vaativat palveluntuottajalta toimenpiteitä määräaikaan
mennessä. Kela seuraa toimenpiteiden toteutumista"). Every change is kept in the history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.core.validators import NOTE_LENGTH, plausible_date
from vahti.organisations.models import Organisation, Site, User


class FindingCategory(models.TextChoices):
    # What Kela's audits have found (003 "Auditoinneista poimittua"; pool safety 004).
    SPECIALIST_QUALIFICATION = "specialist_qualification", _("specialist qualification missing")
    FIRST_AID = "first_aid", _("EA1 first aid not in force")
    POOL_SAFETY = "pool_safety", _("pool safety course not in force")
    PROFESSIONALS = "professionals", _("required professionals not available")
    TEAM_PARTICIPATION = "team_participation", _("team members not taking part")
    FEEDBACK_CONTENT = "feedback_content", _("thin content in rehabilitation feedback")
    RECORD_GAPS = "record_gaps", _("gaps in the records")
    EXPERIENCE = "experience", _("too little work experience")
    EXPERIENCE_UNCHECKED = "experience_unchecked", _("experience not checked at staff changes")
    OTHER = "other", _("other")


class KelaAudit(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="kela_audits"
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("site")
    )
    held_on = models.DateField(_("date of the audit"), validators=[plausible_date])
    auditors = models.CharField(_("auditors from Kela"), max_length=300)
    notes = models.TextField(_("notes"), blank=True, max_length=NOTE_LENGTH)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]


class AuditFinding(models.Model):
    audit = models.ForeignKey(KelaAudit, on_delete=models.CASCADE, related_name="findings")
    category = models.CharField(_("category"), max_length=30, choices=FindingCategory.choices)
    description = models.TextField(_("finding"), max_length=NOTE_LENGTH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]


class CorrectiveAction(models.Model):
    finding = models.ForeignKey(AuditFinding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("corrective action"), max_length=NOTE_LENGTH)
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="corrective_actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("deadline"), validators=[plausible_date])
    evidence = models.TextField(_("evidence"), blank=True, max_length=NOTE_LENGTH)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[plausible_date])
    closed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
