"""The rehabilitation feedback as a PDF."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import pgettext

from vahti.core.dates import fi_date
from vahti.core.pdf import Document


def feedback_pdf(
    *,
    lang: str,
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
    """The rehabilitation feedback: headed sections, the client, the provider, the recipients; in
    ``lang``, the client's language of service."""
    with translation.override(lang):
        pdf = Document(title)
        pdf.paragraph(pgettext("feedback", "Written %(day)s") % {"day": fi_date(written_on)})
        pdf.heading(pgettext("certificate", "Client"))
        pdf.field(pgettext("certificate", "Name"), client["name"])
        pdf.field(pgettext("certificate", "Identity code"), client["identity_code"])
        pdf.heading(pgettext("certificate", "Provider"))
        pdf.field(pgettext("certificate", "Name"), f"{issuer['name']} ({issuer['business_id']})")
        pdf.field(pgettext("certificate", "Form of rehabilitation"), service_name)
        pdf.field(pgettext("feedback", "Coaches"), coaches or "–")
        pdf.field(pgettext("feedback", "Written by"), author or "–")
        for heading, text in sections:
            pdf.heading(heading)
            pdf.paragraph(text or "–")
        pdf.heading(pgettext("feedback", "Recipients"))
        pdf.paragraph("\n".join(recipients))
        return pdf.bytes()
