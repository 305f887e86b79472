"""The client's whole life in the application: edit and reassign, a continuation decision, the
end or interruption with its notice, archiving."""

import datetime as dt

from django.urls import reverse

from tests.factories import admit, version
from vahti.cases.models import Decision, QueueItem
from vahti.core.dates import today


def test_a_manager_reassigns_the_coaches_and_a_coach_cannot(client, manager, coach, other_coach):
    patient = admit(coach)
    client.force_login(manager)
    answer = client.post(
        reverse("cases:client_edit", args=[patient.pk]),
        {
            "first_name": patient.first_name,
            "last_name": "Uusinimi",
            "site": "",
            "coaches": [other_coach.pk],
        },
    )
    assert answer.status_code == 302
    patient.refresh_from_db()
    assert patient.last_name == "Uusinimi" and list(patient.coaches.all()) == [other_coach]
    client.force_login(other_coach)
    client.post(
        reverse("cases:client_edit", args=[patient.pk]),
        {"first_name": patient.first_name, "last_name": "Toinen", "coaches": [coach.pk]},
    )
    patient.refresh_from_db()
    assert patient.last_name == "Toinen" and list(patient.coaches.all()) == [other_coach]


def test_another_organisation_cannot_open_the_lifecycle_pages(client, coach, outsider):
    patient = admit(coach)
    client.force_login(outsider)
    for name, arg in (
        ("cases:client_edit", patient.pk),
        ("cases:decision_new", patient.pk),
        ("cases:client_archive", patient.pk),
        ("cases:rehabilitation_end", patient.current_decision.pk),
    ):
        assert client.get(reverse(name, args=[arg])).status_code == 404


def test_a_continuation_decision_becomes_current_and_the_earlier_one_is_kept(logged_in, coach):
    patient = admit(coach, received_on=today() - dt.timedelta(days=200))
    first = patient.current_decision
    assert QueueItem.objects.filter(decision=first).exists()
    form = logged_in.get(reverse("cases:decision_new", args=[patient.pk]))
    assert form.context["form"].initial["sequence"] == 2
    data = {
        "service": first.service,
        "decided_on": (today() - dt.timedelta(days=3)).isoformat(),
        "received_on": (today() - dt.timedelta(days=2)).isoformat(),
        "sequence": "1",
        "benefit_before": "",
    }
    refused = logged_in.post(reverse("cases:decision_new", args=[patient.pk]), data)
    assert "vähintään 2" in refused.content.decode()
    data["sequence"] = "2"
    assert logged_in.post(reverse("cases:decision_new", args=[patient.pk]), data).status_code == 302
    patient.refresh_from_db()
    assert patient.current_decision.sequence == 2 and Decision.objects.filter(pk=first.pk).exists()
    assert not QueueItem.objects.filter(decision=first).exists()
    page = logged_in.get(reverse("cases:client", args=[patient.pk])).content.decode()
    assert reverse("cases:records", args=[first.pk]) in page


def test_an_interruption_needs_its_reason_and_leads_to_the_notice_to_kela(logged_in, coach):
    patient = admit(coach, received_on=today() - dt.timedelta(days=30))
    decision = patient.current_decision
    url = reverse("cases:rehabilitation_end", args=[decision.pk])
    data = {
        "kind": "interruption",
        "date": today().isoformat(),
        "reason": "",
        "version": version(decision),
    }
    refused = logged_in.post(url, data)
    assert "Kerro keskeytymisen syy" in refused.content.decode()
    assert not decision.events.filter(type="end").exists()
    data["reason"] = "asiakkaan terveydentila"
    answer = logged_in.post(url, data)
    assert (
        answer["Location"]
        == reverse("notices:notice_new", args=[decision.pk]) + "?kind=interruption"
    )
    end = decision.events.get(type="end")
    assert "asiakkaan terveydentila" in end.reason
    notice_form = logged_in.get(answer["Location"])
    assert notice_form.context["form"].initial["kind"] == "interruption"
    again = logged_in.post(url, {**data, "version": version(decision)})
    assert "jo kirjattu" in again.content.decode()


def test_an_archived_client_leaves_the_queue_and_the_week_and_can_come_back(logged_in, coach):
    patient = admit(coach)
    url = reverse("cases:client_archive", args=[patient.pk])
    assert "Arkistoidaanko" in logged_in.get(url).content.decode()
    logged_in.post(url)
    patient.refresh_from_db()
    assert not patient.active
    assert patient.last_name not in logged_in.get(reverse("workqueue:work_queue")).content.decode()
    assert patient.last_name not in logged_in.get(reverse("cases:week_all")).content.decode()
    assert logged_in.get(reverse("cases:client", args=[patient.pk])).status_code == 200
    logged_in.post(url, {"restore": "1"})
    patient.refresh_from_db()
    assert patient.active


def test_taito_is_offered_for_decisions_of_2025_and_refused_on_the_service_field_for_2026(
    logged_in, coach
):
    page = logged_in.get(reverse("cases:client_create"))
    assert "Taito-kuntoutus (päätökset 31.12.2025 asti)" in page.content.decode()
    data = {
        "client-first_name": "Testi",
        "client-last_name": "Taito",
        "client-identity_code": "010190-900P",
        "decision-service": "taito",
        "decision-decided_on": "2026-01-15",
        "decision-received_on": "2026-01-20",
        "decision-sequence": "1",
        "decision-benefit_before": "",
    }
    refused = logged_in.post(reverse("cases:client_create"), data)
    errors = refused.context["decision_form"].errors
    assert "31.12.2025" in errors["service"][0]
    data.update({"decision-decided_on": "2025-12-15", "decision-received_on": "2025-12-20"})
    assert logged_in.post(reverse("cases:client_create"), data).status_code == 302
