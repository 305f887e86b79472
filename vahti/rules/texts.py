"""The rule catalogue and every text the rules core shows, in Finnish and English.

The catalogue (``catalogue/<prefix>.yaml``) is rules.md as data: each rule id with its title,
sentence, source, parameters, interpretation and finding messages. Beside it, the registry of
service lines and sources (``_services.yaml``, ``_sources.yaml``, read by registry.py). Keeping
the words out of the Python code lets the command line, the web application and `vahti rules`
say the same thing, and lets a reviewer read the rules without reading code.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .limits import Limit, LimitError
from .loader import SAFE_LOADER, ParameterNotInForce, ParameterStore
from .registry import Registry, load_registry
from .results import Text
from .translations import tables, translated

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
LANGUAGES = ("fi", "sv", "en")
NORDIC = ("fi", "sv")  # languages that write 4.12.2026 and 5,5 even in `vahti evaluate`
DEFAULT_LANGUAGE = "fi"
SEVERITIES = ("error", "warning", "info")
CHECKED = (
    "deadline",
    "finding",
    "allowance",
    "document",
    "catalogue",
    "staff",
    "group",
    "report",
    "billing",
)
# Where a person acts on what a rule finds: the work queue links each item there.
PLACES = (
    "records",
    "week",
    "feedback",
    "certificate",
    "notices",
    "decision",
    "staff",
    "group",
    "reports",
    "billing",
)
RULE_KEYS = frozenset(
    {
        "title",
        "services",
        "checked",
        "done_in",
        "severity",
        "source",
        "heading",
        "parameters",
        "text",
        "interpretation",
        "messages",
        "limit",
    }
)
PLACEHOLDER = re.compile(r"\$\(([a-z0-9_.]+)\)")
# A parameter listed as "{line}.window_months" is that parameter of every service line the rule
# applies to ("{family}." likewise): a new line's parameters are then listed without editing.
LINE, FAMILY = "{line}", "{family}"
NO_VALUE = "[?]"  # shown where a parameter has no value yet on the date asked
SERVICES_FILE, SOURCES_FILE, TEXTS_FILE = "_services.yaml", "_sources.yaml", "_texts.yaml"


class CatalogueError(Exception):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    title: dict
    services: tuple[str, ...]
    checked: str
    done_in: str | None
    severity: str
    source: str
    heading: str
    parameters: tuple[str, ...]
    text: dict
    interpretation: dict | None
    messages: dict = field(default_factory=dict)
    # A number the service description states (rules/limits.py): checked from this data alone.
    limit: Limit | None = None

    @property
    def prefix(self) -> str:
        return self.id.split(".", 1)[0]

    def applies_to(self, service: str) -> bool:
        return any(s == "all" or service == s or service.startswith(s + ".") for s in self.services)


def _bilingual(value, where: str) -> dict:
    if (
        not isinstance(value, dict)
        or set(value) != set(LANGUAGES)
        or not all(isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES)
    ):
        raise CatalogueError(f"{where}: needs a text for each of {', '.join(LANGUAGES)}")
    return value


def _load_rules(path: Path) -> dict[str, Rule]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    data = translated(data, tables(path.parent), path.name)
    rules = {}
    for rule_id, entry in data.items():
        where = f"{path.name}: {rule_id}"
        if not isinstance(entry, dict):
            raise CatalogueError(f"{where}: expected a mapping")
        unknown = set(entry) - RULE_KEYS
        if unknown:
            raise CatalogueError(f"{where}: unknown key {sorted(unknown)[0]}")
        for key in ("title", "services", "checked", "source", "heading", "parameters", "text"):
            if key not in entry:
                raise CatalogueError(f"{where}: missing key {key}")
        if entry["checked"] not in CHECKED:
            raise CatalogueError(f"{where}: checked must be one of {', '.join(CHECKED)}")
        done_in = entry.get("done_in")
        if (
            entry["checked"] in ("deadline", "finding", "staff", "group", "report", "billing")
            and done_in is None
        ):
            raise CatalogueError(f"{where}: missing key done_in (the page where it is acted on)")
        if done_in is not None and done_in not in PLACES:
            raise CatalogueError(f"{where}: done_in must be one of {', '.join(PLACES)}")
        severity = entry.get("severity", "warning")  # rules.md: no severity given → warning
        if severity not in SEVERITIES:
            raise CatalogueError(f"{where}: unknown severity {severity}")
        messages = {
            key: _bilingual(text, f"{where}.messages.{key}")
            for key, text in (entry.get("messages") or {}).items()
        }
        interpretation = entry.get("interpretation")
        limit = None
        if "limit" in entry:
            try:
                limit = Limit.read(entry["limit"])
            except LimitError as exc:
                raise CatalogueError(f"{where}: {exc}") from None
            if limit.message not in messages:
                raise CatalogueError(f"{where}: a {limit.kind} needs the message {limit.message}")
            if limit.parameter not in (entry["parameters"] or ()):
                raise CatalogueError(f"{where}: the limit's {limit.parameter} is not listed")
        rules[rule_id] = Rule(
            id=rule_id,
            title=_bilingual(entry["title"], f"{where}.title"),
            services=tuple(entry["services"]),
            checked=entry["checked"],
            done_in=done_in,
            severity=severity,
            source=str(entry["source"]),
            heading=str(entry["heading"]),
            parameters=tuple(entry["parameters"] or ()),
            text=_bilingual(entry["text"], f"{where}.text"),
            interpretation=None
            if interpretation is None
            else _bilingual(interpretation, f"{where}.interpretation"),
            messages=messages,
            limit=limit,
        )
    return rules


class Catalogue:
    def __init__(
        self,
        rules: dict[str, Rule],
        texts: dict,
        registry: Registry,
        files: dict[str, str] | None = None,
    ):
        self.rules = rules
        self.texts = texts
        self.registry = registry
        self.files = files or {}  # rule id → the catalogue file that defines it
        self._basis = texts["basis"]
        self._basis_shown = texts["basis_shown"]
        self._errors = texts["errors"]

    @classmethod
    def load(cls, *directories: Path) -> Catalogue:
        """The catalogue of ``directories`` (default: the bundled one); later directories add
        rules, service lines and sources, and may not redefine one."""
        directories = directories or (CATALOGUE_DIR,)
        rules: dict[str, Rule] = {}
        files: dict[str, str] = {}
        for directory in directories:
            for path in sorted(directory.glob("*.yaml")):
                if path.name.startswith("_"):
                    continue
                for rule_id, rule in _load_rules(path).items():
                    if rule_id in rules:
                        raise CatalogueError(f"{path.name}: {rule_id} is defined twice")
                    rules[rule_id] = rule
                    files[rule_id] = path.name
        texts = translated(
            yaml.load(
                (directories[0] / TEXTS_FILE).read_text(encoding="utf-8"), Loader=SAFE_LOADER
            ),
            tables(*directories),
            TEXTS_FILE,
        )
        registry = load_registry(
            [d / SERVICES_FILE for d in directories if (d / SERVICES_FILE).exists()],
            [d / SOURCES_FILE for d in directories if (d / SOURCES_FILE).exists()],
        )
        return cls(rules, texts, registry, files)

    def check_against(self, store: ParameterStore) -> None:
        """Every parameter a rule names or shows exists, every source has a title, and every
        service line has its in_force parameter: a typo fails at start-up, not in a case."""
        for rule in self.rules.values():
            shown = set()
            for text in [rule.text, rule.interpretation or {}]:
                for lang_text in text.values():
                    shown.update(PLACEHOLDER.findall(lang_text))
            for name in shown:
                if name not in store:
                    raise CatalogueError(f"{rule.id}: unknown parameter {name}")
            for pattern in rule.parameters:
                if not self._expand(rule, pattern, store):
                    raise CatalogueError(f"{rule.id}: unknown parameter {pattern}")
            if not shown <= set(self.parameters_of(rule, store)):
                missing = sorted(shown - set(self.parameters_of(rule, store)))[0]
                raise CatalogueError(f"{rule.id}: shows {missing} without listing it in parameters")
            if rule.source not in self.registry.sources:
                raise CatalogueError(
                    f"{rule.id}: source {rule.source} has no title in {SOURCES_FILE}"
                )
        routes = store.parameter("kela.notice_routes")
        kinds = {kind for value in routes.values if value.value for kind in value.value}
        for line in self.registry.lines.values():
            if line.supported and f"{line.id}.in_force" not in store:
                raise CatalogueError(
                    f"{SERVICES_FILE}: {line.id} has no {line.id}.in_force parameter"
                )
            unknown = sorted(set(line.notices) - kinds)
            if unknown:
                raise CatalogueError(
                    f"{SERVICES_FILE}: {line.id}: unknown notice kind {unknown[0]}"
                )

    def lists(self, rule: Rule, name: str) -> bool:
        """Whether the rule lists the parameter ``name``, existing or not (a rule may ask whether
        a line has a parameter: työkokeilu has no granted_days)."""
        return any(
            name == pattern or name in self._expand(rule, pattern, None)
            for pattern in rule.parameters
        )

    def _expand(
        self, rule: Rule, pattern: str, store: ParameterStore | None, line: str | None = None
    ) -> list[str]:
        """The names a listed pattern stands for (only those in ``store`` when given; for one
        service line when ``line`` is given)."""
        lines = [line] if line else [key for key in self.registry.lines if rule.applies_to(key)]
        if LINE in pattern:
            names = [pattern.replace(LINE, key) for key in lines]
        elif FAMILY in pattern:
            families = (
                [self.registry.lines[line].family]
                if line
                else [key for key in self.registry.families if rule.applies_to(key)]
            )
            names = [pattern.replace(FAMILY, family) for family in families]
        else:
            names = [pattern]
        return [name for name in names if store is None or name in store]

    def parameters_of(
        self, rule: Rule, store: ParameterStore, *, line: str | None = None
    ) -> list[str]:
        """The parameters a rule reads, with "{line}" and "{family}" spelled out (for one
        service line when ``line`` is given)."""
        return [
            name for pattern in rule.parameters for name in self._expand(rule, pattern, store, line)
        ]

    # --- rendering ---------------------------------------------------------------------------

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def title(self, rule_id: str, lang: str) -> str:
        return self.rules[rule_id].title[lang]

    def message(self, rule_id: str, key: str, values: dict, lang: str, shown=False) -> str:
        template = self.rules[rule_id].messages[key][lang]
        return template.format(
            **{
                k: self.basis(v, lang, shown=shown)
                if type(v) is Text
                else v
                if type(v) is str  # most values are words or codes: shown as they are
                else show(v, lang, shown=shown)
                for k, v in values.items()
            }
        )

    def messages(self, finding, lang: str, *, shown: bool = False) -> str:
        """A finding's messages as one text. ``shown``: for a person, dates in the pages' format
        in every language (the JSON of `vahti evaluate` keeps ISO dates in English)."""
        return " ".join(
            self.message(finding.rule, key, values, lang, shown) for key, values in finding.messages
        )

    def basis(self, text: Text, lang: str, *, shown: bool = False) -> str:
        """How a due date was reached. ``shown``: for a person (dates in the reader's format, no
        field names); otherwise as the JSON of `vahti evaluate` gives it (ISO dates)."""
        if not shown:  # the JSON's: ISO dates (a third of an answer's text is made here)
            return self._basis[text.key][lang].format(
                **{
                    k: v.isoformat()
                    if type(v) is dt.date
                    else self.basis(v, lang)
                    if type(v) is Text
                    else str(v)
                    for k, v in text.values.items()
                }
            )
        values = {
            k: self.basis(v, lang, shown=True) if type(v) is Text else show(v, lang, shown=True)
            for k, v in text.values.items()
        }
        templates = self._basis_shown.get(text.key)
        return (templates or self._basis[text.key])[lang].format(**values)

    def source(self, source_id: str, heading: str, lang: str) -> str:
        """A source as a person reads it: its title and the slide or section."""
        source = self.registry.sources[source_id]
        return self.texts["source_shown"][source.kind][lang].format(
            title=source.title[lang], heading=heading
        )

    def error(self, key: str, values: dict, lang: str) -> str:
        return self._errors[key][lang].format(**values)

    def text(self, section: str, key: str, lang: str) -> str:
        return self.texts[section][key][lang]

    def rule_sentence(
        self, rule: Rule, store: ParameterStore, on: dt.date, lang: str, part: str = "text"
    ) -> str:
        """The rule's sentence with the parameter values in force on ``on``."""
        template = getattr(rule, part)[lang]
        words = self.texts["rules_listing"].get("words")

        def value(match):
            name = match.group(1)
            parameter = store.parameter(name)
            try:
                return show_parameter(parameter.value(on), parameter.unit, lang, words)
            except ParameterNotInForce as exc:
                if exc.ended is None:
                    return NO_VALUE
                # An ended rule still reads with its last values; the listing says it ended.
                return show_parameter(parameter.value(exc.ended), parameter.unit, lang, words)

        return PLACEHOLDER.sub(value, template)


def iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def show(value, lang: str, *, shown: bool = False) -> str:
    """A value inside a sentence; ``shown``: for a person, whose pages write dates as 1.9.2024 in
    every language (English for `vahti evaluate` keeps ISO dates). Finnish and Swedish as written
    in Finland: 4.12.2026, a decimal comma."""
    if isinstance(value, dt.date):
        if lang in NORDIC or shown:
            return f"{value.day}.{value.month}.{value.year}"
        return value.isoformat()
    if isinstance(value, float):
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang in NORDIC else text
    return str(value)


def show_parameter(value, unit: str, lang: str, words: dict | None = None) -> str:
    """A parameter's value for a person; names (unit "names") in words when ``words`` has them."""
    if isinstance(value, list):
        if unit == "names" and words:
            value = [words[name][lang] if name in words else name for name in value]
        return ", ".join(str(v) for v in value) if value else "—"
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return value[lang]  # words per language (allowance.unemployment_benefit_words)
    if isinstance(value, dict):
        # A table's keys (and topic values) in words where the listing has them.
        def word(key):
            return words[key][lang] if words and key in words else str(key)

        return ", ".join(f"{word(k)}: {word(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return {
            "fi": {True: "kyllä", False: "ei"},
            "sv": {True: "ja", False: "nej"},
            "en": {True: "yes", False: "no"},
        }[lang][value]
    return show(value, lang, shown=True)


@functools.cache
def default_catalogue() -> Catalogue:
    return Catalogue.load()
