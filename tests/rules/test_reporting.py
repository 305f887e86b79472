"""The client-count rule over report_scenarios/client_count.yaml (sentence names): the window
1.1.–31.10. of the year before, raising and lowering after it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from vahti.rules.evaluate import default_evaluator
from vahti.rules.reporting import CountReport, binding_count, client_count

from .findings import assert_findings

SCENARIOS = Path(__file__).parent / "report_scenarios" / "client_count.yaml"
KEYS = {"name", "year", "before", "earlier", "report", "findings"}


def load():
    data = yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))
    for scenario in data["scenarios"]:
        assert not set(scenario) - KEYS, scenario["name"]
        yield pytest.param({**data["base"], **scenario}, id=scenario["name"])


@pytest.mark.parametrize("scenario", list(load()))
def test_scenario(scenario):
    report = CountReport(**scenario["report"])
    findings = client_count(
        scenario["year"],
        report,
        [CountReport(**r) for r in scenario.get("earlier", ())],
        scenario["before"],
        default_evaluator().store.at(report.reported_on),
    )
    assert_findings(findings, "provider.client_count", scenario["findings"])


def test_the_binding_count_on_a_date():
    p = default_evaluator().store.at(dt.date(2026, 6, 1))
    reports = [CountReport(dt.date(2026, 3, 1), 50), CountReport(dt.date(2026, 12, 1), 60)]
    assert binding_count(2027, reports, 40, on=dt.date(2026, 2, 1), p=p) is None
    assert binding_count(2027, reports, 40, on=dt.date(2026, 11, 1), p=p) == 50
    assert binding_count(2027, reports, 40, on=dt.date(2027, 1, 1), p=p) == 60
    assert binding_count(2027, [], 40, on=dt.date(2026, 10, 30), p=p) is None
    assert binding_count(2027, [], 40, on=dt.date(2026, 10, 31), p=p) == 40


def test_a_line_not_in_force_in_the_year_or_procured_reports_no_count():
    from vahti.rules.reporting import CountedLine

    p = default_evaluator().store.at(dt.date(2026, 5, 1))
    report = CountReport(dt.date(2026, 5, 1), 10)
    ended = CountedLine("Taito-kuntoutus", "registration", in_force=False)
    [finding] = client_count(2027, report, [], None, p, line=ended)
    assert finding.messages[0][0] == "line_not_in_force"
    procured = CountedLine("TEAK – työkokeilu", "procurement", in_force=True)
    [finding] = client_count(2027, report, [], None, p, line=procured)
    assert finding.messages[0][0] == "procured"
    assert (
        client_count(
            2027, report, [], None, p, line=CountedLine("Yksilökuntoutus", "registration", True)
        )
        == []
    )


def test_the_registry_marks_only_individual_rehabilitation_for_counts():
    core = default_evaluator()
    assert [line for line in core.registry.lines if core.counted_line(line, 2026).reported] == [
        "yksilokuntoutus"
    ]
    assert not core.counted_line("taito", 2026).in_force
    assert core.counted_line("taito", 2025).in_force


def test_the_count_carried_forward_over_years_without_reports():
    from vahti.rules.reporting import carried_count

    p = default_evaluator().store.at(dt.date(2026, 5, 1))
    reports = {2024: [CountReport(dt.date(2023, 10, 1), 30)], 2025: []}
    assert carried_count(2026, reports, p) == 30
    reports[2025] = [CountReport(dt.date(2024, 9, 1), 35)]
    assert carried_count(2026, reports, p) == 35
