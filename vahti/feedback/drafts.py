"""Rehabilitation feedback (kuntoutuspalaute): a structured draft per service line, filled from
the case. The form and its sections come from the registry (TEAK: a clearly headed written
summary of the whole rehabilitation, 001; individual rehabilitation: Kela's form KU 148, 004).
Recipients: the client and Kela always, the treating party or the network only with the client's
recorded consent (001)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import pgettext

from vahti.core.dates import day_ranges, fi_date
from vahti.core.lines import feedback_form


def sections_for(service: str, lang: str) -> list[tuple[str, str]]:
    """(key, heading) of each section of the line's feedback form."""
    return [(key, texts[lang]) for key, texts in feedback_form(service).sections]


def form_name(service: str, lang: str) -> str:
    return feedback_form(service).name[lang]


def prefill(result, lang: str) -> dict[str, str]:
    """The delivery section written from the case in the document's language ``lang`` (the
    client's language of service); the others are the coach's to write."""
    case = result.case
    days = [d.date for d in case.days if d.hours != 0]
    end = case.first_event("end")
    with translation.override(lang):
        lines = [
            pgettext("feedback", "Rehabilitation %(first)s–%(last)s, %(count)s days: %(days)s.")
            % {
                "first": fi_date(days[0]) if days else "–",
                "last": fi_date(end.date) if end else (fi_date(days[-1]) if days else "–"),
                "count": len(days),
                "days": day_ranges(days),
            }
        ]
        if case.breaks:
            spans = ", ".join(f"{fi_date(b.start)}–{fi_date(b.end)}" for b in case.breaks)
            lines.append(pgettext("feedback", "Breaks: %(spans)s.") % {"spans": spans})
        if case.absences:
            lines.append(
                pgettext("feedback", "Absences %(count)s.") % {"count": len(case.absences)}
            )
    return {"delivery": " ".join(lines)}


def recipients(feedback) -> list[str]:
    """Who the feedback goes to, in the active language."""
    names = [pgettext("feedback", "Client"), pgettext("feedback", "Kela")]
    if feedback is None:
        return names
    if feedback.consent_treating_party and feedback.treating_party:
        names.append(
            pgettext("feedback", "Treating party: %(name)s (with the client's consent)")
            % {"name": feedback.treating_party}
        )
    if feedback.consent_network and feedback.network:
        names.append(
            pgettext("feedback", "Network: %(name)s (with the client's consent)")
            % {"name": feedback.network}
        )
    return names


def recipients_in(feedback, lang: str) -> list[str]:
    """The recipients in the document's language ``lang``."""
    with translation.override(lang):
        return recipients(feedback)
