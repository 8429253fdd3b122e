"""The layout of an article: paragraphs, headings and the units claims live in.

A paragraph is a line of text (blank lines separate paragraphs; a single line break
inside a block is a hard wrap unless the line before ends a sentence). A heading is
a short paragraph without sentence-final punctuation and no list item; claims are
never read from headings. A unit is a sentence, except that a quotation is never
split: sentences that a quotation spans are merged into one unit, even across
paragraphs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from .quotes import Quote
from .rules import rule

_END_PUNCT = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’»]$")
_HEADING_MAX_WORDS = 20
_BULLET = re.compile(r"[-•*–]\s+\S")
# A standing note of the publisher's: "Editor's note:", "Editors’ Note -".
_EDITORS_NOTE = re.compile(r"editors?\s*['’]?\s*(?:s\s+)?notes?\s*[:—–-]", re.I)


@dataclass(frozen=True)
class Paragraph:
    """Characters [start, end) of the text, trimmed of surrounding whitespace."""

    index: int
    start: int
    end: int
    heading: bool


@dataclass(frozen=True)
class Unit:
    """Tokens [start, end) of a doc forming one sentence (quotations kept whole)."""

    index: int
    start: int
    end: int
    paragraph: int
    last_paragraph: int
    start_char: int
    end_char: int


def is_heading(line: str) -> bool:
    """Whether a paragraph reads as a heading: short, no sentence-final mark."""
    line = line.strip()
    if not line:
        return True
    if _END_PUNCT.search(line) or _BULLET.match(line):
        return False  # a list item ("- CASA says it ...") reads as a sentence
    return len(line.split()) <= _HEADING_MAX_WORDS


@rule(
    "editors-note-is-author-text",
    stage="layout",
    example=(
        "Editor’s note: Governor Pike often misleads voters and is a known bully, "
        "crank and cheat who has twice vowed to shut every library in the state."
    ),
    off=False,
)
def is_editors_note(line: str) -> bool:
    """Whether a paragraph is the publisher's own note ("Editor's note: X is a
    ... who has twice vowed to ..."): author text, never a claim, however its
    words read as a frame.

    Ablation: nothing on bench/eval or the dev set; kept for class XTR-3 of
    REAL-NEWS-ERRORS.md (a standing editor's note read as a claim)."""
    return _EDITORS_NOTE.match(line.strip()) is not None


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split `text` into paragraphs with their character offsets."""
    lines: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            lines.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in lines:
        if merged:
            prev_start, prev_end = merged[-1]
            gap = text[prev_end:start]
            previous = text[prev_start:prev_end]
            if (
                gap.count("\n") == 1
                and not _END_PUNCT.search(previous)
                and len(previous.split()) > _HEADING_MAX_WORDS // 2
                and text[start : start + 1].islower()
            ):
                merged[-1] = (prev_start, end)  # a hard-wrapped line
                continue
        merged.append((start, end))
    return [
        Paragraph(i, start, end, is_heading(text[start:end]))
        for i, (start, end) in enumerate(merged)
    ]


def paragraph_of(paragraphs: Sequence[Paragraph], char: int) -> int:
    """Index of the paragraph containing (or preceding) character `char`."""
    starts = [p.start for p in paragraphs]
    return max(0, bisect.bisect_right(starts, char) - 1)


def build_units(
    doc: Doc, paragraphs: Sequence[Paragraph], quotes: Sequence[Quote]
) -> list[Unit]:
    """Sentence units of `doc`, skipping headings, with quotations kept whole."""
    starts = [p.start for p in paragraphs]
    inside: list[tuple[int, int]] = [(q.outer_start, q.outer_end) for q in quotes]
    inside.sort()
    q_starts = [a for a, _ in inside]

    def in_quote(char: int) -> bool:
        k = bisect.bisect_right(q_starts, char) - 1
        return k >= 0 and inside[k][0] < char < inside[k][1]

    units: list[Unit] = []
    current: list[int] = []
    current_para = -1

    def flush() -> None:
        if not current:
            return
        first, last = doc[current[0]], doc[current[-1]]
        para = max(0, bisect.bisect_right(starts, first.idx) - 1)
        last_para = max(0, bisect.bisect_right(starts, last.idx) - 1)
        note = bool(paragraphs) and is_editors_note(
            doc.text[paragraphs[para].start : paragraphs[para].end]
        )
        if not paragraphs or not (paragraphs[para].heading or note):
            units.append(
                Unit(
                    index=len(units),
                    start=current[0],
                    end=current[-1] + 1,
                    paragraph=para,
                    last_paragraph=last_para,
                    start_char=first.idx,
                    end_char=last.idx + len(last.text),
                )
            )
        current.clear()

    for token in doc:
        if token.is_space:
            continue
        para = max(0, bisect.bisect_right(starts, token.idx) - 1) if starts else 0
        boundary = not current or para != current_para or bool(token.is_sent_start)
        if boundary and current and in_quote(token.idx):
            boundary = False
        if boundary:
            flush()
        current.append(token.i)
        current_para = para
    flush()
    return units
