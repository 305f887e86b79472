"""The work queue, the first page: parse, call the selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vahti.cases.access import client_list_read
from vahti.core.dates import language
from vahti.core.http import query_int, search_of, search_redirect

from .selectors import SORTS, provider_duties, queue_page

SORT_COLUMNS = (("due", _("Due")), ("client", _("Client")), ("what", _("What")))
DEFAULT_SORT = "urgency"  # the urgent first; a column heading sorts by that column


@login_required
def work_queue(request):
    if request.method == "POST":  # a search: posted, kept in the session, never in the address
        return search_redirect(request, reverse("workqueue:work_queue"), ("tile",))
    params = request.GET
    tile = params.get("tile", "")[:20]
    search = search_of(request, params.get("search", "")[:20])
    sort = params.get("sort", DEFAULT_SORT)[:10]
    context = queue_page(
        request.user, tile=tile, search=search, sort=sort, page=query_int(params, "page") or 1
    )
    client_list_read(
        request,
        client_ids=[item.decision.client_id for item in context["page"]]
        + [client.pk for client in context["archived"]],
        detail=f"työjono, sivu {context['page'].number}" + (" (haku)" if search else ""),
    )
    return render(
        request,
        "workqueue/queue.html",
        {
            **context,
            "provider_items": provider_duties(request.user, on=context["today"], lang=language()),
            "filters": params,
            "tile": tile,
            "search": search,
            "sort": sort if sort in SORTS else DEFAULT_SORT,
            "sort_columns": SORT_COLUMNS,
        },
    )
