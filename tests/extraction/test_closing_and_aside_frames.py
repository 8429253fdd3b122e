"""Speakers the tagger hides: a closing "<Name> understands." read as a noun, a
cue read as a modifier after an aside, and an age between a name and its aside.
The sentences are invented; each test asserts the exact speaker."""

from __future__ import annotations

import pytest
from spacy.language import Language

from attribution.extraction import ExtractedClaim, Extractor, Gazetteer


@pytest.fixture(scope="module")
def read(nlp: Language):
    extractor = Extractor(nlp, Gazetteer.load_default())

    def run(text: str) -> list[tuple[str, str | None]]:
        claims: list[ExtractedClaim] = extractor.extract(text)
        return [(c.text, c.speaker) for c in claims]

    return run


def test_a_sentence_closing_on_the_outlet_understands_is_the_outlets(read) -> None:
    text = (
        "The minister is expected to resign before the end of the month, "
        "the BBC understands."
    )
    assert read(text) == [
        ("The minister is expected to resign before the end of the month", "BBC")
    ]


def test_a_closing_understands_read_as_a_plural_noun_still_names_the_speaker(
    read,
) -> None:
    text = (
        "Harbour Rovers have agreed a fee of £12m for the defender Ola Brandt, "
        "Coastline Sports News understands."
    )
    assert read(text) == [
        (
            "Harbour Rovers have agreed a fee of £12m for the defender Ola Brandt",
            "Coastline Sports News",
        )
    ]


def test_a_closing_has_learned_after_a_newspaper_names_the_newspaper(read) -> None:
    text = (
        "The company plans to close two plants next year, the Daily Planet has learned."
    )
    assert read(text) == [
        ("The company plans to close two plants next year", "Daily Planet")
    ]


def test_a_pronoun_closing_on_understands_is_no_frame_of_this_kind(read) -> None:
    assert read("The ferry service will stop in winter, he understands.") == []


def test_a_cue_after_an_age_and_a_relative_aside_keeps_the_name(read) -> None:
    text = (
        "Grimsworth, 66, who has chaired the board for 12 years, confirmed "
        "talks were at a late stage."
    )
    assert read(text) == [("talks were at a late stage", "Grimsworth")]


def test_a_two_word_name_before_a_role_appositive_speaks_whatever_its_entity_type(
    read,
) -> None:
    text = (
        "At a press conference in Lisbon, Ilse Vandermeer, head of the agency's "
        "tsunami observations division, warned that aftershocks were possible."
    )
    assert read(text) == [("aftershocks were possible", "Ilse Vandermeer")]
