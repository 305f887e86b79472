"""The rule catalogue as a person reads it, on a date: shared by `vahti rules` and the web page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .evaluate import Evaluator
from .loader import ParameterNotInForce
from .texts import show, show_parameter

SECTIONS = ("teak", "taito", "yksilokuntoutus", "all", "provider")


@dataclass(frozen=True)
class RuleEntry:
    id: str
    sentence: str
    parameters: tuple[str, ...]  # "name = value unit (from date; reference)"
    source: str
    heading: str
    interpretation: str | None
    checked: str


def parameter_line(evaluator: Evaluator, name: str, on: dt.date, lang: str) -> str:
    """``name = value unit (from date; reference)``; an ended value is shown with its end."""
    label = evaluator.catalogue.texts["rules_listing"]
    parameter = evaluator.store.parameter(name)
    try:
        entry = parameter.entry(on)
        status = f"{label['since'][lang]} {show(entry.start, lang)}"
    except ParameterNotInForce as exc:
        if exc.ended is None:
            return f"{name}: {label['before'][lang]} {show(exc.first, lang)}"
        entry = parameter.entry(exc.ended)
        status = f"{label['ended'][lang]} {show(exc.ended, lang)}"
    shown = show_parameter(entry.value, parameter.unit, lang)
    unit = label["units"].get(parameter.unit)
    if unit:
        shown = f"{shown} {unit[lang]}"
    return f"{name} = {shown} ({status}; {entry.reference})"


def rule_entries(evaluator: Evaluator, on: dt.date, lang: str) -> list[tuple[str, list[RuleEntry]]]:
    """(section title, entries) in the catalogue's order."""
    catalogue, store = evaluator.catalogue, evaluator.store
    label = catalogue.texts["rules_listing"]
    sections = []
    for section in SECTIONS:
        entries = [
            RuleEntry(
                id=rule.id,
                sentence=catalogue.rule_sentence(rule, store, on, lang),
                parameters=tuple(parameter_line(evaluator, name, on, lang)
                                 for name in rule.parameters),
                source=rule.source,
                heading=rule.heading,
                interpretation=(catalogue.rule_sentence(rule, store, on, lang, "interpretation")
                                if rule.interpretation else None),
                checked=label["checked_kinds"][rule.checked][lang],
            )
            for rule in catalogue.rules.values() if rule.services[0] == section
        ]
        sections.append((catalogue.texts["sections"][section][lang], entries))
    return sections


def rules_text(evaluator: Evaluator, on: dt.date, lang: str) -> str:
    label = evaluator.catalogue.texts["rules_listing"]
    lines = [label["title"][lang].format(date=show(on, lang)), ""]
    for title, entries in rule_entries(evaluator, on, lang):
        lines += [title, "=" * len(title), ""]
        for entry in entries:
            lines += [entry.id, f"  {entry.sentence}"]
            lines += [f"  {label['parameters'][lang]}: {line}" for line in entry.parameters]
            lines.append(f"  {label['source'][lang]}: {entry.source}, \"{entry.heading}\"")
            if entry.interpretation:
                lines.append(f"  {label['interpretation'][lang]}: {entry.interpretation}")
            lines += [f"  {label['checked'][lang]}: {entry.checked}", ""]
    return "\n".join(lines)
