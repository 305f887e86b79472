"""Limits a service description states as numbers, checked from the catalogue's data.

A rule whose catalogue entry has a ``limit`` needs no function of its own: "at most 25 meetings"
is a ``cap``, "carried out within 13 months" a ``window``. The entry names what it counts (a
mode of rehabilitation day, or an event type) and the parameter that gives the number; this
module turns that into the rule's check. A new service line whose rules are such limits is then
parameter and catalogue files only (Kela's 2025 job coaching, catalogue/valmennus.yaml).

    limit: {kind: cap, counts: [meeting], max: tyohonvalmennus.meetings_max}
    limit: {kind: window, counts: [workplace, meeting], months: tyohonvalmennus.duration_months}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .case import EVENT_TYPES, MODES, Case
from .deadlines import within_months
from .facts import Facts
from .results import Finding

CAP, WINDOW = "cap", "window"
# What each kind needs besides ``counts``: the parameter of its number, and the message key
# its finding uses (the catalogue entry must have it).
KINDS = {CAP: ("max", "over"), WINDOW: ("months", "outside")}


class LimitError(ValueError):
    """A limit in the catalogue cannot be used; the message names what is wrong."""


@dataclass(frozen=True, slots=True)
class Limit:
    kind: str
    counts: tuple[str, ...]  # day modes and event types
    parameter: str  # the number: the cap, or the window's months

    @classmethod
    def read(cls, value) -> Limit:
        if not isinstance(value, dict) or value.get("kind") not in KINDS:
            raise LimitError(f"limit needs a kind, one of {', '.join(KINDS)}")
        kind = value["kind"]
        number = KINDS[kind][0]
        unknown = sorted(set(value) - {"kind", "counts", number})
        if unknown:
            raise LimitError(f"limit: unknown key {unknown[0]}")
        counts = value.get("counts")
        if not isinstance(counts, list) or not counts:
            raise LimitError("limit.counts must list day modes or event types")
        for name in counts:
            if name not in MODES and name not in EVENT_TYPES:
                raise LimitError(f"limit.counts: {name} is neither a day mode nor an event type")
        if not isinstance(value.get(number), str):
            raise LimitError(f"limit.{number} must name a parameter")
        return cls(kind, tuple(counts), value[number])

    @property
    def message(self) -> str:
        return KINDS[self.kind][1]

    def items(self, case: Case, facts: Facts) -> list[dt.date]:
        """The dates of what the limit counts, in order: rehabilitation days of its modes and
        events of its types."""
        dates = [day.date for day in facts.rehab if day.mode in self.counts]
        for name in self.counts:
            if name in EVENT_TYPES:
                dates.extend(event.date for event in case.events_of(name))
        dates.sort()
        return dates

    def check(self, rule: str, severity: str):
        """The rule's check, as the evaluator calls a rule module's functions."""
        if self.kind == CAP:
            return lambda case, p, facts: self.cap(rule, severity, case, p, facts)
        return lambda case, p, facts: self.window(rule, severity, case, p, facts)

    def cap(self, rule: str, severity: str, case: Case, p: dict, facts: Facts) -> list:
        """No more than the parameter's number of what it counts, planned ones included; dated
        on the first one over."""
        maximum = p[self.parameter]
        dates = self.items(case, facts)
        if len(dates) <= maximum:
            return []
        over = dates[maximum]
        return [
            Finding(rule, severity, over, self.message, count=len(dates), max=maximum, date=over)
        ]

    def window_deadline(self, rule: str, case: Case, p: dict, dates: list[dt.date]):
        """The window's deadline: the parameter's months from the start (the start event, or
        else the first of ``dates``), met by the end; None before anything has begun."""
        start = case.first_event("start")
        begins = start.date if start else (dates[0] if dates else None)
        if begins is None:
            return None
        end = case.first_event("end")
        return within_months(
            rule,
            trigger="start",
            start=begins,
            months=p[self.parameter],
            done_on=end.date if end else None,
            as_of=case.as_of,
        )

    def window(self, rule: str, severity: str, case: Case, p: dict, facts: Facts) -> list:
        """Everything it counts within the parameter's months of the start: the start event, or
        else the first of them. A deadline met by the end; anything after it a finding."""
        dates = self.items(case, facts)
        deadline = self.window_deadline(rule, case, p, dates)
        if deadline is None:
            return []
        results: list = [deadline]
        outside = next((day for day in dates if day > deadline.due), None)
        if outside is not None:
            results.append(
                Finding(rule, severity, outside, self.message, date=outside, due=deadline.due)
            )
        return results

    def counted(self, case: Case, facts: Facts) -> tuple[int, int]:
        """How many it has counted on the evaluation date, and how many more are planned."""
        dates = self.items(case, facts)
        done = sum(1 for day in dates if day <= case.as_of)
        return done, len(dates) - done
