"""The year's outcome delivery file (CSV, XLSX) or its summary (PDF), made in the background:
reading every client's measurements of a year takes a while in a large organisation. The file
is kept encrypted with the job, for whoever asked for it; every client in it is logged."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from vahti.cases.access import What, clients_read_in_background
from vahti.jobs.services import job_run

from .documents import delivery_csv, delivery_xlsx, summary_pdf
from .selectors import delivery_rows, outcomes_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@task()
def delivery_file(job_id: int) -> None:
    job_run(job_id, _delivery)


def _delivery(job, progress):
    year, fmt, user = job.arguments["year"], job.arguments["format"], job.started_by
    progress(0, 2)
    rows, client_ids = delivery_rows(user, year=year)
    progress(1, 2)
    # One row per client in the file: each client's own log shows that their data left.
    clients_read_in_background(
        user,
        client_ids,
        what=What.EXPORT,
        detail=f"tuloksellisuustiedot {year} ({fmt}, {len(client_ids)} asiakasta)",
    )
    if fmt == "csv":
        body, kind = delivery_csv(rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, kind = delivery_xlsx(rows), XLSX
    else:
        overview = outcomes_overview(user, year=year)
        body = summary_pdf(overview, rows, organisation=user.organisation.name)
        kind = "application/pdf"
    summary = _("The outcome data of %(year)s: %(count)d clients in the file.") % {
        "year": year,
        "count": len(client_ids),
    }
    return summary, "", (f"tuloksellisuustiedot-{year}.{fmt}", kind, body)
