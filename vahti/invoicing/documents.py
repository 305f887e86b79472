"""The documents of a billing run: Finvoice 3.0 messages (one per invoice, and one for the run's
account, KU 206), the account's two-page PDF and a CSV for the provider's bookkeeping.

The Finvoice structure follows Finance Finland's published implementation guidelines (the
schema itself is not ours to ship): elements in the schema's order, dates CCYYMMDD, amounts
with a decimal comma. docs/invoicing.md maps Kela's 8 required fields to their elements and
marks those Kela has not confirmed; `manage.py vahti_check_finvoice --xsd` validates against the
official schema where an operator has it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from lxml import etree

from vahti.core.dates import fi_date, fi_money
from vahti.core.lines import service_name
from vahti.core.pdf import Document
from vahti.core.tables import csv_bytes
from vahti.rules.billing import rf_reference
from vahti.rules.evaluate import default_evaluator

from .models import BillingProfile, Invoice, InvoiceRow, Run
from .selectors.runs import biller_reference

FINVOICE_VERSION = "3.0"
# Kela's 8 required fields (kela.fi "Laskutus"; rules.md billing.fields) and the element that
# carries each, as docs/invoicing.md lists them; "confirmed" is False where Kela's own material
# does not name the element (Kela publishes the fields, not a Finvoice mapping).
KELA_FIELDS = {
    "recipient_business_id": ("BuyerPartyDetails/BuyerPartyIdentifier", False),
    "recipient_name": ("BuyerPartyDetails/BuyerOrganisationName", False),
    "invoice_number": ("InvoiceDetails/InvoiceNumber", True),
    "reference": ("EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier", True),
    "biller_reference": ("InvoiceDetails/SellerReferenceIdentifier", False),
    "biller_business_id": ("SellerPartyDetails/SellerPartyIdentifier", False),
    "provider_business_id": ("DeliveryPartyDetails/DeliveryPartyIdentifier", False),
    "email": ("SellerCommunicationDetails/SellerEmailaddressIdentifier", False),
}
UNIT_CODES = {"day": "pv", "visit": "krt", "meeting": "krt", "night": "vrk"}


def finvoice_amount(amount: Decimal) -> str:
    """An amount as Finvoice writes it: two decimals and a decimal comma ("-184,00")."""
    return f"{amount:.2f}".replace(".", ",")


def finvoice_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


@dataclass(frozen=True)
class Route:
    """Where a message goes: Kela's e-invoice address and operator (settings, not public)."""

    address: str
    operator: str


def kela_route() -> Route:
    """Kela's e-invoice address and operator from the settings: refused when either is missing
    (fails closed, never a guessed address)."""
    missing = [
        name
        for name, value in (
            ("VAHTI_KELA_EINVOICE_ADDRESS", settings.KELA_EINVOICE_ADDRESS),
            ("VAHTI_KELA_EINVOICE_OPERATOR", settings.KELA_EINVOICE_OPERATOR),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            _("Kela's e-invoice address is not set (%(names)s): ask Kela for it.")
            % {"names": ", ".join(missing)}
        )
    return Route(settings.KELA_EINVOICE_ADDRESS, settings.KELA_EINVOICE_OPERATOR)


def _sub(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _money(parent, tag: str, amount: Decimal):
    return _sub(parent, tag, finvoice_amount(amount), AmountCurrencyIdentifier="EUR")


def _date(parent, tag: str, day: dt.date):
    return _sub(parent, tag, finvoice_date(day), Format="CCYYMMDD")


@dataclass(frozen=True)
class Message:
    """What one Finvoice message says: its number, reference, dates and rows."""

    number: str
    reference: str
    type_code: str  # INV01 an invoice, INV02 a credit note
    type_text: str
    issued_on: dt.date
    due_on: dt.date
    period: tuple[dt.date, dt.date]
    biller_reference: str
    agreement: str
    free_texts: tuple[str, ...]
    rows: tuple[dict, ...]  # article, name, quantity, unit, unit_price, amount, vat…, text
    original: tuple[str, dt.date] | None = None  # a credit note's invoice (number, date)


def _message_xml(message: Message, profile: BillingProfile, route: Route) -> bytes:
    kela_id, kela_name = default_evaluator().kela_recipient(message.issued_on)
    root = etree.Element("Finvoice", Version=FINVOICE_VERSION)
    transmission = _sub(root, "MessageTransmissionDetails")
    sender = _sub(transmission, "MessageSenderDetails")
    _sub(sender, "FromIdentifier", profile.e_invoice_address or profile.biller_business_id)
    _sub(sender, "FromIntermediator", profile.e_invoice_operator or "")
    receiver = _sub(transmission, "MessageReceiverDetails")
    _sub(receiver, "ToIdentifier", route.address)
    _sub(receiver, "ToIntermediator", route.operator)
    details = _sub(transmission, "MessageDetails")
    _sub(details, "MessageIdentifier", f"{profile.biller_business_id}-{message.number}")
    _sub(details, "MessageTimeStamp", f"{message.issued_on.isoformat()}T12:00:00+02:00")

    seller = _sub(root, "SellerPartyDetails")
    _sub(seller, "SellerPartyIdentifier", profile.biller_business_id)  # Kela's field 6
    _sub(seller, "SellerOrganisationName", profile.biller_name)
    address = _sub(seller, "SellerPostalAddressDetails")
    _sub(address, "SellerStreetName", profile.street)
    _sub(address, "SellerTownName", profile.town)
    _sub(address, "SellerPostCodeIdentifier", profile.post_code)
    _sub(address, "CountryCode", "FI")
    if profile.e_invoice_address:
        _sub(root, "SellerOrganisationUnitNumber", profile.e_invoice_address)
    communication = _sub(root, "SellerCommunicationDetails")
    _sub(communication, "SellerEmailaddressIdentifier", profile.email)  # Kela's field 8
    information = _sub(root, "SellerInformationDetails")
    _sub(information, "SellerHomeTownName", profile.town)
    account = _sub(information, "SellerAccountDetails")
    _sub(account, "SellerAccountID", profile.iban, IdentificationSchemeName="IBAN")
    _sub(account, "SellerBic", profile.bic, IdentificationSchemeName="BIC")

    buyer = _sub(root, "BuyerPartyDetails")
    _sub(buyer, "BuyerPartyIdentifier", kela_id)  # Kela's field 1
    _sub(buyer, "BuyerOrganisationName", kela_name)  # Kela's field 2
    _sub(root, "BuyerOrganisationUnitNumber", route.address)
    delivery = _sub(root, "DeliveryPartyDetails")
    _sub(delivery, "DeliveryPartyIdentifier", profile.provider_business_id)  # Kela's field 7
    _sub(delivery, "DeliveryOrganisationName", profile.biller_name)

    invoice = _sub(root, "InvoiceDetails")
    _sub(invoice, "InvoiceTypeCode", message.type_code, CodeListAgencyIdentifier="SPY")
    _sub(invoice, "InvoiceTypeText", message.type_text)
    _sub(invoice, "OriginCode", "Original")
    _sub(invoice, "InvoiceNumber", message.number)  # Kela's field 3
    _date(invoice, "InvoiceDate", message.issued_on)
    if message.original:
        _sub(invoice, "OriginalInvoiceNumber", message.original[0])
    _date(invoice, "InvoicingPeriodStartDate", message.period[0])
    _date(invoice, "InvoicingPeriodEndDate", message.period[1])
    if message.original:
        _date(invoice, "OriginalInvoiceDate", message.original[1])
    _sub(invoice, "SellerReferenceIdentifier", message.biller_reference)  # Kela's field 5
    _sub(invoice, "AgreementIdentifier", message.agreement)
    excluded = sum((r["amount"] for r in message.rows), Decimal(0))
    vat = sum((r["vat_amount"] for r in message.rows), Decimal(0))
    _money(invoice, "InvoiceTotalVatExcludedAmount", excluded)
    _money(invoice, "InvoiceTotalVatAmount", vat)
    _money(invoice, "InvoiceTotalVatIncludedAmount", excluded + vat)
    for (rate, exempt, reason), base, amount in _vat_groups(message.rows):
        specification = _sub(invoice, "VatSpecificationDetails")
        _money(specification, "VatBaseAmount", base)
        _sub(specification, "VatRatePercent", finvoice_amount(rate))
        _sub(specification, "VatCode", "E" if exempt else "S")
        _money(specification, "VatRateAmount", amount)
        if exempt and reason:
            _sub(specification, "VatFreeText", reason)
    for text in message.free_texts:
        _sub(invoice, "InvoiceFreeText", text)
    terms = _sub(invoice, "PaymentTermsDetails")
    _sub(terms, "PaymentTermsFreeText", f"{(message.due_on - message.issued_on).days} pv netto")
    _date(terms, "InvoiceDueDate", message.due_on)

    for index, row in enumerate(message.rows, start=1):
        element = _sub(root, "InvoiceRow")
        _sub(element, "ArticleIdentifier", row["article"])
        _sub(element, "ArticleName", row["name"])
        _sub(
            element,
            "DeliveredQuantity",
            finvoice_amount(Decimal(row["quantity"])),
            QuantityUnitCode=row["unit"],
        )
        _sub(
            element,
            "InvoicedQuantity",
            finvoice_amount(Decimal(row["quantity"])),
            QuantityUnitCode=row["unit"],
        )
        _money(element, "UnitPriceAmount", row["unit_price"])
        _sub(element, "RowIdentifier", str(index))
        _sub(element, "RowFreeText", row["text"])
        _sub(element, "RowVatRatePercent", finvoice_amount(row["vat_rate"]))
        _sub(element, "RowVatCode", "E" if row["vat_exempt"] else "S")
        _money(element, "RowVatAmount", row["vat_amount"])
        _money(element, "RowVatExcludedAmount", row["amount"])
        _money(element, "RowAmount", row["amount"] + row["vat_amount"])

    epi = _sub(root, "EpiDetails")
    identification = _sub(epi, "EpiIdentificationDetails")
    _date(identification, "EpiDate", message.issued_on)
    _sub(identification, "EpiReference", message.reference)
    parties = _sub(epi, "EpiPartyDetails")
    bank = _sub(parties, "EpiBfiPartyDetails")
    _sub(bank, "EpiBfiIdentifier", profile.bic, IdentificationSchemeName="BIC")
    beneficiary = _sub(parties, "EpiBeneficiaryPartyDetails")
    _sub(beneficiary, "EpiNameAddressDetails", profile.biller_name)
    _sub(beneficiary, "EpiBei", profile.biller_business_id)
    _sub(beneficiary, "EpiAccountID", profile.iban, IdentificationSchemeName="IBAN")
    payment = _sub(epi, "EpiPaymentInstructionDetails")
    _sub(payment, "EpiPaymentInstructionId", message.reference)
    # Kela's field 4: the Finnish reference number (its RF form is given in the free text).
    _sub(payment, "EpiRemittanceInfoIdentifier", message.reference, IdentificationSchemeName="SPY")
    _money(payment, "EpiInstructedAmount", excluded + vat)
    _sub(payment, "EpiCharge", "SHA", ChargeOption="SHA")
    _date(payment, "EpiDateOptionDate", message.due_on)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _vat_groups(rows) -> list[tuple[tuple, Decimal, Decimal]]:
    groups: dict[tuple, list[Decimal]] = {}
    for row in rows:
        key = (row["vat_rate"], row["vat_exempt"], row["vat_reason"])
        base, vat = groups.setdefault(key, [Decimal(0), Decimal(0)])
        groups[key] = [base + row["amount"], vat + row["vat_amount"]]
    return [(key, base, vat) for key, (base, vat) in groups.items()]


def _row(row: InvoiceRow, text: str) -> dict:
    return {
        "article": str(row.price_type_id),
        "name": row.name,
        "quantity": row.quantity,
        "unit": UNIT_CODES[row.unit],
        "unit_price": row.unit_price,
        "amount": row.amount,
        "vat_rate": row.vat_rate,
        "vat_amount": row.vat_amount,
        "vat_exempt": row.vat_exempt,
        "vat_reason": row.vat_reason,
        "text": text,
    }


def _row_text(row: InvoiceRow) -> str:
    if row.rule == "billing.cancellation":
        return f"Myöhään peruttu tai käyttämättä jäänyt aika {fi_date(row.date)}"
    return f"Palvelupäivä {fi_date(row.date)}"


def _client_text(invoice: Invoice) -> str:
    client = invoice.decision.client
    return (
        f"Kuntoutuja: {client.last_name} {client.first_name}, {client.identity_code}; "
        f"Kelan päätös {fi_date(invoice.decision.decided_on)}; "
        f"{service_name(invoice.decision.service, 'fi')}"
    )


def invoice_message(invoice: Invoice, profile: BillingProfile, route: Route) -> bytes:
    """One client's invoice (KU 201) or credit note as a Finvoice 3.0 message."""
    run = invoice.run
    credit = invoice.kind == Invoice.Kind.CREDIT
    rows = tuple(_row(row, _row_text(row)) for row in invoice.rows.all())
    free = [_client_text(invoice), f"Viitenumero RF-muodossa {rf_reference(invoice.reference)}"]
    if invoice.original_id and not credit:
        free.append(
            f"Korvaa hylätyn laskun {invoice.original.number} "
            f"({fi_date(invoice.original.issued_on)})"
        )
    return _message_xml(
        Message(
            number=str(invoice.number),
            reference=invoice.reference,
            type_code="INV02" if credit else "INV01",
            type_text="HYVITYSLASKU" if credit else "LASKU",
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            period=(invoice.period_start, invoice.period_end),
            biller_reference=biller_reference(run.number),
            agreement=run.contract.number,
            free_texts=tuple(free),
            rows=rows,
            original=(str(invoice.original.number), invoice.original.issued_on) if credit else None,
        ),
        profile,
        route,
    )


def run_invoices(run: Run) -> list[Invoice]:
    return list(
        run.invoices.select_related("decision__client", "original").prefetch_related("rows")
    )


def run_message(run: Run, profile: BillingProfile, route: Route) -> bytes:
    """The run's account (KU 206) as one Finvoice 3.0 message: a row per client invoice or
    credit note (quantity its days, amount its total), the reference the account's."""
    invoices = run_invoices(run)
    rows = []
    for invoice in invoices:
        units = sum(row.quantity for row in invoice.rows.all())
        amount = sum((row.amount for row in invoice.rows.all()), Decimal(0))
        vat = sum((row.vat_amount for row in invoice.rows.all()), Decimal(0))
        first = invoice.rows.all()[0]
        kind = "Hyvityslasku" if invoice.kind == Invoice.Kind.CREDIT else "Lasku"
        rows.append(
            {
                "article": str(first.price_type_id),
                "name": first.name,
                "quantity": units,
                "unit": UNIT_CODES[first.unit],
                "unit_price": first.unit_price,
                "amount": amount,
                "vat_rate": first.vat_rate,
                "vat_amount": vat,
                "vat_exempt": first.vat_exempt,
                "vat_reason": first.vat_reason,
                "text": f"{kind} {invoice.number}, viite {invoice.reference}; "
                + _client_text(invoice),
            }
        )
    last_day = max((i.period_end for i in invoices), default=run.month)
    first_day = min((i.period_start for i in invoices), default=run.month)
    due = max((i.due_on for i in invoices), default=run.made_on)
    return _message_xml(
        Message(
            number=f"T{run.number}",
            reference=run.reference,
            type_code="INV01",
            type_text="TILITYS KUNTOUTUSKUSTANNUKSISTA (KU 206)",
            issued_on=run.made_on,
            due_on=due,
            period=(first_day, last_day),
            biller_reference=biller_reference(run.number),
            agreement=run.contract.number,
            free_texts=(
                f"{service_name(run.service, 'fi')}, {run.month.month}/{run.month.year}",
                f"Viitenumero RF-muodossa {rf_reference(run.reference)}",
            ),
            rows=tuple(rows),
        ),
        profile,
        route,
    )


def run_csv(run: Run) -> bytes:
    """The run's rows for bookkeeping: one line per billed or credited day, no identity code."""
    header = [
        _("Invoice"),
        _("Kind"),
        _("Reference number"),
        _("Invoice date"),
        _("Client"),
        _("Date"),
        _("Price type"),
        _("Quantity"),
        _("Unit price (€)"),
        _("VAT-exempt amount (€)"),
        _("VAT (€)"),
        _("Total (€)"),
    ]
    lines = []
    for invoice in run_invoices(run):
        client = invoice.decision.client
        for row in invoice.rows.all():
            lines.append(
                [
                    invoice.number,
                    invoice.get_kind_display(),
                    invoice.reference,
                    fi_date(invoice.issued_on),
                    f"{client.last_name} {client.first_name}",
                    fi_date(row.date),
                    row.name,
                    row.quantity,
                    finvoice_amount(row.unit_price),
                    finvoice_amount(row.amount),
                    finvoice_amount(row.vat_amount),
                    finvoice_amount(row.amount + row.vat_amount),
                ]
            )
    return csv_bytes(header, lines)


def run_pdf(run: Run, profile: BillingProfile) -> bytes:
    """The account as Kela asks it beside the e-invoice: page 1 the biller and the service
    provider (with the account's number, reference, period and total), page 2 the billed items
    per service line and price type."""
    invoices = run_invoices(run)
    total = sum((i.total for i in invoices), Decimal(0))
    kela_id, kela_name = default_evaluator().kela_recipient(run.made_on)
    pdf = Document(_("Account of rehabilitation costs (KU 206)"))
    pdf.heading(_("Biller"))
    pdf.field(_("Name"), profile.biller_name)
    pdf.field(_("Business ID"), profile.biller_business_id)
    pdf.field(_("Address"), f"{profile.street}, {profile.post_code} {profile.town}")
    pdf.field(_("E-mail"), profile.email)
    pdf.field(_("Account (IBAN)"), f"{profile.iban} ({profile.bic})")
    pdf.heading(_("Service provider"))
    pdf.field(_("Business ID"), profile.provider_business_id)
    pdf.field(_("Contract"), run.contract.number)
    pdf.heading(_("Recipient"))
    pdf.field(_("Name"), kela_name)
    pdf.field(_("Business ID"), kela_id)
    pdf.heading(_("Account"))
    pdf.field(_("Account number"), f"T{run.number}")
    pdf.field(_("Reference number"), run.reference)
    pdf.field(_("Date"), fi_date(run.made_on))
    pdf.field(_("Service"), service_name(run.service))
    pdf.field(_("Month"), f"{run.month.month}/{run.month.year}")
    pdf.field(_("Invoices"), str(sum(1 for i in invoices if i.kind == Invoice.Kind.INVOICE)))
    pdf.field(_("Credit notes"), str(sum(1 for i in invoices if i.kind == Invoice.Kind.CREDIT)))
    pdf.field(_("Total"), fi_money(total))
    pdf.add_page()
    pdf.heading(_("Billed items per service"))
    items: dict[tuple[str, Decimal], list] = {}
    for invoice in invoices:
        for row in invoice.rows.all():
            quantity, amount = items.get((row.name, row.unit_price), (0, Decimal(0)))
            items[row.name, row.unit_price] = (
                quantity + row.quantity,
                amount + row.amount + row.vat_amount,
            )
    pdf.heading(service_name(run.service))
    if not items:
        pdf.paragraph(_("Nothing billed."))
    for (name, price), (quantity, amount) in sorted(items.items()):
        pdf.paragraph(
            _("%(name)s: %(quantity)s × %(price)s = %(amount)s")
            % {
                "name": name,
                "quantity": quantity,
                "price": fi_money(price),
                "amount": fi_money(amount),
            }
        )
    pdf.field(_("Total"), fi_money(total))
    return pdf.bytes()
