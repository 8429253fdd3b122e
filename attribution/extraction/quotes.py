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

    for i in range(lo, hi):
        ch = text[i]
        if ch not in "‘’'" or any(q.outer_start <= i < q.outer_end for q in taken):
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
    """All quotations in `text`, in order, given its paragraphs (start/end offsets)."""
    result: list[Quote] = []
    pending: Quote | None = None  # open at the end of the previous paragraph

    def continues_after(n: int, marks: str = _OPEN_DOUBLE + _STRAIGHT) -> bool:
        nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
        return nxt is not None and text[nxt.start] in marks

    pending_single: Quote | None = None  # the same, for ‘single’ quotation marks

    for n, para in enumerate(paragraphs):
        quotes, open_at = _scan_double(text, para.start, para.end)
        if pending is not None:
            if quotes and quotes[0].outer_start == para.start:
                first = quotes.pop(0)
                quotes.insert(0, _joined(pending, first.end, first.outer_end, True))
                pending = None
            elif not quotes and open_at == para.start:
                _, e = _trimmed(text, para.start + 1, para.end)
                pending = _joined(pending, e, para.end, False)
                open_at = None
                if not continues_after(n):
                    result.append(pending)
                    pending = None
            else:
                result.append(pending)
                pending = None
        if open_at is not None:
            s, e = _trimmed(text, open_at + 1, para.end)
            if e > s:
                segment = Quote(s, e, open_at, para.end, balanced=False)
                if continues_after(n):
                    pending = segment
                else:
                    quotes.append(segment)
        singles, single_open = _scan_single(text, para.start, para.end, quotes)
        if pending_single is not None:
            # UK style: ‘A ... (no close) / ‘B ...’ is one quotation.
            if singles and singles[0].outer_start == para.start:
                first = singles.pop(0)
                singles.insert(
                    0, _joined(pending_single, first.end, first.outer_end, True)
                )
                pending_single = None
            elif not singles and single_open == para.start:
                _, e = _trimmed(text, para.start + 1, para.end)
                pending_single = _joined(pending_single, e, para.end, False)
                single_open = None
                if not continues_after(n, "‘"):
                    singles.append(pending_single)
                    pending_single = None
            else:
                result.append(pending_single)
                pending_single = None
        if single_open is not None and continues_after(n, "‘"):
            s, e = _trimmed(text, single_open + 1, para.end)
            if e > s:
                pending_single = Quote(s, e, single_open, para.end, balanced=False)
        quotes.extend(singles)
        quotes.sort(key=lambda q: q.start)
        result.extend(quotes)
    for last in (pending, pending_single):
        if last is not None:
            result.append(last)
    result.sort(key=lambda q: q.start)
    return result


def _joined(first: Quote, end: int, outer_end: int, balanced: bool) -> Quote:
    return Quote(
        first.start, end, first.outer_start, outer_end, balanced, first.paragraphs + 1
    )
