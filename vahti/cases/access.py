"""The one access helper: every view of client data goes through these functions.

Staff see only their own organisation; coaches see the clients assigned to them, managers all
of the organisation's clients. Anything else is a 404, never a 403: another organisation's
client does not exist for the user. Other apps reach client data through ``clients_for``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import Client, Decision


def clients_for(user) -> QuerySet[Client]:
    if not user.is_authenticated or user.organisation_id is None:
        return Client.objects.none()
    clients = Client.objects.filter(organisation_id=user.organisation_id)
    if not user.sees_all_clients:
        clients = clients.filter(coaches=user)
    return clients


def client_for(user, client_id) -> Client:
    try:
        return clients_for(user).get(pk=client_id)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def decision_for(user, decision_id) -> Decision:
    try:
        return Decision.objects.select_related("client").get(
            pk=decision_id, client__in=clients_for(user))
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
