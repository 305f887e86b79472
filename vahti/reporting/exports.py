"""The reports' figures as CSV (one table) and XLSX (every table, one sheet each): the same
numbers as the page and its charts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vahti.core.tables import csv_bytes, xlsx_bytes

from .selectors import Figures


def tables(figures: Figures) -> dict[str, tuple[list[str], list[list]]]:
    """name → (header, rows) of each table."""
    month = _("month")
    lines = (
        [_("year"), month, _("service line"), _("new clients"), _("active clients")],
        [
            [figures.year, m + 1, line.name, line.new[m], line.active[m]]
            for line in figures.lines
            for m in range(12)
        ],
    )
    commitments = (
        [
            _("year"),
            _("service line"),
            _("committed count"),
            _("reported on"),
            _("new clients so far"),
        ],
        [
            [
                figures.year,
                line.name,
                line.committed,
                line.reported_on,  # a date: a date cell in XLSX, 1.9.2024 in CSV
                line.new_total,
            ]
            for line in figures.lines
        ],
    )
    sites = (
        [_("year"), month, _("site"), _("new clients")],
        [
            [figures.year, m + 1, name, values[m]]
            for _key, name, values in figures.sites
            for m in range(12)
        ],
    )
    counties = (
        [_("year"), month, _("wellbeing services county"), _("new clients")],
        [
            [figures.year, m + 1, name, values[m]]
            for _key, name, values in figures.counties
            for m in range(12)
        ],
    )
    return {"lines": lines, "commitments": commitments, "sites": sites, "counties": counties}


SHEET_TITLES = {
    "lines": "Palvelut",
    "commitments": "Asiakasmäärät",
    "sites": "Toimipisteet",
    "counties": "Hyvinvointialueet",
}


# The download's file name per table, in Finnish as the sheets are.
FILE_NAMES = {
    "lines": "palvelut",
    "commitments": "asiakasmaarat",
    "sites": "toimipisteet",
    "counties": "hyvinvointialueet",
}


def figures_csv(figures: Figures, table: str) -> bytes:
    return csv_bytes(*tables(figures)[table])


def figures_xlsx(figures: Figures) -> bytes:
    return xlsx_bytes({SHEET_TITLES[name]: table for name, table in tables(figures).items()})
