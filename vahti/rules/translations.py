"""Swedish for the rule catalogue, kept as a translator keeps it.

The catalogue's files give every text in Finnish and English (``{fi: …, en: …}``). The Swedish
of each is in ``catalogue/_sv.yaml``, keyed by its Finnish text as gettext keys a message by its
source: a translator reads one file, and a Finnish text that changes without its Swedish fails
at start-up naming the file and the text, never showing Finnish in a Swedish page. The Swedish
keeps FPA's own words (FPA, rehabiliteringspenning, serviceproducent, servicebeskrivning,
karenstid…), and every placeholder of the Finnish ({date}, $(teak.start_weeks)).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from .loader import SAFE_LOADER

SOURCE, ADDED = "fi", "sv"
BUNDLED = Path(__file__).parent / "catalogue"
FILE = "_sv.yaml"
PLACEHOLDERS = re.compile(r"\{[a-z_]+\}|\$\([a-z0-9_.]+\)")


class TranslationError(ValueError):
    """A text has no Swedish, or its Swedish lost a placeholder; the message names both."""


@functools.cache
def table(directory: Path) -> dict[str, str]:
    """The Swedish texts of one catalogue directory, by their Finnish text (none: empty)."""
    path = directory / FILE
    if not path.exists():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    if not isinstance(data, dict):
        raise TranslationError(f"{FILE}: expected a mapping of Finnish texts to Swedish ones")
    for finnish, swedish in data.items():
        if not isinstance(swedish, str) or not swedish.strip():
            raise TranslationError(f"{FILE}: no Swedish text for {finnish!r}")
        if sorted(PLACEHOLDERS.findall(str(finnish))) != sorted(PLACEHOLDERS.findall(swedish)):
            raise TranslationError(f"{FILE}: the Swedish of {finnish!r} changes its placeholders")
    return {str(k): v for k, v in data.items()}


def translated(data, texts: dict[str, str], where: str):
    """``data`` with every ``{fi, en}`` text given its Swedish from ``texts``, recursively."""
    if isinstance(data, dict):
        if set(data) == {SOURCE, "en"} and all(isinstance(v, str) for v in data.values()):
            swedish = texts.get(data[SOURCE])
            if swedish is None:
                raise TranslationError(f"{where}: no Swedish in {FILE} for {data[SOURCE]!r}")
            return {**data, ADDED: swedish}
        return {key: translated(value, texts, f"{where}.{key}") for key, value in data.items()}
    if isinstance(data, list):
        return [translated(value, texts, where) for value in data]
    return data


def tables(*directories: Path) -> dict[str, str]:
    """The Swedish of the bundled catalogue and of ``directories`` (a test's fixture adds its
    own)."""
    merged: dict[str, str] = {}
    for directory in (BUNDLED, *directories):
        merged.update(table(directory))
    return merged
