"""Compile the gettext catalogues (.po → .mo) with polib, so that no system gettext is needed.

python -m vahti.i18n
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).parent / "locale"


def compile_catalogues() -> list[Path]:
    written = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"compiled {path}")
