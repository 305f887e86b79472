"""The page layout of Vahti's documents: fpdf2 (pure pip) with the bundled DejaVu Sans subsets.

The fonts are subsets of DejaVu Sans (fonts/LICENSE-DejaVu) to every Latin block, combining
marks and common punctuation: names in DVV's register are in Latin script, and a 50 KB font
instead of 750 KB halves the time of each PDF (bench/documents.py)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"


class UnprintableText(ValueError):
    """Text with characters the document fonts lack: fpdf2 would drop them silently (a name
    would vanish from a certificate), so the document is refused instead."""

    def __init__(self, characters: list[str]):
        super().__init__("".join(characters))
        self.characters = characters


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    regular, bold = (
        set(TTFont(FONTS / name).getBestCmap())
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    )
    return frozenset(regular & bold)


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` that the documents cannot show (whitespace aside)."""
    glyphs = _glyphs()
    return sorted({ch for ch in text or "" if ord(ch) not in glyphs and not ch.isspace()})


def _printable(text: str) -> str:
    if missing := unprintable(text):
        raise UnprintableText(missing)
    return text


LABEL_WIDTH = 52  # mm: a field's label column
LINE = 5.5  # mm: a line of 9.5 pt text


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
        self.cell(0, 9, _printable(title), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str):
        self.ln(3)
        self.set_font(FONT, "B", 11)
        self.cell(0, 7, _printable(text), new_x="LMARGIN", new_y="NEXT")

    def field(self, label: str, value: str):
        """A label and its value beside it; a label longer than its column wraps in the column
        (it ran under the value: "Tutkimussuostumus voimassa")."""
        self.set_font(FONT, "B", 9.5)
        lines = self.wrapped_lines(_printable(label), LABEL_WIDTH)
        left, top = self.x, self.y
        for line in lines[1:]:
            self.set_xy(left, self.y + LINE)
            self.cell(LABEL_WIDTH, LINE, line)
        below = self.y + LINE
        self.set_xy(left, top)
        self.cell(LABEL_WIDTH, LINE, lines[0])
        self.set_font(FONT, "", 9.5)
        self.wrapped(_printable(value) or "–", LINE)
        self.set_y(max(self.y, below))

    def paragraph(self, text: str):
        self.set_font(FONT, "", 9.5)
        self.wrapped(_printable(text), 5.5)

    def wrapped_lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines that fit ``width`` (mm, the cell's margins inside it) at
        the current font: at spaces and line breaks, a word longer than a line at the
        character that does not fit; runs of spaces read as one. The same lines as fpdf2's
        ``multi_cell`` gives that text (tested), but each word measured once: multi_cell
        measures the line again for every character, and a readiness PDF of long texts spent
        94 % of its time there."""
        room = width - 2 * self.c_margin
        space = self.get_string_width(" ")
        lines = []
        paragraphs = text.replace("\r", "").split("\n")
        if len(paragraphs) > 1 and not paragraphs[-1]:
            paragraphs.pop()  # a final line break ends the last line; it makes none
        for paragraph in paragraphs:
            line, used = "", 0.0
            for word in paragraph.split():
                size = self.get_string_width(word)
                if line and used + space + size <= room:
                    line, used = f"{line} {word}", used + space + size
                    continue
                if line or used:
                    lines.append(line)
                line, used = "", 0.0
                for character in word if size > room else ():
                    wide = self.get_string_width(character)
                    if line and used + wide > room:
                        lines.append(line)
                        line, used = "", 0.0
                    line, used = line + character, used + wide
                if size <= room:
                    line, used = word, size
            lines.append(line)
        return lines

    def wrapped(self, text: str, height: float) -> None:
        """Text from the current position to the right margin, wrapped (``wrapped_lines``);
        then back at the left margin on the next line."""
        width = self.w - self.r_margin - self.x
        for line in self.wrapped_lines(text, width):
            self.cell(width, height, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_x(self.l_margin)

    def rows(self, rows: list[tuple[str, str]], empty: str):
        if not rows:
            self.paragraph(empty)
        for left, right in rows:
            self.field(left, right)

    def bytes(self) -> bytes:
        return bytes(self.output())
