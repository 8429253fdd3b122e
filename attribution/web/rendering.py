"""Pure helpers that cut text into pieces for templates to escape and mark.

Nothing here returns HTML: each function returns plain strings with flags, and the
templates escape every piece (autoescape) before wrapping matches in <mark>. So a
claim or article containing markup is always shown as text.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from attribution.models import Claim
from attribution.selectors import search_terms

PALETTE_SIZE = 8
CONTEXT_CHARS = 320
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")


@dataclass(frozen=True)
class Piece:
    text: str
    claim: Claim | None = None


def split_matches(text: str, query: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_match) for every word or phrase `query` looks
    for (web search syntax: not the `-word`s nor `or`), case-blind."""
    wanted = {t.words for group in search_terms(query) for t in group if not t.negated}
    words = sorted(wanted, key=len, reverse=True)
    if not words or not text:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    pieces, at = [], 0
    for match in pattern.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def article_pieces(body: str, claims: Iterable[Claim]) -> list[Piece]:
    """The body cut at claim offsets, in order; a claim overlapping an earlier one is
    left unmarked in the text (it is still listed beside it)."""
    pieces, at = [], 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end)):
        if claim.start < at or claim.end > len(body):
            continue
        if claim.start > at:
            pieces.append(Piece(body[at : claim.start]))
        pieces.append(Piece(body[claim.start : claim.end], claim))
        at = claim.end
    if at < len(body):
        pieces.append(Piece(body[at:]))
    return pieces


def sentence_context(body: str, start: int, end: int) -> tuple[str, str]:
    """The text around a span back to its sentence start and on to its sentence end,
    within its paragraph and at most CONTEXT_CHARS each side."""
    para_start = body.rfind("\n", 0, start) + 1
    para_end = body.find("\n", end)
    para_end = len(body) if para_end == -1 else para_end
    before = body[max(para_start, start - CONTEXT_CHARS) : start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = body[end : min(para_end, end + CONTEXT_CHARS)]
    match = _SENTENCE_END.search(after)
    if match:
        after = after[: match.start() + 1]
    return before, after


@dataclass(frozen=True)
class Snippet:
    """A claim's surroundings: `lead`/`trail` say whether the text was cut short
    of a sentence's (or paragraph's) edge there, and so deserves an ellipsis."""

    before: str
    after: str
    lead: bool
    trail: bool


_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)]*\s*$")


def snippet(body: str, start: int, end: int) -> Snippet:
    """sentence_context with the ellipses it needs: none where the context stops
    at a sentence's end or start, so that no "…." or "?…" appears."""
    before, after = sentence_context(body, start, end)
    first, last = start - len(before), end + len(after)
    lead = first > 0 and not (
        body[first - 1] == "\n"
        or _ENDS_SENTENCE.search(body[max(0, first - 6) : first])
    )
    tail = after if after else body[start:end]
    trail = last < len(body) and body[last] != "\n" and not _ENDS_SENTENCE.search(tail)
    return Snippet(before, after, lead, trail)


WINDOW_CHARS = 700


@dataclass(frozen=True)
class SpanWindow:
    """A stretch of the body around a claim, for choosing a span by selecting words:
    `offset` is where `before` starts in the body."""

    offset: int
    before: str
    inside: str
    after: str


def span_window(body: str, start: int, end: int) -> SpanWindow:
    """The claim's paragraph and its neighbours, at most WINDOW_CHARS each side,
    cut at whitespace so that no word is halved."""
    lo = max(0, start - WINDOW_CHARS)
    if lo:
        space = body.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    hi = min(len(body), end + WINDOW_CHARS)
    if hi < len(body):
        space = body.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return SpanWindow(lo, body[lo:start], body[start:end], body[end:hi])


def paint_by_outlet(claims: Iterable[Claim]) -> list[tuple[object, int]]:
    """Give each claim a `colour`: a palette index per outermost outlet, in order of
    first appearance (None when heard directly). Returns the legend: (outlet, index).
    """
    legend: dict[int, tuple[object, int]] = {}
    for claim in claims:
        chain = claim.via_chain
        if not chain:
            claim.colour = None  # type: ignore[attr-defined]
            continue
        if chain[0].pk not in legend:
            legend[chain[0].pk] = (chain[0], len(legend) % PALETTE_SIZE)
        claim.colour = legend[chain[0].pk][1]  # type: ignore[attr-defined]
    return list(legend.values())


def group_by_speaker(claims: Iterable[Claim]) -> list[tuple[object, list[Claim]]]:
    """Claims grouped by speaker in order of first appearance; None for unknown."""
    groups: dict[int | None, list[Claim]] = {}
    speakers: dict[int | None, object] = {}
    for claim in claims:
        groups.setdefault(claim.speaker_id, []).append(claim)
        speakers[claim.speaker_id] = claim.speaker
    return [(speakers[key], items) for key, items in groups.items()]


def group_by_outlet(claims: Iterable[Claim]) -> list[tuple[object, list[Claim]]]:
    """Claims grouped by their outermost outlet; None for claims heard directly."""
    groups: dict[int | None, list[Claim]] = {}
    outlets: dict[int | None, object] = {}
    for claim in claims:
        chain = claim.via_chain
        key = chain[0].pk if chain else None
        groups.setdefault(key, []).append(claim)
        outlets[key] = chain[0] if chain else None
    ordered = sorted(groups, key=lambda k: (k is None, -len(groups[k])))
    return [(outlets[key], groups[key]) for key in ordered]


@dataclass(frozen=True)
class Paragraph:
    text: str
    differs: bool  # the other text has no paragraph like it here


def paragraphs_compared(
    left: str, right: str
) -> tuple[list[Paragraph], list[Paragraph]]:
    """Two bodies as paragraphs, each marked when the other lacks it (difflib)."""
    a, b = left.split("\n\n"), right.split("\n\n")
    same_a: set[int] = set()
    same_b: set[int] = set()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for block in matcher.get_matching_blocks():
        same_a.update(range(block.a, block.a + block.size))
        same_b.update(range(block.b, block.b + block.size))
    return (
        [Paragraph(p, i not in same_a) for i, p in enumerate(a)],
        [Paragraph(p, i not in same_b) for i, p in enumerate(b)],
    )
