"""Clients and their decisions: admitting, editing, a continuation, the end or interruption,
archiving."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vahti.core.actors import delete_with_actor, save_with_actor
from vahti.core.dates import fi_date, today
from vahti.core.identity import identity_code_clean, identity_digest
from vahti.core.lines import line_unsupported
from vahti.core.pdf import unprintable
from vahti.organisations.models import Site, User

from ..models import (
    Client,
    Decision,
    Event,
    QueueItem,
)
from .evaluation import decision_refresh, decisions_refresh
from .queue import queue_items_replace
from .records import decision_end, event_add


def _names_printable(**names: str) -> None:
    """A name the documents cannot show would vanish from the certificate Kela pays by. DVV's
    register (and so Kela's decision) writes names in Latin letters: ask for that spelling."""
    errors = {
        field: _(
            "The name has characters that certificates cannot show (%(chars)s). "
            "Write it in Latin letters, as in the population register and Kela's "
            "decision."
        )
        % {"chars": " ".join(missing)}
        for field, value in names.items()
        if (missing := unprintable(value))
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def client_create(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    identity_code: str,
    site: Site | None = None,
    coaches=(),
    county: str = "",
    language: str = "fi",
) -> Client:
    _names_printable(first_name=first_name, last_name=last_name)
    code = identity_code_clean(identity_code)
    digest = identity_digest(code)
    if Client.objects.filter(organisation=actor.organisation, identity_digest=digest).exists():
        raise ValidationError(
            {"identity_code": _("A client with this henkilötunnus already exists.")}
        )
    client = save_with_actor(
        Client(
            organisation=actor.organisation,
            site=site,
            county=county,
            language=language,
            first_name=first_name,
            last_name=last_name,
            identity_code=code,
            identity_digest=digest,
        ),
        actor,
    )
    client.coaches.add(*(coaches or [actor]))  # a new client: nothing to take away
    return client


@transaction.atomic
def client_admit(*, actor: User, client: dict, decision: dict, refresh: bool = True) -> Client:
    """A new client with their first decision, both or neither. ``refresh`` False: the caller
    evaluates the decision itself, with others (``decisions_refresh``: an import)."""
    new = client_create(actor=actor, **client)
    decision_create(actor=actor, client=new, refresh=refresh, **decision)
    return new


@transaction.atomic
def client_update(*, actor: User, client: Client, **fields) -> Client:
    coaches = fields.pop("coaches", None)
    _names_printable(**{k: v for k, v in fields.items() if k in ("first_name", "last_name")})
    for name, value in fields.items():
        setattr(client, name, value)
    save_with_actor(client, actor)
    if coaches is not None:
        client.coaches.set(coaches)
    if fields.keys() & {
        "first_name",
        "last_name",
    }:  # the work queue sorts by the name its items carry
        QueueItem.objects.filter(client=client).update(
            client_last_name=client.last_name, client_first_name=client.first_name
        )
    return client


def line_supported_check(service: str | None) -> None:
    """Kela lists a line whose service description is not public (its 2025 work try-out): with
    no rule to check, a decision for it is refused in words."""
    unsupported = line_unsupported(service)
    if unsupported:
        raise ValidationError({"service": unsupported})


@transaction.atomic
def decision_create(*, actor: User, client: Client, refresh: bool = True, **fields) -> Decision:
    line_supported_check(fields.get("service"))
    decision = save_with_actor(Decision(client=client, **fields), actor)
    # A derived pointer, not a change to the client: no history row for it.
    Client.objects.filter(pk=client.pk).update(current_decision=decision)
    client.current_decision = decision
    if refresh:
        decision_refresh(decision=decision)
    return decision


@transaction.atomic
def decision_continue(*, actor: User, client: Client, **fields) -> Decision:
    """A continuation decision (jatkopäätös) for the same client: the next sequence number, and
    it becomes the current decision. The earlier decisions and everything recorded under them
    are kept (shown on the client page); their items leave the work queue."""
    earlier = client.decisions.aggregate(Max("sequence"))["sequence__max"] or 0
    if fields.get("sequence", 0) <= earlier:
        raise ValidationError(
            {
                "sequence": _(
                    "A continuation decision's number follows the earlier ones: at least %(next)s."
                )
                % {"next": earlier + 1}
            }
        )
    previous = client.current_decision
    decision = decision_create(actor=actor, client=client, **fields)
    if previous is not None:
        queue_items_replace(decision_ids=[previous.pk], items=[])
    return decision


@transaction.atomic
def rehabilitation_end(
    *,
    actor: User,
    decision: Decision,
    date: dt.date,
    reason: str,
    interrupted: bool,
    expected_version: int | None = None,
) -> Event:
    """Record the rehabilitation's end: an end event, for an interruption with the topic
    "interruption" and its reason (the notice to Kela repeats both). The end starts the feedback
    deadline and closes the deadlines that can no longer be met (the rules core's closed_by_end);
    planned days after the last day are removed, and a realised day after it is refused."""
    if decision_end(decision) is not None:
        raise ValidationError(_("The end is already recorded (events)."))
    realised = (
        decision.days.filter(date__gt=date, date__lte=today())
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    if realised is not None:
        raise ValidationError(
            {
                "date": _(
                    "A rehabilitation day is recorded after this date (%(day)s): give the "
                    "last day the client took part, or remove the later days first."
                )
                % {"day": fi_date(realised)}
            }
        )
    for planned in decision.days.filter(date__gt=date):
        delete_with_actor(planned, actor)
    return event_add(
        actor=actor,
        decision=decision,
        type="end",
        date=date,
        topic="interruption" if interrupted else "",
        reason=reason.strip(),
        expected_version=expected_version,
    )


@transaction.atomic
def client_archive(*, actor: User, client: Client, active: bool = False) -> Client:
    """Archive a client (no longer in the work queue, the caseload or the week; everything kept
    and readable), or bring them back (``active=True``)."""
    client.active = active
    client = save_with_actor(client, actor)
    if client.current_decision_id is not None:
        if active:  # back in the queue with what the rules core says today
            decisions_refresh(decisions=[client.current_decision])
        else:
            queue_items_replace(decision_ids=[client.current_decision_id], items=[])
    return client


@transaction.atomic
def decision_update(*, actor: User, decision: Decision, **fields) -> Decision:
    line_supported_check(fields.get("service", decision.service))
    for name, value in fields.items():
        setattr(decision, name, value)
    save_with_actor(decision, actor)
    decision_refresh(decision=decision)
    return decision
