"""Every interface text has its Finnish translation (the interface is Finnish by default)."""

import re
from pathlib import Path

import polib

import vahti
from vahti.i18n import compile_catalogues

PACKAGE = Path(vahti.__file__).parent
PO = PACKAGE / "locale" / "fi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_every_translate_tag_in_the_templates_is_in_the_catalogue():
    known = {entry.msgid for entry in polib.pofile(str(PO))}
    used = set()
    for template in PACKAGE.glob("*/templates/**/*.html"):
        used |= set(re.findall(r'{% translate "([^"]+)" %}', template.read_text(encoding="utf-8")))
    assert used - known == set()


def test_the_catalogues_compile(tmp_path):
    assert [path.name for path in compile_catalogues()] == ["django.mo"]
