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


@pytest.fixture(scope="module")
def read_known(nlp: Language):
    """The engine with the real gazetteer, for outlets the small one lacks."""
    extractor = Extractor(nlp, Gazetteer.load_default())
    return extractor.extract


def test_a_lower_case_agency_name_after_its_kind_is_the_addressee_not_content(
    read_known,
) -> None:
    claims = read_known(
        "Harbour official Ada Brook told Reuters the ferries were late. A "
        "spokeswoman for the port authority told the German news agency dpa "
        "that the ferries would run."
    )
    assert [(c.text, c.via) for c in claims][-1] == (
        "the ferries would run",
        ("Deutsche Presse-Agentur",),
    )


def test_a_describing_participle_after_the_reported_clause_is_left_out(
    read,
) -> None:
    claims = read(
        "The minister admitted that some villages had not been reached, blaming "
        "washed-out bridges on the coast road."
    )
    assert [(c.text, c.speaker) for c in claims] == [
        ("some villages had not been reached", "minister")
    ]


def test_a_participle_of_the_author_after_an_inverted_frame_is_no_claim(
    read_known,
) -> None:
    claims = read_known(
        "“People want a scapegoat, and I understand that,” the former provost "
        "said, turning her teacup slowly on its saucer. “But I did not invent "
        "the idea.”"
    )
    assert [c.text for c in claims] == [
        "People want a scapegoat, and I understand that,",
        "But I did not invent the idea.",
    ]


def test_a_relative_clause_after_an_inverted_frame_leaves_the_content_before_it(
    read,
) -> None:
    claims = read(
        "Investors were paid on time at first, the Daily Planet said, which "
        "helped the scheme spread."
    )
    assert [(c.text, c.speaker) for c in claims] == [
        ("Investors were paid on time at first", "The Daily Planet")
    ]


def test_a_participle_on_the_frames_noun_is_no_content(read_known) -> None:
    claims = read_known(
        '"We have been patient for a decade," Paolo Brenta said in an interview '
        "with La Repubblica published on Monday."
    )
    assert [c.text for c in claims] == ["We have been patient for a decade,"]


def test_a_warning_noun_in_a_reported_clause_is_no_cue(read_known) -> None:
    claims = read_known(
        "Reuters reported that the crew had received a low oil pressure warning "
        "for the left engine, a Rolls-Royce Trent, shortly before shutting it down."
    )
    assert [(c.text, c.speaker) for c in claims] == [
        (
            "the crew had received a low oil pressure warning for the left engine, "
            "a Rolls-Royce Trent, shortly before shutting it down",
            "Reuters",
        )
    ]


def test_a_verb_after_a_source_phrase_leaves_the_sentence_to_the_source(
    read,
) -> None:
    claims = read(
        "According to the Daily Planet, the probe observed the comet on four "
        "occasions last year."
    )
    assert [(c.text, c.speaker) for c in claims] == [
        (
            "the probe observed the comet on four occasions last year",
            "The Daily Planet",
        )
    ]


def test_a_dotted_initialism_inside_a_name_does_not_end_the_sentence(
    read,
) -> None:
    claims = read(
        "According to figures from the B.C. Rural Clinics Network, rural clinics "
        "closed for 1,400 hours last year."
    )
    assert [c.speaker for c in claims] == ["B.C. Rural Clinics Network"]


def test_a_quoted_programme_name_in_the_frame_is_no_content(read_known) -> None:
    claims = read_known(
        'Public defender Lena Ohm said on NPR\'s "Morning Edition" that several '
        "clients had pleaded guilty."
    )
    assert [(c.text, c.speaker, c.via) for c in claims] == [
        ("several clients had pleaded guilty", "Lena Ohm", ("NPR",))
    ]
