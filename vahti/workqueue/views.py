"""The work queue, the first page: parse, call the selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from vahti.cases.access import client_list_read
from vahti.core.dates import language
from vahti.core.http import query_int
from vahti.readiness.selectors import provider_items
from vahti.outcomes.selectors import delivery_reminders
from vahti.reporting.selectors import count_reminders

from django.utils.translation import gettext_lazy as _

from .selectors import SORTS, provider_duties, queue_page

SORT_COLUMNS = (("due", _("Due")), ("client", _("Client")), ("what", _("What")))


@login_required
def work_queue(request):
    params = request.GET
    tile = params.get("tile", "")[:20]
    search = params.get("q", "")[:60]
    sort = params.get("sort", "due")[:10]
    context = queue_page(request.user, tile=tile, search=search, sort=sort,
                         page=query_int(params, "page") or 1)
    client_list_read(request, detail=f"työjono, sivu {context['page'].number}"
                     + (" (haku)" if search else ""))
    return render(request, "workqueue/queue.html", {
        **context, "provider_items": provider_duties(request.user, on=context["today"],
                                                     lang=language()),
        "filters": params, "tile": tile, "search": search,
        "sort": sort if sort in SORTS else "due", "sort_columns": SORT_COLUMNS})
