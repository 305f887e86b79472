"""The participation certificate (osallistumistodistus) as a PDF, from the facts it states."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from vahti.core.dates import day_ranges, fi_date, fi_number
from vahti.core.pdf import Document

from .selectors import certificate_of


def certificate_pdf(facts: dict) -> bytes:
    """The participation certificate: everything Kela requires (name and henkilötunnus, issuer
    and contact details, written for kuntoutusraha, form of rehabilitation, start and end), plus
    the realised and planned days, breaks, absences and flex with their reasons."""
    pdf = Document("Osallistumistodistus")
    pdf.paragraph(
        f"Kuntoutusrahaa varten · versio {facts['version']} · annettu {fi_date(facts['issued_on'])}"
    )
    pdf.heading("Kuntoutuja")
    pdf.field("Nimi", facts["client"]["name"])
    pdf.field("Henkilötunnus", facts["client"]["identity_code"])
    pdf.heading("Todistuksen antaja")
    issuer = facts["issuer"]
    pdf.field("Palveluntuottaja", f"{issuer['name']} ({issuer['business_id']})")
    pdf.field(
        "Yhteystiedot",
        ", ".join(v for v in (issuer["address"], issuer["phone"], issuer["email"]) if v),
    )
    pdf.heading("Kuntoutus")
    pdf.field("Kuntoutusmuoto", facts["service_name"])
    pdf.field("Kelan päätös", f"{fi_date(facts['decided_on'])} (päätös {facts['sequence']})")
    pdf.field("Alkamispäivä", fi_date(facts["start"]))
    pdf.field("Päättymispäivä", fi_date(facts["end"]) if facts["end"] else "jatkuu")
    if "employer" in facts:
        employer = facts["employer"]
        business_id = f" ({employer['business_id']})" if employer["business_id"] else ""
        pdf.field("Työnantaja", f"{employer['name']}{business_id}")
        pdf.paragraph(
            "Kuntoutuja on kuntoutuksen aikana palkkatyössä. Jos hän saa palkkaa kuntoutuksen "
            "ajalta, Kela maksaa kuntoutusrahan työnantajalle."
        )
    pdf.field(
        "Toteutuneet päivät", f"{len(facts['realised_days'])}: {day_ranges(facts['realised_days'])}"
    )
    pdf.field(
        "Suunnitellut päivät", f"{len(facts['planned_days'])}: {day_ranges(facts['planned_days'])}"
    )
    pdf.heading("Tauot (jaksotus)")
    pdf.rows(
        [(f"{fi_date(b['from'])}–{fi_date(b['to'])}", b["reason"]) for b in facts["breaks"]],
        "Ei taukoja.",
    )
    pdf.heading("Poissaolot")
    pdf.rows([(fi_date(a["date"]), a["reason"]) for a in facts["absences"]], "Ei poissaoloja.")
    pdf.heading("Jousto ja sen perustelu")
    pdf.rows(
        [
            (fi_date(f["date"]), f"{fi_number(f['hours'])} h. {f['justification']}")
            for f in facts["flex"]
        ],
        "Joustoa ei ole käytetty.",
    )
    pdf.ln(8)
    pdf.paragraph("Paikka ja aika ____________________    Allekirjoitus ____________________")
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
