"""The year's delivery of outcome data: the file for Kela (CSV and XLSX, the columns in
docs/outcomes-delivery.md) and a summary PDF."""

from __future__ import annotations

import csv
import io
from collections import Counter

from django.utils.translation import gettext as _
from openpyxl import Workbook

from vahti.core.dates import fi_date
from vahti.core.pdf import Document

from .selectors import COLUMNS, Overview


def delivery_csv(rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def delivery_xlsx(rows: list[tuple]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tuloksellisuustiedot"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_pdf(overview: Overview, rows: list[tuple], *, organisation: str) -> bytes:
    """Counts only: no name or henkilötunnus."""
    pdf = Document(_("Outcome data %(year)s – %(organisation)s")
                   % {"year": overview.year, "organisation": organisation})
    pdf.field(_("Due"), fi_date(overview.due))
    pdf.field(_("Rehabilitations ended"), str(overview.ended))
    pdf.field(_("With consent in force"), str(overview.consenting))
    pdf.field(_("Complete"), str(overview.complete))
    pdf.field(_("In the delivery"), str(len({row[1] for row in rows})))
    ratings = Counter(row[10] for row in rows if row[8].startswith("GAS") and row[10] != "")
    pdf.heading(_("GAS ratings at the end"))
    pdf.rows([(f"{n:+d}" if n else "0", str(ratings.get(n, 0))) for n in range(-2, 3)],
             _("None."))
    measures = Counter((row[8], row[9]) for row in rows if row[8] and not row[8].startswith("GAS"))
    pdf.heading(_("Measures recorded"))
    pdf.rows([(f"{name} ({phase})", str(count)) for (name, phase), count in
              sorted(measures.items())], _("None."))
    return pdf.bytes()
