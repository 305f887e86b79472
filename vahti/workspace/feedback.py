"""Rehabilitation feedback (kuntoutuspalaute): a structured draft per service, filled from the
case. TEAK (001: a clearly headed written summary of the whole rehabilitation); individual
rehabilitation on Kela's form KU 148 (004). Recipients: the client and Kela always, the treating
party or the network only with the client's recorded consent (001)."""

from __future__ import annotations

from .documents import day_ranges, fi_date

SECTIONS = {
    "teak": [
        ("goals", "Kuntoutuksen tavoitteet"),
        ("delivery", "Kuntoutuksen toteutuminen"),
        ("work_ability", "Työ- ja toimintakyky, osaaminen ja vahvuudet"),
        ("outcome", "Kuntoutuksen tulokset ja tavoitteiden toteutuminen"),
        ("plan", "Jatkosuunnitelma ja suositukset"),
    ],
    "yksilokuntoutus": [
        ("goals", "Kuntoutuksen tavoitteet (GAS)"),
        ("delivery", "Kuntoutuksen toteutuminen"),
        ("functioning", "Toimintakyky ja sen muutokset, mittaukset"),
        ("outcome", "Tavoitteiden saavuttaminen"),
        ("plan", "Suositukset jatkoon"),
    ],
}
FORM_NAMES = {"teak": "Kuntoutuspalaute", "yksilokuntoutus": "Kuntoutuspalaute (lomake KU 148)"}


def family(service: str) -> str:
    return service.split(".", 1)[0]


def sections_for(service: str) -> list[tuple[str, str]]:
    return SECTIONS.get(family(service), SECTIONS["teak"])


def prefill(decision, result) -> dict[str, str]:
    """The delivery section written from the case; the others are the coach's to write."""
    case = result.case
    days = [d.date.isoformat() for d in case.days if d.hours != 0]
    end = case.first_event("end")
    lines = [f"Kuntoutus {fi_date(days[0]) if days else '–'}–"
             f"{fi_date(end.date) if end else (fi_date(days[-1]) if days else '–')}, "
             f"{len(days)} kuntoutuspäivää: {day_ranges(days)}."]
    if case.breaks:
        lines.append("Tauot: " + ", ".join(f"{fi_date(b.start)}–{fi_date(b.end)}" for b in case.breaks)
                     + ".")
    if case.absences:
        lines.append(f"Poissaoloja {len(case.absences)}.")
    return {"delivery": " ".join(lines)}


def recipients(feedback) -> list[str]:
    names = ["Asiakas", "Kela"]
    if feedback.consent_treating_party and feedback.treating_party:
        names.append(f"Hoitava taho: {feedback.treating_party} (asiakkaan suostumuksella)")
    if feedback.consent_network and feedback.network:
        names.append(f"Verkosto: {feedback.network} (asiakkaan suostumuksella)")
    return names
