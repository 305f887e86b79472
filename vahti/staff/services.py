"""Writes of the staff register: atomic, validated, with history. A staff change (someone
joins or leaves, or their profession or service lines change) checks that every service line
still has the professions it needs and drafts the staff-change notice to Kela (rules.md
provider.staff: staff changes are reported to kuntoutus.rekisteroityminen@kela.fi)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from vahti.core.actors import delete_with_actor, save_with_actor
from vahti.core.dates import fi_date, today
from vahti.core.lines import registry, service_name
from vahti.notices.models import Notice
from vahti.notices.services import notice_create
from vahti.organisations.models import User
from vahti.organisations.services import manager_required

from .models import Profession, Qualification, ServiceRequirement, StaffMember
from .selectors import staff_review

MEMBER_FIELDS = (
    "first_name",
    "last_name",
    "profession",
    "role",
    "services",
    "experience_months",
    "experience_checked_on",
    "started_on",
    "ended_on",
    "user",
)
# What makes an edit a staff change Kela hears about.
TEAM_FIELDS = ("profession", "services", "ended_on")


@dataclass
class StaffChange:
    member: StaffMember
    notice: Notice | None = None
    missing: list[str] = field(default_factory=list)  # team_complete messages after the change


def _checked(member: StaffMember, *, actor: User, sites) -> None:
    """Refusals on the field they concern, before anything is saved."""
    errors = {}
    unknown = [s for s in member.services if s not in registry().lines]
    if unknown:
        errors["services"] = _("Unknown service line: %(line)s.") % {"line": unknown[0]}
    if member.ended_on and member.started_on and member.ended_on < member.started_on:
        errors["ended_on"] = _("The leaving date is before the starting date.")
    if member.experience_checked_on and member.experience_checked_on > today():
        errors["experience_checked_on"] = _("The check cannot be in the future.")
    if member.user is not None and member.user.organisation_id != actor.organisation_id:
        errors["user"] = _("Choose a user of your organisation.")
    if any(site.organisation_id != actor.organisation_id for site in sites):
        errors["sites"] = _("Choose sites of your organisation.")
    if errors:
        raise ValidationError(errors)


def _team_missing(actor: User) -> list[str]:
    review = staff_review(actor.organisation, on=today(), lang="fi")
    return [item.message for item in review.items if item.rule == "staff.team_complete"]


def _staff_change(*, actor: User, member: StaffMember, what: str) -> StaffChange:
    missing = _team_missing(actor)
    with translation.override("fi"):  # notices go to Kela in Finnish
        profession = str(Profession(member.profession).label)
        lines = [
            f"{what}: {member.first_name} {member.last_name}, {profession}"
            + (f" ({member.role})" if member.role else "")
            + ".",
            "Palvelut: " + (", ".join(service_name(s, "fi") for s in member.services) or "–") + ".",
        ]
        lines.append(
            "Tiimin tarkistus: "
            + (
                " ".join(missing)
                if missing
                else "kaikki palveluiden vaatimat ammattihenkilöt ovat mukana."
            )
        )
    notice = notice_create(actor=actor, kind=Notice.Kind.STAFF_CHANGE, details="\n".join(lines))
    return StaffChange(member=member, notice=notice, missing=missing)


def _experience_checker(member: StaffMember, before: dt.date | None, actor: User) -> None:
    if member.experience_checked_on != before:
        member.experience_checked_by = actor if member.experience_checked_on else None


@transaction.atomic
def staff_member_create(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    profession: str,
    role: str = "",
    sites=(),
    services=(),
    experience_months=None,
    experience_checked_on=None,
    started_on=None,
    ended_on=None,
    user=None,
    report: bool = True,
) -> StaffChange:
    """Add a staff member: a staff change, so the team is checked and a notice drafted
    (``report`` False: someone already working, entered into the register)."""
    manager_required(actor)
    member = StaffMember(
        organisation=actor.organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        profession=profession,
        role=role.strip(),
        services=sorted(services),
        experience_months=experience_months,
        experience_checked_on=experience_checked_on,
        started_on=started_on,
        ended_on=ended_on,
        user=user,
    )
    _experience_checker(member, None, actor)
    _checked(member, actor=actor, sites=sites)
    save_with_actor(member, actor)
    member.sites.set(sites)
    if not report:
        return StaffChange(member=member)
    with translation.override("fi"):
        what = "Uusi henkilö" + (f" {fi_date(started_on)} alkaen" if started_on else "")
    return _staff_change(actor=actor, member=member, what=what)


@transaction.atomic
def staff_member_update(*, actor: User, member: StaffMember, sites=None, **fields) -> StaffChange:
    """Change a staff member; a change of profession, service lines or a leaving date is a
    staff change (the team checked, a notice drafted), other edits are not."""
    manager_required(actor, member.organisation_id)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = {name: getattr(member, name) for name in TEAM_FIELDS}
    checked_before = member.experience_checked_on
    if "services" in fields:
        fields["services"] = sorted(fields["services"])
    for name, value in fields.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    _experience_checker(member, checked_before, actor)
    _checked(member, actor=actor, sites=sites or ())
    save_with_actor(member, actor)
    if sites is not None:
        member.sites.set(sites)
    if all(getattr(member, name) == before[name] for name in TEAM_FIELDS):
        return StaffChange(member=member)
    with translation.override("fi"):
        what = (
            f"Henkilö lopettaa {fi_date(member.ended_on)}"
            if member.ended_on and member.ended_on != before["ended_on"]
            else "Muutos henkilön tehtävissä"
        )
    return _staff_change(actor=actor, member=member, what=what)


@transaction.atomic
def qualification_add(
    *,
    actor: User,
    member: StaffMember,
    kind: str,
    name: str = "",
    gained_on: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Qualification:
    manager_required(actor, member.organisation_id)
    if gained_on and valid_until and valid_until < gained_on:
        raise ValidationError({"valid_until": _("The end is before the date it was gained.")})
    if gained_on and gained_on > today():
        raise ValidationError({"gained_on": _("The date cannot be in the future.")})
    return save_with_actor(
        Qualification(
            member=member,
            kind=kind,
            name=name.strip(),
            gained_on=gained_on,
            valid_until=valid_until,
        ),
        actor,
    )


@transaction.atomic
def qualification_remove(*, actor: User, qualification: Qualification) -> None:
    manager_required(actor, qualification.member.organisation_id)
    delete_with_actor(qualification, actor)


@transaction.atomic
def requirement_add(
    *,
    actor: User,
    service: str,
    profession: str = "",
    qualification: str = "",
    experience_months: int | None = None,
    source: str = "",
) -> ServiceRequirement:
    """What a service line needs. Exactly one of: a profession in the team; a qualification
    (of one profession, or of everyone in the line); months of experience (likewise)."""
    manager_required(actor)
    if not (profession or qualification or experience_months is not None):
        raise ValidationError(
            {
                "profession": _(
                    "Choose a profession, a qualification or the "
                    "months of experience the line needs."
                )
            }
        )
    if qualification and experience_months is not None:
        raise ValidationError(
            {
                "experience_months": _(
                    "Enter a qualification or months of experience, one per requirement."
                )
            }
        )
    return save_with_actor(
        ServiceRequirement(
            organisation=actor.organisation,
            service=service,
            profession=profession,
            qualification=qualification,
            experience_months=experience_months,
            source=source.strip(),
        ),
        actor,
    )


@transaction.atomic
def requirement_remove(*, actor: User, requirement: ServiceRequirement) -> None:
    manager_required(actor, requirement.organisation_id)
    delete_with_actor(requirement, actor)
