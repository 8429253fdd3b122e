"""The rule registry: every named rule changes what the engine reads in its own
example, switching rules off is scoped to one extraction, and the version follows
the rules' content."""

from __future__ import annotations

import pytest
from spacy.language import Language

from attribution.extraction import Extractor, Gazetteer
from attribution.extraction.rules import RULES, STAGES, disabled, enabled, rule_names


def example_text(name: str) -> str:
    return RULES[name].example.replace(" ¶ ", "\n\n")


def readings(extractor: Extractor, text: str) -> list[tuple[str, str | None, tuple]]:
    return [(c.text, c.speaker, c.via) for c in extractor.extract(text)]


@pytest.fixture(scope="module")
def engines(nlp: Language):
    gazetteer = Gazetteer.load_default()
    return nlp, gazetteer


@pytest.mark.parametrize("name", rule_names())
def test_each_rule_changes_the_reading_of_its_own_example(engines, name: str) -> None:
    nlp, gazetteer = engines
    text = example_text(name)
    on = readings(Extractor(nlp, gazetteer), text)
    off = readings(Extractor(nlp, gazetteer, disabled=frozenset({name})), text)
    assert on != off, (name, on)


@pytest.mark.parametrize("name", rule_names())
def test_each_rule_has_a_stage_a_summary_and_an_example(name: str) -> None:
    rule = RULES[name]
    assert rule.stage in STAGES
    assert rule.summary and rule.example


def test_switching_a_rule_off_lasts_only_for_the_extraction() -> None:
    name = rule_names()[0]
    with disabled({name}):
        assert not enabled(name)
    assert enabled(name)


def test_switching_off_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(KeyError), disabled({"no-such-rule"}):
        pass


def test_the_version_names_the_rules_content(engines) -> None:
    nlp, gazetteer = engines
    from attribution.extraction import ENGINE_VERSION
    from attribution.extraction.rules import rules_version

    assert f"rules-{rules_version()}" == ENGINE_VERSION
    assert Extractor(nlp, gazetteer).version.startswith(ENGINE_VERSION + "+")


def test_a_rule_switched_off_around_an_extractor_stays_off_inside_it(engines) -> None:
    nlp, gazetteer = engines
    name = rule_names()[0]
    text = example_text(name)
    off = readings(Extractor(nlp, gazetteer, disabled=frozenset({name})), text)
    assert off != readings(Extractor(nlp, gazetteer), text)
    with disabled({name}):
        assert readings(Extractor(nlp, gazetteer), text) == off


def test_nested_switches_add_to_the_enclosing_ones() -> None:
    first, second = rule_names()[:2]
    with disabled({first}):
        with disabled({second}):
            inner = [enabled(first), enabled(second)]
        after = [enabled(first), enabled(second)]
    assert inner == [False, False]
    assert after == [False, True]
