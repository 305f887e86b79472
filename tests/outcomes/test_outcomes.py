"""Outcome data: consent, GAS goals and measures refused on their field when out of range;
completeness per client; the delivery file for a small fixed organisation checked exactly
(golden file), never with a client without consent or with a withdrawn one; the summary PDF;
the queue item from 1.2.; and the wall."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from vahti.cases import services as cases
from vahti.cases.selectors import case_reference
from vahti.core.identity import demo_identity_code
from vahti.outcomes import services
from vahti.outcomes.models import Delivery
from vahti.outcomes.selectors import decision_outcomes, delivery_reminders, outcomes_overview

GOLDEN = Path(__file__).parent / "golden" / "delivery-2025.csv"
RECEIVED, ENDED = dt.date(2025, 1, 10), dt.date(2025, 6, 30)


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def ended_case(manager, *, number, service="yksilokuntoutus", ended=ENDED):
    client = cases.client_admit(
        actor=manager,
        client={
            "first_name": "Testi",
            "last_name": f"Tulos{number}",
            "identity_code": demo_identity_code(1 + number, 2, 1980, 900 + number),
        },
        decision={
            "service": service,
            "decided_on": RECEIVED - dt.timedelta(days=3),
            "received_on": RECEIVED,
        },
    )
    decision = client.current_decision
    cases.rehabilitation_end(
        actor=manager, decision=decision, date=ended, reason="", interrupted=False
    )
    return decision


@pytest.fixture
def fixed_organisation(manager):
    """Four ended rehabilitations of 2025: two consenting (one complete, one without its
    end measure), one never asked, one withdrawn; and one of 2024."""
    grip = services.measure_add(
        actor=manager,
        service="yksilokuntoutus",
        name="Puristusvoima",
        minimum=Decimal(0),
        maximum=Decimal(100),
        scale="kg",
    )
    complete, partial, never, withdrawn = (ended_case(manager, number=n) for n in range(1, 5))
    older = ended_case(manager, number=5, ended=dt.date(2024, 12, 20))
    for decision in (complete, partial, withdrawn, older):
        services.consent_record(actor=manager, decision=decision, given_on=RECEIVED)
        services.gas_goal_set(
            actor=manager, decision=decision, set_on=RECEIVED, text="Kävelee kauppaan itsenäisesti"
        )
        services.measure_result_record(
            actor=manager,
            decision=decision,
            measure=grip,
            phase="start",
            value=Decimal("21.5"),
            measured_on=RECEIVED,
        )
    goal = complete.gas_goals.get()
    services.gas_goal_rate(actor=manager, goal=goal, rating=1, rated_on=ENDED)
    services.measure_result_record(
        actor=manager,
        decision=complete,
        measure=grip,
        phase="end",
        value=Decimal(30),
        measured_on=ENDED,
    )
    services.consent_withdraw(actor=manager, decision=withdrawn, withdrawn_on=ENDED)
    return {
        "complete": complete,
        "partial": partial,
        "never": never,
        "withdrawn": withdrawn,
        "measure": grip,
    }


def delivered(client, year, fmt):
    """The delivery file as a manager gets it: asked for, made in the background (inline in
    the tests), then downloaded from the job's page."""
    started = client.post(reverse("outcomes:outcome_delivery", args=[year, fmt]))
    if started.status_code != 302:
        return started
    job = started["Location"].rstrip("/").rsplit("/", 1)[1]
    return client.get(f"/jobs/{job}/result/")


def test_the_delivery_file_matches_the_golden_file(as_manager, fixed_organisation):
    body = delivered(as_manager, 2025, "csv").content.decode()
    expected = (
        GOLDEN.read_bytes()
        .decode("utf-8")
        .format(  # byte for byte: BOM and CRLF too
            complete=case_reference(fixed_organisation["complete"]),
            partial=case_reference(fixed_organisation["partial"]),
        )
    )
    assert body == expected


def test_no_client_without_consent_in_force_is_ever_delivered(as_manager, fixed_organisation):
    body = delivered(as_manager, 2025, "csv").content.decode()
    for name in ("never", "withdrawn"):
        assert case_reference(fixed_organisation[name]) not in body
    book = load_workbook(io.BytesIO(delivered(as_manager, 2025, "xlsx").content))
    refs = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert refs == {
        case_reference(fixed_organisation["complete"]),
        case_reference(fixed_organisation["partial"]),
    }


def test_completeness_says_what_is_missing(manager, fixed_organisation):
    assert decision_outcomes(fixed_organisation["complete"]).missing == []
    assert decision_outcomes(fixed_organisation["partial"]).missing == [
        "arvio tavoitteesta 1",
        "Puristusvoima lopussa",
    ]
    assert decision_outcomes(fixed_organisation["never"]).missing == [
        "kirjallinen tutkimussuostumus",
        "GAS-tavoitteet",
        "Puristusvoima alussa",
        "Puristusvoima lopussa",
    ]
    overview = outcomes_overview(manager, year=2025)
    assert (overview.ended, overview.consenting, overview.complete) == (4, 2, 1)


def test_values_out_of_range_are_refused_on_their_field(manager, fixed_organisation):
    decision, goal = fixed_organisation["partial"], fixed_organisation["partial"].gas_goals.get()
    with pytest.raises(ValidationError) as error:
        services.gas_goal_rate(actor=manager, goal=goal, rating=3, rated_on=ENDED)
    assert error.value.message_dict == {"rating": ["Väliltä -2 … +2."]}
    with pytest.raises(ValidationError) as error:
        services.measure_result_record(
            actor=manager,
            decision=decision,
            measure=fixed_organisation["measure"],
            phase="end",
            value=Decimal(101),
            measured_on=ENDED,
        )
    assert error.value.message_dict == {"value": ["Puristusvoima on välillä 0–100."]}
    goal.refresh_from_db()
    assert goal.rating is None and decision.measure_results.count() == 1


def test_the_page_records_a_goal_and_refuses_an_empty_one(as_manager, fixed_organisation):
    decision = fixed_organisation["never"]
    url = reverse("outcomes:decision_outcomes", args=[decision.pk])
    response = as_manager.post(url, {"action": "goal", "text": " ", "set_on": "2025-01-15"})
    assert response.status_code == 400 and "GAS-tavoite:" in response.content.decode()
    as_manager.post(url, {"action": "goal", "text": "Palaa työhön", "set_on": "2025-01-15"})
    assert [g.text for g in decision.gas_goals.all()] == ["Palaa työhön"]


def test_the_summary_pdf_counts_without_names(as_manager, fixed_organisation):
    response = delivered(as_manager, 2025, "pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Tuloksellisuustiedot 2025" in text and "Tulos1" not in text
    assert "Päättyneet kuntoutukset 4" in text.replace("\n", " ")


def test_the_delivery_is_in_the_work_queue_from_february_until_marked(
    as_manager, manager, fixed_organisation
):
    assert delivery_reminders(manager, on=dt.date(2026, 1, 31)) == []
    [item] = delivery_reminders(manager, on=dt.date(2026, 2, 1))
    assert item.due == dt.date(2026, 3, 31) and not item.overdue
    assert delivery_reminders(manager, on=dt.date(2026, 4, 1))[0].overdue
    as_manager.post(reverse("outcomes:outcome_delivered", args=[2025]))
    assert Delivery.objects.get().clients == 2
    assert delivery_reminders(manager, on=dt.date(2026, 2, 1)) == []


def test_another_organisation_and_coaches_cannot_read_outcome_data(
    client, coach, outsider, fixed_organisation
):
    client.force_login(outsider)
    url = reverse("outcomes:decision_outcomes", args=[fixed_organisation["complete"].pk])
    assert client.get(url).status_code == 404
    body = delivered(client, 2025, "csv").content.decode()
    assert body.count("\n") == 1  # the header only
    client.force_login(coach)
    assert delivered(client, 2025, "csv").status_code == 404
    assert client.get(reverse("outcomes:measures")).status_code == 404


def test_each_client_in_the_delivery_file_has_the_export_in_their_own_log(
    as_manager, fixed_organisation
):
    from vahti.audit.models import AccessRecord

    delivered(as_manager, 2025, "csv")
    exported = set(AccessRecord.objects.filter(what="export").values_list("client_id", flat=True))
    in_file = {fixed_organisation[name].client_id for name in ("complete", "partial")}
    assert exported == in_file
    for name in ("never", "withdrawn"):  # not in the file: nothing in their log about it
        assert fixed_organisation[name].client_id not in exported


def test_the_outcome_page_logs_each_client_it_names_and_the_reports_page_names_none(
    as_manager, fixed_organisation
):
    from vahti.audit.models import AccessRecord

    page = as_manager.get(reverse("outcomes:year_overview", args=[2025]))
    named = {item.client_id for item in page.context["outcomes"].incomplete}
    assert named and named == set(
        AccessRecord.objects.filter(
            what="client_list", detail="tuloksellisuustiedot 2025"
        ).values_list("client_id", flat=True)
    )
    reports = as_manager.get(reverse("reporting:reports"), {"year": 2025})
    assert reports.context["outcomes"].incomplete == []
    assert reports.context["outcomes"].incomplete_count == len(named)


def test_outcome_data_belong_to_the_year_of_each_measurement(as_manager, manager):
    """kela.fi: delivered by the end of March after each measurement; a start measurement
    travels with its end measurement. A rehabilitation running over two years delivers its
    start of 2024 and end of 2025 in 2025's file, not in 2024's."""
    grip = services.measure_add(
        actor=manager,
        service="yksilokuntoutus",
        name="Puristusvoima",
        minimum=Decimal(0),
        maximum=Decimal(100),
        scale="kg",
    )
    client = cases.client_admit(
        actor=manager,
        client={
            "first_name": "Testi",
            "last_name": "Kahdenvuoden",
            "identity_code": demo_identity_code(7, 3, 1979, 950),
        },
        decision={
            "service": "yksilokuntoutus",
            "decided_on": dt.date(2024, 10, 1),
            "received_on": dt.date(2024, 10, 3),
        },
    )
    decision = client.current_decision
    services.consent_record(actor=manager, decision=decision, given_on=dt.date(2024, 10, 10))
    for phase, value, day in (
        ("start", "20", dt.date(2024, 11, 4)),
        ("end", "26", dt.date(2025, 3, 2)),
    ):
        services.measure_result_record(
            actor=manager,
            decision=decision,
            measure=grip,
            phase=phase,
            value=Decimal(value),
            measured_on=day,
        )
    reference = case_reference(decision)

    def rows_of(year):
        body = delivered(as_manager, year, "csv")
        return [line for line in body.content.decode().splitlines() if reference in line]

    assert rows_of(2024) == []
    rows = rows_of(2025)
    assert [row.split(";")[9:11] for row in rows] == [["alku", "20"], ["loppu", "26"]]


def test_the_gas_scale_is_a_parameter_and_a_rating_outside_it_is_refused(
    manager, fixed_organisation
):
    from vahti.rules.evaluate import default_evaluator

    assert default_evaluator().gas_scale(ENDED) == (-2, 2)
    goal = fixed_organisation["partial"].gas_goals.get()
    with pytest.raises(ValidationError) as error:
        services.gas_goal_rate(actor=manager, goal=goal, rating=3, rated_on=ENDED)
    assert error.value.message_dict["rating"] == ["Väliltä -2 … +2."]
