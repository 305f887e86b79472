"""Writes of groups: atomic, validated by the rules core, with history. The group period is
recorded for every member in one transaction; a Taito start moved below the minimum drafts the
postponement notice to Kela for each member (002 "Ryhmän muodostaminen")."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vahti.cases.access import clients_for
from vahti.cases.models import Decision
from vahti.cases.services import event_add, group_days_record
from vahti.core.actors import save_with_actor
from vahti.core.dates import fi_date, language, today
from vahti.notices.models import Notice
from vahti.notices.services import notice_create
from vahti.organisations.models import Site, User
from vahti.rules.evaluate import default_evaluator

from .models import Group, GroupMembership
from .selectors import group_lines, group_overview, group_plan_refusals

MAX_PLANNED = 30  # plausibility; Taito's own maximum is a rule (taito.group_size)


def _group_checked(actor: User, *, service: str, planned_max: int, site: Site | None) -> None:
    errors = {}
    if service not in group_lines():
        errors["service"] = _("Groups are for TEAK and Taito.")
    if not 1 <= planned_max <= MAX_PLANNED:
        errors["planned_max"] = _("Between 1 and %(max)s.") % {"max": MAX_PLANNED}
    elif service in group_lines():
        refused = group_plan_refusals(service, planned_max, on=today(), lang=language())
        if refused:
            errors["planned_max"] = refused
    if site is not None and site.organisation_id != actor.organisation_id:
        errors["site"] = _("Choose a site of your organisation.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(
    *,
    actor: User,
    name: str,
    service: str,
    planned_max: int,
    planned_start: dt.date | None = None,
    site: Site | None = None,
) -> Group:
    _group_checked(actor, service=service, planned_max=planned_max, site=site)
    return save_with_actor(
        Group(
            organisation=actor.organisation,
            name=name.strip(),
            service=service,
            planned_max=planned_max,
            planned_start=planned_start,
            site=site,
        ),
        actor,
    )


@transaction.atomic
def group_update(
    *,
    actor: User,
    group: Group,
    name: str,
    planned_max: int,
    planned_start: dt.date | None = None,
    site: Site | None = None,
) -> Group:
    _group_checked(actor, service=group.service, planned_max=planned_max, site=site)
    group.name, group.planned_max = name.strip(), planned_max
    group.planned_start, group.site = planned_start, site
    return save_with_actor(group, actor)


@transaction.atomic
def group_member_add(
    *, actor: User, group: Group, decision: Decision, joined_on: dt.date | None = None
) -> GroupMembership:
    """Add a client's current decision of the group's line; a client is in one group at a
    time."""
    if not clients_for(actor).filter(pk=decision.client_id).exists():
        raise ValidationError({"decision": _("Choose one of your clients.")})
    if decision.service != group.service:
        raise ValidationError({"decision": _("The client's decision is for another service.")})
    if GroupMembership.objects.filter(decision=decision, left_on__isnull=True).exists():
        raise ValidationError({"decision": _("The client is already in a group.")})
    return save_with_actor(
        GroupMembership(group=group, decision=decision, joined_on=joined_on or today()), actor
    )


@transaction.atomic
def group_member_leave(
    *, actor: User, membership: GroupMembership, left_on: dt.date | None = None
) -> GroupMembership:
    left_on = left_on or today()
    if left_on < membership.joined_on:
        raise ValidationError(
            {
                "left_on": _("The day is before the client joined (%(day)s).")
                % {"day": fi_date(membership.joined_on)}
            }
        )
    membership.left_on = left_on
    return save_with_actor(membership, actor)


def _every_member_visible(actor: User, group: Group, on: dt.date):
    overview = group_overview(actor, group, on=on, lang=language())
    if not overview.sees_all:
        raise ValidationError(
            _(
                "Some members are other coaches' clients: a manager or their "
                "coach records this for the whole group."
            )
        )
    return overview


@transaction.atomic
def group_period_record(*, actor: User, group: Group, starts: list[dt.date], hours: float) -> int:
    """Record the group period (its blocks from ``starts``) for every current member in one
    action, checked by taito.group_structure with the parameters of the members' decisions.
    All or nothing. Returns the number of days recorded."""
    overview = _every_member_visible(actor, group, today())
    if not overview.periods:
        raise ValidationError(_("Group periods are Taito's."))
    if not 0 < hours <= 24:
        raise ValidationError({"hours": _("Between 0 and 24 hours.")})
    days, problems = default_evaluator().group_period(starts, rules_on=overview.rules_on)
    if problems:
        raise ValidationError({"starts": default_evaluator().refusals(problems, language())})
    members = [row.membership for row in overview.rows if row.membership.left_on is None]
    if not members:
        raise ValidationError(_("The group has no members."))
    return sum(
        group_days_record(actor=actor, decision=m.decision, dates=days, hours=hours)
        for m in members
    )


@transaction.atomic
def group_start_postpone(
    *, actor: User, group: Group, new_start: dt.date, reason: str = ""
) -> list[Notice]:
    """Move a Taito group's start below its minimum (002: to about 2–4 months after the
    clients received their decisions), drafting the postponement notice to Kela for every
    member. Refused when the group has its minimum or the date is too late."""
    on = today()
    overview = _every_member_visible(actor, group, on)
    if not overview.periods or overview.minimum is None:
        raise ValidationError(_("Only a Taito group below its minimum may move its start."))
    if overview.size >= overview.minimum:
        raise ValidationError(
            {
                "new_start": _("The group has its minimum (%(minimum)s): it starts on schedule.")
                % {"minimum": overview.minimum}
            }
        )
    if overview.postpone_until and new_start > overview.postpone_until:
        raise ValidationError(
            {
                "new_start": _(
                    "At the latest %(day)s (about four months after "
                    "the first member received the decision)."
                )
                % {"day": fi_date(overview.postpone_until)}
            }
        )
    if new_start < on:
        raise ValidationError({"new_start": _("The date has passed.")})
    group.planned_start = new_start
    save_with_actor(group, actor)
    # Each member's first group period is now due on the moved start (taito.group_period):
    # 002 lets a group below its minimum move, and Kela is told by the notices drafted below.
    for row in overview.rows:
        if row.membership.left_on is None:
            event_add(
                actor=actor,
                decision=row.membership.decision,
                type="start_postponed",
                date=on,
                new_due=new_start,
                kela_agreed=True,
                reason=_("Taito group below its minimum (%(size)s of %(minimum)s)")
                % {"size": overview.size, "minimum": overview.minimum},
            )

    def details(decision) -> str:
        """What Kela is told, in the member's language of service as the notice is."""
        with translation.override(decision.client.language):
            text = pgettext(
                "notice",
                "Taito group “%(group)s”: the group has %(size)s clients, its minimum is "
                "%(minimum)s. The group's start moves to %(day)s.",
            ) % {
                "group": group.name,
                "size": overview.size,
                "minimum": overview.minimum,
                "day": fi_date(new_start),
            }
        return text + (f" {reason.strip()}" if reason.strip() else "")

    return [
        notice_create(
            actor=actor,
            kind=Notice.Kind.POSTPONEMENT,
            details=details(row.membership.decision),
            decision=row.membership.decision,
        )
        for row in overview.rows
        if row.membership.left_on is None
    ]
