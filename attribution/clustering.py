"""Grouping reports of one statement, and measuring how its words drifted.

Pure Python with rapidfuzz, no Django: the services call these functions with texts
from the database, and bench/clustering.py measures them on a labelled set.

Two claims report the same statement when the same speaker said them and their texts
are similar enough (`similarity` at or above `SAME_STATEMENT`). Texts are compared
after normalising what reporting changes without changing the statement: case,
punctuation, the person of pronouns ("I" in a quote, "he" in reported speech) and the
small words of reported speech ("that", "would").
"""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

# Measured on bench/clustering/claims.jsonl (bench/clustering.py prints the sweep).
SAME_STATEMENT = 80.0

_WORD = re.compile(r"[\w']+")
_PERSON = {
    "i": "p",
    "me": "p",
    "my": "p",
    "mine": "p",
    "we": "p",
    "us": "p",
    "our": "p",
    "he": "p",
    "him": "p",
    "his": "p",
    "she": "p",
    "her": "p",
    "they": "p",
    "them": "p",
    "their": "p",
    "i'm": "p is",
    "we're": "p are",
    "he's": "p is",
    "she's": "p is",
}
_FILLER = {"that", "would", "will", "had", "has", "have", "was", "is", "the", "a", "an"}
_NEGATION = {"not", "no", "never", "n't", "nothing", "none", "cannot"}


def words(text: str) -> list[str]:
    """Lower-cased word tokens, as drift is counted."""
    return _WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The words that carry a statement, with pronouns made person-neutral."""
    out = []
    for word in words(text):
        word = _PERSON.get(word, word)
        if word.endswith("n't"):
            out += [word[:-3], "not"]
        elif word not in _FILLER:
            out.append(word)
    return " ".join(out)


def similarity(a: str, b: str) -> float:
    """0-100: how likely two texts report one statement.

    The token-set ratio lets a short fragment match the full quote it came from;
    a negation present in one text and absent from the other halves the score,
    since "will raise" and "will not raise" are different statements.
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    score = max(fuzz.token_set_ratio(na, nb), fuzz.ratio(na, nb))
    if bool(_NEGATION & set(na.split())) != bool(_NEGATION & set(nb.split())):
        score /= 2
    return score


def best_match(
    text: str, candidates: Sequence[str], threshold: float = SAME_STATEMENT
) -> int | None:
    """Index of the candidate most likely to report the same statement, if any."""
    best, best_score = None, threshold
    for i, candidate in enumerate(candidates):
        score = similarity(text, candidate)
        if score >= best_score:
            best, best_score = i, score
    return best


@dataclass(frozen=True)
class DiffPart:
    op: str  # "same", "removed", "added"
    text: str


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Word-level difference between two versions of a quote."""
    a, b = old.split(), new.split()
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(
        a=[w.lower() for w in a], b=[w.lower() for w in b]
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("added", " ".join(b[j1:j2])))
    return parts


def drift(old: str, new: str) -> float:
    """0 for the same words, up to 1 for nothing in common (punctuation ignored)."""
    a, b = words(old), words(new)
    if not a and not b:
        return 0.0
    return round(1 - difflib.SequenceMatcher(a=a, b=b).ratio(), 3)
