"""The one access helper: every view of client data goes through these functions, which enforce
the organisation wall and write the access log (vahti.audit).

Staff see only their own organisation; coaches see the clients assigned to them, managers all
of the organisation's clients. Anything else is a 404, never a 403: another organisation's
client does not exist for the user. ``client_for`` and ``decision_for`` log the read they allow;
``clients_for`` is the wall for lists and queries, and a view that lists or exports clients logs
one row for every client it names with ``client_list_read``, so that each client's own log (the
one a client may ask for) shows every list and file their data appeared in.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from vahti.audit.models import AccessRecord
from vahti.audit.services import access_record, access_records, request_address

from .models import Client, Decision, QueueItem

What = AccessRecord.What


def clients_for(user) -> QuerySet[Client]:
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return Client.objects.none()
    clients = Client.objects.filter(organisation_id=user.organisation_id)
    if not user.sees_all_clients:
        clients = clients.filter(coaches=user)
    return clients


def queue_items_for(user) -> QuerySet[QueueItem]:
    """The work-queue items of the clients ``user`` may see. Items exist only for the current
    decision of an active client and carry its organisation, so for one who sees every client
    the wall is the organisation's own index (a page then reads what it shows); a coach's are
    those of ``clients_for``."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return QueueItem.objects.none()
    if user.sees_all_clients:
        return QueueItem.objects.filter(organisation_id=user.organisation_id)
    return QueueItem.objects.filter(client__in=clients_for(user).values("pk"))


def client_for(request, client_id, *, what: str, detail: str = "") -> Client:
    try:
        client = clients_for(request.user).get(pk=client_id)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    client_read(request, client_id=client.pk, what=what, detail=detail)
    return client


def decision_for(request, decision_id, *, what: str, detail: str = "") -> Decision:
    try:
        decision = Decision.objects.select_related("client").get(
            pk=decision_id, client__in=clients_for(request.user)
        )
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    client_read(request, client_id=decision.client_id, what=what, detail=detail)
    return decision


def _detail(request, detail: str) -> str:
    """What was read; through the API, the token that read it too."""
    label = getattr(getattr(request, "auth", None), "label", "")
    if label:
        detail = f"{detail} · {label}" if detail else label
    return detail[:200]


def client_read(request, *, client_id: int | None, what: str, detail: str = "") -> None:
    """Log a read of one client's data already found through ``clients_for`` (e.g. a notice)."""
    access_record(
        user=request.user,
        what=what,
        client_id=client_id,
        detail=_detail(request, detail),
        address=request_address(request),
    )


def client_list_read(
    request, *, client_ids, detail: str = "", what: str = What.CLIENT_LIST
) -> None:
    """Log a list or an export: one row per client it names (None among the ids is skipped),
    or one row without a client when it names none (the list itself was read)."""
    named = [pk for pk in client_ids if pk is not None]
    if not named:
        client_read(request, client_id=None, what=what, detail=detail)
        return
    access_records(
        user=request.user,
        what=what,
        client_ids=named,
        detail=_detail(request, detail),
        address=request_address(request),
    )


def client_names_read(request, client_ids, *, detail: str) -> dict[int, str]:
    """The names of those of ``client_ids`` the user may see (e.g. on an access log), each
    client named logged."""
    names = {
        pk: f"{first} {last}"
        for pk, first, last in clients_for(request.user)
        .filter(pk__in=[i for i in client_ids if i is not None])
        .values_list("pk", "first_name", "last_name")
    }
    client_list_read(request, client_ids=names, detail=detail)
    return names


def clients_read_in_background(user, client_ids, *, what: str, detail: str) -> None:
    """Log the reads of background work a user started (a certificate batch, an import): one
    row per client, without an address (no request); the clients were found through
    ``clients_for(user)``, the same wall as a page."""
    named = [pk for pk in client_ids if pk is not None]
    if named:
        access_records(user=user, what=what, client_ids=named, detail=detail, address=None)
