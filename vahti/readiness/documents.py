"""The audit-readiness report as a PDF (core.pdf layout): what an audit would find on a date,
each item with its rule and source."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vahti.core.dates import fi_date
from vahti.core.labels import SEVERITY
from vahti.core.pdf import Document

from .selectors import Readiness


def record_text(item) -> str:
    """One documentation item in words (the page shows the same)."""
    if item.what == "feedback":
        state = _("sent") if item.sent else _("draft")
        return _("Feedback (%(state)s) has empty sections: %(sections)s") % {
            "state": state,
            "sections": ", ".join(item.sections),
        }
    if item.what == "weeks":
        return ngettext(
            "%(count)s week with nothing recorded, from the week of %(first)s",
            "%(count)s weeks with nothing recorded, from the week of %(first)s",
            item.count,
        ) % {"count": item.count, "first": fi_date(item.first)}
    if item.what == "absences":
        return ngettext(
            "%(count)s absence without a reason, first %(first)s",
            "%(count)s absences without a reason, first %(first)s",
            item.count,
        ) % {"count": item.count, "first": fi_date(item.first)}
    return ngettext(
        "%(count)s break without a reason, first %(first)s",
        "%(count)s breaks without a reason, first %(first)s",
        item.count,
    ) % {"count": item.count, "first": fi_date(item.first)}


def readiness_pdf(report: Readiness, *, organisation: str, site: str = "") -> bytes:
    title = _("Audit readiness")
    pdf = Document(f"{title} – {organisation}")
    pdf.field(_("Date"), fi_date(report.on))
    pdf.field(_("Site"), site or _("all sites"))
    pdf.field(_("Items"), str(report.count))

    pdf.heading(_("Staff and qualifications"))
    pdf.rows(
        [
            (fi_date(f.date), f"{SEVERITY[f.severity]}: {f.message} [{f.title}; {f.source}]")
            for f in report.staff.items
        ],
        _("No findings."),
    )

    for heading, section in (
        (_("Rehabilitation feedback"), report.feedback),
        (_("Gaps in the records"), report.records),
    ):
        pdf.heading(heading)
        pdf.rows(
            [(item.client, f"{item.service}: {record_text(item)}") for item in section.items],
            _("No findings."),
        )
        if section.total > len(section.items):
            pdf.paragraph(_("…and %(count)s more.") % {"count": section.total - len(section.items)})
    source = _("source")
    pdf.paragraph(f"{report.rule_text} [{source}: {report.source}]")

    pdf.heading(_("Open corrective actions"))
    audit = _("Kela audit")  # outside the f-string: makemessages does not read inside one
    pdf.rows(
        [
            (
                fi_date(a.due_on),
                f"{a.description} ({a.owner.get_full_name()}; "
                f"{audit} {fi_date(a.finding.audit.held_on)})",
            )
            for a in report.actions
        ],
        _("None."),
    )
    return pdf.bytes()
