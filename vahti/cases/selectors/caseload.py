"""The caseload: the user's active clients with their current decision's status, most urgent
first."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
)

from vahti.core.dates import today
from vahti.core.identity import identity_code_clean, identity_digest
from vahti.organisations.models import User

from ..access import clients_for

PAGE_SIZE = 50


def clients_searched(clients, search: str):
    """Clients matching ``search``: a henkilötunnus through its digest (the code itself is never
    compared in clear), otherwise every word in the first or last name."""
    search = search.strip()
    if not search:
        return clients
    try:
        code = identity_code_clean(search)
    except ValidationError:
        pass
    else:
        return clients.filter(identity_digest=identity_digest(code))
    for word in search.split()[:5]:
        clients = clients.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return clients


# --- dashboard ---------------------------------------------------------------------------------


ARCHIVED, EVERYONE = "archived", "all"  # the caseload's "which clients" filter; "" is active


def dashboard_clients(
    user,
    *,
    service: str = "",
    coach: int | None = None,
    status: str = "",
    page: int = 1,
    which: str = "",
    search: str = "",
):
    """Clients with their current decision's status, most urgent first, one page: the active
    ones (``which`` "archived": the archived, "all": both), ``search`` by name or henkilötunnus.

    Urgency: an overdue deadline, then errors, then the nearest open deadline. A deadline that
    was open when last evaluated and is past due today counts as overdue (the daily refresh,
    `manage.py vahti_refresh`, recomputes the rest).
    """
    day = today()
    status_of = "current_decision__status__"
    clients = clients_for(user)
    if which != EVERYONE:
        clients = clients.filter(active=which != ARCHIVED)
    clients = (
        clients_searched(clients, search)
        .select_related("site", "current_decision", "current_decision__status")
        .prefetch_related(Prefetch("coaches", queryset=User.objects.order_by("last_name")))
        .annotate(
            due_status=Case(
                When(
                    Q(**{f"{status_of}next_status": "open", f"{status_of}next_due__lt": day}),
                    then=Value("overdue"),
                ),
                default=F(f"{status_of}next_status"),
                output_field=CharField(),
            ),
            rank=Case(
                When(due_status="overdue", then=Value(0)),
                When(**{f"{status_of}error_count__gt": 0}, then=Value(1)),
                When(due_status="open", then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
    )
    if service:
        clients = clients.filter(current_decision__service=service)
    if coach:
        clients = clients.filter(coaches__id=coach)
    if status == "overdue":
        clients = clients.filter(due_status="overdue")
    elif status == "errors":
        clients = clients.filter(**{f"{status_of}error_count__gt": 0})
    elif status == "warnings":
        clients = clients.filter(**{f"{status_of}warning_count__gt": 0})
    elif status == "open":
        clients = clients.filter(due_status="open")
    clients = clients.order_by("rank", f"{status_of}next_due", "last_name", "first_name", "pk")
    return Paginator(clients, PAGE_SIZE).get_page(page)
