"""Drafts of notices to Kela, from the case data.

The subject never holds a name or a henkilötunnus (004: e-mail about one client goes by secure
e-mail and its subject is not protected); it carries the case reference instead. The body holds
what Kela needs to act, including the client's identity, for the secure e-mail.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from django.utils import translation

from vahti.cases.models import ABSENCE_LABELS, BREAK_LABELS, WORK_LABELS, Decision
from vahti.cases.selectors import case_reference
from vahti.core.dates import fi_date
from vahti.core.lines import service_name
from vahti.organisations.models import Organisation
from vahti.rules.evaluate import default_evaluator

from .models import Notice

TITLES = {
    "queue": "Ilmoitus: kuntoutusta ei voida aloittaa määräajassa",
    "postponement": "Ilmoitus: kuntoutuksen aloituksen siirto",
    "interruption": "Ilmoitus: kuntoutus uhkaa keskeytyä",
    "interrupted": "Ilmoitus: kuntoutus keskeytyi",
    "change": "Ilmoitus: muutos asiakkaan kuntoutuksessa",
    "holiday_period": "Ilmoitus: jakson muutos loma-ajan vuoksi",
    "staff_change": "Ilmoitus: henkilöstömuutos",
}
# The kela_notified topic a sent notice records (staff changes are not about one case).
EVENT_TOPICS = {
    "queue": "queue",
    "postponement": "postponement",
    "interruption": "interruption",
    "interrupted": "interruption",
    "change": "change",
    "holiday_period": "change",
}


# notify.client_own_notice (003 "Etuusohjauksen terveiset"): Kela cannot revise or end a decision
# on the provider's notice alone, so these notices remind the provider to guide the client.
CLIENT_OWN_NOTICE = ("change", "interruption", "interrupted")
CLIENT_MATTERS = "client_matters"


def route(kind: str, on: dt.date) -> tuple[str, str]:
    """(e-mail address, a line saying where the notice goes) from the parameters: one client's
    matters by secure e-mail with the authority line for calls (004), the rest by topic."""
    topic, address, phone = default_evaluator().notice_route(kind, on=on)
    if topic == CLIENT_MATTERS:
        return address, (
            f"Vastaanottaja: {address} (yhden asiakkaan asia, vain suojattuna "
            f"sähköpostina). Puhelimitse: viranomaislinja {phone}."
        )
    return address, f"Vastaanottaja: {address} (suojattu sähköposti)."


def _provider(organisation: Organisation) -> list[str]:
    contact = ", ".join(
        v for v in (organisation.address, organisation.phone, organisation.email) if v
    )
    return [
        f"Palveluntuottaja: {organisation.name} (Y-tunnus {organisation.business_id})",
        f"Yhteystiedot: {contact or '–'}",
    ]


def _case_lines(decision: Decision, kind: str, details: str, result) -> list[str]:
    client = decision.client
    lines = [
        f"Asiakas: {client.first_name} {client.last_name}, henkilötunnus {client.identity_code}",
        f"Palvelu: {service_name(decision.service, 'fi')}; "
        f"Kelan päätös {fi_date(decision.decided_on)}"
        f" (saapunut {fi_date(decision.received_on)})",
        f"Asiaviite: {case_reference(decision)}",
        "",
    ]
    deadlines = {d.rule: d for d in result.deadlines}
    case = result.case
    if kind == "queue":
        start_rule = default_evaluator().registry.family_of(decision.service).start_deadline
        start = deadlines.get(start_rule)
        if start is not None:
            lines.append(
                f"Kuntoutuksen aloituksen määräpäivä on {fi_date(start.due)}; emme pysty "
                "aloittamaan kuntoutusta määräajassa."
            )
    elif kind == "postponement":
        postponed = case.events_of("start_postponed")
        if postponed:
            lines.append(
                f"Aloitus siirtyy päivään {fi_date(postponed[-1].new_due)}. "
                f"Syy: {postponed[-1].reason or '–'}."
            )
    elif kind == "interrupted":
        end = case.first_event("end")
        if end is not None:
            lines.append(f"Kuntoutus keskeytyi. Viimeinen kuntoutuspäivä oli {fi_date(end.date)}.")
            lines.append(f"Keskeytymisen syy: {end.reason or 'ei kirjattu'}.")
        else:
            lines.append("Kuntoutus keskeytyi; päättymispäivää ei ole vielä kirjattu.")
    elif kind == "change":
        for absence in case.absences:
            reason = _label(ABSENCE_LABELS, absence.reason) or "ei kirjattu"
            lines.append(f"Poissaolo {fi_date(absence.date)} (syy: {reason}).")
        for work in case.work:
            lines.append(
                f"Työ kuntoutuksen ohella: {_label(WORK_LABELS, work.kind)} "
                f"{fi_date(work.start)}–{fi_date(work.to) if work.to else ''}."
            )
    elif kind == "holiday_period":
        for brk in case.breaks:
            reason = _label(BREAK_LABELS, brk.reason) or "–"
            lines.append(f"Tauko {fi_date(brk.start)}–{fi_date(brk.end)} (syy: {reason}).")
    return lines


def _label(labels: dict, value: str | None) -> str:
    """A vocabulary value as Finnish text (notices go to Kela in Finnish)."""
    if not value:
        return ""
    with translation.override("fi"):
        return str(labels.get(value, value))


def notice_draft(
    *,
    organisation: Organisation,
    kind: str,
    details: str,
    on: dt.date,
    decision: Decision | None = None,
    result=None,
) -> dict:
    """To, subject and body of a notice; ``result`` is the case's evaluation (decision notices)."""
    address, where = route(kind, on)
    reference = (
        f" – asiaviite {case_reference(decision)}"
        if decision
        else f" – Y-tunnus {organisation.business_id}"
    )
    subject = f"{TITLES[kind]}{reference}"
    lines = ["Hei,", "", f"{TITLES[kind]}.", ""]
    if decision is not None:
        lines += _case_lines(decision, kind, details, result)
    if details.strip():
        lines += ["", "Lisätiedot:", details.strip()]
    if decision is not None and kind in CLIENT_OWN_NOTICE:
        lines += [
            "",
            "Ohjaamme asiakasta ilmoittamaan asiasta myös itse Kelalle: Kela ei voi "
            "tarkistaa eikä lakkauttaa päätöstä pelkän palveluntuottajan ilmoituksen "
            "perusteella.",
        ]
    lines += ["", *_provider(organisation), "", where, "", f"Laadittu {fi_date(on)} (Vahti)."]
    return {"to_address": address, "subject": subject, "body": "\n".join(lines)}


def notice_eml(notice: Notice) -> bytes:
    """The draft as an .eml file for the provider's secure e-mail client."""
    message = EmailMessage()
    if notice.to_address:
        message["To"] = notice.to_address
    if notice.organisation.email:
        message["From"] = notice.organisation.email
    message["Subject"] = notice.subject
    message["X-Unsent"] = "1"  # opens as a draft in common mail clients
    message.set_content(notice.body)
    return bytes(message)
