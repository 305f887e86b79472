"""Writes of Kela's audits and their corrective actions: atomic, validated, with history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vahti.core.actors import save_with_actor
from vahti.core.dates import today
from vahti.organisations.models import Site, User
from vahti.organisations.services import manager_required

from .models import AuditFinding, CorrectiveAction, KelaAudit


def _own(actor: User, **objects) -> None:
    """A manager's write (Kela's audits are the provider's own register); sites and owners from
    the actor's organisation only, refused on their field."""
    manager_required(actor)
    errors = {
        name: _("Choose from your organisation.")
        for name, obj in objects.items()
        if obj is not None and obj.organisation_id != actor.organisation_id
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def kela_audit_record(
    *,
    actor: User,
    held_on: dt.date,
    auditors: str,
    site: Site | None = None,
    notes: str = "",
    findings: list[dict] = (),
) -> KelaAudit:
    """Record an audit with its findings (each a category and a description) in one go."""
    _own(actor, site=site)
    if held_on > today():
        raise ValidationError({"held_on": _("The audit cannot be in the future.")})
    audit = save_with_actor(
        KelaAudit(
            organisation=actor.organisation,
            site=site,
            held_on=held_on,
            auditors=auditors.strip(),
            notes=notes.strip(),
            created_by=actor,
        ),
        actor,
    )
    for finding in findings:
        audit_finding_add(actor=actor, audit=audit, **finding)
    return audit


@transaction.atomic
def audit_finding_add(
    *, actor: User, audit: KelaAudit, category: str, description: str
) -> AuditFinding:
    _own(actor)
    return save_with_actor(
        AuditFinding(audit=audit, category=category, description=description.strip()), actor
    )


@transaction.atomic
def corrective_action_add(
    *, actor: User, finding: AuditFinding, description: str, owner: User, due_on: dt.date
) -> CorrectiveAction:
    _own(actor, owner=owner)
    return save_with_actor(
        CorrectiveAction(
            finding=finding, description=description.strip(), owner=owner, due_on=due_on
        ),
        actor,
    )


@transaction.atomic
def corrective_action_update(
    *,
    actor: User,
    action: CorrectiveAction,
    description: str,
    owner: User,
    due_on: dt.date,
    evidence: str = "",
) -> CorrectiveAction:
    """Change an open action (a moved deadline stays in the history)."""
    _own(actor, owner=owner)
    if action.closed_on is not None:
        raise ValidationError(_("The action is closed: reopen it first."))
    action.description, action.owner, action.due_on = description.strip(), owner, due_on
    action.evidence = evidence.strip()
    return save_with_actor(action, actor)


@transaction.atomic
def corrective_action_close(
    *, actor: User, action: CorrectiveAction, evidence: str, closed_on: dt.date | None = None
) -> CorrectiveAction:
    """Close an action with its evidence (what was done and where it shows): Kela follows up
    that the actions were carried out, so an action without evidence is not closed."""
    _own(actor)
    evidence = evidence.strip()
    if not evidence:
        raise ValidationError(
            {"evidence": _("Write the evidence: what was done and where it shows.")}
        )
    closed_on = closed_on or today()
    if closed_on > today():
        raise ValidationError({"closed_on": _("The date cannot be in the future.")})
    action.evidence, action.closed_on, action.closed_by = evidence, closed_on, actor
    return save_with_actor(action, actor)


@transaction.atomic
def corrective_action_reopen(*, actor: User, action: CorrectiveAction) -> CorrectiveAction:
    _own(actor)
    action.closed_on, action.closed_by = None, None
    return save_with_actor(action, actor)
