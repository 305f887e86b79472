"""Reads of groups inside the organisation wall; a group judged by the rules core
(rules/groups.py) with its members' cases. Members are shown only where the user sees the
client (cases.access): others are counted, not named."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import pgettext

from vahti.cases.access import clients_for
from vahti.cases.models import Day, Decision
from vahti.cases.selectors import decision_results
from vahti.core.dates import fi_date
from vahti.core.lines import registry
from vahti.rules import groups as rules
from vahti.rules.evaluate import default_evaluator
from vahti.rules.presentation import Presenter, ShownFinding

from .models import Group, GroupMembership


def family_of(service: str) -> str:
    return registry().family_of(service).rules


def group_lines() -> list[str]:
    """The lines that have groups (the registry: a family with ``group_start_rule``)."""
    return [
        line for line in registry().lines if registry().family_of(line).group_start_rule is not None
    ]


def _organisation_id(user) -> int:
    if not user.is_authenticated or user.organisation_id is None:
        raise Http404
    return user.organisation_id


def groups_of(user):
    today_members = Q(memberships__left_on__isnull=True)
    return (
        Group.objects.filter(organisation_id=_organisation_id(user))
        .select_related("site")
        .annotate(size=Count("memberships", filter=today_members))
    )


def group_for(user, group_id) -> Group:
    return get_object_or_404(
        Group.objects.select_related("site"), organisation_id=_organisation_id(user), pk=group_id
    )


def membership_for(user, membership_id) -> GroupMembership:
    return get_object_or_404(
        GroupMembership.objects.select_related("group", "decision__client"),
        group__organisation_id=_organisation_id(user),
        pk=membership_id,
        decision__client__in=clients_for(user),
    )


def candidates(user, group: Group):
    """Current decisions of the user's active clients of the group's line, not in a group."""
    return (
        Decision.objects.filter(
            client__in=clients_for(user).filter(active=True),
            client__current_decision__isnull=False,
            service=group.service,
        )
        .exclude(group_memberships__left_on__isnull=True, group_memberships__group__isnull=False)
        .select_related("client")
        .order_by("client__last_name", "client__first_name")
    )


@dataclass(frozen=True)
class MemberRow:
    membership: GroupMembership
    start_due: dt.date | None
    first_day: dt.date | None


@dataclass(frozen=True)
class GroupOverview:
    group: Group
    family: str
    rows: list[MemberRow]  # the members the user sees
    hidden: int  # members who are other coaches' clients
    findings: list[ShownFinding]
    size: int
    minimum: int | None
    postpone_until: dt.date | None
    rules_on: dt.date

    @property
    def sees_all(self) -> bool:
        return self.hidden == 0

    @property
    def periods(self) -> bool:
        """Whether the group has group periods and a minimum that may move its start (the
        registry's family: Taito)."""
        return registry().family_of(self.group.service).group_periods


def group_overview(user, group: Group, *, on: dt.date, lang: str) -> GroupOverview:
    """The group and its members' cases judged by the rules core on ``on``."""
    family = family_of(group.service)
    start_rule = default_evaluator().group_start_rule(group.service)
    memberships = list(group.memberships.select_related("decision__client"))
    visible = set(
        clients_for(user)
        .filter(pk__in=[m.decision.client_id for m in memberships])
        .values_list("pk", flat=True)
    )
    decisions = [m.decision for m in memberships]
    dues = {}
    for decision, result in decision_results(decisions, as_of=on, allowance_days=False):
        if not isinstance(result, Exception):
            dues[decision.pk] = next(
                (d.due for d in result.deadlines if d.rule == start_rule), None
            )
    first_days = dict(
        Day.objects.filter(decision__in=decisions)
        .exclude(hours=0)
        .values("decision_id")
        .annotate(first=Min("date"))
        .values_list("decision_id", "first")
    )
    group_days = Day.objects.filter(decision__in=decisions, mode="group").aggregate(
        first=Min("date")
    )["first"]
    started = group_days if group_days is not None and group_days <= on else None
    members = tuple(
        rules.GroupMember(
            id=m.pk,
            name=f"{m.decision.client.first_name} {m.decision.client.last_name}",
            received_on=m.decision.received_on,
            decided_on=m.decision.decided_on,
            start_due=dues.get(m.decision_id),
            first_day=first_days.get(m.decision_id),
            joined_on=m.joined_on,
            left_on=m.left_on,
        )
        for m in memberships
    )
    core_group = rules.Group(
        id=group.pk,
        name=group.name,
        family=family,
        planned_max=group.planned_max,
        planned_start=group.planned_start,
        started_on=started,
        members=members,
    )
    rules_on, found = default_evaluator().group_review(core_group, on=on)
    presenter = Presenter(lang)
    hidden_names = {
        member.name
        for member, m in zip(members, memberships, strict=True)
        if m.decision.client_id not in visible
    }
    shown = [
        presenter.finding(f, rules_on=rules_on)
        for f in found.findings
        if not any(values.get("name") in hidden_names for _key, values in f.messages)
    ]
    return GroupOverview(
        group=group,
        family=family,
        rows=[
            MemberRow(m, dues.get(m.decision_id), first_days.get(m.decision_id))
            for m in memberships
            if m.decision.client_id in visible
        ],
        hidden=sum(1 for m in memberships if m.decision.client_id not in visible),
        findings=shown,
        size=found.size,
        minimum=found.minimum,
        postpone_until=found.postpone_until,
        rules_on=rules_on,
    )


def client_letters(group: Group, new_start: dt.date) -> list[tuple[str, str]]:
    """A letter to the group's clients about a moved start (002: the clients are told), one in
    each language of service among the members, as (language, text); no name or identity code,
    so one text serves every member of that language."""
    languages = sorted(
        set(group.memberships.values_list("decision__client__language", flat=True)) or {"fi"},
        key=lambda lang: (lang != "fi", lang),
    )
    letters = []
    for lang in languages:
        with translation.override(lang):
            letters.append(
                (
                    lang,
                    pgettext(
                        "letter",
                        "Hello,\n\nThe group “%(group)s” of Taito rehabilitation starts on "
                        "%(day)s. The start moves because the group does not yet have its "
                        "minimum number of clients. We have told Kela of the move. We will "
                        "contact you before the group starts.\n\nKind regards\n%(provider)s",
                    )
                    % {
                        "group": group.name,
                        "day": fi_date(new_start),
                        "provider": group.organisation.name,
                    },
                )
            )
    return letters


def group_plan_refusals(service: str, planned_max: int, *, on: dt.date, lang: str) -> list[str]:
    """What the rules core refuses in a group's plan before it has members (Taito: a planned
    maximum outside the group size), in words."""
    planned = rules.Group(
        id=0, name="", family=family_of(service), planned_max=planned_max, members=()
    )
    evaluator = default_evaluator()
    # A line that has ended (Taito, 31.12.2025) still has groups of its running clients: their
    # plan is judged by the rules of the line's last day.
    ended = evaluator.line_not_in_force(service, on)
    if isinstance(ended, dt.date):
        on = ended
    _rules_on, found = evaluator.group_review(planned, on=on)
    return evaluator.refusals(
        [f for f in found.findings if f.messages[0][0] == "planned_max"], lang
    )
