"""Rehabilitation feedback: a draft per service filled from the case, recipients by consent, PDF,
and sending it meets the feedback deadline."""

import datetime as dt
import io

from django.urls import reverse
from pypdf import PdfReader

from tests.factories import admit, version
from vahti.cases import services
from vahti.cases.selectors import decision_result
from vahti.core.dates import today


def ended_case(coach, service="teak.tyohonvalmennus"):
    received = today() - dt.timedelta(days=40)
    decision = admit(coach, service=service, received_on=received).current_decision
    monday = today() - dt.timedelta(days=today().weekday() + 7)  # ended last week: due ahead
    services.week_save(
        actor=coach,
        decision=decision,
        monday=monday,
        entries=[
            {
                "kind": "day",
                "date": monday + dt.timedelta(days=n),
                "hours": 6,
                "programme_hours": 5,
                "mode": "onsite",
            }
            for n in range(5)
        ],
    )
    services.event_add(
        actor=coach, decision=decision, type="end", date=monday + dt.timedelta(days=4)
    )
    return decision


def form_data(decision, sections, **extra):
    return {
        **{f"section_{key}": text for key, text in sections.items()},
        "version": version(decision),
        **extra,
    }


def test_the_draft_is_prefilled_from_the_case_and_saved(client, coach):
    decision = ended_case(coach)
    client.force_login(coach)
    page = client.get(reverse("feedback:feedback", args=[decision.pk])).content.decode()
    assert "5 kuntoutuspäivää" in page and "Jatkosuunnitelma ja suositukset" in page
    client.post(
        reverse("feedback:feedback", args=[decision.pk]),
        form_data(decision, {"goals": "Työhön paluu", "plan": "Työkokeilu jatkuu"}),
    )
    assert decision.feedback.sections["plan"] == "Työkokeilu jatkuu"


def test_ku_148_sections_for_individual_rehabilitation(client, coach):
    decision = admit(coach, service="yksilokuntoutus").current_decision
    client.force_login(coach)
    page = client.get(reverse("feedback:feedback", args=[decision.pk])).content.decode()
    assert "Kuntoutuksen tavoitteet (GAS)" in page


def test_recipients_need_recorded_consent(client, coach):
    decision = ended_case(coach)
    client.force_login(coach)
    url = reverse("feedback:feedback", args=[decision.pk])
    client.post(url, form_data(decision, {}, treating_party="Terveysasema"))
    pdf = client.get(reverse("feedback:feedback_pdf", args=[decision.pk])).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Asiakas" in text and "Kela" in text and "Terveysasema" not in text
    client.post(
        url, form_data(decision, {}, treating_party="Terveysasema", consent_treating_party="on")
    )
    pdf = client.get(reverse("feedback:feedback_pdf", args=[decision.pk])).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Hoitava taho: Terveysasema (asiakkaan suostumuksella)" in text
    client_name = decision.client.last_name
    assert client_name in text and decision.client.identity_code in text
    assert "Kuntoutuspalaute" in text and "Kuntoutuksen toteutuminen" in text
    # Who answers for it: the writer (the last to save) and the client's coaches, by name.
    assert f"Palautteen laatija {coach.get_full_name()}" in text
    assert f"Valmentajat {coach.get_full_name()}" in text


def test_consent_without_a_recipient_is_refused(client, coach):
    decision = ended_case(coach)
    client.force_login(coach)
    page = client.post(
        reverse("feedback:feedback", args=[decision.pk]),
        form_data(decision, {}, consent_network="on"),
    ).content.decode()
    assert "Nimeä vastaanottaja" in page


def test_sending_the_feedback_meets_the_deadline(client, coach):
    decision = ended_case(coach)
    deadline = [d for d in decision_result(decision).deadlines if d.rule == "teak.feedback"][0]
    assert deadline.status == "open"
    client.force_login(coach)
    client.post(
        reverse("feedback:feedback", args=[decision.pk]),
        form_data(decision, {"goals": "x"}, send="1"),
    )
    deadline = [d for d in decision_result(decision).deadlines if d.rule == "teak.feedback"][0]
    assert deadline.status == "met" and decision.feedback.sent_on == today()


def test_feedback_follows_the_organisation_boundary(client, coach, outsider):
    decision = ended_case(coach)
    client.force_login(outsider)
    assert client.get(reverse("feedback:feedback", args=[decision.pk])).status_code == 404
    assert client.get(reverse("feedback:feedback_pdf", args=[decision.pk])).status_code == 404
    assert (
        client.post(
            reverse("feedback:feedback_send_correct", args=[decision.pk]),
            {"reason": "toisen organisaation korjaus"},
        ).status_code
        == 404
    )


def test_feedback_cannot_be_sent_before_the_rehabilitation_has_ended(client, coach):
    decision = admit(coach).current_decision
    client.force_login(coach)
    response = client.post(
        reverse("feedback:feedback", args=[decision.pk]),
        form_data(decision, {"goals": "Kesken"}, send="1"),
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("#send")
    beside_the_button = response.content.decode().split('id="send"')[1]
    assert "Palautteen voi lähettää, kun kuntoutus on päättynyt" in beside_the_button
    assert decision.feedback.sections["goals"] == "Kesken"  # the text was kept
    assert decision.feedback.sent_on is None
    assert not decision.events.filter(type="feedback_sent").exists()


def test_sent_by_mistake_is_corrected_with_a_reason_and_the_deadline_opens_again(client, coach):
    decision = ended_case(coach)
    client.force_login(coach)
    client.post(
        reverse("feedback:feedback", args=[decision.pk]),
        form_data(decision, {"goals": "x"}, send="1"),
    )
    url = reverse("feedback:feedback_send_correct", args=[decision.pk])
    # Without a reason nothing changes, and the refusal shows beside the form.
    response = client.post(url, {"reason": "vahinko", "version": version(decision)}, follow=True)
    assert "vähintään 10 merkkiä" in response.content.decode().split('id="send"')[1]
    decision.feedback.refresh_from_db()
    assert decision.feedback.sent_on == today()
    response = client.post(
        url,
        {"reason": "Painettu väärää nappia, ei lähetetty Kelaan", "version": version(decision)},
        follow=True,
    )
    assert "Korjattu: palautetta ei ole lähetetty" in response.content.decode()
    decision.feedback.refresh_from_db()
    assert decision.feedback.sent_on is None and decision.feedback.sections["goals"] == "x"
    assert not decision.events.filter(type="feedback_sent").exists()
    deadline = [d for d in decision_result(decision).deadlines if d.rule == "teak.feedback"][0]
    assert deadline.status == "open"
    reasons = [h.history_change_reason for h in decision.feedback.history.all()]
    assert "Korjaus: Painettu väärää nappia, ei lähetetty Kelaan" in reasons
    # Nothing left to correct: a second correction is refused.
    response = client.post(
        url,
        {"reason": "Painettu väärää nappia, ei lähetetty Kelaan", "version": version(decision)},
        follow=True,
    )
    assert "Palautetta ei ole merkitty lähetetyksi." in response.content.decode()
