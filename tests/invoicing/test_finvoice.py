"""The Finvoice 3.0 messages, the account PDF and the CSV (issue 23, item 4): golden files for
one invoice, one credit note and one run's account; the elements in the schema's order, dates
CCYYMMDD, amounts with a decimal comma, Kela's 8 fields where docs/invoicing.md says; and
`vahti_check_finvoice` validating against a schema it is given."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree
from pypdf import PdfReader

from tests.invoicing.conftest import billing_details
from vahti.cases import services as cases
from vahti.cases.models import Day
from vahti.core.identity import demo_identity_code
from vahti.invoicing import documents, services
from vahti.invoicing.models import Invoice
from vahti.rules.billing import business_id_valid, reference_number_valid

GOLDEN = Path(__file__).parent / "golden"
ROUTE = documents.Route("003702462460", "TESTOPER")
# Finvoice 3.0's top-level elements in the schema's order (Finance Finland's implementation
# guidelines); a message holds a subsequence of them.
ORDER = [
    "MessageTransmissionDetails",
    "SellerPartyDetails",
    "SellerOrganisationUnitNumber",
    "SellerCommunicationDetails",
    "SellerInformationDetails",
    "BuyerPartyDetails",
    "BuyerOrganisationUnitNumber",
    "DeliveryPartyDetails",
    "InvoiceDetails",
    "InvoiceRow",
    "EpiDetails",
]
DETAILS_ORDER = [
    "InvoiceTypeCode",
    "InvoiceTypeText",
    "OriginCode",
    "InvoiceNumber",
    "InvoiceDate",
    "OriginalInvoiceNumber",
    "InvoicingPeriodStartDate",
    "InvoicingPeriodEndDate",
    "OriginalInvoiceDate",
    "SellerReferenceIdentifier",
    "AgreementIdentifier",
    "InvoiceTotalVatExcludedAmount",
    "InvoiceTotalVatAmount",
    "InvoiceTotalVatIncludedAmount",
    "VatSpecificationDetails",
    "InvoiceFreeText",
    "PaymentTermsDetails",
]
OCTOBER = [dt.date(2026, 10, 1), dt.date(2026, 10, 2), dt.date(2026, 10, 5)]


@pytest.fixture
def billed(manager, coach):
    """A run of October 2026 with one client's three days, and the next run with a credit note
    for a changed day and its corrected invoice: fixed names, codes and dates."""
    billing_details(manager, provider_business_id="7654321-2")
    contract = services.contract_create(
        actor=manager,
        number="TEAK-2025-17",
        services=["teak.tyohonvalmennus"],
        starts_on=dt.date(2025, 1, 1),
    )
    services.price_type_add(
        actor=manager,
        contract=contract,
        name="Työhönvalmennuspäivä",
        service="teak.tyohonvalmennus",
        unit="day",
        amount=Decimal("180.00"),
        starts_on=contract.starts_on,
        vat_reason="Kelan kustantama kuntoutus",
    )
    client = cases.client_admit(
        actor=coach,
        client={
            "first_name": "Eeva",
            "last_name": "Esimerkki",
            "identity_code": demo_identity_code(1, 2, 1980, 901),
            "coaches": [coach],
        },
        decision={
            "service": "teak.tyohonvalmennus",
            "decided_on": dt.date(2026, 8, 28),
            "received_on": dt.date(2026, 9, 1),
        },
    )
    decision = client.current_decision
    services.decision_contract_set(actor=manager, decision=decision, contract=contract)
    for day in OCTOBER:
        Day.objects.create(decision=decision, date=day, hours=6)
    first = services.run_make(
        actor=manager,
        contract=contract,
        service="teak.tyohonvalmennus",
        month=dt.date(2026, 10, 1),
        on=dt.date(2026, 11, 5),
    )
    monday = dt.date(2026, 9, 28)
    entries = [
        {"kind": "day", "date": d, "hours": 4 if d == OCTOBER[0] else 6} for d in OCTOBER[:2]
    ]
    cases.week_save(
        actor=coach,
        decision=decision,
        monday=monday,
        entries=entries,
        invoiced_reason="Tunnit kirjattiin väärin",
    )
    second = services.run_make(
        actor=manager,
        contract=contract,
        service="teak.tyohonvalmennus",
        month=dt.date(2026, 10, 1),
        on=dt.date(2026, 11, 12),
    )
    return first, second


def normalised(content: bytes) -> str:
    # A price type's database id is the one value a test database does not fix.
    return re.sub(
        rb"<ArticleIdentifier>\d+</ArticleIdentifier>",
        b"<ArticleIdentifier>ID</ArticleIdentifier>",
        content,
    ).decode()


def golden(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("VAHTI_UPDATE_GOLDEN") == "1":
        path.write_text(normalised(content), encoding="utf-8")
    assert normalised(content) == path.read_text(encoding="utf-8"), name


def messages(billed, manager):
    first, second = billed
    profile = manager.organisation.billing_profile
    invoice = first.invoices.get()
    credit = second.invoices.get(kind=Invoice.Kind.CREDIT)
    return {
        "invoice.xml": documents.invoice_message(invoice, profile, ROUTE),
        "credit_note.xml": documents.invoice_message(credit, profile, ROUTE),
        "run.xml": documents.run_message(first, profile, ROUTE),
    }


def test_the_messages_match_their_golden_files(billed, manager):
    for name, content in messages(billed, manager).items():
        golden(name, content)


def subsequence(names: list[str], order: list[str]) -> bool:
    positions = [order.index(name) for name in names]
    return positions == sorted(positions)


def test_elements_come_in_the_schemas_order_with_finvoices_formats(billed, manager):
    for name, content in messages(billed, manager).items():
        root = etree.fromstring(content)
        assert root.tag == "Finvoice" and root.get("Version") == "3.0"
        assert subsequence([child.tag for child in root], ORDER), name
        details = root.find("InvoiceDetails")
        assert subsequence([child.tag for child in details], DETAILS_ORDER), name
        for element in root.iter():
            if element.get("Format") == "CCYYMMDD":
                assert re.fullmatch(r"\d{8}", element.text), (name, element.tag)
            if element.get("AmountCurrencyIdentifier"):
                assert re.fullmatch(r"-?\d+,\d{2}", element.text), (name, element.tag)
        rows = sum(
            Decimal(row.findtext("RowAmount").replace(",", ".")) for row in root.iter("InvoiceRow")
        )
        total = details.findtext("InvoiceTotalVatIncludedAmount").replace(",", ".")
        assert rows == Decimal(total), name
        epi = root.findtext("EpiDetails/EpiPaymentInstructionDetails/EpiInstructedAmount")
        assert epi == details.findtext("InvoiceTotalVatIncludedAmount")


def test_kelas_eight_fields_are_where_the_documentation_says(billed, manager):
    doc = (Path(__file__).parents[2] / "docs" / "invoicing.md").read_text(encoding="utf-8")
    for name, content in messages(billed, manager).items():
        root = etree.fromstring(content)
        for field, (path, _confirmed) in documents.KELA_FIELDS.items():
            assert (root.findtext(path) or "").strip(), (name, field)
            assert f"`{path}`" in doc, path
        for path in (
            "BuyerPartyDetails/BuyerPartyIdentifier",
            "SellerPartyDetails/SellerPartyIdentifier",
            "DeliveryPartyDetails/DeliveryPartyIdentifier",
        ):
            assert business_id_valid(root.findtext(path)), (name, path)
        reference = root.findtext(documents.KELA_FIELDS["reference"][0])
        assert reference_number_valid(reference), name
        assert root.findtext("BuyerPartyDetails/BuyerPartyIdentifier") == "0246246-0"


def test_a_credit_note_is_inv02_with_the_originals_number_and_date(billed, manager):
    root = etree.fromstring(messages(billed, manager)["credit_note.xml"])
    assert root.findtext("InvoiceDetails/InvoiceTypeCode") == "INV02"
    assert root.findtext("InvoiceDetails/OriginalInvoiceNumber") == "1"
    assert root.findtext("InvoiceDetails/OriginalInvoiceDate") == "20261105"
    assert root.findtext("InvoiceDetails/InvoiceTotalVatIncludedAmount") == "-180,00"


def test_the_account_pdf_has_two_pages_and_the_csv_every_row(billed, manager):
    first, second = billed
    profile = manager.organisation.billing_profile
    reader = PdfReader(io.BytesIO(documents.run_pdf(first, profile)))
    assert len(reader.pages) == 2
    page1, page2 = (page.extract_text() for page in reader.pages)
    assert "7654321-2" in page1 and "Kansaneläkelaitos" in page1 and "540,00" in page1
    assert "Työhönvalmennuspäivä: 3 × 180,00" in page2
    lines = documents.run_csv(second).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 3  # the header, the credited row, the corrected row
    assert "-180,00" in lines[1] and "010280" not in "".join(lines)


SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="Finvoice">
    <xs:complexType>
      <xs:sequence>
        <xs:any processContents="skip" minOccurs="1" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="Version" type="xs:string" fixed="{version}"/>
    </xs:complexType>
  </xs:element>
</xs:schema>"""


def test_check_finvoice_validates_a_runs_messages_against_the_schema_given(
    billed, tmp_path, settings
):
    settings.KELA_EINVOICE_ADDRESS, settings.KELA_EINVOICE_OPERATOR = ROUTE.address, ROUTE.operator
    first, _second = billed
    good, bad = tmp_path / "good.xsd", tmp_path / "bad.xsd"
    good.write_text(SCHEMA.format(version="3.0"))
    bad.write_text(SCHEMA.format(version="2.01"))
    out = io.StringIO()
    call_command("vahti_check_finvoice", "--xsd", str(good), "--run", str(first.pk), stdout=out)
    assert "All 2 messages are valid" in out.getvalue()
    with pytest.raises(CommandError, match="2 of 2 messages are not valid"):
        call_command(
            "vahti_check_finvoice", "--xsd", str(bad), "--run", str(first.pk), stderr=io.StringIO()
        )
