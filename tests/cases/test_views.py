"""Pages through the test client: Finnish by default, the week entry's findings, the forms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import admit, new_code, version
from vahti.cases import services
from vahti.cases.models import Client, Decision, DecisionStatus, Event
from vahti.core.dates import fi_date, today
from vahti.notices import services as notices
from vahti.organisations.models import Site


def week_post(monday, rows, decision):
    data = {
        "week": monday.isoformat(),
        "version": version(decision),
        "day-TOTAL_FORMS": "7",
        "day-INITIAL_FORMS": "7",
        "day-MIN_NUM_FORMS": "7",
        "day-MAX_NUM_FORMS": "7",
    }
    for offset in range(7):
        prefix = f"day-{offset}-"
        data[prefix + "date"] = (monday + dt.timedelta(days=offset)).isoformat()
        data[prefix + "mode"] = "onsite"
        for key, value in rows.get(offset, {}).items():
            data[prefix + key] = value
    return data


def monday_before():
    day = today()
    return day - dt.timedelta(days=day.weekday() + 7)


def test_the_interface_is_finnish_by_default_even_for_an_english_browser(logged_in):
    page = logged_in.get(reverse("cases:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "Asiakkaat" in page.content.decode() and page.headers["Content-Language"] == "fi"


def test_the_language_switch_gives_english(logged_in):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Caseload" in logged_in.get(reverse("cases:dashboard")).content.decode()


def test_a_flex_day_without_justification_shows_a_finding_until_fixed(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    monday = monday_before()
    rows = {
        offset: {"kind": "day", "hours": "6", "programme_hours": "5", "travel_hours": "1"}
        for offset in range(4)
    }
    rows[4] = {"kind": "day", "hours": "3", "programme_hours": "3", "flex": "on"}
    url = reverse("cases:week", args=[decision.pk])
    response = logged_in.post(url, week_post(monday, rows, decision), follow=True)
    page = response.content.decode()
    assert 'data-rule="certificate.flex_unjustified"' in page
    rows[4]["flex_reason"] = "Osa-aikatyö iltapäivisin"
    page = logged_in.post(url, week_post(monday, rows, decision), follow=True).content.decode()
    assert 'data-rule="certificate.flex_unjustified"' not in page


def test_bad_week_input_names_the_field_in_finnish_and_saves_nothing(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    monday = monday_before()
    rows = {
        0: {"kind": "day", "hours": "6", "programme_hours": "5"},
        1: {"kind": "day", "hours": "5", "programme_hours": "6"},
    }
    page = logged_in.post(
        reverse("cases:week", args=[decision.pk]), week_post(monday, rows, decision)
    ).content.decode()
    # The rules core's refusal (case.py), on the field of the day it concerns.
    assert "Ohjelmatunnit: Ohjelmatunnit ylittävät päivän tunnit." in page
    assert not decision.days.exists()


def test_a_day_inside_a_break_is_refused_on_that_days_row_in_words(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    monday = monday_before()
    services.break_add(
        actor=client_of_coach.coaches.first(),
        decision=decision,
        start=monday + dt.timedelta(days=1),
        end=monday + dt.timedelta(days=2),
        reason="illness",
    )
    rows = {offset: {"kind": "day", "hours": "6", "programme_hours": "5"} for offset in range(3)}
    response = logged_in.post(
        reverse("cases:week", args=[decision.pk]), week_post(monday, rows, decision)
    )
    forms = response.context["formset"].forms
    tuesday, wednesday = monday + dt.timedelta(days=1), monday + dt.timedelta(days=2)
    start = (
        f"{tuesday.day}.{tuesday.month}." if tuesday.year == wednesday.year else fi_date(tuesday)
    )
    assert forms[1].non_field_errors() == [
        f"Päivä {fi_date(tuesday)} on tauolla {start}–{fi_date(wednesday)}."
    ]
    assert not forms[0].errors and not decision.days.exists()
    page = response.content.decode()
    assert "days[" not in page and "breaks[" not in page


def test_the_week_page_shows_the_stored_week(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    monday = monday_before()
    decision.days.create(date=monday, hours=6, programme_hours=5)
    page = logged_in.get(reverse("cases:week", args=[decision.pk]), {"week": monday.isoformat()})
    assert page.context["formset"].forms[0].initial["kind"] == "day"


def test_the_client_page_explains_each_deadline_in_words_with_a_readable_source(
    logged_in, client_of_coach
):
    page = logged_in.get(reverse("cases:client", args=[client_of_coach.pk])).content.decode()
    received = client_of_coach.current_decision.received_on
    assert "Miksi tämä päivä?" in page
    assert f"päätös saapui {received.day}.{received.month}.{received.year} + 2 viikkoa" in page
    assert "Kelan TEAK-kumppanuustapaaminen 17.9.2024, dia ”Kuntoutuksen aloitus”" in page
    assert ".txt" not in page and "received_on" not in page


def test_a_new_client_and_decision_are_added_from_one_form(logged_in, organisation):
    site = Site.objects.create(organisation=organisation, name="Toimipiste")
    received = today() - dt.timedelta(days=3)
    response = logged_in.post(
        reverse("cases:client_create"),
        {
            "client-first_name": "Uusi",
            "client-last_name": "Asiakas",
            "client-identity_code": new_code(),
            "client-site": site.pk,
            "decision-service": "teak.tyokokeilu",
            "decision-decided_on": received.isoformat(),
            "decision-received_on": received.isoformat(),
            "decision-sequence": "1",
        },
    )
    client = Client.objects.get(last_name="Asiakas")
    assert response.status_code == 302 and client.current_decision.service == "teak.tyokokeilu"


def test_an_invalid_identity_code_is_named_in_finnish(logged_in):
    page = logged_in.post(
        reverse("cases:client_create"),
        {
            "client-first_name": "A",
            "client-last_name": "B",
            "client-identity_code": "010594Y903X",
            "decision-service": "teak.tyokokeilu",
            "decision-decided_on": "2026-01-01",
            "decision-received_on": "2026-01-02",
            "decision-sequence": "1",
        },
    ).content.decode()
    assert "Henkilötunnus: Henkilötunnus 010594Y903X ei ole kelvollinen:" in page
    assert not Client.objects.exists()


def test_events_are_added_and_removed(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    url = reverse("cases:records", args=[decision.pk])
    logged_in.post(
        url,
        {
            "record": "event",
            "event-type": "precontact",
            "version": version(decision),
            "event-date": today().isoformat(),
        },
    )
    event = decision.events.get()
    logged_in.post(
        reverse("cases:record_delete", args=[decision.pk, "event", event.pk]),
        {"version": version(decision)},
    )
    assert not decision.events.exists()


def test_the_rule_catalogue_lists_rules_with_sources(logged_in):
    page = logged_in.get(reverse("cases:rules")).content.decode()
    assert "teak.precontact_weeks = 2 viikkoa" in page and "teak.queue" in page


def make_clients(organisation, coach, count):
    """Many clients quickly (bulk), each with a current decision and a status."""
    received = today() - dt.timedelta(days=10)
    start = Client.objects.count()
    clients = Client.objects.bulk_create(
        Client(
            organisation=organisation,
            first_name="Massa",
            last_name=f"Asiakas{n}",
            identity_code=f"code-{n}",
            identity_digest=f"digest-{n}",
        )
        for n in range(start, start + count)
    )
    decisions = Decision.objects.bulk_create(
        Decision(client=c, service="teak.tyokokeilu", decided_on=received, received_on=received)
        for c in clients
    )
    DecisionStatus.objects.bulk_create(
        DecisionStatus(
            decision=d,
            evaluated_on=today(),
            next_rule="teak.precontact",
            next_due=received + dt.timedelta(days=14),
            next_status="open",
            error_count=n % 3,
            warning_count=n % 2,
        )
        for n, d in enumerate(decisions)
    )
    for c, d in zip(clients, decisions, strict=True):
        c.current_decision = d
    Client.objects.bulk_update(clients, ["current_decision"])
    Client.coaches.through.objects.bulk_create(
        Client.coaches.through(client_id=c.pk, user_id=coach.pk) for c in clients
    )


def dashboard_queries(browser, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(reverse("cases:dashboard"), params or {}).status_code == 200
    return len(queries)


def test_the_dashboard_query_count_does_not_grow_with_clients(logged_in, organisation, coach):
    make_clients(organisation, coach, 10)
    dashboard_queries(logged_in)  # the very first access-log row also looks for a checkpoint
    few = dashboard_queries(logged_in)
    filtered_few = dashboard_queries(logged_in, {"status": "errors", "coach": coach.pk})
    make_clients(organisation, coach, 490)
    assert dashboard_queries(logged_in) == few
    assert dashboard_queries(logged_in, {"status": "errors", "coach": coach.pk}) == filtered_few


def test_the_dashboard_puts_overdue_first_and_filters(logged_in, coach):
    late = admit(coach, received_on=today() - dt.timedelta(days=60))
    fresh = admit(coach, received_on=today())
    page = logged_in.get(reverse("cases:dashboard")).content.decode()
    assert page.index(late.last_name) < page.index(fresh.last_name)
    page = logged_in.get(reverse("cases:dashboard"), {"status": "overdue"}).content.decode()
    assert late.last_name in page and fresh.last_name not in page


def test_a_break_ending_before_it_starts_is_refused_on_its_field(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    page = logged_in.post(
        reverse("cases:records", args=[decision.pk]),
        {
            "version": version(decision),
            "record": "break",
            "break-start": "2026-03-10",
            "break-end": "2026-03-01",
            "break-reason": "illness",
        },
    ).content.decode()
    assert "Päättyen: Loppu on ennen alkua." in page and not decision.breaks.exists()


def test_the_client_page_shows_the_timeline_of_events(logged_in, client_of_coach):
    from vahti.cases import services

    decision = client_of_coach.current_decision
    services.event_add(
        actor=client_of_coach.coaches.get(), decision=decision, type="precontact", date=today()
    )
    page = logged_in.get(reverse("cases:client", args=[client_of_coach.pk])).content.decode()
    timeline = page[page.index('id="timeline"') : page.index('id="deadlines"')]
    assert "ennakkoyhteydenotto" in timeline and "päätös saapui" in timeline


def test_removing_a_record_asks_first(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    event = services.event_add(
        actor=client_of_coach.coaches.first(),
        decision=decision,
        type="precontact",
        date=decision.received_on,
    )
    url = reverse("cases:record_delete", args=[decision.pk, "event", event.pk])
    page = logged_in.get(url).content.decode()
    assert "Poistetaanko tämä?" in page and decision.events.filter(pk=event.pk).exists()
    logged_in.post(url, {"version": version(decision)})
    assert not decision.events.filter(pk=event.pk).exists()


def test_events_vahti_recorded_itself_are_reversed_only_by_a_correction_with_its_reason(
    logged_in, client_of_coach
):
    decision = client_of_coach.current_decision
    coach = client_of_coach.coaches.first()
    notice = notices.notice_create(actor=coach, decision=decision, kind="change", details="x")
    notices.notice_mark_sent(actor=coach, notice=notice)
    event = decision.events.get(type="kela_notified")
    records = logged_in.get(reverse("cases:records", args=[decision.pk])).content.decode()
    assert "Vahdin kirjaama" in records
    with pytest.raises(ValidationError):
        services.record_delete(actor=coach, record=event)
    url = reverse("cases:record_delete", args=[decision.pk, "event", event.pk])
    assert "Miksi se korjataan?" in logged_in.get(url).content.decode()
    refused = logged_in.post(url, {"version": version(decision), "reason": "vahinko"})
    assert "vähintään 10 merkkiä" in refused.content.decode()
    assert decision.events.filter(pk=event.pk).exists()
    logged_in.post(
        url, {"version": version(decision), "reason": "Merkitty lähetetyksi väärälle asiakkaalle"}
    )
    assert not decision.events.filter(pk=event.pk).exists()
    removed = Event.history.filter(id=event.pk, history_type="-").get()
    assert "väärälle asiakkaalle" in removed.history_change_reason
    assert removed.history_user == coach


def test_the_client_page_shows_progress_in_words(logged_in, client_of_coach):
    decision = client_of_coach.current_decision
    monday = monday_before()
    decision.days.create(date=monday, hours=6, programme_hours=5)
    decision.days.create(date=today() + dt.timedelta(days=7), hours=6, programme_hours=5)
    page = logged_in.get(reverse("cases:client", args=[client_of_coach.pk]))
    progress = page.context["progress"]
    assert (progress.done, progress.planned, progress.granted) == (1, 1, 60)
    section = page.content.decode().split('id="progress"')[1].split("</section>")[0]
    assert "1 / 60 toteutunut" in section and "1 suunniteltu" in section
    assert (
        f"{progress.window_end.day}.{progress.window_end.month}.{progress.window_end.year}"
        in section
        and "viikkoa jäljellä" in section
    )
    # The allowance calendar marks the future day planned, and only that one.
    cells = [
        cell
        for month in page.context["months"]
        for week in month["weeks"]
        for cell in week
        if cell.in_month and cell.kind
    ]
    assert [cell.date for cell in cells if cell.planned] == [today() + dt.timedelta(days=7)]
