"""One case in, deadlines, findings and allowance days out (../shared/spec/evaluate.md).

The command line and the web application both call ``Evaluator``: the same core answers for a
JSON file and for a case stored in the database.
"""

from __future__ import annotations

import orjson

from . import allowance, certificate, notify, taito, teak, yksilo
from .calendar import ISO_TEXTS, iso_of
from .case import Case, CaseError, parse_case
from .facts import Facts
from .fastread import read_fast
from .loader import ParameterNotInForce, ParameterStore, default_store
from .progress import Progress, progress
from .questions import IN_FORCE, ProviderQuestions
from .results import SEVERITY_ORDER, Deadline, Finding, status_of
from .texts import DEFAULT_LANGUAGE, Catalogue, CatalogueError, default_catalogue

# The checks of each rule-id prefix (one module each). A service family's own rules are those of
# its `rules` prefix in catalogue/_services.yaml; the others apply to every service. A new line of
# an existing family needs no code; a new family needs its module here.
FAMILY_CHECKS = {"teak": teak.CHECKS, "taito": taito.CHECKS, "yksilo": yksilo.CHECKS}
COMMON_CHECKS = certificate.CHECKS + notify.CHECKS + allowance.CHECKS
# The allowance days are computed by one function for several allowance.* rules.
ALLOWANCE_DAYS = "allowance days"
GENERAL_INTERPRETATIONS = (
    "time",
    "months",
    "decision_date",
    "first_day",
    "planned",
    "allowance_periods",
    "unknown_hours",
    "end_closes",
    "continuation",
)
FIRST_DECISION = 1  # evaluate.md: decision.sequence is 1 for the first decision


class _QuotedIso(dict):
    """Day ordinal -> its ISO date in JSON quotes, for answer_text: filled as days are first
    seen, so that a line's days are joined by one C call (``map``) without a lookup in Python."""

    def __missing__(self, ordinal: int) -> str:
        text = self[ordinal] = f'"{iso_of(ordinal)}"'
        return text


class _NotPayableText(dict):
    """(day ordinal, why) -> the JSON of a day not payable, filled in the same way."""

    def __missing__(self, key: tuple[int, str]) -> str:
        ordinal, why = key
        text = self[key] = f'{{"date":"{iso_of(ordinal)}","why":"{why}"}}'
        return text


# Bounded however long a stream: a day lies in 2000-2100 (case.py) and ``why`` is one of the
# allowance rules' few codes.
QUOTED_ISO = _QuotedIso()
NOT_PAYABLE_TEXT = _NotPayableText()


class Result:
    __slots__ = ("case", "deadlines", "findings", "allowance")

    def __init__(self, case, deadlines, findings, allowance_result):
        self.case: Case = case
        self.deadlines: list[Deadline] = deadlines
        self.findings: list[Finding] = findings
        self.allowance: allowance.Allowance | None = allowance_result


class ParameterTrace:
    """Which parameters each check reads (tests: every parameter a rule reads is listed under
    that rule in the catalogue)."""

    def __init__(self):
        self.reads: dict[str, set[str]] = {}

    def view(self, rule: str, p: dict) -> dict:
        return _Recording(p, self.reads.setdefault(rule, set()))


class _Recording(dict):
    def __init__(self, p: dict, reads: set):
        super().__init__(p)
        self._reads = reads

    def __getitem__(self, name):
        self._reads.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self._reads.add(name)
        return super().get(name, default)


class Evaluator(ProviderQuestions):
    """The one entry into the rules core: a case (``read``, ``evaluate``) and the provider's own
    questions (rules/questions.py)."""

    def __init__(self, store: ParameterStore | None = None, catalogue: Catalogue | None = None):
        self.store = store or default_store()
        self.catalogue = catalogue or default_catalogue()
        self.catalogue.check_against(self.store)
        self.registry = self.catalogue.registry
        # Each service line's family, for the case reader.
        self.services = {line.id: line.family for line in self.registry.lines.values()}
        for family in self.registry.families.values():  # the rules a family names exist
            for rule in (
                family.start_deadline,
                family.group_start_rule,
                *family.first_decision_only,
                *family.closed_by_end,
            ):
                if rule is not None and rule not in self.catalogue.rules:
                    raise CatalogueError(f"families.{family.id}: no rule {rule}")
        self.checks = {}
        # Each line's limits (rules/limits.py), for its checks and its progress.
        self.limits: dict[str, tuple] = {}
        # A continuation's checks: without the rules of the first decision only.
        self.continuation_checks = {}
        self.closed_by_end = {}
        for line in self.registry.lines.values():
            if not line.supported:
                continue  # refused by ``parameters``: no rules to check
            family = self.registry.families[line.family]
            # A family's rules: its module's functions, and the limits its catalogue states as
            # data (rules/limits.py); a family of limits alone needs no module.
            self.limits[line.id] = tuple(
                (rule.id, rule.limit)
                for rule in self.catalogue.rules.values()
                if rule.limit is not None and rule.applies_to(line.id)
            )
            limits = tuple(
                (rule_id, limit.check(rule_id, self.catalogue.rules[rule_id].severity))
                for rule_id, limit in self.limits[line.id]
            )
            if family.rules not in FAMILY_CHECKS and not limits:
                raise CatalogueError(f"{line.id}: no rule module for the prefix {family.rules}")
            self.checks[line.id] = FAMILY_CHECKS.get(family.rules, ()) + limits + COMMON_CHECKS
            self.continuation_checks[line.id] = tuple(
                (rule, check)
                for rule, check in self.checks[line.id]
                if rule not in family.first_decision_only
            )
            self.closed_by_end[line.id] = frozenset(family.closed_by_end)
        # Interpretations change only with the parameters: cached per service, epoch and language.
        self._interpretations: dict[tuple, tuple[str, ...]] = {}
        self._interpretations_json: dict[tuple, str] = {}

    # --- reading -------------------------------------------------------------------------------

    def read(self, data) -> Case:
        """Read and check one case; raises CaseError naming the field."""
        case = parse_case(data, services=self.services)
        self.parameters(case)
        return case

    def read_text_fast(self, text: str) -> Case | None:
        """A valid case's JSON text read by the fast reader (rules/fastread.py), or None: then
        ``read`` decides, with its exact error."""
        case = read_fast(text, services=self.services)
        if case is None:
            return None
        try:
            self.parameters(case)
        except CaseError:
            return None
        return case

    def parameters(self, case: Case) -> dict:
        """The parameters in force on the decision date; refuses a service not in force then,
        and one whose service description Vahti does not have."""
        if not self.registry.lines[case.service].supported:
            raise CaseError("service", "service_unsupported", service=case.service)
        try:
            self.store.parameter(case.service + IN_FORCE).entry(case.decided_on)
        except ParameterNotInForce as exc:
            if exc.ended is not None:
                raise CaseError(
                    "decision.decided_on",
                    "service_ended",
                    service=case.service,
                    ended=exc.ended.isoformat(),
                    date=case.decided_on.isoformat(),
                ) from None
            raise CaseError(
                "decision.decided_on",
                "service_before",
                service=case.service,
                first=exc.first.isoformat(),
            ) from None
        return self.store.at(case.decided_on)

    # --- evaluating ----------------------------------------------------------------------------

    def evaluate(
        self, case: Case, *, trace: ParameterTrace | None = None, allowance_days: bool = True
    ) -> Result:
        """The case's deadlines, findings and allowance days; ``allowance_days=False`` leaves
        the days out (``Result.allowance`` is None) for a caller that needs only the judgement
        (the workspace's daily status refresh: a fifth of the evaluation saved)."""
        p = self.parameters(case)
        facts = Facts(case)
        deadlines: list[Deadline] = []
        findings: list[Finding] = []
        checks = self.checks if case.sequence == FIRST_DECISION else self.continuation_checks
        for rule, check in checks[case.service]:
            for item in check(case, p if trace is None else trace.view(rule, p), facts):
                if type(item) is Deadline:
                    deadlines.append(item)
                else:
                    findings.append(item)
        end = case.first_event("end")
        if end is not None:
            close_by_end(deadlines, self.closed_by_end[case.service], end.date)
        days = (
            allowance.allowance_days(
                case, p if trace is None else trace.view(ALLOWANCE_DAYS, p), facts
            )
            if allowance_days
            else None
        )
        deadlines.sort(key=lambda d: (d.due, d.rule))
        return Result(case, deadlines, merge_findings(findings), days)

    def progress(self, result: Result) -> Progress:
        """How far the case has come (days done of granted, window end, Taito visits)."""
        case = result.case
        family = self.registry.families[self.registry.lines[case.service].family].rules
        return progress(
            case, self.parameters(case), family=family, limits=self.limits[case.service]
        )

    # --- rendering -----------------------------------------------------------------------------

    def to_json(
        self, result: Result, lang: str = DEFAULT_LANGUAGE, *, interpretations: bool = True
    ) -> dict:
        """The answer of evaluate.md as a JSON-ready mapping (``interpretations=False``: without
        them)."""
        answer = self._judgement(result, lang)
        days = result.allowance
        known = ISO_TEXTS.get  # cached ISO texts: most days of an answer were seen before
        answer["allowance"] = {
            "waiting_days": [known(d) or iso_of(d) for d in days.waiting_days],
            "payable_days": [known(d) or iso_of(d) for d in days.payable_days],
            "payable_count": len(days.payable_days),
            "not_payable": [
                {"date": known(d) or iso_of(d), "why": why} for d, why in days.not_payable
            ],
        }
        if interpretations:
            answer["interpretations"] = list(
                self.interpretations(result.case.service, result.case.decided_on, lang)
            )
        return answer

    def _judgement(self, result: Result, lang: str) -> dict:
        """The answer's service, date, deadlines and findings."""
        catalogue = self.catalogue
        rules = catalogue.rules
        return {
            "service": result.case.service,
            "as_of": result.case.as_of.isoformat(),
            "deadlines": [
                {
                    "rule": d.rule,
                    "due": d.due.isoformat(),
                    "done_on": d.done_on.isoformat() if d.done_on else None,
                    "status": d.status,
                    "basis": catalogue.basis(d.basis, lang),
                    "source": rules[d.rule].source,
                }
                | ({"closed_on": d.closed_on.isoformat()} if d.closed_on else {})
                for d in result.deadlines
            ],
            "findings": [
                {
                    "rule": f.rule,
                    "severity": f.severity,
                    "date": f.date.isoformat(),
                    "message": catalogue.messages(f, lang),
                    "source": rules[f.rule].source,
                }
                for f in result.findings
            ],
        }

    def answer(self, data, lang: str = DEFAULT_LANGUAGE) -> dict:
        return self.to_json(self.evaluate(self.read(data)), lang)

    def answer_text(self, data, lang: str = DEFAULT_LANGUAGE) -> str:
        """The answer as one line of compact JSON (`vahti evaluate --jsonl`), the same text
        orjson makes of ``answer``. The allowance days, only ISO dates and fixed codes, are
        joined as text, and the interpretations (the same for every case of a service and epoch)
        are serialised once and spliced in."""
        return self.case_answer_text(self.read(data), lang)

    def case_answer_text(self, case: Case, lang: str = DEFAULT_LANGUAGE) -> str:
        """``answer_text`` of a case already read (rules/fastread.py reads one from its text)."""
        result = self.evaluate(case)
        key = (case.service, self.store.epoch(case.decided_on), lang)
        tail = self._interpretations_json.get(key)
        if tail is None:
            texts = self.interpretations(case.service, case.decided_on, lang)
            tail = self._interpretations_json[key] = (
                ',"interpretations":' + orjson.dumps(list(texts)).decode() + "}"
            )
        days = result.allowance
        quoted = QUOTED_ISO.__getitem__
        return "".join(
            (
                orjson.dumps(self._judgement(result, lang)).decode()[:-1],
                ',"allowance":{"waiting_days":[',
                ",".join(map(quoted, days.waiting_days)),
                '],"payable_days":[',
                ",".join(map(quoted, days.payable_days)),
                '],"payable_count":',
                str(len(days.payable_days)),
                ',"not_payable":[',
                ",".join(map(NOT_PAYABLE_TEXT.__getitem__, days.not_payable)),
                "]}",
                tail,
            )
        )

    def error_message(self, error: CaseError, lang: str = DEFAULT_LANGUAGE) -> str:
        message = self.catalogue.error(error.key, error.params, lang)
        return f"{error.field}: {message}" if error.field else message

    def interpretations(self, service: str, on, lang: str, shown: bool = False) -> tuple[str, ...]:
        """The interpretations applied to a case decided on ``on``; ``shown``: for a person (rule
        titles instead of ids)."""
        key = (service, self.store.epoch(on), lang, shown)
        texts = self._interpretations.get(key)
        if texts is None:
            texts = self._interpretations[key] = self._interpretations_of(service, on, lang, shown)
        return texts

    def _interpretations_of(self, service, on, lang, shown) -> tuple[str, ...]:
        catalogue = self.catalogue
        texts = [catalogue.text("interpretations", key, lang) for key in GENERAL_INTERPRETATIONS]
        for rule in catalogue.rules.values():
            if (
                rule.interpretation
                and rule.checked in ("deadline", "finding", "allowance")
                and rule.applies_to(service)
            ):
                sentence = catalogue.rule_sentence(rule, self.store, on, lang, "interpretation")
                label = rule.title[lang][:1].upper() + rule.title[lang][1:] if shown else rule.id
                texts.append(f"{label}: {sentence}")
        return tuple(texts)


def close_by_end(deadlines: list[Deadline], rules: frozenset, end) -> None:
    """The end closes the ``rules``' deadlines not met by then: they can no longer be met. Each
    keeps its status as it stood on the end day and says when it was closed (``closed_on``)."""
    for deadline in deadlines:
        if deadline.done_on is None and deadline.rule in rules:
            deadline.closed_on = end
            deadline.status = status_of(due=deadline.due, done_on=None, as_of=end)


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """Sort by date then rule; one finding per rule and date (evaluate.md), keeping the most
    severe and every message."""
    merged: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.date, finding.rule)
        kept = merged.get(key)
        if kept is None:
            merged[key] = finding
        else:
            kept.messages.extend(finding.messages)
            if SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[kept.severity]:
                kept.severity = finding.severity
    return [merged[key] for key in sorted(merged)]


_default: Evaluator | None = None


def default_evaluator() -> Evaluator:
    """The evaluator of the bundled parameters and catalogue (built once)."""
    global _default
    if _default is None:
        _default = Evaluator()
    return _default


def install_evaluator(evaluator: Evaluator | None) -> Evaluator | None:
    """Make ``evaluator`` the default (None: the bundled one again); returns the previous one.
    Tests use it to add a fixture service line without touching code."""
    global _default
    previous, _default = _default, evaluator
    return previous
