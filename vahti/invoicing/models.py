"""Invoicing Kela: the provider's contracts with Kela and their price annexes, as dated data
per organisation (issue 23, item 1). A decision belongs to a contract (ContractDecision: the
link lives here, above the cases it points to). Billing runs and invoices come next."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vahti.cases.models import Decision
from vahti.core.lines import service_choices
from vahti.core.validators import one_line, plausible_date
from vahti.organisations.models import Organisation


class Contract(models.Model):
    """A contract with Kela (its number, the service lines it covers, its period)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField(_("Kela's contract number"), max_length=40, validators=[one_line])
    services = models.JSONField(_("service lines"), default=list)
    starts_on = models.DateField(_("in force from"), validators=[plausible_date])
    ends_on = models.DateField(
        _("in force until"), null=True, blank=True, validators=[plausible_date]
    )
    # billing.cancellation: whether a late-cancelled or missed time is billed is not public;
    # the contract says, and by default it is not.
    late_cancellation_billable = models.BooleanField(
        _("a late cancellation or a missed time is billed"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="one_contract_per_number"
            )
        ]

    def __str__(self):
        return self.number


class PriceType(models.Model):
    """A price type (hintalaji) of the contract's price annex."""

    class Unit(models.TextChoices):
        DAY = "day", _("rehabilitation day")
        VISIT = "visit", _("visit")
        MEETING = "meeting", _("meeting")
        NIGHT = "night", _("night")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="price_types")
    name = models.CharField(_("price type"), max_length=100, validators=[one_line])
    service = models.CharField(_("service line"), max_length=40, choices=service_choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.DAY)
    # Rehabilitation bought by Kela is VAT-exempt by default; the provider confirms its reason.
    vat_exempt = models.BooleanField(_("VAT-exempt"), default=True)
    vat_reason = models.CharField(
        _("reason for the VAT treatment"), max_length=200, blank=True, validators=[one_line]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "name"]

    def __str__(self):
        return self.name


class Price(models.Model):
    """A price of a price type from a day on (the next price ends it)."""

    price_type = models.ForeignKey(PriceType, on_delete=models.CASCADE, related_name="prices")
    amount = models.DecimalField(
        _("price (€)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    starts_on = models.DateField(_("in force from"), validators=[plausible_date])
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["price_type", "starts_on"], name="one_price_a_day")
        ]


class ContractDecision(models.Model):
    """The contract a decision is delivered and invoiced under."""

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="contract_link"
    )
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="decision_links")
    history = HistoricalRecords()
