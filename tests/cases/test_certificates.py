"""Participation certificates: what Kela requires is in the PDF; changed facts call for a new one;
an issued version downloads unchanged; certificate.* errors block issuing."""

import copy
import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from tests.factories import admit, new_code
from vahti.cases import services
from vahti.cases.models import DecisionStatus
from vahti.cases.selectors import certificate_changes, certificate_facts, decision_result
from vahti.core.dates import day_ranges, fi_date, today


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def case(coach):
    client = admit(coach)
    decision = client.current_decision
    monday = today() - dt.timedelta(days=today().weekday() + 14)
    entries = [
        {
            "kind": "day",
            "date": monday + dt.timedelta(days=n),
            "hours": 6,
            "programme_hours": 5,
            "travel_hours": 1,
            "mode": "onsite",
        }
        for n in range(4)
    ]
    entries.append(
        {
            "kind": "day",
            "date": monday + dt.timedelta(days=4),
            "hours": 3,
            "programme_hours": 3,
            "mode": "workplace",
            "flex": True,
            "flex_reason": "Osa-aikatyö iltapäivisin",
        }
    )
    services.week_save(actor=coach, decision=decision, monday=monday, entries=entries)
    services.break_add(
        actor=coach,
        decision=decision,
        start=monday + dt.timedelta(days=7),
        end=monday + dt.timedelta(days=9),
        reason="illness",
    )
    return decision


def test_the_pdf_states_everything_kela_requires(case, coach):
    certificate = services.certificate_issue(actor=coach, decision=case)
    text = text_of(bytes(certificate.pdf))
    client, organisation = case.client, case.client.organisation
    for required in [
        "Osallistumistodistus",
        "Kuntoutusrahaa varten",
        client.first_name,
        client.last_name,
        client.identity_code,
        organisation.name,
        organisation.business_id,
        "TEAK – työhönvalmennus",
        "Alkamispäivä",
        "Päättymispäivä",
        "Toteutuneet päivät",
        "Suunnitellut päivät",
        "sairaus",
        "Osa-aikatyö iltapäivisin",
    ]:
        assert required in text, required
    assert certificate.version == 1 and case.events.filter(type="certificate_issued").exists()
    assert certificate.pdf_sha256 == hashlib.sha256(bytes(certificate.pdf)).hexdigest()


def test_changing_a_stated_day_flags_reissue_until_a_new_one_is_issued(case, coach, client):
    first = services.certificate_issue(actor=coach, decision=case)
    status = DecisionStatus.objects.get(decision=case)
    assert not status.certificate_stale
    day = case.days.order_by("date").first()
    monday = day.date - dt.timedelta(days=day.date.weekday())
    services.week_save(
        actor=coach,
        decision=case,
        monday=monday,
        entries=[
            {"kind": "day", "date": monday, "hours": 6, "programme_hours": 5, "mode": "onsite"}
        ],
    )
    assert DecisionStatus.objects.get(decision=case).certificate_stale
    client.force_login(coach)
    page = client.get(reverse("cases:client", args=[case.client_id])).content.decode()
    assert 'data-rule="certificate.reissue"' in page
    # The finding says what changed since the issued version, in words.
    removed = [monday + dt.timedelta(days=n) for n in range(1, 5)]
    assert (
        f"Muuttunut version 1 ({fi_date(first.issued_on)}) jälkeen: päivät: poistettu "
        f"{day_ranges(removed)}; joustopäivät: poistettu {fi_date(removed[-1])}."
    ) in page
    second = services.certificate_issue(actor=coach, decision=case)
    assert second.version == 2 and not DecisionStatus.objects.get(decision=case).certificate_stale
    page = client.get(reverse("cases:client", args=[case.client_id])).content.decode()
    assert 'data-rule="certificate.reissue"' not in page
    old = client.get(reverse("cases:certificate_download", args=[case.pk, 1]))
    assert old.status_code == 200 and old.content == bytes(first.pdf)
    assert hashlib.sha256(old.content).hexdigest() == first.pdf_sha256


def test_a_planned_day_becoming_realised_is_not_a_change(case, coach):
    certificate = services.certificate_issue(actor=coach, decision=case)
    from vahti.cases.selectors import certificate_facts, decision_result, facts_hash

    later = certificate_facts(
        case, decision_result(case), issued_on=today() + dt.timedelta(days=30)
    )
    assert facts_hash(later) == certificate.facts_hash


def test_certificate_errors_block_issuing_and_say_why(case, coach, client):
    services.break_add(
        actor=coach,
        decision=case,
        start=today() - dt.timedelta(days=2),
        end=today() - dt.timedelta(days=1),
        reason="",
    )
    with pytest.raises(ValidationError) as caught:
        services.certificate_issue(actor=coach, decision=case)
    assert "syytä" in caught.value.messages[0] and not case.certificates.exists()
    client.force_login(coach)
    response = client.post(reverse("cases:certificate_issue", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0].endswith("#certificates")
    # The refusal shows in the certificates section, beside the button, not at the top.
    page = response.content.decode()
    section = page.split('id="certificates"')[1].split("</section>")[0]
    assert "Todistusta ei voi antaa" in section
    assert "Todistusta ei voi antaa" not in page.split('id="certificates"')[0]


def test_another_organisation_cannot_download(case, coach, outsider, client):
    services.certificate_issue(actor=coach, decision=case)
    client.force_login(outsider)
    assert client.get(reverse("cases:certificate_download", args=[case.pk, 1])).status_code == 404


def test_names_in_latin_letters_of_any_language_reach_the_certificate(coach):
    client = services.client_admit(
        actor=coach,
        client={
            "first_name": "Łukasz Ðorđe",
            "last_name": "Šťastný-Ærø",
            "identity_code": new_code(),
            "coaches": [coach],
        },
        decision={"service": "teak.tyohonvalmennus", "decided_on": today(), "received_on": today()},
    )
    certificate = services.certificate_issue(actor=coach, decision=client.current_decision)
    assert "Łukasz Ðorđe Šťastný-Ærø" in text_of(bytes(certificate.pdf))


@pytest.mark.parametrize("name", ["Дмитрий", "王芳", "محمد", "Ἀλέξανδρος", "Anna 🙂"])
def test_a_name_the_certificate_cannot_show_is_refused_on_its_field_never_left_blank(coach, name):
    with pytest.raises(ValidationError) as refused:
        services.client_admit(
            actor=coach,
            client={
                "first_name": name,
                "last_name": "Testi",
                "identity_code": new_code(),
                "coaches": [coach],
            },
            decision={
                "service": "teak.tyohonvalmennus",
                "decided_on": today(),
                "received_on": today(),
            },
        )
    assert "first_name" in refused.value.message_dict
    assert "latinalaisin kirjaimin" in refused.value.message_dict["first_name"][0]


def test_a_justification_the_certificate_cannot_show_refuses_issuing_with_the_reason(case, coach):
    decision = case
    day = decision.days.get(flex=True)
    day.flex, day.flex_reason = True, "王"
    day.save()
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(actor=coach, decision=decision)
    assert "王" in refused.value.messages[0]
    assert not decision.certificates.exists()


def test_the_changes_name_breaks_absences_dates_and_people_in_words(case):
    stated = certificate_facts(case, decision_result(case), issued_on=today())
    now = copy.deepcopy(stated)
    now["breaks"][0]["to"] = stated["breaks"][0]["from"]  # the break now ends the day it began
    now["absences"].append({"date": "2026-11-02", "reason_code": "sick", "reason": "sairaus"})
    now["end"] = "2026-11-20"
    now["client"]["name"] = "Toinen Nimi"
    with translation.override("fi"):
        changes = certificate_changes(stated, now)
    start = fi_date(stated["breaks"][0]["from"])
    assert changes == [
        f"tauot: muutettu {start}–{start}",
        "poissaolot: lisätty 2.11.2026",
        "päättymispäivä: – → 20.11.2026",
        "asiakkaan nimi tai henkilötunnus",
    ]
    assert certificate_changes(stated, copy.deepcopy(stated)) == []
