"""Service lines, their families, feedback forms and sources as data (catalogue/_services.yaml,
catalogue/_sources.yaml).

Every part of Vahti that needs to know which services exist reads this registry: the
evaluator, the workspace's model choices and forms, the dashboard, documents and notices. A new
service line of an existing family is then a registry entry and parameter files, not code.
When a line is in force is not stored here: it is the dated ``<line>.in_force`` parameter, so
that its start and end carry a source like every other value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .loader import SAFE_LOADER
from .translations import tables, translated

LANGUAGES = ("fi", "sv", "en")
SOURCE_KINDS = ("slides", "page")
PROCEDURES = ("registration", "procurement")


class RegistryError(Exception):
    """The registry cannot be used; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    name: dict
    rules: str  # the rule-id prefix of the family's own rules (teak, taito, yksilo)
    # The deadline of the rehabilitation's start (a notice that it cannot start in time).
    start_deadline: str | None = None
    # Groups: the deadline a member's start is judged by (None: the family has no groups), and
    # whether the group has group periods and a minimum size that may move its start.
    group_start_rule: str | None = None
    group_periods: bool = False
    # Rules of the first decision only: a continuation (decision sequence 2 or more) continues a
    # running rehabilitation, so it has no pre-contact or start of its own.
    first_decision_only: tuple[str, ...] = ()
    # Deadlines that the rehabilitation's end closes when they were not met by then (they can no
    # longer be met): listed with the day they were closed, no longer to do.
    closed_by_end: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedbackForm:
    id: str
    name: dict
    sections: tuple[tuple[str, dict], ...]  # (key, {lang: heading}) in order


@dataclass(frozen=True, slots=True)
class ServiceLine:
    id: str
    family: str
    name: dict
    feedback_form: str
    notices: tuple[str, ...]
    # How Kela buys the line: "registration" (the registration procedure: contracts with every
    # provider that qualifies) or "procurement" (a tender).
    procedure: str = "procurement"
    # False: Kela lists the service but its service description is not public, so Vahti cannot
    # apply its rules; a decision for it is refused in words (the line is still shown).
    supported: bool = True
    # The client works in paid employment during the rehabilitation: the decision and the
    # participation certificate name the employer, to whom Kela pays the allowance for the days
    # with pay (kela.fi/rehabiliteringspenning).
    employer: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    id: str  # the file name or kela.fi page, as the JSON of `vahti evaluate` gives it
    kind: str  # slides or page
    title: dict


@dataclass(frozen=True)
class Registry:
    families: dict[str, Family]
    lines: dict[str, ServiceLine]
    feedback_forms: dict[str, FeedbackForm]
    sources: dict[str, Source]

    def line(self, line_id: str) -> ServiceLine:
        return self.lines[line_id]

    def family_of(self, line_id: str) -> Family:
        return self.families[self.lines[line_id].family]

    def feedback_form_of(self, line_id: str) -> FeedbackForm:
        return self.feedback_forms[self.lines[line_id].feedback_form]


def _texts(value, where: str) -> dict:
    if (
        not isinstance(value, dict)
        or set(value) != set(LANGUAGES)
        or not all(isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES)
    ):
        raise RegistryError(f"{where}: needs a text for each of {', '.join(LANGUAGES)}")
    return value


def _mapping(value, where: str, keys: frozenset, optional: set = frozenset()) -> dict:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: expected a mapping")
    unknown = sorted(set(value) - keys - optional)
    if unknown:
        raise RegistryError(f"{where}: unknown key {unknown[0]}")
    missing = sorted(keys - set(value))
    if missing:
        raise RegistryError(f"{where}: missing key {missing[0]}")
    return value


def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path.name}: unreadable ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict):
        raise RegistryError(f"{path.name}: expected a mapping")
    return translated(data, tables(path.parent), path.name)


def load_registry(services_files: list[Path], sources_files: list[Path]) -> Registry:
    """Read the registry; later files add entries (a test adds a fixture line this way) and may
    not redefine one."""
    families: dict[str, Family] = {}
    lines: dict[str, ServiceLine] = {}
    forms: dict[str, FeedbackForm] = {}
    sources: dict[str, Source] = {}

    def add(table: dict, key: str, value, where: str):
        if key in table:
            raise RegistryError(f"{where}: {key} is defined twice")
        table[key] = value

    for path in services_files:
        data = _read(path)
        unknown = sorted(set(data) - {"families", "lines", "feedback_forms"})
        if unknown:
            raise RegistryError(f"{path.name}: unknown key {unknown[0]}")
        for key, entry in (data.get("families") or {}).items():
            where = f"{path.name}: families.{key}"
            optional = {
                "start_deadline",
                "group_start_rule",
                "group_periods",
                "first_decision_only",
                "closed_by_end",
            }
            entry = _mapping(entry, where, frozenset({"name", "rules"}), optional=optional)
            if not isinstance(entry.get("group_periods", False), bool):
                raise RegistryError(f"{where}: group_periods must be true or false")
            for name in ("first_decision_only", "closed_by_end"):
                rules = entry.get(name, [])
                if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
                    raise RegistryError(f"{where}: {name} must be a list of rule ids")
            add(
                families,
                key,
                Family(
                    key,
                    _texts(entry["name"], where),
                    str(entry["rules"]),
                    start_deadline=entry.get("start_deadline"),
                    group_start_rule=entry.get("group_start_rule"),
                    group_periods=entry.get("group_periods", False),
                    first_decision_only=tuple(entry.get("first_decision_only", [])),
                    closed_by_end=tuple(entry.get("closed_by_end", [])),
                ),
                where,
            )
        for key, entry in (data.get("feedback_forms") or {}).items():
            where = f"{path.name}: feedback_forms.{key}"
            entry = _mapping(entry, where, frozenset({"name", "sections"}))
            if not isinstance(entry["sections"], dict) or not entry["sections"]:
                raise RegistryError(f"{where}: sections must be a mapping of keys to headings")
            sections = tuple(
                (str(k), _texts(v, f"{where}.sections.{k}")) for k, v in entry["sections"].items()
            )
            add(forms, key, FeedbackForm(key, _texts(entry["name"], where), sections), where)
        for key, entry in (data.get("lines") or {}).items():
            where = f"{path.name}: lines.{key}"
            entry = _mapping(
                entry,
                where,
                frozenset({"family", "name", "feedback_form", "notices", "procedure"}),
                optional={"supported", "employer"},
            )
            for flag in ("supported", "employer"):
                if not isinstance(entry.get(flag, False), bool):
                    raise RegistryError(f"{where}: {flag} must be true or false")
            if entry["procedure"] not in PROCEDURES:
                raise RegistryError(f"{where}: procedure must be one of {', '.join(PROCEDURES)}")
            notices = entry["notices"]
            if not isinstance(notices, list) or not all(isinstance(n, str) for n in notices):
                raise RegistryError(f"{where}: notices must be a list of notice kinds")
            add(
                lines,
                key,
                ServiceLine(
                    key,
                    str(entry["family"]),
                    _texts(entry["name"], where),
                    str(entry["feedback_form"]),
                    tuple(notices),
                    entry["procedure"],
                    supported=entry.get("supported", True),
                    employer=entry.get("employer", False),
                ),
                where,
            )
    for path in sources_files:
        for key, entry in _read(path).items():
            where = f"{path.name}: {key}"
            entry = _mapping(entry, where, frozenset({"kind", "title"}))
            if entry["kind"] not in SOURCE_KINDS:
                raise RegistryError(f"{where}: kind must be one of {', '.join(SOURCE_KINDS)}")
            add(
                sources,
                str(key),
                Source(str(key), entry["kind"], _texts(entry["title"], where)),
                where,
            )

    for line in lines.values():
        if line.family not in families:
            raise RegistryError(f"lines.{line.id}: unknown family {line.family}")
        if line.feedback_form not in forms:
            raise RegistryError(f"lines.{line.id}: unknown feedback form {line.feedback_form}")
        if line.family != line.id and not line.id.startswith(line.family + "."):
            raise RegistryError(f"lines.{line.id}: the id must start with its family {line.family}")
    return Registry(families, lines, forms, sources)
