"""Drafts of notices to Kela, from the case data.

The subject never holds a name or a henkilötunnus (004: e-mail about one client goes by secure
e-mail and its subject is not protected); it carries the case reference instead. The body holds
what Kela needs to act, including the client's identity, for the secure e-mail.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from vahti.cases.models import ABSENCE_LABELS, BREAK_LABELS, WORK_LABELS, Decision
from vahti.cases.selectors import case_reference
from vahti.core.dates import fi_date, language
from vahti.core.lines import service_name
from vahti.organisations.models import Organisation
from vahti.rules.evaluate import default_evaluator

from .models import Notice

TITLES = {
    "queue": pgettext_lazy("notice", "Notice: the rehabilitation cannot start in time"),
    "postponement": pgettext_lazy("notice", "Notice: the start of the rehabilitation moves"),
    "interruption": pgettext_lazy("notice", "Notice: the rehabilitation threatens to break off"),
    "interrupted": pgettext_lazy("notice", "Notice: the rehabilitation was interrupted"),
    "change": pgettext_lazy("notice", "Notice: a change in the client's rehabilitation"),
    "holiday_period": pgettext_lazy("notice", "Notice: a period changes because of a holiday"),
    "staff_change": pgettext_lazy("notice", "Notice: a staff change"),
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
    topic, address, phone = default_evaluator().notice_route(kind, on=on, lang=language())
    if topic == CLIENT_MATTERS:
        return address, pgettext(
            "notice",
            "To: %(address)s (one client's matter, by secure e-mail only). By phone: the "
            "authority line %(phone)s.",
        ) % {"address": address, "phone": phone}
    return address, pgettext("notice", "To: %(address)s (secure e-mail).") % {"address": address}


def _provider(organisation: Organisation) -> list[str]:
    contact = ", ".join(
        v for v in (organisation.address, organisation.phone, organisation.email) if v
    )
    return [
        pgettext("notice", "Provider: %(name)s (business ID %(business_id)s)")
        % {"name": organisation.name, "business_id": organisation.business_id},
        pgettext("notice", "Contact details: %(contact)s") % {"contact": contact or "–"},
    ]


def _case_lines(decision: Decision, kind: str, details: str, result) -> list[str]:
    client = decision.client
    lines = [
        pgettext("notice", "Client: %(name)s, identity code %(code)s")
        % {"name": f"{client.first_name} {client.last_name}", "code": client.identity_code},
        pgettext(
            "notice", "Service: %(service)s; Kela's decision %(decided)s (received %(received)s)"
        )
        % {
            "service": service_name(decision.service, translation.get_language()),
            "decided": fi_date(decision.decided_on),
            "received": fi_date(decision.received_on),
        },
        pgettext("notice", "Case reference: %(reference)s")
        % {"reference": case_reference(decision)},
        "",
    ]
    deadlines = {d.rule: d for d in result.deadlines}
    case = result.case
    if kind == "queue":
        start_rule = default_evaluator().registry.family_of(decision.service).start_deadline
        start = deadlines.get(start_rule)
        if start is not None:
            lines.append(
                pgettext(
                    "notice",
                    "The rehabilitation is due to start by %(due)s; we cannot start it in time.",
                )
                % {"due": fi_date(start.due)}
            )
    elif kind == "postponement":
        postponed = case.events_of("start_postponed")
        if postponed:
            lines.append(
                pgettext("notice", "The start moves to %(day)s. Reason: %(reason)s.")
                % {"day": fi_date(postponed[-1].new_due), "reason": postponed[-1].reason or "–"}
            )
    elif kind == "interrupted":
        end = case.first_event("end")
        if end is not None:
            lines.append(
                pgettext("notice", "The rehabilitation was interrupted. The last day was %(day)s.")
                % {"day": fi_date(end.date)}
            )
            lines.append(
                pgettext("notice", "Reason for the interruption: %(reason)s.")
                % {"reason": end.reason or pgettext("notice", "not recorded")}
            )
        else:
            lines.append(
                pgettext(
                    "notice", "The rehabilitation was interrupted; its end is not recorded yet."
                )
            )
    elif kind == "change":
        for absence in case.absences:
            reason = _label(ABSENCE_LABELS, absence.reason) or pgettext("notice", "not recorded")
            lines.append(
                pgettext("notice", "Absence %(day)s (reason: %(reason)s).")
                % {"day": fi_date(absence.date), "reason": reason}
            )
        for work in case.work:
            lines.append(
                pgettext("notice", "Work beside the rehabilitation: %(kind)s %(first)s–%(last)s.")
                % {
                    "kind": _label(WORK_LABELS, work.kind),
                    "first": fi_date(work.start),
                    "last": fi_date(work.to) if work.to else "",
                }
            )
    elif kind == "holiday_period":
        for brk in case.breaks:
            reason = _label(BREAK_LABELS, brk.reason) or "–"
            lines.append(
                pgettext("notice", "Break %(first)s–%(last)s (reason: %(reason)s).")
                % {"first": fi_date(brk.start), "last": fi_date(brk.end), "reason": reason}
            )
    return lines


def _label(labels: dict, value: str | None) -> str:
    """A vocabulary value in the notice's language (active while it is drafted)."""
    if not value:
        return ""
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
    """To, subject and body of a notice; ``result`` is the case's evaluation (decision notices).
    A notice about a client is in their language of service (Kela serves in Finnish and Swedish);
    the provider's own notices are in Finnish."""
    with translation.override(decision.client.language if decision is not None else "fi"):
        return _draft(organisation, kind, details, on, decision, result)


def _draft(organisation, kind, details, on, decision, result) -> dict:
    address, where = route(kind, on)
    reference = (
        pgettext("notice", " – case reference %(reference)s")
        % {"reference": case_reference(decision)}
        if decision
        else pgettext("notice", " – business ID %(business_id)s")
        % {"business_id": organisation.business_id}
    )
    subject = f"{TITLES[kind]}{reference}"
    lines = [pgettext("notice", "Hello,"), "", f"{TITLES[kind]}.", ""]
    if decision is not None:
        lines += _case_lines(decision, kind, details, result)
    if details.strip():
        lines += ["", pgettext("notice", "Further details:"), details.strip()]
    if decision is not None and kind in CLIENT_OWN_NOTICE:
        lines += [
            "",
            pgettext(
                "notice",
                "We guide the client to tell Kela of this too: Kela cannot revise or end a "
                "decision on the provider's notice alone.",
            ),
        ]
    lines += [
        "",
        *_provider(organisation),
        "",
        where,
        "",
        pgettext("notice", "Written %(day)s (Vahti).") % {"day": fi_date(on)},
    ]
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
