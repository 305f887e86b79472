"""What a change of parameters does to cases (`vahti impact`, the impact page).

A pure function over two evaluators — today's parameters and the changed ones (a new dated
value in a file, or a whole new set) — and the cases: each case is evaluated under both, and
the differences in its deadlines (due date, status), findings and allowance days are returned
with before and after, and in words. A case whose results are the same under both is left out.
A case is judged with the parameters in force on its decision's date, so a value dated after
that date changes nothing for it (that is the rule, not a gap)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .evaluate import Evaluator, Result
from .loader import PARAMETERS_DIR, ParameterStore
from .texts import show


@dataclass(frozen=True)
class Change:
    kind: str  # "deadline", "finding", "payable" or "waiting"
    rule: str  # the rule it concerns ("" for the allowance days)
    before: object
    after: object
    text: str  # in words, in the language asked


@dataclass(frozen=True)
class CaseImpact:
    key: object  # the caller's name for the case (a line number, a decision's id)
    changes: tuple[Change, ...]


def store_with(overlay: Path, base: Path = PARAMETERS_DIR) -> ParameterStore:
    """The bundled parameters with those under ``overlay`` (a directory laid out as the
    bundled one: ``changes/teak/start_weeks.yaml``) in place of theirs. A new dated value is the
    whole file with the value added; a new parameter set is every file."""
    return ParameterStore.load(base).overlaid(overlay)


def _deadlines(result: Result) -> dict[str, tuple]:
    return {d.rule: (d.due, d.status, d.done_on, d.closed_on) for d in result.deadlines}


def _findings(evaluator: Evaluator, result: Result, lang: str) -> set[tuple]:
    return {
        (f.rule, f.date, f.severity, evaluator.catalogue.messages(f, lang, shown=True))
        for f in result.findings
    }


def case_changes(before: Evaluator, after: Evaluator, data, lang: str) -> tuple[Change, ...]:
    """The differences of one case (evaluate.md input) under the two evaluators."""
    old = before.evaluate(before.read(data))
    new = after.evaluate(after.read(data))
    catalogue = after.catalogue
    words = catalogue.texts["impact"]

    def text(key, **values):
        return words[key][lang].format(**values)

    def state(value):
        if value is None:
            return text("none")
        due, status, _done_on, _closed_on = value
        return text(
            "deadline_state", date=show(due, lang, shown=True), status=words["status"][status][lang]
        )

    changes = []
    old_deadlines, new_deadlines = _deadlines(old), _deadlines(new)
    for rule in sorted(old_deadlines.keys() | new_deadlines.keys()):
        a, b = old_deadlines.get(rule), new_deadlines.get(rule)
        if a != b:
            title = catalogue.title(rule, lang)
            changes.append(
                Change(
                    "deadline",
                    rule,
                    a,
                    b,
                    text("deadline", title=title, before=state(a), after=state(b)),
                )
            )
    old_findings, new_findings = _findings(before, old, lang), _findings(after, new, lang)
    for key in sorted(old_findings ^ new_findings):
        rule, day, _severity, message = key
        gone = key in old_findings
        changes.append(
            Change(
                "finding",
                rule,
                key if gone else None,
                None if gone else key,
                text(
                    "finding_gone" if gone else "finding_new",
                    title=catalogue.title(rule, lang),
                    date=show(day, lang, shown=True),
                    message=message,
                ),
            )
        )
    a, b = list(old.allowance.payable_days), list(new.allowance.payable_days)
    if a != b:
        changes.append(Change("payable", "", a, b, text("payable", before=len(a), after=len(b))))
    a, b = list(old.allowance.waiting_days), list(new.allowance.waiting_days)
    if a != b:
        shown = [", ".join(show(d, lang, shown=True) for d in days) or "—" for days in (a, b)]
        changes.append(
            Change("waiting", "", a, b, text("waiting", before=shown[0], after=shown[1]))
        )
    a, b = list(old.allowance.not_payable), list(new.allowance.not_payable)
    if a != b:
        changes.append(
            Change("not_payable", "", a, b, text("not_payable", before=len(a), after=len(b)))
        )
    return tuple(changes)


def impact(
    before: Evaluator,
    after: Evaluator,
    cases: Iterable[tuple[object, object]],
    lang: str = "fi",
    progress=None,
) -> list[CaseImpact]:
    """Every case of ``cases`` ((key, evaluate.md input) pairs) whose results differ."""
    found = []
    for done, (key, data) in enumerate(cases, start=1):
        changes = case_changes(before, after, data, lang)
        if changes:
            found.append(CaseImpact(key, changes))
        if progress is not None:
            progress(done)
    return found
