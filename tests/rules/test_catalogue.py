"""The catalogue lists every rule id of rules.md with its source, in Finnish and English."""

import datetime as dt
import re

import pytest

from vahti.rules.evaluate import default_evaluator
from vahti.rules.texts import LANGUAGES, NO_VALUE, PLACEHOLDER

# The rule ids of ../shared/spec/rules.md (kept here so that a fresh clone can check them).
RULES_MD_IDS = """
teak.precontact teak.start teak.completion teak.days_per_week teak.day_length teak.granted_days
teak.flex teak.break.max_length teak.break.tasks teak.independent_days teak.remote teak.group_start
teak.feedback teak.certificate teak.notify_kela teak.queue
taito.start taito.start_phase taito.group_period taito.group_structure taito.group_size
taito.group_minimum taito.duration taito.flex
yksilo.remote yksilo.close_relative yksilo.feedback_form
allowance.arkipaiva allowance.waiting_period allowance.working_life allowance.flex allowance.break
allowance.waiting_interim_cap allowance.sick_absence allowance.employer allowance.no_record
certificate.unexplained_break certificate.unexplained_absence certificate.flex_unjustified
certificate.reissue notify.change notify.client_own_notice
provider.client_count provider.staff provider.pool_safety provider.outcome_data provider.secure_mail
billing.billable billing.cancellation billing.deadline billing.fields billing.correction
billing.reconcile
""".split()


# Rules Vahti checks that rules.md lists as one catalogue-only entry: their prefix → that entry.
REFINEMENTS = {"staff": "provider.staff"}
# Service lines rules.md predates, whose rules come from kela.fi's public pages (issue 25):
# their prefix → the lines they are for.
NEWER_LINES = {"valmennus": {"tyohonvalmennus"}, "tyokokeilu": {"tyokokeilu"}}


def test_every_rule_of_rules_md_is_in_the_catalogue_and_every_other_refines_one():
    catalogue = default_evaluator().catalogue
    assert set(RULES_MD_IDS) <= set(catalogue.rules)
    newer = {
        rule_id
        for rule_id in catalogue.rules
        if set(catalogue.rule(rule_id).services) <= NEWER_LINES.get(rule_id.split(".", 1)[0], set())
    }
    assert newer and all(catalogue.rule(rule_id).source.startswith("kela.fi/") for rule_id in newer)
    others = set(catalogue.rules) - set(RULES_MD_IDS) - newer
    assert others and all(
        REFINEMENTS.get(rule_id.split(".", 1)[0]) in RULES_MD_IDS for rule_id in others
    ), sorted(others)
    for rule_id in others:  # the same source as the entry it refines
        parent = catalogue.rule(REFINEMENTS[rule_id.split(".", 1)[0]])
        assert catalogue.rule(rule_id).source == parent.source


@pytest.mark.parametrize("rule_id", RULES_MD_IDS)
def test_each_rule_has_a_source_and_texts_in_both_languages(rule_id):
    evaluator = default_evaluator()
    rule = evaluator.catalogue.rule(rule_id)
    assert rule.source.endswith(".txt") or rule.source.startswith("kela.fi")
    for lang in LANGUAGES:
        sentence = evaluator.catalogue.rule_sentence(
            rule, evaluator.store, dt.date(2025, 6, 1), lang
        )
        assert sentence and not PLACEHOLDER.search(sentence) and NO_VALUE not in sentence


def test_every_name_a_parameter_lists_reads_in_words_in_both_languages():
    """A person never sees "onsite": each value of a "names" parameter has its words."""
    evaluator = default_evaluator()
    words = evaluator.catalogue.texts["rules_listing"]["words"]
    used = {
        name
        for parameter_name in evaluator.store
        for parameter in [evaluator.store.parameter(parameter_name)]
        if parameter.unit == "names"
        for entry in parameter.values
        if entry.value
        for name in entry.value
    }
    assert used and used <= set(words)
    for name in used:
        assert set(words[name]) == set(LANGUAGES), name


def test_the_rules_listing_shows_modes_in_words():
    from vahti.rules.listing import parameter_line

    line = parameter_line(default_evaluator(), "teak.flex_modes", dt.date(2026, 6, 1), "fi")
    assert "työpaikalla" in line and "onsite" not in line.split("=", 1)[1]


def _catalogue_with(tmp_path, entry: str):
    from vahti.rules.texts import _load_rules

    (tmp_path / "_sv.yaml").write_text("x: x\n", encoding="utf-8")  # the Swedish of "x"
    path = tmp_path / "teak.yaml"
    path.write_text(
        "teak.x:\n  title: {fi: x, en: x}\n  services: [teak]\n  source: s.txt\n"
        "  heading: h\n  parameters: []\n  text: {fi: x, en: x}\n" + entry,
        encoding="utf-8",
    )
    return _load_rules(path)


def test_a_deadline_or_finding_without_the_place_it_is_acted_on_is_refused(tmp_path):
    from vahti.rules.texts import CatalogueError

    with pytest.raises(CatalogueError, match="teak.yaml: teak.x: missing key done_in"):
        _catalogue_with(tmp_path, "  checked: finding\n")
    with pytest.raises(CatalogueError, match="done_in must be one of"):
        _catalogue_with(tmp_path, "  checked: finding\n  done_in: somewhere\n")
    assert _catalogue_with(tmp_path, "  checked: catalogue\n")["teak.x"].done_in is None
    assert (
        _catalogue_with(tmp_path, "  checked: deadline\n  done_in: week\n")["teak.x"].done_in
        == "week"
    )


def test_from_1_5_2026_the_waiting_period_names_yleistuki_as_the_unemployment_benefit():
    """Yleistuki replaced Kela's unemployment benefits on 1.5.2026 (Kela's release of
    17.12.2025): the waiting-period rule's words are a dated value with that source."""
    import datetime as dt

    from vahti.rules.presentation import Presenter

    before = Presenter("fi").rule_text("allowance.waiting_period", dt.date(2026, 4, 30))
    after = Presenter("fi").rule_text("allowance.waiting_period", dt.date(2026, 5, 1))
    assert "sairauspäivärahaa tai työttömyysetuutta tai" in before
    assert "sairauspäivärahaa tai yleistukea tai ansiopäivärahaa tai" in after
    english = Presenter("en").rule_text("allowance.waiting_period", dt.date(2026, 5, 1))
    assert "general support (yleistuki)" in english


@pytest.mark.parametrize(
    ("limit", "error"),
    [
        ("{kind: ceiling, counts: [meeting], max: a.b}", "limit needs a kind, one of cap, window"),
        ("{kind: cap, counts: [coffee], max: a.b}", "coffee is neither a day mode nor an event"),
        ("{kind: cap, counts: [], max: a.b}", "limit.counts must list"),
        ("{kind: cap, counts: [meeting], months: a.b}", "unknown key months"),
        ("{kind: window, counts: [meeting], months: 13}", "limit.months must name a parameter"),
        ("{kind: cap, counts: [meeting], max: a.b}", "a cap needs the message over"),
    ],
)
def test_a_limit_the_core_cannot_check_is_refused_naming_the_file_and_rule(tmp_path, limit, error):
    from vahti.rules.texts import CatalogueError

    with pytest.raises(CatalogueError, match=f"teak.yaml: teak.x: .*{error}"):
        _catalogue_with(tmp_path, f"  checked: finding\n  done_in: week\n  limit: {limit}\n")


def test_a_limit_reads_only_a_parameter_its_rule_lists(tmp_path):
    from vahti.rules.texts import CatalogueError

    entry = (
        "  checked: finding\n  done_in: week\n  limit: {kind: cap, counts: [meeting], max: a.b}\n"
        "  messages: {over: {fi: x, en: x}}\n"
    )
    with pytest.raises(CatalogueError, match="the limit's a.b is not listed"):
        _catalogue_with(tmp_path, entry)
    rule = _catalogue_with(tmp_path, entry.replace("  checked", "  parameters: [a.b]\n  checked"))
    assert rule["teak.x"].limit.counts == ("meeting",)


def test_a_text_without_its_swedish_is_refused_naming_the_file_and_the_text(tmp_path):
    from vahti.rules.translations import TranslationError

    (tmp_path / "_sv.yaml").write_text("x: x\n", encoding="utf-8")
    (tmp_path / "teak.yaml").write_text("teak.x:\n  title: {fi: uusi, en: new}\n", encoding="utf-8")
    from vahti.rules.texts import _load_rules

    with pytest.raises(TranslationError, match="teak.yaml.teak.x.title: no Swedish .*'uusi'"):
        _load_rules(tmp_path / "teak.yaml")


def test_a_swedish_text_that_loses_a_placeholder_is_refused(tmp_path):
    from vahti.rules.translations import TranslationError, table

    (tmp_path / "_sv.yaml").write_text(
        '"Päivä {date}, $(teak.start_weeks) viikkoa": "Dag, veckor"\n', encoding="utf-8"
    )
    with pytest.raises(TranslationError, match="changes its placeholders"):
        table(tmp_path)


def test_every_swedish_text_is_used_and_in_fpas_words():
    """The Swedish file holds no stale text (every key is a Finnish text of the catalogue), and
    it says FPA, never Kela, outside addresses."""
    from vahti.rules.translations import BUNDLED, table

    used = set()

    def walk(value):
        if isinstance(value, dict):
            if "sv" in value and "fi" in value:
                used.add(value["fi"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    catalogue = default_evaluator().catalogue
    for rule in catalogue.rules.values():
        walk([rule.title, rule.text, rule.interpretation, rule.messages])
    walk(catalogue.texts)
    registry = catalogue.registry
    for item in [*registry.families.values(), *registry.lines.values(), *registry.sources.values()]:
        walk([getattr(item, "name", None), getattr(item, "title", None)])
    for form in registry.feedback_forms.values():
        walk([form.name, *(heading for _key, heading in form.sections)])
    swedish = table(BUNDLED)
    assert set(swedish) - used == set()
    assert [text for text in swedish.values() if re.search(r"\bKela\b(?!\.fi)", text)] == []
