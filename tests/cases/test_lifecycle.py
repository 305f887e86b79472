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
        == reverse("notices:notice_new", args=[decision.pk]) + "?kind=interrupted"
    )
    end = decision.events.get(type="end")
    assert (end.topic, end.reason) == ("interruption", "asiakkaan terveydentila")
    notice_form = logged_in.get(answer["Location"])
    assert notice_form.context["form"].initial["kind"] == "interrupted"
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


def _ended(coach, *, days_ago: int = 10, interrupted: bool = True, received_days_ago: int = 40):
    """A client whose rehabilitation ended ``days_ago`` with no pre-contact or start recorded."""
    from vahti.cases import services

    patient = admit(coach, received_on=today() - dt.timedelta(days=received_days_ago))
    decision = patient.current_decision
    services.rehabilitation_end(
        actor=coach,
        decision=decision,
        date=today() - dt.timedelta(days=days_ago),
        reason="asiakas muutti toiselle paikkakunnalle",
        interrupted=interrupted,
    )
    return patient, decision


def test_the_interruption_notice_says_it_happened_with_the_last_day_and_the_reason(
    logged_in, coach
):
    patient, decision = _ended(coach)
    answer = logged_in.post(
        reverse("notices:notice_new", args=[decision.pk]),
        {"kind": "interrupted", "details": ""},
    )
    notice = decision.notices.get()
    assert answer["Location"] == reverse("notices:notice", args=[notice.pk])
    assert notice.subject.startswith("Ilmoitus: kuntoutus keskeytyi")
    assert "uhkaa" not in notice.subject
    last_day = today() - dt.timedelta(days=10)
    assert f"Viimeinen kuntoutuspäivä oli {last_day.day}.{last_day.month}." in notice.body
    assert "Keskeytymisen syy: asiakas muutti toiselle paikkakunnalle." in notice.body
    assert "Ohjaamme asiakasta ilmoittamaan asiasta myös itse Kelalle" in notice.body


def test_ending_closes_the_deadlines_that_can_no_longer_be_met(logged_in, coach):
    patient, decision = _ended(coach)
    # The pre-contact and start were overdue; the end closed them: nothing left to do on them.
    assert not QueueItem.objects.filter(
        decision=decision, kind=QueueItem.DEADLINE, rule__in=["teak.precontact", "teak.start"]
    ).exists()
    assert QueueItem.objects.filter(decision=decision, rule="teak.feedback").exists()
    page = logged_in.get(reverse("cases:client", args=[patient.pk])).content.decode()
    assert "suljettu päättymisen vuoksi" in page
    assert "viikkoa jäljellä" not in page and "viikko jäljellä" not in page
    assert "(keskeytyi)" in page
    # The timeline says it was interrupted, not threatened.
    assert "keskeytyksen uhka" not in page and "päättyminen · keskeytyi" in page


def test_no_rehabilitation_day_is_recorded_after_the_last_day(logged_in, coach):
    from vahti.cases.models import Day

    patient, decision = _ended(coach, days_ago=3)
    after = today() - dt.timedelta(days=2)
    monday = after - dt.timedelta(days=after.weekday())
    rows = {}
    for offset in range(7):
        date = monday + dt.timedelta(days=offset)
        rows[f"day-{offset}-date"] = date.isoformat()
        rows[f"day-{offset}-kind"] = "day" if date == after else ""
        rows[f"day-{offset}-hours"] = "5" if date == after else ""
        rows[f"day-{offset}-mode"] = "onsite"
    page = logged_in.post(
        reverse("cases:week", args=[decision.pk]) + f"?week={monday.isoformat()}",
        {
            "week": monday.isoformat(),
            "version": version(decision),
            "day-TOTAL_FORMS": "7",
            "day-INITIAL_FORMS": "7",
            "day-MIN_NUM_FORMS": "0",
            "day-MAX_NUM_FORMS": "7",
            **rows,
        },
    )
    assert page.status_code == 200
    assert "kuntoutus päättyi" in page.content.decode()
    assert not Day.objects.filter(decision=decision, date=after).exists()


def test_ending_removes_planned_days_and_refuses_before_a_realised_later_day(coach):
    import pytest
    from django.core.exceptions import ValidationError

    from vahti.cases import services
    from vahti.cases.models import Day

    patient = admit(coach, received_on=today() - dt.timedelta(days=40))
    decision = patient.current_decision
    for offset in (-5, 3):
        Day.objects.create(decision=decision, date=today() + dt.timedelta(days=offset), hours=5)
    with pytest.raises(ValidationError) as refused:
        services.rehabilitation_end(
            actor=coach,
            decision=decision,
            date=today() - dt.timedelta(days=8),
            reason="",
            interrupted=False,
        )
    assert "date" in refused.value.message_dict
    services.rehabilitation_end(
        actor=coach, decision=decision, date=today(), reason="", interrupted=False
    )
    assert list(decision.days.values_list("date", flat=True)) == [today() - dt.timedelta(days=5)]


def test_an_ended_client_leaves_the_week_screen_after_the_last_week(logged_in, coach):
    patient, decision = _ended(coach, days_ago=20)
    html = logged_in.get(reverse("cases:week_all")).content.decode()
    assert patient.last_name not in html
    last = today() - dt.timedelta(days=20)
    that_week = logged_in.get(
        reverse("cases:week_all"), {"week": last.isoformat()}
    ).content.decode()
    assert patient.last_name in that_week
    assert f'name="c{decision.pk}-{last.weekday()}-state"' in that_week or last.weekday() > 4
    if last.weekday() < 4:
        assert f'name="c{decision.pk}-{last.weekday() + 1}-state"' not in that_week


def test_once_the_feedback_is_sent_the_client_page_offers_to_archive(logged_in, coach):
    from vahti.cases import services

    patient, decision = _ended(coach, interrupted=False)
    page = logged_in.get(reverse("cases:client", args=[patient.pk])).content.decode()
    assert "Arkistoi asiakas" not in page.split('class="more-actions')[0]
    services.event_add(actor=coach, decision=decision, type="feedback_sent", date=today())
    page = logged_in.get(reverse("cases:client", args=[patient.pk])).content.decode()
    offer = page.split('<section class="card notice-card">')[1].split("</section>")[0]
    assert reverse("cases:client_archive", args=[patient.pk]) in offer


def test_a_continuation_has_no_new_pre_contact_or_start_and_shows_the_earlier_story(
    logged_in, coach
):
    from vahti.cases import services

    patient = admit(coach, received_on=today() - dt.timedelta(days=200))
    first = patient.current_decision
    services.event_add(
        actor=coach, decision=first, type="precontact", date=today() - dt.timedelta(days=195)
    )
    services.decision_continue(
        actor=coach,
        client=patient,
        service=first.service,
        decided_on=today() - dt.timedelta(days=5),
        received_on=today() - dt.timedelta(days=3),
        sequence=2,
        granted_days=None,
        window_months=None,
        independent_days_granted=None,
        close_relative_granted=False,
        in_working_life_at_start=False,
        benefit_before="",
    )
    patient.refresh_from_db()
    continuation = patient.current_decision
    assert continuation.sequence == 2
    assert not QueueItem.objects.filter(
        decision=continuation, rule__in=["teak.precontact", "teak.start", "teak.queue"]
    ).exists()
    page = logged_in.get(reverse("cases:client", args=[patient.pk])).content.decode()
    assert "ennakkoyhteydenotto" in page.split('id="timeline"')[1].split("</section>")[0]
    assert "(päätös 1)" in page


def test_archived_clients_are_found_on_the_caseload_and_by_the_search(logged_in, coach):
    from vahti.cases import services

    patient = admit(coach)
    services.client_archive(actor=coach, client=patient)
    caseload = reverse("cases:dashboard")
    assert patient.last_name not in logged_in.get(caseload).content.decode()
    assert patient.last_name in logged_in.get(caseload, {"which": "archived"}).content.decode()
    assert patient.last_name in logged_in.get(caseload, {"which": "all"}).content.decode()
    found = logged_in.post(caseload, {"q": patient.last_name, "which": "archived"}, follow=True)
    assert patient.last_name in found.content.decode()
    assert patient.last_name not in found.redirect_chain[-1][0]  # the search is not in the URL
    queue = logged_in.post(reverse("workqueue:work_queue"), {"q": patient.last_name}, follow=True)
    archived = queue.content.decode().split("Arkistoidut asiakkaat, jotka täsmäävät")[1]
    assert reverse("cases:client", args=[patient.pk]) in archived


def test_coaches_are_chosen_with_checkboxes_by_their_names(client, manager, coach, other_coach):
    patient = admit(coach)
    client.force_login(manager)
    page = client.get(reverse("cases:client_edit", args=[patient.pk])).content.decode()
    assert 'type="checkbox" name="coaches"' in page
    assert coach.get_full_name() in page and f">{coach.username}<" not in page
    # Ticking a second coach keeps the first.
    client.post(
        reverse("cases:client_edit", args=[patient.pk]),
        {
            "first_name": patient.first_name,
            "last_name": patient.last_name,
            "coaches": [coach.pk, other_coach.pk],
        },
    )
    assert set(patient.coaches.all()) == {coach, other_coach}
    assert str(coach) == coach.get_full_name()


def _week_post(decision, monday, day: dict) -> dict:
    rows = {
        "week": monday.isoformat(),
        "version": version(decision),
        "day-TOTAL_FORMS": "7",
        "day-INITIAL_FORMS": "7",
        "day-MIN_NUM_FORMS": "0",
        "day-MAX_NUM_FORMS": "7",
    }
    for offset in range(7):
        rows[f"day-{offset}-date"] = (monday + dt.timedelta(days=offset)).isoformat()
        rows[f"day-{offset}-kind"] = ""
        rows[f"day-{offset}-mode"] = "onsite"
    rows.update({f"day-0-{key}": value for key, value in day.items()})
    return rows


def test_the_cores_refusal_of_a_days_hours_lands_on_that_field_and_saves_nothing(logged_in, coach):
    from vahti.cases.models import Day

    patient = admit(coach, received_on=today() - dt.timedelta(days=40))
    decision = patient.current_decision
    monday = today() - dt.timedelta(days=today().weekday() + 14)
    page = logged_in.post(
        reverse("cases:week", args=[decision.pk]) + f"?week={monday.isoformat()}",
        _week_post(
            decision,
            monday,
            {"kind": "day", "hours": "6", "programme_hours": "7", "travel_hours": ""},
        ),
    )
    assert page.status_code == 200
    form = page.context["formset"].forms[0]
    assert form.errors["programme_hours"] == ["Ohjelmatunnit ylittävät päivän tunnit."]
    assert not Day.objects.filter(decision=decision).exists()
