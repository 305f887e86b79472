"""The provider's staff as Kela's audits see them (003 "Auditoinneista poimittua"): each
member's profession and role, qualifications with their dates, checked work experience, the
sites and service lines they work in; and what each service line needs, as data the provider
enters. A staff member may also be a user of Vahti, but need not be (a psychologist bought in)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.core.lines import service_choices
from vahti.core.validators import one_line, plausible_date
from vahti.organisations.models import Organisation, Site, User


class Profession(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("psychologist")
    PHYSIOTHERAPIST = "physiotherapist", _("physiotherapist")
    OCCUPATIONAL_THERAPIST = "occupational_therapist", _("occupational therapist")
    SOCIAL_WORKER = "social_worker", _("social worker")
    SOCIAL_CARE = "social_care", _("social services professional (sosionomi)")
    NURSE = "nurse", _("nurse")
    PHYSICIAN = "physician", _("physician")
    SPEECH_THERAPIST = "speech_therapist", _("speech therapist")
    REHABILITATION_COUNSELLOR = "rehabilitation_counsellor", _("rehabilitation counsellor")
    JOB_COACH = "job_coach", _("job coach")
    OTHER = "other", _("other profession")


class QualificationKind(models.TextChoices):
    # first_aid and pool_safety end by a parameter (rules/staff.py VALIDITY_YEARS)
    FIRST_AID = "first_aid", _("EA1 first aid")
    POOL_SAFETY = "pool_safety", _("pool safety course (Trimmi or similar)")
    SPECIALIST = "specialist", _("specialist qualification")
    OTHER = "other", _("other qualification")


class StaffMember(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff_members"
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
        verbose_name=_("Vahti user"),
    )
    first_name = models.CharField(_("first name"), max_length=100, validators=[one_line])
    last_name = models.CharField(_("last name"), max_length=100, validators=[one_line])
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    role = models.CharField(_("role in the team"), max_length=100, blank=True)
    sites = models.ManyToManyField(
        Site, blank=True, related_name="staff_members", verbose_name=_("sites")
    )
    services = models.JSONField(_("service lines"), default=list, blank=True)
    experience_months = models.PositiveSmallIntegerField(
        _("work experience (months)"), null=True, blank=True
    )
    experience_checked_on = models.DateField(
        _("experience checked on"), null=True, blank=True, validators=[plausible_date]
    )
    experience_checked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("experience checked by"),
    )
    started_on = models.DateField(
        _("started on"), null=True, blank=True, validators=[plausible_date]
    )
    ended_on = models.DateField(_("left on"), null=True, blank=True, validators=[plausible_date])
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Qualification(models.Model):
    member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    # Empty for Kela's own kinds: shown as the kind's label in the reader's language.
    name = models.CharField(_("name"), max_length=200, blank=True)
    gained_on = models.DateField(_("gained on"), null=True, blank=True, validators=[plausible_date])
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, validators=[plausible_date]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name", "pk"]


class ServiceRequirement(models.Model):
    """What a service line needs: a profession in its team, a qualification (of one profession
    or of everyone in the line), or months of experience; with where it is said."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="service_requirements"
    )
    service = models.CharField(_("service line"), max_length=40, choices=service_choices)
    profession = models.CharField(
        _("profession"), max_length=30, choices=Profession.choices, blank=True
    )
    qualification = models.CharField(
        _("qualification"), max_length=20, choices=QualificationKind.choices, blank=True
    )
    experience_months = models.PositiveSmallIntegerField(
        _("work experience (months)"), null=True, blank=True
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the service description or kela.fi says so; "
            "empty: the provider's own requirement."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "profession", "qualification", "pk"]
