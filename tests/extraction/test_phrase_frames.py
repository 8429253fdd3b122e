"""Source phrases on small invented texts: "according to X" and what it covers."""

from __future__ import annotations

import pytest
from spacy.language import Language

from attribution.extraction import ExtractedClaim, Extractor, Gazetteer


@pytest.fixture(scope="module")
def read(nlp: Language, gazetteer: Gazetteer):
    extractor = Extractor(nlp, gazetteer)

    def run(text: str) -> list[tuple[str, str | None]]:
        claims: list[ExtractedClaim] = extractor.extract(text)
        return [(c.text, c.speaker) for c in claims]

    return run


def test_a_sourced_concession_is_the_sources_and_the_claim_before_it_its_own(
    read,
) -> None:
    text = (
        "The company says the plant is safe, although three workers were injured "
        "there last year, according to police records."
    )
    assert read(text) == [
        ("the plant is safe", "company"),
        ("three workers were injured there last year", "police records"),
    ]


def test_a_concession_with_no_claim_before_it_stays_whole(read) -> None:
    text = (
        "The plant is safe, although three workers were injured there last year, "
        "according to police records."
    )
    assert read(text) == [
        (
            "The plant is safe, although three workers were injured there last year",
            "police records",
        )
    ]


def test_a_name_before_a_document_noun_is_its_author(read) -> None:
    text = "Thousands of homes were flooded, according to United Nations figures."
    assert read(text) == [("Thousands of homes were flooded", "United Nations")]


def test_a_possessor_of_a_document_is_its_author(read) -> None:
    text = "Thousands of homes were flooded, according to the agency's own figures."
    assert read(text) == [("Thousands of homes were flooded", "agency")]
