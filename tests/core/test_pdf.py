"""The documents' word wrapper gives the lines fpdf2's multi_cell gives (it is only faster)."""

from __future__ import annotations

from fpdf.enums import MethodReturnValue
from hypothesis import given, settings
from hypothesis import strategies as st

from vahti.core.pdf import FONT, Document

WORDS = st.sampled_from(
    [
        "a",
        "ja",
        "Kela",
        "kuntoutus",
        "osallistumistodistus",
        "12.3.2026",
        "työhönvalmennus",
        "x" * 90,
        "pitkäyhdyssanajokaeimahdu" * 4,
        "–",
    ]
)
TEXTS = st.lists(st.tuples(WORDS, st.sampled_from([" ", " ", " ", "\n", "  "])), max_size=40).map(
    lambda parts: "".join(w + sep for w, sep in parts)
)


def _document() -> Document:
    document = Document("Testi")
    document.set_font(FONT, "", 9.5)
    return document


@settings(max_examples=120, deadline=None)
@given(text=TEXTS, width=st.sampled_from([30.0, 50.0, 118.0, 170.0]))
def test_the_wrapper_breaks_text_into_the_lines_multi_cell_gives(text, width):
    document = _document()
    single_spaced = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    expected = document.multi_cell(
        width, 5.5, single_spaced, dry_run=True, output=MethodReturnValue.LINES
    )
    assert document.wrapped_lines(text, width) == expected


def test_a_long_text_lands_on_the_same_pages():
    text = " ".join(["Kuntoutuja ei ole toimittanut poissaolon syytä"] * 400)
    with_wrapper, with_multi_cell = _document(), _document()
    with_wrapper.field("Havainto", text)
    with_multi_cell.cell(52, 5.5, "Havainto")
    with_multi_cell.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    assert with_wrapper.page_no() == with_multi_cell.page_no() > 1
    assert abs(with_wrapper.get_y() - with_multi_cell.get_y()) < 0.01


def test_a_label_longer_than_its_column_wraps_in_it_and_the_next_field_comes_below():
    """ "Tutkimussuostumus voimassa" ran under its value in the outcome summary."""
    from vahti.core.pdf import LINE, Document

    document = Document("Testi")
    top = document.y
    document.field("Lyhyt", "1")
    assert document.y == top + LINE
    document.field("Tutkimussuostumus voimassa ja vielä pidempi otsikko", "0")
    assert document.y >= top + LINE + 2 * LINE
    assert document.x == document.l_margin
