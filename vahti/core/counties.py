"""The wellbeing services counties (and Helsinki) as data with their source
(core/data/wellbeing_counties.yaml): a client's county, for the provider's counts by area."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .dates import language

DATA = Path(__file__).parent / "data" / "wellbeing_counties.yaml"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def county_source() -> str:
    return _data()["source"]


def county_choices() -> list[tuple[str, str]]:
    """Every county, named in the active language (model field choices, a callable: a change
    of the list needs no migration)."""
    lang = language()
    return [(key, names[lang]) for key, names in _data()["counties"].items()]


def county_name(key: str, lang: str | None = None) -> str:
    names = _data()["counties"].get(key)
    return names[lang or language()] if names else ""
