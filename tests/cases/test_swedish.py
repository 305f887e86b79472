"""Swedish (issue 25): a client's language of service chooses the language of the documents made
for them — the participation certificate, the feedback and the notices to FPA, in FPA's own
words — and a user's language chooses the interface."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import admit, version
from tests.feedback.test_feedback import ended_case
from vahti.cases import services
from vahti.notices.services import notice_create

# Finnish words a Swedish document must not have (the test organisation's name aside).
FINNISH_WORDS = re.compile(
    r"\b(?:Kuntoutu\w*(?! Oy)|Henkilötunnus|Palveluntuottaja|päätös|Kelan?|klo|ma–pe)\b"
)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def swedish(coach):
    decision = ended_case(coach)
    services.client_update(actor=coach, client=decision.client, language="sv")
    decision.client.refresh_from_db()
    return decision


def test_the_certificate_of_a_swedish_speaking_client_is_in_swedish(swedish, coach):
    certificate = services.certificate_issue(actor=coach, decision=swedish)
    text = text_of(bytes(certificate.pdf))
    for words in (
        "Deltagarintyg",
        "För rehabiliteringspenning",
        "Rehabiliteringsklient",
        "Personbeteckning",
        "Intygets utfärdare",
        "Serviceproducent",
        "TEAK – arbetsträning",
        "FPA:s beslut",
        "Genomförda dagar",
        "Inga pauser.",
        "Ort och datum",
    ):
        assert words in text, words
    assert FINNISH_WORDS.findall(text) == []
    # Dates as Swedish in Finland writes them, never ISO.
    assert re.search(r"\b\d{1,2}\.\d{1,2}\.20\d\d\b", text)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)


def test_a_finnish_speaking_clients_certificate_stays_finnish_and_its_facts_unchanged(coach):
    decision = ended_case(coach)
    certificate = services.certificate_issue(actor=coach, decision=decision)
    assert "language" not in certificate.facts  # the facts of every earlier certificate hold
    assert "Osallistumistodistus" in text_of(bytes(certificate.pdf))


def test_changing_the_language_of_service_makes_the_certificate_out_of_date(swedish, coach, client):
    services.certificate_issue(actor=coach, decision=swedish)
    services.client_update(actor=coach, client=swedish.client, language="fi")
    client.force_login(coach)
    page = client.get(reverse("cases:client", args=[swedish.client_id])).content.decode()
    assert "jälkeen: asiointikieli." in page


def test_the_feedback_of_a_swedish_speaking_client_is_in_swedish(swedish, coach, client):
    client.force_login(coach)
    page = client.get(reverse("feedback:feedback", args=[swedish.pk])).content.decode()
    assert "5 rehabiliteringsdagar" in page and 'lang="sv"' in page  # prefilled in Swedish
    client.post(
        reverse("feedback:feedback", args=[swedish.pk]),
        {"section_goals": "Återgång i arbete", "version": version(swedish)},
    )
    text = text_of(client.get(reverse("feedback:feedback_pdf", args=[swedish.pk])).content)
    for words in ("Rehabiliteringsrespons", "Utarbetad", "Fortsatt plan", "Mottagare", "FPA"):
        assert words in text, words
    assert FINNISH_WORDS.findall(text) == []


@pytest.mark.parametrize("kind", ["change", "interrupted"])
def test_a_notice_about_a_swedish_speaking_client_is_in_swedish(swedish, coach, kind):
    notice = notice_create(actor=coach, decision=swedish, kind=kind)
    assert notice.subject.startswith("Anmälan: ")
    assert notice.body.startswith("Hej,")
    assert "Personbeteckning" not in notice.body and "personbeteckning" in notice.body
    assert "FPA kan inte ändra eller dra in ett beslut" in notice.body
    assert FINNISH_WORDS.findall(notice.body) == [], notice.body


def test_the_interface_follows_the_users_language_not_the_clients(swedish, coach, client):
    client.force_login(coach)
    client.cookies["django_language"] = "sv"
    page = client.get(reverse("cases:client", args=[swedish.client_id])).content.decode()
    assert "Tidsfrister" in page and "Rehabiliteringspenningsdagar" in page
    assert "<dt>Språk för service</dt><dd>svenska</dd>" in page
    client.cookies["django_language"] = "fi"
    page = client.get(reverse("cases:client", args=[swedish.client_id])).content.decode()
    assert "Määräajat" in page


def test_a_new_client_is_served_in_finnish_unless_swedish_is_chosen(coach):
    assert admit(coach).language == "fi"


def test_the_client_form_records_the_language_of_service(coach, client):
    decision = admit(coach).current_decision
    client.force_login(coach)
    response = client.post(
        reverse("cases:client_edit", args=[decision.client_id]),
        {"first_name": "Testi", "last_name": "Svensk", "language": "sv"},
    )
    assert response.status_code == 302
    decision.client.refresh_from_db()
    assert decision.client.language == "sv"
    assert decision.received_on <= dt.date.today()
