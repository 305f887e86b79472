"""Service lines are data: a line added to the registry and the parameters (here a fixture) shows
in the forms, the dashboard, the rule catalogue and the evaluator, with no code and no migration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import admit
from vahti.cases.forms import DecisionForm
from vahti.core.dates import today
from vahti.rules.evaluate import Evaluator, install_evaluator
from vahti.rules.loader import PARAMETERS_DIR, ParameterStore
from vahti.rules.texts import CATALOGUE_DIR, Catalogue

FIXTURE = Path(__file__).parent.parent / "fixtures" / "service_line"
NAME = "TEAK – kokeilulinja"


@pytest.fixture
def new_line():
    evaluator = Evaluator(
        ParameterStore.load(PARAMETERS_DIR, FIXTURE / "parameters"),
        Catalogue.load(CATALOGUE_DIR, FIXTURE / "catalogue"),
    )
    previous = install_evaluator(evaluator)
    yield evaluator
    install_evaluator(previous)


def test_the_evaluator_knows_the_new_line_and_its_window(new_line):
    answer = new_line.answer(
        {
            "as_of": "2025-03-01",
            "service": "teak.uusi",
            "decision": {"decided_on": "2025-01-02", "received_on": "2025-01-03"},
            "events": [{"type": "start", "date": "2025-01-20"}],
        },
        "en",
    )
    completion = next(d for d in answer["deadlines"] if d["rule"] == "teak.completion")
    assert completion["due"] == "2025-08-20" and "+ 7 months" in completion["basis"]


def test_the_decision_form_offers_the_new_line(new_line, db):
    assert ("teak.uusi", NAME) in list(DecisionForm().fields["service"].choices)


def test_the_dashboard_shows_and_filters_by_the_new_line(new_line, logged_in, coach):
    client = admit(coach, service="teak.uusi", received_on=today() - dt.timedelta(days=3))
    page = logged_in.get(reverse("cases:dashboard"), {"service": "teak.uusi"}).content.decode()
    assert client.last_name in page and f'<option value="teak.uusi" selected>{NAME}' in page


def test_the_rule_catalogue_lists_the_new_line_with_its_parameters(new_line, logged_in):
    page = logged_in.get(reverse("cases:rules")).content.decode()
    assert NAME in page and "teak.uusi.window_months = 7 kuukautta" in page


def test_the_new_line_needs_no_migration(new_line, db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_a_new_teak_line_has_groups_and_a_start_deadline_from_its_family(new_line):
    """What a family's lines share (groups, the start rule a notice names) is the registry's,
    not code's: the fixture line of the TEAK family gets both without a line of Python."""
    from vahti.groups.selectors import group_lines

    line = next(i for i, line in new_line.registry.lines.items() if line.name["fi"] == NAME)
    assert line in group_lines()
    assert new_line.group_start_rule(line) == "teak.start"
    assert new_line.registry.family_of(line).start_deadline == "teak.start"


def test_a_family_naming_a_rule_that_does_not_exist_is_refused(tmp_path):
    import yaml

    from vahti.rules.texts import CatalogueError

    (tmp_path / "_services.yaml").write_text(
        yaml.safe_dump(
            {
                "families": {
                    "kokeilu": {
                        "name": {"fi": "Kokeilu", "sv": "Prov", "en": "Trial"},
                        "rules": "teak",
                        "group_start_rule": "teak.no_such_rule",
                    }
                }
            }
        )
    )
    with pytest.raises(CatalogueError, match="families.kokeilu: no rule teak.no_such_rule"):
        Evaluator(ParameterStore.load(PARAMETERS_DIR), Catalogue.load(CATALOGUE_DIR, tmp_path))
