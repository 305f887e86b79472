"""The rule catalogue as a person reads it, on a date: shared by `vahti rules` and the web page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .evaluate import IN_FORCE, Evaluator
from .loader import ParameterNotInForce
from .texts import show, show_parameter

# Sections after the service families of catalogue/_services.yaml.
COMMON_SECTIONS = ("all", "provider")


@dataclass(frozen=True)
class RuleEntry:
    id: str
    title: str
    sentence: str
    parameters: tuple[str, ...]  # "name = value unit (from date; reference)"
    source: str  # the source's title and slide (for a person)
    source_id: str  # the seed file or kela.fi page
    heading: str
    interpretation: str | None
    checked: str


@dataclass(frozen=True)
class LineEntry:
    id: str
    name: str
    family: str
    in_force: str  # "alkaen 1.1.2022" / "ei voimassa, päättyi 31.12.2025"
    parameters: tuple[str, ...]


def readable(evaluator: Evaluator, text: str, lang: str) -> str:
    """A reference with each source's file name or page replaced by its title."""
    sources = evaluator.registry.sources
    # Longest first, in one pass: "kela.fi/…" before "kela.fi", and no title rewritten again.
    pattern = re.compile("|".join(re.escape(key) for key in sorted(sources, key=len, reverse=True)))
    return pattern.sub(lambda match: sources[match.group(0)].title[lang], text)


def parameter_line(
    evaluator: Evaluator, name: str, on: dt.date, lang: str, *, shown: bool = False
) -> str:
    """``name = value unit (from date; reference)``; an ended value is shown with its end.
    ``shown``: for a person (sources by title)."""
    label = evaluator.catalogue.texts["rules_listing"]
    parameter = evaluator.store.parameter(name)
    try:
        entry = parameter.entry(on)
        status = f"{label['since'][lang]} {show(entry.start, lang, shown=True)}"
    except ParameterNotInForce as exc:
        if exc.ended is None:
            return f"{name}: {label['before'][lang]} {show(exc.first, lang, shown=True)}"
        entry = parameter.entry(exc.ended)
        status = f"{label['ended'][lang]} {show(exc.ended, lang, shown=True)}"
    value = show_parameter(entry.value, parameter.unit, lang, label.get("words"))
    unit = label["units"].get(parameter.unit)
    if unit:
        value = f"{value} {unit[lang]}"
    reference = readable(evaluator, entry.reference, lang) if shown else entry.reference
    return f"{name} = {value} ({status}; {reference})"


def rule_entries(
    evaluator: Evaluator, on: dt.date, lang: str, *, shown: bool = False
) -> list[tuple[str, list[RuleEntry]]]:
    """(section title, entries): each service family, then the rules of every service and the
    provider's duties, in the catalogue's order."""
    catalogue, store = evaluator.catalogue, evaluator.store
    label = catalogue.texts["rules_listing"]
    sections = [(family.id, family.name[lang]) for family in evaluator.registry.families.values()]
    sections += [(key, catalogue.texts["sections"][key][lang]) for key in COMMON_SECTIONS]
    result = []
    for key, title in sections:
        entries = [
            RuleEntry(
                id=rule.id,
                title=rule.title[lang],
                sentence=catalogue.rule_sentence(rule, store, on, lang),
                parameters=tuple(
                    parameter_line(evaluator, name, on, lang, shown=shown)
                    for name in catalogue.parameters_of(rule, store)
                ),
                source=catalogue.source(rule.source, rule.heading, lang),
                source_id=rule.source,
                heading=rule.heading,
                interpretation=(
                    catalogue.rule_sentence(rule, store, on, lang, "interpretation")
                    if rule.interpretation
                    else None
                ),
                checked=label["checked_kinds"][rule.checked][lang],
            )
            for rule in catalogue.rules.values()
            if rule.services[0] == key
        ]
        result.append((title, entries))
    return result


def line_entries(
    evaluator: Evaluator, on: dt.date, lang: str, *, shown: bool = False
) -> list[LineEntry]:
    """Each service line with when it is in force and its own parameters."""
    store = evaluator.store
    label = evaluator.catalogue.texts["rules_listing"]
    entries = []
    for line in evaluator.registry.lines.values():
        try:
            if not line.supported:
                state = evaluator.catalogue.error("service_unsupported", {}, lang)
            else:
                since = store.parameter(line.id + IN_FORCE).entry(on).start
                state = f"{label['since'][lang]} {show(since, lang, shown=True)}"
        except ParameterNotInForce as exc:
            state = (
                f"{label['ended'][lang]} {show(exc.ended, lang, shown=True)}"
                if exc.ended
                else f"{label['before'][lang]} {show(exc.first, lang, shown=True)}"
            )
        own = [
            name for name in store if name.startswith(line.id + ".") and name != line.id + IN_FORCE
        ]
        entries.append(
            LineEntry(
                id=line.id,
                name=line.name[lang],
                family=evaluator.registry.families[line.family].name[lang],
                in_force=state,
                parameters=tuple(
                    parameter_line(evaluator, name, on, lang, shown=shown) for name in own
                ),
            )
        )
    return entries


def rules_text(evaluator: Evaluator, on: dt.date, lang: str) -> str:
    label = evaluator.catalogue.texts["rules_listing"]
    lines = [label["title"][lang].format(date=show(on, lang, shown=True)), ""]
    title = evaluator.catalogue.texts["sections"]["lines"][lang]
    lines += [title, "=" * len(title), ""]
    for line in line_entries(evaluator, on, lang):
        lines += [f"{line.id}: {line.name} ({line.in_force})"]
        lines += [f"  {label['parameters'][lang]}: {text}" for text in line.parameters]
        lines.append("")
    for title, entries in rule_entries(evaluator, on, lang):
        lines += [title, "=" * len(title), ""]
        for entry in entries:
            lines += [f"{entry.id} ({entry.title})", f"  {entry.sentence}"]
            lines += [f"  {label['parameters'][lang]}: {line}" for line in entry.parameters]
            lines.append(f"  {label['source'][lang]}: {entry.source} ({entry.source_id})")
            if entry.interpretation:
                lines.append(f"  {label['interpretation'][lang]}: {entry.interpretation}")
            lines += [f"  {label['checked'][lang]}: {entry.checked}", ""]
    return "\n".join(lines)
