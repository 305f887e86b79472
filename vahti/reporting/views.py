"""Reports for managers: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vahti.cases.access import client_list_read
from vahti.core.dates import month_names, today
from vahti.core.forms import form_saved
from vahti.core.http import query_int
from vahti.outcomes.selectors import outcomes_overview

from . import charts, services
from .exports import FILE_NAMES, figures_csv, figures_xlsx, tables
from .forms import CountReportForm
from .selectors import clients_behind, report_figures

CHARTS = {
    "new": charts.new_clients_chart,
    "active": charts.active_clients_chart,
    "counties": charts.county_chart,
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    year = query_int(request.GET, "year") or today().year
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@login_required
def reports(request):
    year = _year(request)
    figures = report_figures(request.user, year=year, on=today())
    form = CountReportForm(request.POST or None, initial={"year": today().year + 1})
    saved, _result = form_saved(
        request, form, lambda data: services.client_count_report(actor=request.user, **data)
    )
    if saved:
        messages.success(request, _("The client count is recorded."), extra_tags="at-counts")
        return redirect(reverse("reporting:reports") + f"?year={year}#counts")
    outcomes = outcomes_overview(request.user, year=year, listed=0)  # counts only, no names
    return render(
        request,
        "reporting/reports.html",
        {
            "figures": figures,
            "form": form,
            "year": year,
            "outcomes": outcomes,
            "years": range(today().year - 2, today().year + 2),
            "months": month_names(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def report_chart(request, name):
    if name not in CHARTS:
        raise Http404
    figures = report_figures(request.user, year=_year(request), on=today())
    response = HttpResponse(CHARTS[name](figures), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def report_download(request):
    year = _year(request)
    figures = report_figures(request.user, year=year, on=today())
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(figures_xlsx(figures), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="vahti-luvut-{year}.xlsx"'
        return response
    table = request.GET.get("table", "lines")
    if table not in tables(figures):
        raise Http404
    response = HttpResponse(figures_csv(figures, table), content_type="text/csv; charset=utf-8")
    name = FILE_NAMES[table]
    response["Content-Disposition"] = f'attachment; filename="vahti-{name}-{year}.csv"'
    return response


@login_required
def report_clients(request):
    """The clients behind a figure, their read logged."""
    year = _year(request)
    month = query_int(request.GET, "month")
    if month is not None and not 1 <= month <= 12:
        raise Http404
    kind = "active" if request.GET.get("kind") == "active" else "new"
    service = request.GET.get("service", "")[:40]
    site, county = request.GET.get("site"), request.GET.get("county")
    if site and not site.isdigit():
        raise Http404
    decisions = clients_behind(
        request.user,
        year=year,
        month=month,
        service=service,
        kind=kind,
        site=site,
        county=county[:30] if county is not None else None,
    )
    shown = list(decisions[:500])
    client_list_read(
        request,
        client_ids=[d.client_id for d in shown],
        detail=f"raportti {year}/{month or '-'} {kind}",
    )
    return render(
        request,
        "reporting/clients.html",
        {
            "decisions": shown,
            "count": decisions.count(),
            "year": year,
            "month": month,
            "kind": kind,
            "service": service,
        },
    )
