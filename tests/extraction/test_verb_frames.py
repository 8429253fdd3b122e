"""Verb frames on small invented texts: the speaker phrase a cue verb reads."""

from __future__ import annotations

import pytest
from spacy.language import Language

from attribution.extraction import ExtractedClaim, Extractor, Gazetteer


@pytest.fixture(scope="module")
def read(nlp: Language, gazetteer: Gazetteer):
    extractor = Extractor(nlp, gazetteer)

    def run(text: str) -> list[ExtractedClaim]:
        return extractor.extract(text)

    return run


def test_an_acronym_spelled_like_a_relative_pronoun_is_a_speaker(read) -> None:
    claims = read("The WHO said that the risk was high.")
    assert [(c.text, c.speaker) for c in claims] == [("the risk was high", "WHO")]


def test_a_relative_who_still_speaks_for_the_noun_it_hangs_on(read) -> None:
    claims = read("The minister, who said the plan was dead, resigned.")
    assert [(c.text, c.speaker) for c in claims] == [("the plan was dead", "minister")]


def test_a_speaker_named_with_an_age_after_a_long_quote_keeps_the_quote(
    read,
) -> None:
    text = (
        '"There was a loud bang and then the whole plane kind of shuddered," '
        "passenger Lena Ohm, 34, told the Daily Planet."
    )
    claims = read(text)
    assert [(c.text, c.speaker, c.via) for c in claims] == [
        (
            "There was a loud bang and then the whole plane kind of shuddered,",
            "Lena Ohm",
            ("The Daily Planet",),
        )
    ]


def test_a_gesture_before_a_colon_and_a_quote_introduces_a_claim(read) -> None:
    claims = read(
        'Asked about the deal, the coach Ada Brook smiled: "Ask the chairman."'
    )
    assert [(c.text, c.speaker, c.kind) for c in claims] == [
        ("Ask the chairman.", "Ada Brook", "direct")
    ]


def test_a_gesture_without_a_quote_is_no_claim(read) -> None:
    assert read("The coach Ada Brook smiled: the deal was done.") == []


def test_the_noun_before_a_relative_aside_speaks_when_the_cue_is_left_bare(
    read,
) -> None:
    text = (
        "The Monetary Fund, whose $3 billion programme with Ghana runs until next "
        "year, said after a visit that the programme remained on track."
    )
    claims = read(text)
    assert [(c.text, c.speaker) for c in claims] == [
        ("the programme remained on track", "Monetary Fund")
    ]
