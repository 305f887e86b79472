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


class BillingProfile(models.Model):
    """What the organisation's invoices to Kela say of it: the biller and the service provider
    (whose business IDs may differ), the e-mail address and the account Kela pays to, and the
    e-invoice address the messages come from. Kela's own address and operator are settings
    (not public, never in the code)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="billing_profile"
    )
    biller_name = models.CharField(_("biller's name"), max_length=70, validators=[one_line])
    biller_business_id = models.CharField(_("biller's business ID (Y-tunnus)"), max_length=9)
    provider_business_id = models.CharField(
        _("service provider's business ID (Y-tunnus)"), max_length=9
    )
    email = models.EmailField(_("e-mail address for invoicing"))
    street = models.CharField(_("street address"), max_length=70, validators=[one_line])
    post_code = models.CharField(_("post code"), max_length=5, validators=[one_line])
    town = models.CharField(_("post office"), max_length=35, validators=[one_line])
    iban = models.CharField(_("account (IBAN)"), max_length=34)
    bic = models.CharField(_("bank (BIC)"), max_length=11)
    e_invoice_address = models.CharField(
        _("own e-invoice address (OVT)"), max_length=35, blank=True, validators=[one_line]
    )
    e_invoice_operator = models.CharField(
        _("own e-invoice operator (its identifier)"),
        max_length=35,
        blank=True,
        validators=[one_line],
    )
    # Kela's payment term is not public: the provider gives the one its contract says.
    payment_days = models.PositiveSmallIntegerField(
        _("payment term (days)"), default=14, validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()


class Series(models.Model):
    """A gapless number series per organisation: the last number given. A number is taken in
    the transaction that makes the run, under this row's lock, so a refused run takes none."""

    INVOICE, ACCOUNT = "invoice", "account"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="one_series_a_kind")
        ]


class Run(models.Model):
    """A billing run: one month's invoices of one service line under a contract, and the
    account over them (KU 206 "Tilitys kuntoutuskustannuksista"), with its own number and
    reference number."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="runs")
    service = models.CharField(_("service line"), max_length=40, choices=service_choices)
    month = models.DateField(_("month"))  # its first day
    number = models.PositiveIntegerField(_("account number"))
    reference = models.CharField(_("reference number"), max_length=20)
    made_on = models.DateField(_("made on"))
    made_by = models.ForeignKey("organisations.User", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="one_run_a_number")
        ]

    def __str__(self):
        return str(self.number)


class Invoice(models.Model):
    """One client's invoice in a run (KU 201 "Kuntoutuslasku"), or a credit note of an earlier
    invoice's rows (billing.correction)."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT = "credit", _("credit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")
        PAID = "paid", _("paid")
        REJECTED = "rejected", _("rejected")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="invoices")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("invoice number"))
    reference = models.CharField(_("reference number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INVOICE)
    # A credit note: the invoice whose rows it credits. An invoice: the rejected one it replaces.
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_on = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due date"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    total = models.DecimalField(_("total (€)"), max_digits=11, decimal_places=2)  # with VAT
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    status_on = models.DateField(_("status since"))
    rejection_reason = models.CharField(_("Kela's reason"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="one_invoice_a_number")
        ]

    def __str__(self):
        return str(self.number)


class InvoiceRow(models.Model):
    """One billed unit (a day) at the price in force on it; a credit note's row is the
    original's with quantity −1. Rows are never changed after the run."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="rows")
    date = models.DateField(_("date"))
    price_type = models.ForeignKey(PriceType, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("price type"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10, choices=PriceType.Unit.choices)
    quantity = models.SmallIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price (€)"), max_digits=9, decimal_places=2)
    amount = models.DecimalField(_("amount (€)"), max_digits=11, decimal_places=2)  # VAT 0 %
    vat_rate = models.DecimalField(_("VAT (%)"), max_digits=5, decimal_places=2)
    vat_amount = models.DecimalField(_("VAT (€)"), max_digits=11, decimal_places=2)
    vat_exempt = models.BooleanField(_("VAT-exempt"))
    vat_reason = models.CharField(_("reason for the VAT treatment"), max_length=200, blank=True)
    rule = models.CharField(max_length=40)
    credits = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credited_by"
    )

    class Meta:
        ordering = ["date", "pk"]


class UnbilledSummary(models.Model):
    """Per contract and service line, the realised rehabilitation days older than a month on no
    invoice, as last counted (each morning by the daily run, and after each billing run or
    rejection: services/unbilled.py). The manager's work queue reads these few rows instead of
    counting a year of every client's days on each visit."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    service = models.CharField(max_length=60)
    oldest = models.DateField()
    count = models.PositiveIntegerField()
    counted_on = models.DateField()
