"""Every interface text has its Finnish translation (the interface is Finnish by default) and
its Swedish one (FPA's words), with the same placeholders."""

import re
from pathlib import Path

import polib
import pytest

import vahti
from vahti.i18n import compile_catalogues

PACKAGE = Path(vahti.__file__).parent
PO = PACKAGE / "locale" / "fi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    catalogue = polib.pofile(str(PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    lost = []
    for entry in catalogue:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        # A plural's singular may say "one" instead of its count.
        if not any(sorted(PLACEHOLDER.findall(text)) == wanted for text in texts):
            lost.append(entry.msgid)
    assert lost == []


def test_swedish_says_fpa_never_kela():
    catalogue = polib.pofile(str(PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    texts = [e.msgstr for e in catalogue] + [t for e in catalogue for t in e.msgstr_plural.values()]
    assert [t for t in texts if re.search(r"\bKela\b(?!\.fi)", t)] == []


def test_every_translate_tag_in_the_templates_is_in_the_catalogue():
    known = {entry.msgid for entry in polib.pofile(str(PO))}
    used = set()
    for template in PACKAGE.glob("*/templates/**/*.html"):
        used |= set(re.findall(r'{% translate "([^"]+)" %}', template.read_text(encoding="utf-8")))
    assert used - known == set()


def test_the_catalogues_compile(tmp_path):
    assert [(p.parent.parent.name, p.name) for p in compile_catalogues()] == [
        ("fi", "django.mo"),
        ("sv", "django.mo"),
    ]
