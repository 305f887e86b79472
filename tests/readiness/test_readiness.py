"""Audit readiness and Kela's audits: every kind of item found with its rule and source, the
PDF, corrective actions with evidence and history, the manager's work queue, the wall, and a
constant number of queries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import admit
from vahti.audit.models import AccessRecord
from vahti.cases import services as cases
from vahti.core.dates import today
from vahti.feedback.services import feedback_save
from vahti.readiness import services
from vahti.readiness.models import CorrectiveAction
from vahti.staff import services as staff


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def expired_ea1(manager, name="Eero"):
    member = staff.staff_member_create(
        actor=manager,
        first_name=name,
        last_name="Ensiapu",
        profession="job_coach",
        experience_checked_on=today(),
    ).member
    staff.qualification_add(
        actor=manager,
        member=member,
        kind="first_aid",
        gained_on=today().replace(year=today().year - 4),
    )
    return member


def thin_record(coach):
    decision = admit(coach, received_on=today() - dt.timedelta(days=40)).current_decision
    feedback_save(actor=coach, decision=decision, sections={"goals": "Työkokeilu alalla."})
    cases.week_save(
        actor=coach,
        decision=decision,
        monday=today() - dt.timedelta(days=today().weekday() + 7),
        entries=[
            {
                "kind": "absence",
                "date": today() - dt.timedelta(days=today().weekday() + 7),
                "reason": "",
                "reported_to_kela": False,
            }
        ],
    )
    return decision


def overdue_action(manager, coach):
    audit = services.kela_audit_record(
        actor=manager,
        held_on=today() - dt.timedelta(days=60),
        auditors="Kelan auditoija",
        findings=[{"category": "first_aid", "description": "EA1 vanhentunut kahdella."}],
    )
    return services.corrective_action_add(
        actor=manager,
        finding=audit.findings.get(),
        description="EA1-koulutus kaikille",
        owner=coach,
        due_on=today() - dt.timedelta(days=1),
    )


def test_the_page_lists_every_kind_of_item_with_its_rule_and_source(as_manager, manager, coach):
    expired_ea1(manager)
    decision = thin_record(coach)
    overdue_action(manager, coach)
    page = as_manager.get(reverse("readiness:readiness")).content.decode()
    assert "Eero Ensiapu: EA1-ensiapukoulutus päättyi" in page
    client = decision.client
    assert f"{client.first_name} {client.last_name}" in page
    assert "Palautteessa (luonnos) on tyhjiä osioita: Kuntoutuksen toteutuminen" in page
    assert "1 poissaolo ilman syytä" in page
    assert "EA1-koulutus kaikille" in page and "ylittynyt" in page
    assert "Auditoinneista poimittua" in page
    assert AccessRecord.objects.filter(user=manager, detail="auditointivalmius").exists()


def test_the_pdf_says_the_same(as_manager, manager, coach):
    expired_ea1(manager)
    thin_record(coach)
    overdue_action(manager, coach)
    response = as_manager.get(reverse("readiness:readiness") + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Auditointivalmius" in text
    assert "virhe: Eero Ensiapu: EA1-ensiapukoulutus päättyi" in text
    assert "poissaolo ilman syytä" in text
    assert "Kelan auditointi" in text and "audit " not in text


def test_a_site_shows_only_its_staff_and_clients(as_manager, manager, coach):
    site = manager.organisation.sites.create(name="Tampere")
    member = expired_ea1(manager, name="Tiina")
    staff.staff_member_update(actor=manager, member=member, sites=[site])
    expired_ea1(manager, name="Oskari")
    page = as_manager.get(reverse("readiness:readiness") + f"?site={site.pk}").content.decode()
    assert "Tiina Ensiapu" in page and "Oskari Ensiapu" not in page


def test_an_action_closes_only_with_evidence_and_its_history_keeps_every_change(
    as_manager, manager, coach
):
    action = overdue_action(manager, coach)
    response = as_manager.post(
        reverse("readiness:corrective_action", args=[action.pk]),
        {"action": "close", "evidence": "  "},
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.closed_on is None
    as_manager.post(
        reverse("readiness:corrective_action", args=[action.pk]),
        {
            "action": "save",
            "description": action.description,
            "owner": coach.pk,
            "due_on": (today() + dt.timedelta(days=14)).isoformat(),
            "evidence": "",
        },
    )
    as_manager.post(
        reverse("readiness:corrective_action", args=[action.pk]),
        {"action": "close", "evidence": "Koulutustodistukset kansiossa H/EA1."},
    )
    action.refresh_from_db()
    assert action.closed_on == today() and action.closed_by == manager
    page = as_manager.get(
        reverse("readiness:kela_audit", args=[action.finding.audit_id])
    ).content.decode()
    assert "suljettu" in page and "Koulutustodistukset kansiossa" in page
    assert "määräpäivä" in page and "luotu" in page  # the moved deadline and the creation
    assert action.history.count() == 3


def test_overdue_actions_and_staff_findings_are_in_the_managers_work_queue_only(
    client, manager, coach
):
    overdue_action(manager, coach)
    expired_ea1(manager)
    client.force_login(manager)
    page = client.get(reverse("workqueue:work_queue")).content.decode()
    assert "Palveluntuottajan omat tehtävät" in page
    assert "EA1-koulutus kaikille" in page and "EA1-ensiapukoulutus päättyi" in page
    client.force_login(coach)
    assert (
        "Palveluntuottajan omat tehtävät"
        not in client.get(reverse("workqueue:work_queue")).content.decode()
    )


def test_another_organisations_audits_are_404_and_coaches_see_no_readiness(
    client, manager, coach, outsider
):
    action = overdue_action(manager, coach)
    client.force_login(outsider)
    for url in (
        reverse("readiness:kela_audit", args=[action.finding.audit_id]),
        reverse("readiness:corrective_action", args=[action.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("readiness:corrective_action_add", args=[action.finding_id]),
            {"a1-description": "x", "a1-owner": outsider.pk, "a1-due_on": today().isoformat()},
        ).status_code
        == 404
    )
    client.force_login(coach)
    assert client.get(reverse("readiness:readiness")).status_code == 404
    assert CorrectiveAction.objects.count() == 1


def test_an_owner_from_another_organisation_is_refused_on_its_field(manager, coach, outsider):
    action = overdue_action(manager, coach)
    with pytest.raises(ValidationError) as error:
        services.corrective_action_add(
            actor=manager, finding=action.finding, description="x", owner=outsider, due_on=today()
        )
    assert "owner" in error.value.error_dict


def test_the_page_reads_a_fixed_number_of_queries(as_manager, manager, coach):
    expired_ea1(manager)
    thin_record(coach)
    overdue_action(manager, coach)
    as_manager.get(reverse("readiness:readiness"))  # the session's first request writes it
    with CaptureQueriesContext(connection) as few:
        as_manager.get(reverse("readiness:readiness"))
    for n in range(4):
        expired_ea1(manager, name=f"Lisä{n}")
        thin_record(coach)
        overdue_action(manager, coach)
    with CaptureQueriesContext(connection) as many:
        as_manager.get(reverse("readiness:readiness"))
    assert len(many) == len(few)
