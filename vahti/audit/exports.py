"""The access log as a CSV file (Finnish headers, Finnish dates and times)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from vahti.core.tables import csv_bytes


def access_log_csv(rows, *, filename: str, client_names: dict | None = None) -> HttpResponse:
    """The log as CSV (core.tables); with ``client_names``, a column naming the client of each
    row."""
    header = [_("time"), _("user"), _("what"), _("detail"), _("address")] + (
        [_("client")] if client_names is not None else []
    )

    def lines():
        for row in rows.iterator():
            at = timezone.localtime(row.at)
            yield [
                f"{at.day}.{at.month}.{at.year} {at:%H:%M:%S}",
                f"{row.user.first_name} {row.user.last_name} ({row.user.username})",
                row.get_what_display(),
                row.detail,
                row.address or "",
            ] + ([client_names.get(row.client_id, "")] if client_names is not None else [])

    response = HttpResponse(csv_bytes(header, lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
