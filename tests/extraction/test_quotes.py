"""Finding quotations in raw text (no pipeline needed)."""

from __future__ import annotations

from attribution.extraction.layout import split_paragraphs
from attribution.extraction.quotes import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text, split_paragraphs(text))]


def test_curly_and_straight_quotes_are_both_found() -> None:
    text = '“We will rebuild,” she said. He replied: "Not this year."'
    assert quoted(text) == ["We will rebuild,", "Not this year."]


def test_quote_paragraph_without_close_continues_into_next_quote_paragraph() -> None:
    text = "He said: “The first part\n\n“and the second part.”\n\nAfterwards."
    assert quoted(text) == ["The first part\n\n“and the second part."]


def test_unclosed_quote_stops_at_its_paragraph() -> None:
    text = "She said “this never closes.\n\nA new paragraph of plain prose follows."
    assert quoted(text) == ["this never closes."]


def test_closing_mark_without_opening_quotes_from_paragraph_start() -> None:
    text = "We did what we had to do,” the mayor told reporters."
    assert quoted(text) == ["We did what we had to do,"]


def test_apostrophes_are_not_single_quotes() -> None:
    text = "The farmers’ union said it wasn’t ready. ‘We need time,’ a member said."
    assert quoted(text) == ["We need time,"]


def test_straight_single_quotes_are_quotations_but_apostrophes_are_not() -> None:
    text = (
        "'It is not true,' he said. The workers' union didn't say it, and "
        "in the '90s nobody did."
    )
    assert quoted(text) == ["It is not true,"]


def test_a_plural_possessive_inside_straight_single_quotes_does_not_close_them() -> (
    None
):
    text = "He said: 'The workers' union did not agree.'"
    assert quoted(text) == ["The workers' union did not agree."]


def test_a_straight_single_quoted_fragment_closes_before_a_space() -> None:
    text = "She called the ruling 'a disgrace' and left."
    assert quoted(text) == ["a disgrace"]
