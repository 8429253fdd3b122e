"""What the frame finder works with and gives: quotation lookups, a frame, and
the reading of a verb's frame in progress."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from .layout import Unit
from .quotes import Quote

Range = tuple[int, int]  # token indices [start, end)


class QuoteIndex:
    """Fast lookups of the quotations that contain a character offset."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.outer_start)
        self._starts = [q.outer_start for q in self.quotes]

    def at(self, char: int) -> Quote | None:
        """The quotation whose marks enclose `char` (marks included)."""
        k = bisect.bisect_right(self._starts, char) - 1
        if k >= 0 and self.quotes[k].outer_start <= char < self.quotes[k].outer_end:
            return self.quotes[k]
        return None

    def within(self, start: int, end: int) -> list[Quote]:
        """Quotations that overlap characters [start, end)."""
        return [q for q in self.quotes if q.outer_start < end and q.outer_end > start]


@dataclass
class Frame:
    """One attribution in a unit, before its speaker is resolved.

    `content` is a character range of the text (trimmed); `speaker` the token
    range of the speaker phrase; `relays` token ranges of outlets the statement
    passed through, outermost first; `addressees` token ranges of whom it was
    made to ("told CNN", "in an interview with Reuters"); `venues` token ranges
    that count only when they name a known outlet ("said on CNN").
    """

    cue: str
    lemma: str
    head: int
    start: int
    end: int
    content: tuple[int, int]
    speaker: Range | None
    relays: list[Range] = field(default_factory=list)
    addressees: list[Range] = field(default_factory=list)
    venues: list[Range] = field(default_factory=list)
    that: bool = False
    side: str = "right"  # where the content lies: "right", "left" or "whole"
    source_phrase: bool = False
    interview: bool = False
    subject_from_head: bool = False
    also_left: tuple[int, int] | None = None  # "“A,” he said, “B.”"
    parent: int | None = None  # the cue whose subject this frame shares
    # Nouns of the frame's own channel ("said in a statement", "in his press
    # conference"): a setting that is no outlet, and a document its speaker issued.
    channels: tuple[str, ...] = ()


@dataclass
class _Reading:
    """What the steps of `FrameFinder._verb_frame` have read of one cue verb's
    frame so far: its speaker, relays, addressees and the tokens it spans."""

    verb: Token
    unit: Unit
    lemma: str
    subject: Token | None
    passive: bool
    as_saying: tuple[Token, Token] | None
    frame_tokens: set[int]
    right_from: int
    cue_words: list[str]
    interview: bool
    speaker: Range | None = None
    inherited: bool = False
    that: bool = False
    relays: list[Range] = field(default_factory=list)
    addressees: list[Range] = field(default_factory=list)
    venues: list[Range] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
