"""The pipeline the engine runs on: sentence boundaries and tokenizing, bounded in
cost so that an article's length, not its shape, sets the time it takes; and the
attribute ruler's indexed matcher, which must set exactly what spaCy's sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from attribution.extraction.pipeline import (
    SENTENCE_COMPONENT,
    BoundedTokenizer,
    IndexedMatcher,
)


def test_a_long_run_of_quotation_marks_reaches_the_tokenizer_in_short_pieces(
    nlp: Language,
) -> None:
    seen: list[str] = []
    bounded = nlp.tokenizer
    assert isinstance(bounded, BoundedTokenizer)
    inner = bounded.tokenizer

    def recording(text: str) -> Doc:
        seen.append(text)
        return inner(text)

    text = 'He said "yes". ' + '"' * 5_000 + " and then left."
    doc = BoundedTokenizer(recording)(text)
    assert doc.text == text
    longest_run = max(len(run) for piece in seen for run in piece.split())
    assert longest_run <= 400
    assert [t.text for t in doc[:5]] == ["He", "said", '"', "yes", '"']


def test_text_without_long_runs_goes_to_the_tokenizer_whole(nlp: Language) -> None:
    text = "“We stay,” she said.\n\nHe left."
    bounded = nlp.tokenizer
    assert isinstance(bounded, BoundedTokenizer)
    doc = bounded(text)
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in bounded.tokenizer(text)]


def test_sentence_boundaries_of_fifty_thousand_tokens_are_each_set(
    nlp: Language,
) -> None:
    # Setting boundaries token by token scanned the whole doc each time (about a
    # minute for this many tokens, which the suite's time shows); the array write
    # takes well under a second. How long it takes is bench/extraction.py's to say.
    doc = nlp.make_doc("The vote is close. " * 10_000)
    nlp.get_pipe(SENTENCE_COMPONENT)(doc)
    assert sum(1 for t in doc if t.is_sent_start) == 10_000
    assert [t.is_sent_start for t in doc[:6]] == [
        True,
        False,
        False,
        False,
        False,
        True,
    ]


def test_sentence_boundaries_fall_after_final_punctuation_and_paragraphs(
    nlp: Language,
) -> None:
    doc = nlp.get_pipe(SENTENCE_COMPONENT)(
        nlp.make_doc('Mr. Ode spoke. "Go," he said.\n\nyes. no')
    )
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Mr.", '"', "yes"]


@pytest.mark.skipif(not Path("/work/shared/eval/news").is_dir(), reason="no dev set")
def test_the_indexed_attribute_matcher_sets_what_spacys_matcher_sets(
    nlp: Language,
) -> None:
    ruler: Any = nlp.get_pipe("attribute_ruler")
    indexed = ruler.matcher
    assert isinstance(indexed, IndexedMatcher)
    folders = [
        Path("/work/shared/eval/articles"),
        Path("/work/shared/eval/news/articles"),
    ]
    texts = [p.read_text() for folder in folders for p in sorted(folder.glob("*.txt"))]
    fields = ("tag_", "pos_", "morph", "lemma_", "dep_", "ent_type_")

    def annotations() -> list[list[tuple]]:
        return [
            [tuple(str(getattr(t, f)) for f in fields) for t in nlp(text)]
            for text in texts
        ]

    fast = annotations()
    ruler.matcher = indexed.matcher  # spaCy's own Matcher, which it wraps
    try:
        slow = annotations()
    finally:
        ruler.matcher = indexed
    assert fast == slow
