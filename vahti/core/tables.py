"""The one writer of CSV and XLSX files (exports, reports, the outcome delivery, the access log).

One convention: CSV in UTF-8 with a byte-order mark (Excel reads UTF-8 only with it), ``;``
between values (Finnish spreadsheets expect it, the decimal separator being a comma) and CRLF
line ends (RFC 4180); XLSX with one sheet per table, the header row frozen.

Every cell is data, never a formula. A text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be run as a formula by a spreadsheet that opens the file (OWASP, "CSV
injection"): a client named ``=HYPERLINK(…)`` would become a live link in a manager's export. In
CSV such a text is written with a leading apostrophe; in XLSX every text is an explicit string
cell, which spreadsheets never evaluate."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "d.m.yyyy"


def neutral(value):
    """A value safe in a CSV cell: texts that would start a formula get a leading apostrophe;
    a date as Finnish writes it (1.9.2024), nothing for None."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    if value is None:
        return ""
    return value


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutral(value) for value in header])
    for row in rows:
        writer.writerow([neutral(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, tuple[Sequence, Iterable[Sequence]]]) -> bytes:
    """``sheets``: title → (header, rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title[:31])  # Excel's limit on a sheet's name
        for number, row in enumerate([header, *rows], start=1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would make "=…" a formula
                elif isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT  # a real date, shown as 1.9.2024
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
