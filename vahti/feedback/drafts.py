"""Rehabilitation feedback (kuntoutuspalaute): a structured draft per service line, filled from
the case. The form and its sections come from the registry (TEAK: a clearly headed written
summary of the whole rehabilitation, 001; individual rehabilitation: Kela's form KU 148, 004).
Recipients: the client and Kela always, the treating party or the network only with the client's
recorded consent (001)."""

from __future__ import annotations

from vahti.core.dates import day_ranges, fi_date
from vahti.core.lines import feedback_form


def sections_for(service: str, lang: str) -> list[tuple[str, str]]:
    """(key, heading) of each section of the line's feedback form."""
    return [(key, texts[lang]) for key, texts in feedback_form(service).sections]


def form_name(service: str, lang: str) -> str:
    return feedback_form(service).name[lang]


def prefill(result) -> dict[str, str]:
    """The delivery section written from the case; the others are the coach's to write."""
    case = result.case
    days = [d.date for d in case.days if d.hours != 0]
    end = case.first_event("end")
    lines = [
        f"Kuntoutus {fi_date(days[0]) if days else '–'}–"
        f"{fi_date(end.date) if end else (fi_date(days[-1]) if days else '–')}, "
        f"{len(days)} kuntoutuspäivää: {day_ranges(days)}."
    ]
    if case.breaks:
        lines.append(
            "Tauot: " + ", ".join(f"{fi_date(b.start)}–{fi_date(b.end)}" for b in case.breaks) + "."
        )
    if case.absences:
        lines.append(f"Poissaoloja {len(case.absences)}.")
    return {"delivery": " ".join(lines)}


def recipients(feedback) -> list[str]:
    names = ["Asiakas", "Kela"]
    if feedback is None:
        return names
    if feedback.consent_treating_party and feedback.treating_party:
        names.append(f"Hoitava taho: {feedback.treating_party} (asiakkaan suostumuksella)")
    if feedback.consent_network and feedback.network:
        names.append(f"Verkosto: {feedback.network} (asiakkaan suostumuksella)")
    return names
