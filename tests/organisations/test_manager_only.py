"""Every write of the provider's own registers (staff register, sites and user accounts, Kela's
audits, client counts, outcome measures and deliveries) is a manager's: a coach's POST to each
is refused and writes nothing, and each service refuses a coach itself, whatever the path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from vahti.core.dates import today
from vahti.outcomes import services as outcomes
from vahti.readiness import services as readiness
from vahti.reporting import services as reporting
from vahti.staff import services as staff

APPS = ("staff", "readiness", "reporting", "outcomes", "organisations", "notices")


def _rows():
    return {
        model._meta.label: model._base_manager.count()
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def registers(manager):
    change = staff.staff_member_create(
        actor=manager,
        first_name="Eeva",
        last_name="Esimerkki",
        profession="psychologist",
        services=["yksilokuntoutus"],
    )
    qualification = staff.qualification_add(
        actor=manager,
        member=change.member,
        kind="first_aid",
        gained_on=today() - dt.timedelta(days=10),
    )
    requirement = staff.requirement_add(
        actor=manager, service="yksilokuntoutus", profession="psychologist"
    )
    audit = readiness.kela_audit_record(
        actor=manager,
        held_on=today(),
        auditors="Kela",
        findings=[{"category": "other", "description": "Puute"}],
    )
    finding = audit.findings.get()
    action = readiness.corrective_action_add(
        actor=manager, finding=finding, description="Korjaa", owner=manager, due_on=today()
    )
    return {
        "member": change.member,
        "qualification": qualification,
        "requirement": requirement,
        "audit": audit,
        "finding": finding,
        "action": action,
    }


def test_a_coachs_post_to_every_managers_write_is_refused_and_writes_nothing(
    client, coach, manager, registers
):
    member, audit = registers["member"], registers["audit"]
    posts = [
        (
            reverse("staff:staff_member_new"),
            {
                "first_name": "Kalle",
                "last_name": "Koutsi",
                "profession": "psychologist",
                "report": "on",
            },
        ),
        (
            reverse("staff:staff_member", args=[member.pk]),
            {"first_name": "X", "last_name": "Y", "profession": "nurse"},
        ),
        (reverse("staff:qualification_add", args=[member.pk]), {"kind": "first_aid"}),
        (reverse("staff:qualification_remove", args=[registers["qualification"].pk]), {}),
        (reverse("staff:requirement_add"), {"service": "yksilokuntoutus", "profession": "nurse"}),
        (reverse("staff:requirement_remove", args=[registers["requirement"].pk]), {}),
        (reverse("readiness:kela_audit_new"), {"held_on": today().isoformat(), "auditors": "X"}),
        (
            reverse("readiness:audit_finding_add", args=[audit.pk]),
            {"category": "other", "description": "X"},
        ),
        (
            reverse("readiness:corrective_action_add", args=[registers["finding"].pk]),
            {"description": "X", "owner": coach.pk, "due_on": today().isoformat()},
        ),
        (
            reverse("readiness:corrective_action", args=[registers["action"].pk]),
            {"action": "close", "evidence": "X"},
        ),
        (
            reverse("reporting:reports"),
            {"service": "yksilokuntoutus", "year": today().year + 1, "count": 5},
        ),
        (
            reverse("outcomes:measures"),
            {"service": "yksilokuntoutus", "name": "X", "minimum": 0, "maximum": 5},
        ),
        (reverse("outcomes:outcome_delivered", args=[today().year - 1]), {}),
        (
            reverse("organisations:user_new"),
            {
                "username": "uusi",
                "first_name": "U",
                "last_name": "U",
                "role": "manager",
                "password1": "x" * 20,
                "password2": "x" * 20,
            },
        ),
        (
            reverse("organisations:user_edit", args=[coach.pk]),
            {"first_name": "C", "last_name": "C", "role": "manager", "is_active": "on"},
        ),
        (reverse("organisations:site_new"), {"name": "Uusi toimipiste"}),
    ]
    client.force_login(coach)
    before = _rows()
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (403, 404), url
    assert _rows() == before


@pytest.mark.parametrize(
    "write",
    [
        lambda coach, r: staff.staff_member_create(
            actor=coach, first_name="K", last_name="K", profession="nurse"
        ),
        lambda coach, r: staff.staff_member_update(actor=coach, member=r["member"], role="x"),
        lambda coach, r: staff.qualification_add(actor=coach, member=r["member"], kind="first_aid"),
        lambda coach, r: staff.qualification_remove(actor=coach, qualification=r["qualification"]),
        lambda coach, r: staff.requirement_add(
            actor=coach, service="yksilokuntoutus", profession="nurse"
        ),
        lambda coach, r: staff.requirement_remove(actor=coach, requirement=r["requirement"]),
        lambda coach, r: readiness.kela_audit_record(actor=coach, held_on=today(), auditors="X"),
        lambda coach, r: readiness.audit_finding_add(
            actor=coach, audit=r["audit"], category="other", description="X"
        ),
        lambda coach, r: readiness.corrective_action_close(
            actor=coach, action=r["action"], evidence="X"
        ),
        lambda coach, r: readiness.corrective_action_reopen(actor=coach, action=r["action"]),
        lambda coach, r: reporting.client_count_report(
            actor=coach, service="yksilokuntoutus", year=today().year + 1, count=5
        ),
        lambda coach, r: outcomes.measure_add(
            actor=coach, service="yksilokuntoutus", name="X", minimum=Decimal(0), maximum=Decimal(5)
        ),
        lambda coach, r: outcomes.delivery_mark(actor=coach, year=today().year - 1, clients=0),
    ],
    ids=[
        "member create",
        "member update",
        "qualification add",
        "qualification remove",
        "requirement add",
        "requirement remove",
        "audit record",
        "finding add",
        "action close",
        "action reopen",
        "client count",
        "measure add",
        "delivery mark",
    ],
)
def test_each_managers_service_refuses_a_coach_itself(coach, registers, write):
    before = _rows()
    with pytest.raises(PermissionDenied):
        write(coach, registers)
    assert _rows() == before
