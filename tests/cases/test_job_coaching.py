"""Kela's 2025 job coaching in the workspace: the employer on the decision and the certificate,
the meeting and workplace-day counters with their caps, and the work try-out refused in words."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import admit, days_recorded
from vahti.cases import services
from vahti.cases.forms import DecisionForm
from vahti.cases.models import Decision
from vahti.core.dates import today

EMPLOYER = {"employer_name": "Esimerkkityö Oy", "employer_business_id": "1234567-1"}


def decision_data(**changes) -> dict:
    received = today() - dt.timedelta(days=10)
    return {
        "service": "tyohonvalmennus",
        "decided_on": (received - dt.timedelta(days=2)).isoformat(),
        "received_on": received.isoformat(),
        "sequence": 1,
        **EMPLOYER,
        **changes,
    }


@pytest.fixture
def coaching(coach):
    client = admit(coach, service="tyohonvalmennus", **EMPLOYER)
    decision = client.current_decision
    monday = days_recorded(coach, decision, count=3, hours=7)
    for n in range(2):
        services.event_add(
            actor=coach, decision=decision, type="meeting", date=monday + dt.timedelta(days=n * 7)
        )
    return decision


def test_the_work_try_out_is_offered_but_refused_in_words_on_its_field(db):
    form = DecisionForm(data=decision_data(service="tyokokeilu"))
    label = dict(form.fields["service"].choices)["tyokokeilu"]
    assert "ei vielä tuettu: palvelukuvaus puuttuu" in label
    assert not form.is_valid()
    assert form.errors["service"] == ["Ei vielä tuettu: palvelukuvaus puuttuu."]


def test_the_service_refuses_a_work_try_out_decision_and_saves_nothing(coach):
    before = Decision.objects.count()
    with pytest.raises(ValidationError) as refused:
        admit(coach, service="tyokokeilu")
    assert "service" in refused.value.message_dict
    assert Decision.objects.count() == before


def test_job_coaching_needs_the_employer_and_a_valid_business_id(db):
    form = DecisionForm(data=decision_data(employer_name="", employer_business_id=""))
    assert not form.is_valid()
    assert form.errors["employer_name"] == [
        "Anna työnantaja: tässä palvelussa asiakas on palkkatyössä."
    ]
    form = DecisionForm(data=decision_data(employer_business_id="1234567-2"))
    assert not form.is_valid()
    assert form.errors["employer_business_id"] == ["Y-tunnus 1234567-2 ei ole kelvollinen."]
    form = DecisionForm(data=decision_data(employer_business_id="12345671"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["employer_business_id"] == "1234567-1"


def test_another_line_needs_no_employer(db):
    form = DecisionForm(
        data=decision_data(service="teak.tyokokeilu", employer_name="", employer_business_id="")
    )
    assert form.is_valid(), form.errors


def test_the_client_page_counts_meetings_and_workplace_days_against_their_caps(coaching, logged_in):
    page = logged_in.get(reverse("cases:client", args=[coaching.client_id])).content.decode()
    assert "Tapaamiset valmentajan kanssa" in page and "2 / enintään 25" in page
    assert "Kuntoutuspäivät työpaikalla" in page and "3 / enintään 95" in page
    assert "Esimerkkityö Oy (1234567-1)" in page
    # No TEAK deadline is borrowed: the only deadline is the 13 months.
    assert "Ennakkoyhteydenotto" not in page and "Kokonaiskesto" in page


def test_a_count_over_its_cap_is_marked(coaching, coach, logged_in):
    for _n in range(24):
        services.event_add(
            actor=coach, decision=coaching, type="meeting", date=today() - dt.timedelta(days=1)
        )
    page = logged_in.get(reverse("cases:client", args=[coaching.client_id])).content.decode()
    assert '<dd class="over">' in page and "26 / enintään 25" in page


def test_the_certificate_names_the_employer_and_who_is_paid(coaching, coach):
    certificate = services.certificate_issue(actor=coach, decision=coaching)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(certificate.pdf))).pages)
    assert "Työnantaja" in text and "Esimerkkityö Oy (1234567-1)" in text
    assert "Kela maksaa kuntoutusrahan työnantajalle" in " ".join(text.split())


def test_a_changed_employer_makes_the_issued_certificate_out_of_date(coaching, coach, logged_in):
    services.certificate_issue(actor=coach, decision=coaching)
    services.decision_update(actor=coach, decision=coaching, employer_name="Toinen Oy")
    page = logged_in.get(reverse("cases:client", args=[coaching.client_id])).content.decode()
    assert "jälkeen: työnantaja." in page


def test_a_refused_work_try_out_decision_says_so_above_the_form_and_on_its_field(
    coaching, logged_in
):
    response = logged_in.post(
        reverse("cases:decision_edit", args=[coaching.pk]), decision_data(service="tyokokeilu")
    )
    page = response.content.decode()
    assert "Ei tallennettu" in page  # the error summary
    assert "Ei vielä tuettu: palvelukuvaus puuttuu." in page
    coaching.refresh_from_db()
    assert coaching.service == "tyohonvalmennus"
