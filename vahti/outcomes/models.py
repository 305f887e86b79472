"""Outcome data for Kela (rules.md provider.outcome_data; 004 "Palveluntuottaja kerää
arviointitiedot asiakkaalta ja toimittaa ne Kelaan"): the client's written consent, GAS goals
set at the start and rated at the end (−2 … +2), and the measures of the service line, which
the provider configures where the source does not name them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.cases.models import Decision
from vahti.core.fields import EncryptedTextField
from vahti.core.lines import service_choices
from vahti.core.validators import plausible_date
from vahti.organisations.models import Organisation, User


class Consent(models.Model):
    class Scope(models.TextChoices):
        KELA = "kela", _("outcome data to Kela")
        KELA_RESEARCH = "kela_research", _("outcome data to Kela and for Kela's research")

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="outcome_consent"
    )
    given_on = models.DateField(_("written research consent given on"), validators=[plausible_date])
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.KELA)
    withdrawn_on = models.DateField(
        _("withdrawn on"), null=True, blank=True, validators=[plausible_date]
    )
    history = HistoricalRecords()


class GasGoal(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="gas_goals")
    number = models.PositiveSmallIntegerField(_("goal number"))
    text = EncryptedTextField(_("goal"))
    set_on = models.DateField(_("set on"), validators=[plausible_date])
    rating = models.SmallIntegerField(
        _("rating at the end"),
        null=True,
        blank=True,
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True, validators=[plausible_date])
    history = HistoricalRecords()

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="one_goal_per_number")
        ]


class Measure(models.Model):
    """A measure a service line requires, configured by the provider: its scale and range."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="measures"
    )
    service = models.CharField(_("service line"), max_length=40, choices=service_choices)
    name = models.CharField(_("measure"), max_length=100)
    scale = models.CharField(_("scale"), max_length=200, blank=True)
    minimum = models.DecimalField(_("smallest value"), max_digits=8, decimal_places=2)
    maximum = models.DecimalField(_("largest value"), max_digits=8, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "name", "pk"]


class MeasureResult(models.Model):
    class Phase(models.TextChoices):
        START = "start", _("at the start")
        END = "end", _("at the end")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="measure_results")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="results")
    phase = models.CharField(_("phase"), max_length=5, choices=Phase.choices)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    measured_on = models.DateField(_("measured on"), validators=[plausible_date])
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "measure", "phase"], name="one_result_per_phase"
            )
        ]


class Delivery(models.Model):
    """The year's outcome data delivered to Kela (marked by the manager)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="outcome_deliveries"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    delivered_on = models.DateField(_("delivered on"), validators=[plausible_date])
    delivered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    clients = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_delivery_per_year")
        ]
