"""Notices to Kela: routed from the parameter file, no name or henkilötunnus in any subject,
the body holds what Kela needs, and marking one sent clears the finding it answers."""

import datetime as dt
import email
import email.policy

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import admit
from vahti.cases import services
from vahti.cases.selectors import decision_result
from vahti.core.dates import today
from vahti.core.identity import demo_identity_code
from vahti.notices.drafts import notice_draft
from vahti.notices.models import Notice
from vahti.notices.services import notice_create

GOLDEN = {
    "queue": (
        "kuntoutusetuudet_keskus@kela.fi",
        "Ilmoitus: kuntoutusta ei voida aloittaa määräajassa – asiaviite V-",
        "emme pysty aloittamaan kuntoutusta määräajassa",
    ),
    "postponement": (
        "kumppanit.neuvonta@kela.fi",
        "Ilmoitus: kuntoutuksen aloituksen siirto – asiaviite V-",
        "viranomaislinja 020 692 235",
    ),
    "interruption": (
        "kumppanit.neuvonta@kela.fi",
        "Ilmoitus: kuntoutus uhkaa keskeytyä – asiaviite V-",
        "ilmoittamaan asiasta myös itse Kelalle",
    ),
    "change": (
        "kumppanit.neuvonta@kela.fi",
        "Ilmoitus: muutos asiakkaan kuntoutuksessa – asiaviite V-",
        "Poissaolo",
    ),
    "holiday_period": (
        "kuntoutuspalvelut_muutokset@kela.fi",
        "Ilmoitus: jakson muutos loma-ajan vuoksi – asiaviite V-",
        "Tauko",
    ),
}


@pytest.fixture
def late_case(coach):
    decision = admit(coach, received_on=today() - dt.timedelta(days=60)).current_decision
    services.event_add(
        actor=coach,
        decision=decision,
        type="precontact",
        date=decision.received_on + dt.timedelta(days=3),
    )
    return decision


@pytest.mark.parametrize("kind", sorted(GOLDEN))
def test_each_client_notice_is_routed_and_says_what_kela_needs(late_case, coach, kind):
    monday = today() - dt.timedelta(days=today().weekday() + 7)
    services.week_save(
        actor=coach,
        decision=late_case,
        monday=monday,
        entries=[{"kind": "absence", "date": monday, "reason": "other"}],
    )
    services.break_add(
        actor=coach,
        decision=late_case,
        start=monday + dt.timedelta(days=1),
        end=monday + dt.timedelta(days=4),
        reason="client_holiday",
    )
    notice = notice_create(actor=coach, decision=late_case, kind=kind, details="Lisätieto Kelalle.")
    address, subject, body_line = GOLDEN[kind]
    client = late_case.client
    assert notice.to_address == address
    assert notice.subject == f"{subject}{late_case.pk:06d}"
    for needed in (
        body_line,
        client.first_name,
        client.last_name,
        client.identity_code,
        client.organisation.name,
        "Lisätieto Kelalle.",
        "TEAK – työhönvalmennus",
    ):
        assert needed in notice.body, needed


def test_a_staff_change_goes_to_registration(manager):
    notice = notice_create(
        actor=manager, kind="staff_change", details="Uusi työhönvalmentaja aloittaa 1.12."
    )
    assert notice.to_address == "kuntoutus.rekisteroityminen@kela.fi"
    assert notice.subject == "Ilmoitus: henkilöstömuutos – Y-tunnus 1234567-1"


@pytest.fixture
def drafted(coach):
    decision = admit(coach).current_decision
    result = decision_result(decision)

    def draft(kind, first, last, code):
        client = decision.client
        client.first_name, client.last_name, client.identity_code = first, last, code
        return notice_draft(
            organisation=coach.organisation,
            kind=kind,
            on=today(),
            details=f"{first} {last} {code}",
            decision=decision,
            result=result,
        )

    return draft


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.text(min_size=1, max_size=20),
    last=st.text(min_size=1, max_size=20),
    number=st.integers(900, 999),
    kind=st.sampled_from(sorted(GOLDEN)),
)
def test_no_subject_ever_holds_a_name_or_identity_code(drafted, first, last, number, kind):
    """The subject does not depend on who the client is, and never shows the code."""
    code = demo_identity_code(1 + number % 28, 2, 1990, number)
    subject = drafted(kind, first, last, code)["subject"]
    assert (
        subject
        == drafted(kind, "Etunimi", "Sukunimi", demo_identity_code(1, 1, 1980, 999))["subject"]
    )
    assert code not in subject and code[:6] not in subject
    body = drafted(kind, first, last, code)["body"]
    assert code in body


def test_marking_a_queue_notice_sent_clears_the_queue_error(late_case, coach, client):
    assert any(f.rule == "teak.queue" for f in decision_result(late_case).findings)
    notice = notice_create(actor=coach, decision=late_case, kind="queue")
    client.force_login(coach)
    response = client.post(reverse("notices:notice_sent", args=[notice.pk]))
    assert response.status_code == 302
    assert late_case.events.filter(type="kela_notified", topic="queue").exists()
    assert not any(f.rule == "teak.queue" for f in decision_result(late_case).findings)
    assert Notice.objects.get(pk=notice.pk).sent_on == today()


def test_the_draft_downloads_as_eml(late_case, coach, client):
    notice = notice_create(actor=coach, decision=late_case, kind="queue")
    client.force_login(coach)
    response = client.get(reverse("notices:notice_eml", args=[notice.pk]))
    message = email.message_from_bytes(response.content, policy=email.policy.default)
    assert message["To"] == "kuntoutusetuudet_keskus@kela.fi"
    assert message["Subject"] == notice.subject
    assert late_case.client.identity_code in message.get_content()


def test_notices_follow_the_organisation_boundary(late_case, coach, outsider, client):
    notice = notice_create(actor=coach, decision=late_case, kind="queue")
    client.force_login(outsider)
    for name in ("notices:notice", "notices:notice_eml"):
        assert client.get(reverse(name, args=[notice.pk])).status_code == 404
    assert client.post(reverse("notices:notice_sent", args=[notice.pk])).status_code == 404
    assert client.get(reverse("notices:notice_new", args=[late_case.pk])).status_code == 404


def test_a_notice_is_drafted_from_the_client_page(late_case, coach, client):
    client.force_login(coach)
    response = client.post(
        reverse("notices:notice_new", args=[late_case.pk]),
        {"kind": "interruption", "details": "Asiakas ei ole tavoitettavissa."},
    )
    notice = Notice.objects.get()
    assert response.url == reverse("notices:notice", args=[notice.pk])
    page = client.get(response.url).content.decode()
    assert "Asiakas ei ole tavoitettavissa." in page


@pytest.mark.parametrize("kind", ["change", "interruption"])
def test_a_notice_of_a_change_or_interruption_reminds_to_guide_the_client_to_kela(
    late_case, coach, kind
):
    """notify.client_own_notice (003): Kela cannot act on the provider's notice alone."""
    body = notice_create(actor=coach, decision=late_case, kind=kind).body
    assert "ilmoittamaan asiasta myös itse Kelalle" in body
    assert "pelkän palveluntuottajan ilmoituksen perusteella" in body


@pytest.mark.parametrize("kind", ["queue", "holiday_period"])
def test_other_notices_carry_no_such_reminder(late_case, coach, kind):
    assert "myös itse Kelalle" not in notice_create(actor=coach, decision=late_case, kind=kind).body


def test_one_clients_matters_go_by_secure_e_mail_with_the_identity_in_the_body_only(
    late_case, coach
):
    notice = notice_create(actor=coach, decision=late_case, kind="change")
    code = late_case.client.identity_code
    assert notice.to_address == "kumppanit.neuvonta@kela.fi"
    assert code in notice.body and code not in notice.subject
    assert late_case.client.last_name not in notice.subject
