"""Documents Kela and the client receive, rendered as PDF with fpdf2 (pure pip) and the bundled
DejaVu Sans (no system fonts are used).

The fonts are subsets of DejaVu Sans (fonts/LICENSE-DejaVu) to every Latin block, combining
marks and common punctuation: names in DVV's register are in Latin script, and a 50 KB font
instead of 750 KB halves the time of each PDF (bench/documents.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"


def fi_date(value: str | dt.date | None) -> str:
    if not value:
        return "–"
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day}.{day.month}.{day.year}"


def fi_number(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}".replace(".", ",")


def day_ranges(dates: list[str]) -> str:
    """Consecutive dates joined into ranges: '2.9.–6.9.2024, 9.9.2024'."""
    days = sorted(dt.date.fromisoformat(d) for d in dates)
    if not days:
        return "–"
    ranges, start, previous = [], days[0], days[0]
    for day in days[1:] + [None]:
        if day is not None and (day - previous).days == 1:
            previous = day
            continue
        ranges.append(fi_date(start) if start == previous
                      else f"{start.day}.{start.month}.–{fi_date(previous)}")
        if day is not None:
            start = previous = day
    return ", ".join(ranges)


class Document(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, 18)
        self.set_title(title)
        self.set_creator("Vahti")
        self.add_page()
        self.set_font(FONT, "B", 15)
        self.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str):
        self.ln(3)
        self.set_font(FONT, "B", 11)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def field(self, label: str, value: str):
        self.set_font(FONT, "B", 9.5)
        self.cell(52, 5.5, label)
        self.set_font(FONT, "", 9.5)
        self.multi_cell(0, 5.5, value or "–", align="L", new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str):
        self.set_font(FONT, "", 9.5)
        self.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def rows(self, rows: list[tuple[str, str]], empty: str):
        if not rows:
            self.paragraph(empty)
        for left, right in rows:
            self.field(left, right)


def certificate_pdf(facts: dict) -> bytes:
    """The participation certificate: everything Kela requires (name and henkilötunnus, issuer
    and contact details, written for kuntoutusraha, form of rehabilitation, start and end), plus
    the realised and planned days, breaks, absences and flex with their reasons."""
    pdf = Document("Osallistumistodistus")
    pdf.paragraph(f"Kuntoutusrahaa varten · versio {facts['version']} · "
                  f"annettu {fi_date(facts['issued_on'])}")
    pdf.heading("Kuntoutuja")
    pdf.field("Nimi", facts["client"]["name"])
    pdf.field("Henkilötunnus", facts["client"]["identity_code"])
    pdf.heading("Todistuksen antaja")
    issuer = facts["issuer"]
    pdf.field("Palveluntuottaja", f"{issuer['name']} ({issuer['business_id']})")
    pdf.field("Yhteystiedot", ", ".join(v for v in (issuer["address"], issuer["phone"],
                                                     issuer["email"]) if v))
    pdf.heading("Kuntoutus")
    pdf.field("Kuntoutusmuoto", facts["service_name"])
    pdf.field("Kelan päätös", f"{fi_date(facts['decided_on'])} (päätös {facts['sequence']})")
    pdf.field("Alkamispäivä", fi_date(facts["start"]))
    pdf.field("Päättymispäivä", fi_date(facts["end"]) if facts["end"] else "jatkuu")
    pdf.field("Toteutuneet päivät", f"{len(facts['realised_days'])}: "
                                     f"{day_ranges(facts['realised_days'])}")
    pdf.field("Suunnitellut päivät", f"{len(facts['planned_days'])}: "
                                      f"{day_ranges(facts['planned_days'])}")
    pdf.heading("Tauot (jaksotus)")
    pdf.rows([(f"{fi_date(b['from'])}–{fi_date(b['to'])}", b["reason"]) for b in facts["breaks"]],
             "Ei taukoja.")
    pdf.heading("Poissaolot")
    pdf.rows([(fi_date(a["date"]), a["reason"]) for a in facts["absences"]], "Ei poissaoloja.")
    pdf.heading("Jousto ja sen perustelu")
    pdf.rows([(fi_date(f["date"]), f"{fi_number(f['hours'])} h. {f['justification']}")
              for f in facts["flex"]],
             "Joustoa ei ole käytetty.")
    pdf.ln(8)
    pdf.paragraph("Paikka ja aika ____________________    Allekirjoitus ____________________")
    return bytes(pdf.output())


def feedback_pdf(*, title: str, client: dict, issuer: dict, service_name: str, sections: list,
                 recipients: list[str], written_on) -> bytes:
    """The rehabilitation feedback: headed sections, the client, the provider, the recipients."""
    pdf = Document(title)
    pdf.paragraph(f"Laadittu {fi_date(written_on)}")
    pdf.heading("Kuntoutuja")
    pdf.field("Nimi", client["name"])
    pdf.field("Henkilötunnus", client["identity_code"])
    pdf.heading("Palveluntuottaja")
    pdf.field("Nimi", f"{issuer['name']} ({issuer['business_id']})")
    pdf.field("Kuntoutusmuoto", service_name)
    for heading, text in sections:
        pdf.heading(heading)
        pdf.paragraph(text or "–")
    pdf.heading("Vastaanottajat")
    pdf.paragraph("\n".join(recipients))
    return bytes(pdf.output())
