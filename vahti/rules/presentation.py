"""A result as a person reads it: the one presentation that pages, the calendar feed, e-mails and
documents all show.

Each deadline and finding carries its rule's title, the basis or message, the rule's sentence
with the values in force on the decision date ("why this date?") and its source as a title and a
slide, in the chosen language. Dates stay dates: the reader formats them. The JSON of
`vahti evaluate` (Evaluator.to_json) is the machine's view of the same result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .evaluate import Evaluator, Result, default_evaluator
from .results import Finding


@dataclass(frozen=True, slots=True)
class ShownDeadline:
    rule: str
    title: str
    due: dt.date
    done_on: dt.date | None
    status: str
    basis: str
    rule_text: str
    source: str
    closed_on: dt.date | None = None  # the end closed it unmet: no longer to do


@dataclass(frozen=True, slots=True)
class ShownFinding:
    rule: str
    title: str
    severity: str
    date: dt.date
    message: str
    rule_text: str
    source: str


@dataclass(frozen=True, slots=True)
class ShownAllowance:
    waiting_days: tuple[dt.date, ...]
    payable_days: tuple[dt.date, ...]
    not_payable: tuple[tuple[dt.date, str], ...]  # (day, the rule id saying why)

    @property
    def payable_count(self) -> int:
        return len(self.payable_days)


@dataclass(frozen=True, slots=True)
class Shown:
    service: str
    service_name: str
    as_of: dt.date
    lang: str
    deadlines: tuple[ShownDeadline, ...]
    findings: tuple[ShownFinding, ...]
    allowance: ShownAllowance
    interpretations: tuple[str, ...]


class Presenter:
    """Renders results in one language; rule sentences are computed once per rule and date."""

    def __init__(self, lang: str, evaluator: Evaluator | None = None):
        self.lang = lang
        self.evaluator = evaluator or default_evaluator()
        self._sentences: dict[tuple[str, dt.date], str] = {}

    def rule_text(self, rule_id: str, on: dt.date) -> str:
        key = (rule_id, on)
        text = self._sentences.get(key)
        if text is None:
            evaluator = self.evaluator
            text = self._sentences[key] = evaluator.catalogue.rule_sentence(
                evaluator.catalogue.rule(rule_id), evaluator.store, on, self.lang
            )
        return text

    def source(self, rule_id: str) -> str:
        rule = self.evaluator.catalogue.rule(rule_id)
        return self.evaluator.catalogue.source(rule.source, rule.heading, self.lang)

    def title(self, rule_id: str) -> str:
        return self.evaluator.catalogue.title(rule_id, self.lang)

    def service_name(self, service: str) -> str:
        return self.evaluator.registry.lines[service].name[self.lang]

    def rule_finding(
        self, rule_id: str, on: dt.date, *, decided_on: dt.date, severity: str | None = None
    ) -> ShownFinding:
        """A finding the workspace makes from a rule the core cannot check alone (e.g.
        certificate.reissue): the rule's sentence is its message."""
        rule = self.evaluator.catalogue.rule(rule_id)
        text = self.rule_text(rule_id, decided_on)
        return ShownFinding(
            rule_id,
            self.title(rule_id),
            severity or rule.severity,
            on,
            text,
            text,
            self.source(rule_id),
        )

    def finding(self, finding: Finding, *, rules_on: dt.date) -> ShownFinding:
        """One finding with its rule's sentence in force on ``rules_on`` (a case's decision
        date; the staff and group rules' own date)."""
        return ShownFinding(
            finding.rule,
            self.title(finding.rule),
            finding.severity,
            finding.date,
            self.evaluator.catalogue.messages(finding, self.lang, shown=True),
            self.rule_text(finding.rule, rules_on),
            self.source(finding.rule),
        )

    def present(self, result: Result) -> Shown:
        evaluator, lang = self.evaluator, self.lang
        catalogue = evaluator.catalogue
        case = result.case
        decided_on = case.decided_on
        deadlines = tuple(
            ShownDeadline(
                d.rule,
                self.title(d.rule),
                d.due,
                d.done_on,
                d.status,
                catalogue.basis(d.basis, lang, shown=True),
                self.rule_text(d.rule, decided_on),
                self.source(d.rule),
                d.closed_on,
            )
            for d in result.deadlines
        )
        findings = tuple(self.finding(f, rules_on=decided_on) for f in result.findings)
        waiting, payable, not_payable = result.allowance.dates()
        return Shown(
            service=case.service,
            service_name=self.service_name(case.service),
            as_of=case.as_of,
            lang=lang,
            deadlines=deadlines,
            findings=findings,
            allowance=ShownAllowance(tuple(waiting), tuple(payable), tuple(not_payable)),
            interpretations=evaluator.interpretations(case.service, decided_on, lang, True),
        )
