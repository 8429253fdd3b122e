"""Extractor.extract_many: several articles parsed by one nlp.pipe, as one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from attribution.extraction import Extractor, Gazetteer

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"
if not EVAL.is_dir():
    EVAL = Path("/work/shared/eval")
STORY = (
    '"The bridge is safe," the mayor, Ana Ruiz, told the Daily Planet.\n\n'
    "Engineers said on Monday that the repairs would take a week."
)


def _texts(*folders: Path) -> list[str]:
    return [
        path.read_text(encoding="utf-8")
        for folder in folders
        for path in sorted(folder.glob("*.txt"))
    ]


@pytest.mark.skipif(not (EVAL / "news").is_dir(), reason="no shared eval set")
def test_batched_extraction_gives_byte_identical_claims_on_seed_and_dev_articles(
    nlp: Language,
) -> None:
    extractor = Extractor(nlp, Gazetteer.load_default())
    texts = _texts(EVAL / "articles", EVAL / "news" / "articles")
    assert len(texts) > 5

    one_by_one = [extractor.extract(text) for text in texts]
    batched = extractor.extract_many(texts, batch_size=4)

    assert repr(batched) == repr(one_by_one)


def test_batches_are_cut_by_their_number_of_characters_too(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    extractor = Extractor(nlp, gazetteer)
    texts = [STORY, STORY + "\n\nMore.", STORY * 3]

    batched = extractor.extract_many(texts, batch_size=8, batch_chars=len(STORY) * 2)

    assert repr(batched) == repr([extractor.extract(text) for text in texts])


def test_an_article_that_fails_to_parse_fails_alone_and_the_batch_keeps_its_claims(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    extractor = Extractor(nlp, gazetteer)
    too_long = "word " * (nlp.max_length // 5 + 1)  # spaCy refuses it

    results = extractor.extract_many(
        [STORY, too_long, STORY + "\n\nMore."], batch_chars=len(too_long) * 2
    )

    first, failed, third = results
    assert isinstance(failed, Exception)
    assert not isinstance(first, Exception) and not isinstance(third, Exception)
    assert [c.text for c in first] == [c.text for c in extractor.extract(STORY)]
    assert [c.speaker for c in third] == [c.speaker for c in first]
    assert first and any(c.speaker == "Ana Ruiz" for c in first)
