"""The rehabilitation feedback as a PDF."""

from __future__ import annotations

from vahti.core.dates import fi_date
from vahti.core.pdf import Document


def feedback_pdf(
    *,
    title: str,
    client: dict,
    issuer: dict,
    service_name: str,
    sections: list,
    recipients: list[str],
    written_on,
    author: str = "",
    coaches: str = "",
) -> bytes:
    """The rehabilitation feedback: headed sections, the client, the provider, the recipients."""
    pdf = Document(title)
    pdf.paragraph(f"Laadittu {fi_date(written_on)}")
    pdf.heading("Kuntoutuja")
    pdf.field("Nimi", client["name"])
    pdf.field("Henkilötunnus", client["identity_code"])
    pdf.heading("Palveluntuottaja")
    pdf.field("Nimi", f"{issuer['name']} ({issuer['business_id']})")
    pdf.field("Kuntoutusmuoto", service_name)
    pdf.field("Valmentajat", coaches or "–")
    pdf.field("Palautteen laatija", author or "–")
    for heading, text in sections:
        pdf.heading(heading)
        pdf.paragraph(text or "–")
    pdf.heading("Vastaanottajat")
    pdf.paragraph("\n".join(recipients))
    return pdf.bytes()
