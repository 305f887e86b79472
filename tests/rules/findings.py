"""The comparison the provider-level scenario files share (staff_scenarios/, group_scenarios/):
every finding of the file's rule, in order, each checked on the keys the scenario gives (the
message in Finnish)."""

from __future__ import annotations

from vahti.rules.evaluate import default_evaluator


def assert_findings(findings, rule: str, expected: list[dict]) -> None:
    catalogue = default_evaluator().catalogue
    actual = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "date": f.date,
            "message": catalogue.messages(f, "fi"),
        }
        for f in findings
        if f.rule == rule
    ]
    assert len(actual) == len(expected), actual
    for got, want in zip(actual, expected, strict=True):
        assert {key: got[key] for key in want} == want, actual
