"""The provider's staff on a date: qualifications in force, experience checked, the team each
service needs (003 "Auditoinneista poimittua", 004 pool safety).

Input is plain values (a staff list, the service requirements, the date, the warning horizon)
and the parameters in force on that date; results are Findings like the case rules', so the
catalogue renders them in Finnish or English with the rule and its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .results import ERROR, WARNING, Finding

# The qualification kinds whose validity is a parameter; others end only on an entered date.
VALIDITY_YEARS = {
    "first_aid": "provider.first_aid_validity_years",
    "pool_safety": "provider.pool_safety_renewal_years",
}


@dataclass(frozen=True, slots=True)
class Qualification:
    kind: str  # first_aid, pool_safety, specialist, or the provider's own
    name: str  # as the provider calls it ("EA1-ensiapukoulutus")
    gained_on: dt.date | None = None
    valid_until: dt.date | None = (
        None  # entered; else counted from gained_on where a parameter says
    )


@dataclass(frozen=True, slots=True)
class Member:
    id: int | str
    name: str
    profession: str
    services: tuple[str, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    experience_months: int | None = None
    experience_checked_on: dt.date | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a service needs, entered by the provider where the service description says so:
    a profession in its team, a qualification of that profession's members (or of everyone in
    the service when no profession is given), or months of experience."""

    service: str
    service_name: str
    profession: str = ""
    qualification: str = ""  # a qualification kind
    qualification_name: str = ""
    experience_months: int | None = None
    profession_name: str = ""  # as a person reads it; the code is compared


@dataclass(slots=True)
class StaffFindings:
    findings: list[Finding] = field(default_factory=list)
    members: dict[int | str, list[Finding]] = field(default_factory=dict)

    def add(self, member: Member | None, finding: Finding) -> None:
        self.findings.append(finding)
        if member is not None:
            self.members.setdefault(member.id, []).append(finding)


def qualification_end(qualification: Qualification, p: dict, at=None) -> dt.date | None:
    """The last day a qualification is in force: the entered date, else the day it was gained
    plus the kind's validity in years, that anniversary included (rules.md: "valid N years";
    where the anniversary does not exist, the last day of that month); None: no end. The period
    is the value in force on the day it was gained (``at``: the parameters on a date); for a
    day before the parameter's first value, the value of ``p``, the parameters on the day
    judged."""
    if qualification.valid_until is not None:
        return qualification.valid_until
    name = VALIDITY_YEARS.get(qualification.kind)
    if name is None or qualification.gained_on is None:
        return None
    years = (at(qualification.gained_on).get(name) if at is not None else None) or p.get(name)
    if years is None:
        return None
    return qualification.gained_on + relativedelta(years=years)


def _active(members, service=None):
    return [m for m in members if m.active and (service is None or service in m.services)]


def qualification_valid(
    members, requirements, on: dt.date, horizon_days: int, p: dict, out, at=None
):
    """staff.qualification_valid: qualifications in force on the date, a warning within the
    horizon, and every qualification a service's requirement names held (003 "Auditoinneista
    poimittua": EA1 training expired; 004: pool safety every 4 years)."""
    horizon = on + dt.timedelta(days=horizon_days)
    for member in _active(members):
        for qualification in member.qualifications:
            until = qualification_end(qualification, p, at)
            if until is None or until > horizon:
                continue
            expired = until < on
            out.add(
                member,
                Finding(
                    "staff.qualification_valid",
                    ERROR if expired else WARNING,
                    until if expired else on,
                    "expired" if expired else "expiring",
                    name=member.name,
                    qualification=qualification.name,
                    until=until,
                ),
            )
    for requirement in requirements:
        if not requirement.qualification:
            continue
        for member in _active(members, requirement.service):
            if requirement.profession and member.profession != requirement.profession:
                continue
            held = [
                q
                for q in member.qualifications
                if q.kind == requirement.qualification and (qualification_end(q, p, at) or on) >= on
            ]
            if not held:
                out.add(
                    member,
                    Finding(
                        "staff.qualification_valid",
                        ERROR,
                        on,
                        "missing",
                        name=member.name,
                        qualification=requirement.qualification_name,
                        service=requirement.service_name,
                    ),
                )


def experience_checked(
    members, requirements, on: dt.date, horizon_days: int, p: dict, out, at=None
):
    """staff.experience_checked: work experience recorded and checked, and at least what a
    service's requirement says (003 "Auditoinneista poimittua": too little experience,
    experience not checked at staff changes)."""
    for member in _active(members):
        if member.experience_checked_on is None:
            out.add(
                member,
                Finding("staff.experience_checked", WARNING, on, "unchecked", name=member.name),
            )
    for requirement in requirements:
        if requirement.experience_months is None:
            continue
        for member in _active(members, requirement.service):
            if requirement.profession and member.profession != requirement.profession:
                continue
            months = member.experience_months or 0
            if months < requirement.experience_months:
                out.add(
                    member,
                    Finding(
                        "staff.experience_checked",
                        WARNING,
                        on,
                        "too_little",
                        name=member.name,
                        months=months,
                        required=requirement.experience_months,
                        service=requirement.service_name,
                    ),
                )


def team_complete(members, requirements, on: dt.date, horizon_days: int, p: dict, out, at=None):
    """staff.team_complete: every profession a service requires has an active member working
    in that service (003 "Auditoinneista poimittua": required professionals unavailable)."""
    for requirement in requirements:
        if (
            not requirement.profession
            or requirement.qualification
            or requirement.experience_months is not None
        ):
            continue
        if not any(
            m.profession == requirement.profession for m in _active(members, requirement.service)
        ):
            out.add(
                None,
                Finding(
                    "staff.team_complete",
                    ERROR,
                    on,
                    "missing",
                    service=requirement.service_name,
                    profession=requirement.profession_name or requirement.profession,
                ),
            )


CHECKS = (
    ("staff.qualification_valid", qualification_valid),
    ("staff.experience_checked", experience_checked),
    ("staff.team_complete", team_complete),
)


def staff_findings(
    members: list[Member],
    requirements: list[Requirement],
    *,
    on: dt.date,
    horizon_days: int,
    p: dict,
    at=None,
) -> StaffFindings:
    """Every staff finding on ``on``, errors first then by date; ``p``: the parameters in force
    on ``on`` (``ParameterStore.at``), ``at``: the parameters on any date (a qualification's
    validity is the one in force when it was gained)."""
    out = StaffFindings()
    for _rule, check in CHECKS:
        check(members, requirements, on, horizon_days, p, out, at)
    out.findings.sort(key=lambda f: (f.severity != ERROR, f.date, f.rule))
    return out
