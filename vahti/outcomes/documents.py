"""The year's delivery of outcome data: the file for Kela (CSV and XLSX, the columns in
docs/outcomes-delivery.md) and a summary PDF."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from vahti.core.dates import fi_date
from vahti.core.pdf import Document
from vahti.core.tables import csv_bytes, xlsx_bytes

from .selectors import COLUMNS, Overview


def delivery_csv(rows: list[tuple]) -> bytes:
    return csv_bytes(COLUMNS, rows)


def delivery_xlsx(rows: list[tuple]) -> bytes:
    return xlsx_bytes({"Tuloksellisuustiedot": (COLUMNS, rows)})


def summary_pdf(overview: Overview, rows: list[tuple], *, organisation: str) -> bytes:
    """Counts only: no name or henkilötunnus."""
    pdf = Document(
        _("Outcome data %(year)s – %(organisation)s")
        % {"year": overview.year, "organisation": organisation}
    )
    pdf.field(_("Due"), fi_date(overview.due))
    pdf.field(_("Rehabilitations ended"), str(overview.ended))
    pdf.field(_("With research consent in force"), str(overview.consenting))
    pdf.field(_("Complete"), str(overview.complete))
    pdf.field(_("In the delivery"), str(len({row[1] for row in rows})))
    ratings = Counter(row[10] for row in rows if row[8].startswith("GAS") and row[10] != "")
    pdf.heading(_("GAS ratings at the end"))
    pdf.rows([(f"{n:+d}" if n else "0", str(ratings.get(n, 0))) for n in range(-2, 3)], _("None."))
    measures = Counter((row[8], row[9]) for row in rows if row[8] and not row[8].startswith("GAS"))
    pdf.heading(_("Measures recorded"))
    pdf.rows(
        [(f"{name} ({phase})", str(count)) for (name, phase), count in sorted(measures.items())],
        _("None."),
    )
    return pdf.bytes()
