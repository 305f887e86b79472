"""Reads of the staff register, inside the organisation wall, and the staff judged by the rules
core (rules/staff.py) on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404

from vahti.core.lines import service_name
from vahti.organisations.selectors import managed_organisation_id
from vahti.rules import staff as rules
from vahti.rules.evaluate import default_evaluator
from vahti.rules.presentation import Presenter, ShownFinding

from .models import Profession, Qualification, QualificationKind, ServiceRequirement, StaffMember


def staff_member_for(user, member_id) -> StaffMember:
    return get_object_or_404(
        StaffMember.objects.select_related("experience_checked_by", "user"),
        organisation_id=managed_organisation_id(user),
        pk=member_id,
    )


def qualification_for(user, qualification_id) -> Qualification:
    return get_object_or_404(
        Qualification.objects.select_related("member"),
        member__organisation_id=managed_organisation_id(user),
        pk=qualification_id,
    )


def requirements_of(user):
    return ServiceRequirement.objects.filter(organisation_id=managed_organisation_id(user))


def requirement_for(user, requirement_id) -> ServiceRequirement:
    return get_object_or_404(requirements_of(user), pk=requirement_id)


def horizon_days() -> int:
    """How far ahead an ending qualification is warned of (setting VAHTI_AUDIT_HORIZON_DAYS)."""
    return settings.VAHTI_AUDIT_HORIZON_DAYS


def qualification_name(qualification: Qualification) -> str:
    """The name given, else the kind's label in the reader's language (EA1, pool safety)."""
    return qualification.name or str(QualificationKind(qualification.kind).label)


def rule_member(member: StaffMember, on: dt.date) -> rules.Member:
    return rules.Member(
        id=member.pk,
        name=f"{member.first_name} {member.last_name}",
        profession=member.profession,
        services=tuple(member.services),
        qualifications=tuple(
            rules.Qualification(q.kind, qualification_name(q), q.gained_on, q.valid_until)
            for q in member.qualifications.all()
        ),
        experience_months=member.experience_months,
        experience_checked_on=member.experience_checked_on,
        active=member.ended_on is None or member.ended_on >= on,
    )


def rule_requirement(requirement: ServiceRequirement) -> rules.Requirement:
    return rules.Requirement(
        service=requirement.service,
        service_name=service_name(requirement.service),
        profession=requirement.profession,
        profession_name=str(Profession(requirement.profession).label)
        if requirement.profession
        else "",
        qualification=requirement.qualification,
        qualification_name=str(QualificationKind(requirement.qualification).label)
        if requirement.qualification
        else "",
        experience_months=requirement.experience_months,
    )


@dataclass(frozen=True)
class StaffReview:
    on: dt.date
    horizon_days: int
    items: list[ShownFinding]
    by_member: dict[int, list[ShownFinding]]
    members: list[StaffMember]


def staff_review(
    organisation, *, on: dt.date, lang: str, site_id: int | None = None, horizon: int | None = None
) -> StaffReview:
    """The organisation's staff (or one site's) judged on ``on``: qualifications in force or
    ending within the horizon, experience checked, every required profession present; each
    qualification of ``members`` with ``ends``, its last day in force. Three queries whatever
    the number of staff."""
    members = StaffMember.objects.filter(organisation=organisation).prefetch_related(
        "qualifications"
    )
    if site_id is not None:
        members = members.filter(sites__id=site_id)
    members = list(members)
    requirements = list(ServiceRequirement.objects.filter(organisation=organisation))
    horizon = horizon_days() if horizon is None else horizon
    core = default_evaluator()
    judged = [rule_member(m, on) for m in members]
    # each qualification's last day shown
    for member, judged_member in zip(members, judged, strict=True):
        for q, rule_q in zip(
            member.qualifications.all(), judged_member.qualifications, strict=True
        ):
            q.ends = core.qualification_end(rule_q, on=on)
    found = core.staff_review(
        judged, [rule_requirement(r) for r in requirements], on=on, horizon_days=horizon
    )
    presenter = Presenter(lang)
    shown = {id(f): presenter.finding(f, rules_on=on) for f in found.findings}
    return StaffReview(
        on=on,
        horizon_days=horizon,
        items=[shown[id(f)] for f in found.findings],
        by_member={pk: [shown[id(f)] for f in fs] for pk, fs in found.members.items()},
        members=members,
    )


def staff_register(
    user, *, on: dt.date, lang: str, site_id: int | None = None, current: bool = True
) -> tuple[list[StaffMember], StaffReview]:
    """The register page: the members shown (those still working on ``on`` unless
    ``current`` is False) and the review of all of them, from one read."""
    managed_organisation_id(user)
    review = staff_review(user.organisation, on=on, lang=lang, site_id=site_id)
    members = [m for m in review.members if not current or m.ended_on is None or m.ended_on >= on]
    prefetch_related_objects(members, "sites")  # shown here only: not on the review's hot path
    return members, review
