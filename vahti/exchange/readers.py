"""Reading an uploaded table (CSV or XLSX) into rows of plain text, and nothing else: the
columns are recognised by their header in Finnish or English, the values are checked by the
services' own forms (services.py). A file that is not a plain table is refused in words.

Hostile files: the size is capped before anything is read; an XLSX is a zip whose members are
measured before they are opened (a "zip bomb" expands a few kilobytes into gigabytes) and its
XML is parsed by openpyxl through defusedxml (no entity expansion); a formula in a cell is read
as its text and never evaluated; a CSV must be UTF-8 (with or without a byte-order mark) or
Excel's Windows-1252, and a UTF-16 file or binary data is refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
# An XLSX member expands from its compressed size by far less than this in real spreadsheets
# (shared strings of a 5,000-row sheet: ~10×); a bomb by thousands.
MAX_EXPANSION = 200


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in words."""


@dataclass(frozen=True)
class Column:
    key: str
    fi: str
    en: str
    required: bool = True
    example: str = ""
    sv: str = ""  # the Swedish header

    def header(self, lang: str) -> str:
        """The header in ``lang`` (fi, sv or en)."""
        return {"fi": self.fi, "sv": self.sv or self.fi, "en": self.en}.get(lang, self.fi)


@dataclass
class Table:
    columns: list[str | None]  # the key of each column in the file (None: not recognised)
    unknown: list[str]  # headers not recognised
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, key → text)


def table_read(name: str, data: bytes, columns: tuple[Column, ...]) -> Table:
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise FileRefused(too_large(len(data)))
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        cells = _xlsx_cells(data)
    elif name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise FileRefused(
            _(
                "The file is not an Excel workbook (.xlsx) although its name says so. Save it "
                "again as .xlsx or as CSV."
            )
        )
    else:
        cells = _csv_cells(data)
    return _table(cells, columns)


def too_large(size: int) -> str:
    """Why a file over the import limit is refused, in words."""
    return _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.") % {
        "size": _mb(size),
        "limit": _mb(settings.IMPORT_MAX_BYTES),
    }


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _xlsx_cells(data: bytes):
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused(_("The file is not a readable Excel workbook (.xlsx).")) from None
    expanded = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if expanded > settings.IMPORT_MAX_EXPANDED_BYTES or expanded > MAX_EXPANSION * packed:
        raise FileRefused(
            _(
                "The workbook would expand to %(size)s MB when opened: it is refused as unsafe. "
                "Save the data again as a plain workbook or CSV."
            )
            % {"size": _mb(expanded)}
        )
    try:
        # read_only streams the sheet; data_only=False: a formula stays its text, never a value
        # computed by someone else's spreadsheet.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_xlsx_text(value) for value in row]
        book.close()
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        raise FileRefused(_("The file is not a readable Excel workbook (.xlsx).")) from None


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_cells(data: bytes):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise FileRefused(
            _(
                "The file is not plain text in a known encoding (it looks like UTF-16 or binary "
                "data). Save it as CSV in UTF-8."
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")  # Excel's "CSV (semicolon separated)" in Finland
            except UnicodeDecodeError:
                raise FileRefused(
                    _("The file's characters cannot be read: save it as CSV in UTF-8.")
                ) from None
    if "\x00" in text:
        raise FileRefused(_("The file is not plain text. Save it as CSV in UTF-8."))
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        raise FileRefused(_("The file is not a readable CSV table.")) from None


def _table(cells, columns: tuple[Column, ...]) -> Table:
    by_header = {}
    for column in columns:
        by_header[_header(column.fi)] = column.key
        by_header[_header(column.en)] = column.key
        if column.sv:
            by_header[_header(column.sv)] = column.key
        by_header[_header(column.key)] = column.key
    header = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells_of_row in enumerate(cells, start=1):
        if header is None:
            if not any(str(c).strip() for c in cells_of_row):
                continue
            header = [by_header.get(_header(c)) for c in cells_of_row]
            unknown = [
                str(c)
                for c, key in zip(cells_of_row, header, strict=True)
                if key is None and str(c).strip()
            ]
            missing = [c for c in columns if c.required and c.key not in header]
            if missing:
                raise FileRefused(
                    _(
                        "The file has no column %(columns)s. Use the template's headers on the "
                        "first row."
                    )
                    % {"columns": ", ".join(f"“{column_label(c)}”" for c in missing)}
                )
            continue
        if not any(str(c).strip() for c in cells_of_row):
            continue  # an empty line
        if len(rows) >= settings.IMPORT_MAX_ROWS:
            raise FileRefused(
                _("The file has more than %(limit)s rows: import at most %(limit)s at a time.")
                % {"limit": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", "\u00a0")}
            )
        values = {}
        for key, text in zip(header, cells_of_row, strict=False):
            if key is not None:
                values[key] = str(text).strip()
        rows.append((number, values))
    if header is None:
        raise FileRefused(_("The file is empty."))
    return Table(columns=header, unknown=unknown, rows=rows)


def _header(text) -> str:
    return " ".join(str(text).replace("\ufeff", "").strip().lower().split())


def column_label(column: Column) -> str:
    """A column's header in the active language."""
    from django.utils.translation import get_language

    return column.header((get_language() or "fi")[:2])
