"""The participation certificate (osallistumistodistus) as a PDF, from the facts it states."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import pgettext

from vahti.core.dates import day_ranges, fi_date, fi_number
from vahti.core.pdf import Document

from .selectors import certificate_of


def certificate_pdf(facts: dict) -> bytes:
    """The participation certificate: everything Kela requires (name and henkilötunnus, issuer
    and contact details, written for kuntoutusraha, form of rehabilitation, start and end), plus
    the realised and planned days, breaks, absences and flex with their reasons. In the client's
    language of service (Finnish unless the facts say Swedish), in FPA's words in Swedish."""
    with translation.override(facts.get("language", "fi")):
        return _certificate(facts)


def _certificate(facts: dict) -> bytes:
    pdf = Document(pgettext("certificate", "Participation certificate"))
    pdf.paragraph(
        pgettext(
            "certificate", "For the rehabilitation allowance · version %(version)s · issued %(day)s"
        )
        % {"version": facts["version"], "day": fi_date(facts["issued_on"])}
    )
    pdf.heading(pgettext("certificate", "Client"))
    pdf.field(pgettext("certificate", "Name"), facts["client"]["name"])
    pdf.field(pgettext("certificate", "Identity code"), facts["client"]["identity_code"])
    pdf.heading(pgettext("certificate", "Issued by"))
    issuer = facts["issuer"]
    pdf.field(pgettext("certificate", "Provider"), f"{issuer['name']} ({issuer['business_id']})")
    pdf.field(
        pgettext("certificate", "Contact details"),
        ", ".join(v for v in (issuer["address"], issuer["phone"], issuer["email"]) if v),
    )
    pdf.heading(pgettext("certificate", "Rehabilitation"))
    pdf.field(pgettext("certificate", "Form of rehabilitation"), facts["service_name"])
    pdf.field(
        pgettext("certificate", "Kela's decision"),
        pgettext("certificate", "%(day)s (decision %(number)s)")
        % {"day": fi_date(facts["decided_on"]), "number": facts["sequence"]},
    )
    pdf.field(pgettext("certificate", "Start date"), fi_date(facts["start"]))
    pdf.field(
        pgettext("certificate", "End date"),
        fi_date(facts["end"]) if facts["end"] else pgettext("certificate", "continues"),
    )
    if "employer" in facts:
        employer = facts["employer"]
        business_id = f" ({employer['business_id']})" if employer["business_id"] else ""
        pdf.field(pgettext("certificate", "Employer"), f"{employer['name']}{business_id}")
        pdf.paragraph(
            pgettext(
                "certificate",
                "The client works in paid employment during the rehabilitation. If paid for the "
                "rehabilitation time, Kela pays the allowance to the employer.",
            )
        )
    pdf.field(
        pgettext("certificate", "Days realised"),
        f"{len(facts['realised_days'])}: {day_ranges(facts['realised_days'])}",
    )
    pdf.field(
        pgettext("certificate", "Days planned"),
        f"{len(facts['planned_days'])}: {day_ranges(facts['planned_days'])}",
    )
    pdf.heading(pgettext("certificate", "Breaks"))
    pdf.rows(
        [(f"{fi_date(b['from'])}–{fi_date(b['to'])}", b["reason"]) for b in facts["breaks"]],
        pgettext("certificate", "No breaks."),
    )
    pdf.heading(pgettext("certificate", "Absences"))
    pdf.rows(
        [(fi_date(a["date"]), a["reason"]) for a in facts["absences"]],
        pgettext("certificate", "No absences."),
    )
    pdf.heading(pgettext("certificate", "Flexibility and its justification"))
    pdf.rows(
        [
            (fi_date(f["date"]), f"{fi_number(f['hours'])} h. {f['justification']}")
            for f in facts["flex"]
        ],
        pgettext("certificate", "No flexibility used."),
    )
    pdf.ln(8)
    pdf.paragraph(
        pgettext(
            "certificate", "Place and date ____________________    Signature ____________________"
        )
    )
    return pdf.bytes()


def certificate_download_response(decision, version: int):
    """An issued certificate's PDF as it was issued (a page or the API): the file name carries
    no name or henkilötunnus, only the case reference."""

    certificate = certificate_of(decision, version)
    if certificate is None:
        raise Http404
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="osallistumistodistus-{decision.pk}-v{certificate.version}.pdf"'
    )
    return response
