"""The rule catalogue and every text the rules core shows, in Finnish and English.

The catalogue (``catalogue/*.yaml``) is rules.md as data: each rule id with its
sentence, source, parameters, interpretation and finding messages. Keeping the
words out of the Python code lets the command line, the web application and
`vahti rules` say the same thing, and lets a reviewer read the rules without
reading code.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .loader import ParameterNotInForce, ParameterStore
from .results import Text

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
LANGUAGES = ("fi", "en")
DEFAULT_LANGUAGE = "fi"
SEVERITIES = ("error", "warning", "info")
CHECKED = ("deadline", "finding", "allowance", "document", "catalogue")
RULE_KEYS = frozenset({"services", "checked", "severity", "source", "heading", "parameters",
                       "text", "interpretation", "messages"})
PLACEHOLDER = re.compile(r"\$\(([a-z0-9_.]+)\)")
NO_VALUE = "[?]"  # shown where a parameter has no value yet on the date asked


class CatalogueError(Exception):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    services: tuple[str, ...]
    checked: str
    severity: str
    source: str
    heading: str
    parameters: tuple[str, ...]
    text: dict
    interpretation: dict | None
    messages: dict = field(default_factory=dict)

    def applies_to(self, service: str) -> bool:
        return any(s == "all" or service == s or service.startswith(s + ".")
                   for s in self.services)


def _bilingual(value, where: str) -> dict:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES) or not all(
            isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES):
        raise CatalogueError(f"{where}: needs a text for each of {', '.join(LANGUAGES)}")
    return value


def _load_rules(path: Path) -> dict[str, Rule]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = {}
    for rule_id, entry in data.items():
        where = f"{path.name}: {rule_id}"
        if not isinstance(entry, dict):
            raise CatalogueError(f"{where}: expected a mapping")
        unknown = set(entry) - RULE_KEYS
        if unknown:
            raise CatalogueError(f"{where}: unknown key {sorted(unknown)[0]}")
        for key in ("services", "checked", "source", "heading", "parameters", "text"):
            if key not in entry:
                raise CatalogueError(f"{where}: missing key {key}")
        if entry["checked"] not in CHECKED:
            raise CatalogueError(f"{where}: checked must be one of {', '.join(CHECKED)}")
        severity = entry.get("severity", "warning")  # rules.md: no severity given → warning
        if severity not in SEVERITIES:
            raise CatalogueError(f"{where}: unknown severity {severity}")
        messages = {key: _bilingual(text, f"{where}.messages.{key}")
                    for key, text in (entry.get("messages") or {}).items()}
        interpretation = entry.get("interpretation")
        rules[rule_id] = Rule(
            id=rule_id,
            services=tuple(entry["services"]),
            checked=entry["checked"],
            severity=severity,
            source=str(entry["source"]),
            heading=str(entry["heading"]),
            parameters=tuple(entry["parameters"] or ()),
            text=_bilingual(entry["text"], f"{where}.text"),
            interpretation=None if interpretation is None else _bilingual(
                interpretation, f"{where}.interpretation"),
            messages=messages,
        )
    return rules


class Catalogue:
    def __init__(self, rules: dict[str, Rule], texts: dict):
        self.rules = rules
        self.texts = texts
        self._basis = texts["basis"]
        self._errors = texts["errors"]

    @classmethod
    def load(cls, directory: Path = CATALOGUE_DIR) -> "Catalogue":
        rules: dict[str, Rule] = {}
        for path in sorted(directory.glob("*.yaml")):
            if path.name.startswith("_"):
                continue
            for rule_id, rule in _load_rules(path).items():
                if rule_id in rules:
                    raise CatalogueError(f"{path.name}: {rule_id} is defined twice")
                rules[rule_id] = rule
        texts = yaml.safe_load((directory / "_texts.yaml").read_text(encoding="utf-8"))
        return cls(rules, texts)

    def check_against(self, store: ParameterStore) -> None:
        """Every parameter a rule names or shows exists: a typo fails at start-up, not in a case."""
        for rule in self.rules.values():
            shown = set()
            for text in [rule.text, rule.interpretation or {}]:
                for lang_text in text.values():
                    shown.update(PLACEHOLDER.findall(lang_text))
            for name in set(rule.parameters) | shown:
                if name not in store:
                    raise CatalogueError(f"{rule.id}: unknown parameter {name}")
            if not shown <= set(rule.parameters):
                raise CatalogueError(f"{rule.id}: shows {sorted(shown - set(rule.parameters))[0]} "
                                     "without listing it in parameters")

    # --- rendering ---------------------------------------------------------------------------

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def message(self, rule_id: str, key: str, values: dict, lang: str) -> str:
        template = self.rules[rule_id].messages[key][lang]
        return template.format(**{k: self.basis(v, lang) if isinstance(v, Text) else show(v, lang)
                                  for k, v in values.items()})

    def basis(self, text: Text, lang: str) -> str:
        values = {k: (self.basis(v, lang) if isinstance(v, Text) else iso(v))
                  for k, v in text.values.items()}
        return self._basis[text.key][lang].format(**values)

    def error(self, key: str, values: dict, lang: str) -> str:
        return self._errors[key][lang].format(**values)

    def text(self, section: str, key: str, lang: str) -> str:
        return self.texts[section][key][lang]

    def rule_sentence(self, rule: Rule, store: ParameterStore, on: dt.date, lang: str,
                      part: str = "text") -> str:
        """The rule's sentence with the parameter values in force on ``on``."""
        template = getattr(rule, part)[lang]

        def value(match):
            name = match.group(1)
            parameter = store.parameter(name)
            try:
                return show_parameter(parameter.value(on), parameter.unit, lang)
            except ParameterNotInForce as exc:
                if exc.ended is None:
                    return NO_VALUE
                # An ended rule still reads with its last values; the listing says it ended.
                return show_parameter(parameter.value(exc.ended), parameter.unit, lang)

        return PLACEHOLDER.sub(value, template)


def iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def show(value, lang: str) -> str:
    """A value inside a Finnish or English sentence."""
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}" if lang == "fi" else value.isoformat()
    if isinstance(value, float):
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "fi" else text
    return str(value)


def show_parameter(value, unit: str, lang: str) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} → {v}" for k, v in value.items())
    if isinstance(value, bool):
        return {"fi": {True: "kyllä", False: "ei"}, "en": {True: "yes", False: "no"}}[lang][value]
    return show(value, lang)


@functools.cache
def default_catalogue() -> Catalogue:
    return Catalogue.load()
