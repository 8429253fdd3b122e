"""Finding quotations in raw text, robustly.

Quotation marks in real articles are often unbalanced, mixed (straight and curly)
or misused, so the scan works paragraph by paragraph and never lets a quotation run
past its paragraph, except in the news convention where a quoted paragraph has no
closing mark because the next paragraph opens with one and continues the quote.
A closing mark with no opening mark at the start of a paragraph is read as a
quotation whose opening mark was lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .rules import rule

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_STRAIGHT = '"'
_BEFORE_OPEN = "([{—–-/"
_AFTER_CLOSE = ".,;:!?)]}—–-…"


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Quote:
    """A quotation: words text[start:end], marks included text[outer_start:outer_end].

    `balanced` is False when a mark is missing (then `outer_*` falls back on the
    paragraph edge); `paragraphs` is the number of paragraphs the quotation spans.
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    balanced: bool = True
    paragraphs: int = 1

    def word_count(self, text: str) -> int:
        return len(text[self.start : self.end].split())


def _role(text: str, i: int, lo: int, hi: int, is_open: bool) -> str:
    """Whether the mark at i opens or closes, from its neighbours and the state."""
    ch = text[i]
    left = text[i - 1] if i > lo else " "
    right = text[i + 1] if i + 1 < hi else " "
    looks_open = (left.isspace() or left in _BEFORE_OPEN) and not right.isspace()
    looks_close = not left.isspace() and (right.isspace() or right in _AFTER_CLOSE)
    if ch in _OPEN_DOUBLE:
        # A curly opening mark used as a closing one ("word“ ") when a quote is open.
        if is_open and looks_close and not looks_open:
            return "close"
        return "open"
    if ch in _CLOSE_DOUBLE:
        if not is_open and looks_open and not looks_close:
            return "open"
        return "close"
    if looks_open and not looks_close:
        return "open"
    if looks_close and not looks_open:
        return "close"
    return "close" if is_open else "open"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _scan_double(text: str, lo: int, hi: int) -> tuple[list[Quote], int | None]:
    """Quotations in one paragraph; also the position of a mark left open."""
    quotes: list[Quote] = []
    open_at: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in _OPEN_DOUBLE and ch not in _CLOSE_DOUBLE and ch != _STRAIGHT:
            continue
        role = _role(text, i, lo, hi, open_at is not None)
        if role == "open":
            if open_at is not None and _runs_together(text, open_at, i):
                continue
            if open_at is not None:
                # Two opening marks in a row: the first quotation lost its close.
                s, e = _trimmed(text, open_at + 1, i)
                if e > s:
                    quotes.append(Quote(s, e, open_at, i, balanced=False))
            open_at = i
            continue
        if open_at is not None:
            s, e = _trimmed(text, open_at + 1, i)
            if e > s:
                quotes.append(Quote(s, e, open_at, i + 1))
            open_at = None
        elif not quotes and _lost_opening(text, lo, i):
            s, e = _trimmed(text, lo, i)
            quotes.append(Quote(s, e, lo, i + 1, balanced=False))
    return quotes, open_at


@rule(
    "run-together-quote",
    stage="quotes",
    example='Coach Ada Ek said: "We trained hard all winter. "Nobody expected it."',
    off=False,
)
def _runs_together(text: str, open_at: int, i: int) -> bool:
    """Whether an opening mark at i, inside a quotation opened at `open_at`,
    continues it: feeds join a long quote's paragraphs on one line, each opening
    with a mark and none but the last closing ("A. "B. "C," she said). The
    quotation so far must be a whole sentence of some length."""
    s, e = _trimmed(text, open_at + 1, i)
    return e - s > 0 and text[e - 1] in ".!?…" and len(text[s:e].split()) >= 3


def _lost_opening(text: str, lo: int, i: int) -> bool:
    """Whether a lone closing mark at i ends a quotation that began the paragraph."""
    before = text[lo:i]
    if len(before.split()) < 3:
        return False
    prev = text[i - 1] if i > lo else " "
    return prev.isalpha() or prev in ",.!?…"


def _scan_single(
    text: str, lo: int, hi: int, taken: list[Quote]
) -> tuple[list[Quote], int | None]:
    """Balanced ‘single’ or 'single' quotations outside double ones (apostrophes
    excluded: a mark between two letters neither opens nor closes).

    Also returns the position of an opening mark still open at the paragraph end.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    # A straight mark after a letter and before a space may close a quotation or
    # end a plural possessive ("the workers' union"); it closes only if no
    # clearer closing mark follows before the next opening one.
    weak_close: int | None = None

    def close(at: int) -> None:
        assert open_at is not None
        s, e = _trimmed(text, open_at + 1, at)
        if e > s:
            quotes.append(Quote(s, e, open_at, at + 1))

    # Where the double quotations lie, marked once: a test against each of them
    # for every mark cost the square of the number of quotations.
    inside = bytearray(hi - lo)
    for q in taken:
        a, b = max(q.outer_start, lo), min(q.outer_end, hi)
        if b > a:
            inside[a - lo : b - lo] = b"\x01" * (b - a)
    for i in range(lo, hi):
        ch = text[i]
        if ch not in "‘’'" or inside[i - lo]:
            continue
        left = text[i - 1] if i > lo else " "
        right = text[i + 1] if i + 1 < hi else " "
        after_space = left.isspace() or left in _BEFORE_OPEN + '“"'
        # A straight mark opens only before a letter ("'90s" is no quotation).
        opens = right.isalpha() if ch == "'" else right.isalnum()
        if ch in "‘'" and after_space and opens:
            if weak_close is not None:
                close(weak_close)
                weak_close = None
            open_at = i
        elif ch in "’'" and open_at is not None and not right.isalpha():
            if left.isspace():
                continue
            straight = text[open_at] == "'" or ch == "'"
            if straight and right not in _AFTER_CLOSE and not right.isspace():
                continue
            if straight and left.isalpha() and right.isspace():
                weak_close = i
                continue
            close(i)
            open_at = weak_close = None
    if weak_close is not None:
        close(weak_close)
        open_at = None
    return quotes, open_at


def find_quotes(text: str, paragraphs: Sequence[_Span]) -> list[Quote]:
    """All quotations in `text`, in order, given its paragraphs (start/end
    offsets). Each paragraph is scanned for “double” quotations, then for
    ‘single’ ones outside them; a quotation left open at a paragraph's end runs
    on into the next when that opens with a quotation mark (`_carry_over`)."""
    result: list[Quote] = []
    pending: Quote | None = None  # open at the end of the previous paragraph
    pending_single: Quote | None = None  # the same, for ‘single’ quotation marks
    for n, para in enumerate(paragraphs):
        runs_on = _next_opens(text, paragraphs, n, _OPEN_DOUBLE + _STRAIGHT)
        quotes, open_at = _scan_double(text, para.start, para.end)
        if pending is not None:
            pending, open_at, ended = _carry_over(
                text, pending, quotes, open_at, para, runs_on
            )
            result.extend(ended)
        segment = _open_segment(text, open_at, para.end)
        if segment is not None and runs_on:
            pending = segment
        elif segment is not None:
            quotes.append(segment)
        # UK style: ‘A ... (no close) / ‘B ...’ is one quotation.
        single_runs_on = _next_opens(text, paragraphs, n, "‘")
        singles, single_open = _scan_single(text, para.start, para.end, quotes)
        if pending_single is not None:
            pending_single, single_open, ended = _carry_over(
                text, pending_single, singles, single_open, para, single_runs_on
            )
            result.extend(ended)
        if single_runs_on and single_open is not None:
            pending_single = _open_segment(text, single_open, para.end)
        quotes.extend(singles)
        quotes.sort(key=lambda q: q.start)
        result.extend(quotes)
    for last in (pending, pending_single):
        if last is not None:
            result.append(last)
    result.sort(key=lambda q: q.start)
    return [q for q in result if not quoted_title(text, q)]


# Prepositions before the name of a programme or publication: "said on "Today"".
_TITLE_PREPOSITIONS = frozenset({"on", "in"})
# Small words a title may hold in lower case: "Face the Nation", "Out of Order".
_TITLE_SMALL_WORDS = frozenset({"of", "the", "and", "a", "an", "on", "in", "at", "to"})


@rule(
    "quoted-title-is-no-quote",
    stage="quotes",
    example='"We have to act before winter," Minister Ada Brook said on "Morning '
    'Ireland."',
    off=False,
)
def quoted_title(text: str, quote: Quote) -> bool:
    """A short quotation in title case right after "on" or "in" names a
    programme or publication ("said on "Morning Ireland"", "wrote in "The
    Spectator""), so it is a name the outlet lookup can read, not a quotation
    of anyone's words.

    Ablation: nothing on bench/eval or the dev set; kept for class VIA-1 of
    REAL-NEWS-ERRORS.md (a programme name in quotation marks)."""
    before = text[max(0, quote.outer_start - 4) : quote.outer_start].split()
    if not before or before[-1].lower() not in _TITLE_PREPOSITIONS:
        return False
    words = text[quote.start : quote.end].strip(" .,;:!?").split()
    if not 1 <= len(words) <= 5:
        return False
    return (
        all(w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words)
        and words[0][:1].isupper()
    )


def _next_opens(text: str, paragraphs: Sequence[_Span], n: int, marks: str) -> bool:
    """Whether the paragraph after paragraph n opens with one of `marks`."""
    nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
    return nxt is not None and text[nxt.start] in marks


def _open_segment(text: str, open_at: int | None, end: int) -> Quote | None:
    """The quotation opened at `open_at` and still open at the paragraph's end."""
    if open_at is None:
        return None
    s, e = _trimmed(text, open_at + 1, end)
    return Quote(s, e, open_at, end, balanced=False) if e > s else None


def _carry_over(
    text: str,
    pending: Quote,
    found: list[Quote],
    open_at: int | None,
    para: _Span,
    runs_on: bool,
) -> tuple[Quote | None, int | None, list[Quote]]:
    """A quotation open since an earlier paragraph, read on into this one:
    it closes with the paragraph's first quotation when that opens the
    paragraph (which it replaces in `found`), or runs through a paragraph that
    opens and never closes (on to the next one if that opens a quote too);
    otherwise it ended with its own paragraph. Gives the quotation still open,
    the paragraph's own open mark, and the quotations that ended."""
    if found and found[0].outer_start == para.start:
        first = found.pop(0)
        found.insert(0, _joined(pending, first.end, first.outer_end, True))
        return None, open_at, []
    if not found and open_at == para.start:
        _, e = _trimmed(text, para.start + 1, para.end)
        joined = _joined(pending, e, para.end, False)
        return (joined, None, []) if runs_on else (None, None, [joined])
    return None, open_at, [pending]


def _joined(first: Quote, end: int, outer_end: int, balanced: bool) -> Quote:
    return Quote(
        first.start, end, first.outer_start, outer_end, balanced, first.paragraphs + 1
    )
