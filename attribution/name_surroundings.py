"""The words around each mention of a name in a text, found without a regular
expression of the name's own.

identity._titles reads, for every full name of every speaker, the words before
the name, after it between commas and after "as". One pattern per name costs a
few milliseconds to compile and rescans the whole text from every position; an
article's speakers made it the largest cost of storing an article. This module
finds the same matches, in the same order, from the name's literal occurrences:
the words before are walked back from each occurrence, the words after are read
by one pattern compiled once.
"""

import re
from collections.abc import Iterator

# The words before a name: up to five of these, right before it.
_BEFORE_COUNT = 5
_TOKEN = re.compile(r"[\w'’.-]+\s+")
_WORD_CHAR = re.compile(r"[\w'’.-]")
_SPACE = re.compile(r"\s")
# After a name: between commas ("David Chen, head of cardiac surgery,"), or after
# "as" ("appointed David Chen as their new head coach on Friday").
_AFTER = re.compile(
    r"(?:,\s+((?:[\w'’.-]+\s*){1,9}?)(?=[,.;])"
    r"|\s+as\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+)(?=[,.;:\n]|$|\s+"
    r"(?:on|in|at|for|from|after|until|with|and|to|of)\b))?",
    re.MULTILINE,
)


def surroundings_pattern(name: str) -> re.Pattern[str]:
    """The one pattern that name_surroundings is equal to (its definition)."""
    return re.compile(
        rf"((?:{_TOKEN.pattern}){{0,{_BEFORE_COUNT}}})"
        + re.escape(name)
        + _AFTER.pattern,
        re.MULTILINE,
    )


def name_surroundings(text: str, name: str) -> Iterator[tuple[str, str, str]]:
    """For each match of surroundings_pattern(name) in text, in order, as
    finditer gives them: the words before, between commas after, and after "as"
    (empty when absent)."""
    if not name or name[0].isspace():  # where the walk's shortcuts do not hold
        for match in surroundings_pattern(name).finditer(text):
            yield match.group(1), match.group(2) or "", match.group(3) or ""
        return
    found = _occurrences(text, name)
    pos = 0
    while True:
        later = [q for q in found if q >= pos]
        if not later:
            return
        start = min(_reach_back(text, q, pos) for q in later)
        at = _name_after_words(text, start, name)
        after = _AFTER.match(text, at + len(name))
        assert after is not None  # it is optional: it always matches
        yield text[start:at], after.group(1) or "", after.group(2) or ""
        pos = after.end()


def _occurrences(text: str, name: str) -> list[int]:
    found, at = [], text.find(name)
    while at >= 0:
        found.append(at)
        at = text.find(name, at + 1)
    return found


def _reach_back(text: str, at: int, floor: int) -> int:
    """The first position, not before `floor`, from which at most five words
    (each a run of word characters and the spaces after it) end exactly at `at`."""
    start = at
    for _ in range(_BEFORE_COUNT):
        i = start
        while i > floor and _SPACE.match(text, i - 1):
            i -= 1
        if i in (start, floor) or not _WORD_CHAR.match(text, i - 1):
            break
        while i > floor and _WORD_CHAR.match(text, i - 1):
            i -= 1
        start = i
    return start


def _name_after_words(text: str, start: int, name: str) -> int:
    """Where the name begins after the most words (at most five) from `start`,
    as the pattern's greedy words give it."""
    ends, at = [start], start
    for _ in range(_BEFORE_COUNT):
        word = _TOKEN.match(text, at)
        if word is None:
            break
        at = word.end()
        ends.append(at)
    return next(end for end in reversed(ends) if text.startswith(name, end))
