"""Whether two reports by one speaker are one statement: a cascade of checks.

Pure Python and numpy, no Django. A candidate pair passes when its sentence vectors
are close (cosine at or above SAME_MEANING) or its words are (clustering.similarity
at or above clustering.SAME_STATEMENT, the lexical signal kept beside the vectors,
and all there is for a report stored without a vector). Then the checks that
embeddings miss can veto it:

- numbers: both sides state a number the other lacks ("400 jobs" / "4,000 jobs").
  A number one side omits, or writes another way ("four" / "4", "£3.2m" /
  "£3.2 million", "a quarter" / "25 per cent"), or rounds ("38,712" / "about
  39,000") is no conflict;
- names: both sides name someone or something the other does not ("in Ashford" /
  "in Canterbury"); a name one side leaves out is no conflict;
- negation: one side denies what the other asserts ("will" / "will not").

`score` puts both signals on clustering's 0-100 scale, so that the services keep
one threshold and rank candidates by one number.
"""

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from attribution import clustering
from attribution.embeddings import Vectors

# Measured on bench/clustering/ (bench/clustering.py prints the sweep).
SAME_MEANING = 0.75
EXCERPT_WORDS = 6
_SCALE = 100.0 - clustering.SAME_STATEMENT


@dataclass(frozen=True)
class Report:
    text: str
    vector: Vectors | None = None


def score(a: Report, b: Report) -> float:
    """0-100: how likely two reports by one speaker are one statement.

    The larger of the lexical similarity and the vectors' cosine mapped so that
    SAME_MEANING lands on clustering.SAME_STATEMENT; 0 when a check vetoes the pair.
    """
    if vetoed(a.text, b.text):
        return 0.0
    if excerpt(a.text, b.text):
        return 100.0
    lexical = clustering.similarity(a.text, b.text)
    if a.vector is None or b.vector is None:
        return lexical
    cosine = float(np.dot(a.vector, b.vector))
    meaning = clustering.SAME_STATEMENT + (cosine - SAME_MEANING) * (
        _SCALE / (1.0 - SAME_MEANING)
    )
    return max(lexical, min(meaning, 100.0))


def excerpt(a: str, b: str) -> bool:
    """One text is a run of at least EXCERPT_WORDS of the other's words, in
    order: an excerpt of the same statement ("Three big decisions went against
    us" from a longer quote), which the lexical score halves for its length and
    a short text's vector is far from. A mixed report's quoted fragment alone is
    no excerpt: its frame may say another thing ('the budget would "cost 40,000
    jobs"' / "the last budget cost 40,000 jobs")."""
    short, long = sorted((a, b), key=len)
    mine = clustering.words(short)
    if len(mine) < EXCERPT_WORDS:
        return False
    theirs = clustering.words(long)
    n = len(mine)
    return any(theirs[i : i + n] == mine for i in range(len(theirs) - n + 1))


def best_match(
    report: Report,
    candidates: Sequence[Report],
    threshold: float = clustering.SAME_STATEMENT,
) -> int | None:
    """Index of the candidate most likely to be the same statement, if any."""
    best, best_score = None, threshold
    for i, candidate in enumerate(candidates):
        found = score(report, candidate)
        if found >= best_score:
            best, best_score = i, found
    return best


def nearest(
    query: Vectors, vectors: Vectors, k: int, floor: float = SAME_MEANING
) -> list[tuple[int, float]]:
    """Rows of `vectors` closest to `query`, at least `floor` in cosine, best first:
    (row, cosine) pairs, at most `k`. One matrix product, numpy's exact search:
    enough for one speaker's reports or a store of some hundred thousand claims;
    an approximate index (hnswlib) is what a store of millions needs."""
    if not len(vectors) or k <= 0:
        return []
    cosines = vectors @ query
    top = np.argpartition(-cosines, min(k, len(cosines)) - 1)[:k]
    ranked = sorted(top, key=lambda row: -cosines[row])
    return [(int(row), float(cosines[row])) for row in ranked if cosines[row] >= floor]


def vetoed(a: str, b: str) -> str:
    """Why the checks keep two texts apart ("number", "name", "negation"), or ""."""
    if numbers_conflict(a, b):
        return "number"
    if names_conflict(a, b):
        return "name"
    if negation_flipped(a, b):
        return "negation"
    return ""


# Numbers ----------------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
    "decade": 10,  # "three decades" is "thirty years"
    "decades": 10,
}
# A fraction is also its percentage: "a quarter" is "25 per cent".
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "thirds": 2 / 3}
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")
_ROUNDING = 0.06  # "about 39,000" may round 38,712; "nine" does not round "ten"


def numbers(text: str) -> list[float]:
    """The numbers a text states, in digits or words, with their scales applied."""
    tokens = _NUMBER_TOKEN.findall(text.lower().replace("-", " "))
    found: list[float] = []
    total = current = None  # the number being read: total of scaled parts, rest

    def close() -> None:
        nonlocal total, current
        if total is not None or current is not None:
            found.append((total or 0.0) + (current or 0.0))
        total = current = None

    for k, token in enumerate(tokens):
        after = tokens[k + 1] if k + 1 < len(tokens) else ""
        reading = current is not None or total is not None
        if token[0].isdigit():
            close()
            current = _digits(token)
        elif token in _UNITS and not (token == "one" and _pronoun_one(tokens, k)):
            unit = float(_UNITS[token])
            adds = current is not None and _adds(current, unit)  # "twenty one"
            if current is not None and not adds:
                close()
            current = (current or 0.0) + unit if adds else unit
        elif token in _SCALES and reading:
            if _SCALES[token] <= 100:
                current = (current or 1.0) * _SCALES[token]
            else:
                total = (total or 0.0) + (current or 1.0) * _SCALES[token]
                current = None
        elif token in {"and", "a", "half"} and reading:
            # "three hundred and twenty", "one and a half": "half" counted at "a"
            if token == "a" and after == "half":
                current = (current or 0.0) + 0.5
            elif token != "half" and not (after == "a" or after in _UNITS):
                close()
        elif token in _FRACTIONS and k and tokens[k - 1] in {"a", "one"}:
            close()
            found.append(_FRACTIONS[token])
        else:
            close()
    close()
    return found


def _adds(current: float, unit: float) -> bool:
    """Whether a number word continues the one read so far ("hundred and six")."""
    if current >= 100 and current % 100 == 0:
        return unit < 100
    return current >= 20 and current % 10 == 0 and unit < 10


def _digits(token: str) -> float:
    """'40,000' and '3.2' as numbers; a comma between groups of three is a separator."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        token = token.replace(",", "")
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return float(re.sub(r"[.,].*", "", token))


def _pronoun_one(tokens: list[str], k: int) -> bool:
    """'one' as a pronoun ('the new ones', 'no one', 'one of us') is no number."""
    before = tokens[k - 1] if k else ""
    after = tokens[k + 1] if k + 1 < len(tokens) else ""
    return before in {"no", "the", "every", "any", "this", "that"} or after == "of"


def _same_number(x: float, y: float) -> bool:
    if x == y or abs(x - y) < 1e-9 * max(abs(x), abs(y), 1):
        return True
    for f in (x, y):  # a fraction against its percentage
        other = y if f is x else x
        if f < 1 and abs(f * 100 - other) < 0.5:
            return True
    big, small = max(x, y), min(x, y)
    if big < 20 or 1800 <= small <= 2100 and small == int(small):
        return False  # small counts and years are exact
    return (big - small) / big <= _ROUNDING and (_round(big) or _round(small))


def _round(x: float) -> bool:
    """Written as a round figure: two significant digits at most."""
    digits = f"{x:.0f}".rstrip("0")
    return x == int(x) and len(digits) <= 2


def numbers_conflict(a: str, b: str) -> bool:
    """Both texts state a number that the other does not (in any form)."""
    na, nb = _numbers(a), _numbers(b)
    only_a = [x for x in na if not any(_same_number(x, y) for y in nb)]
    only_b = [y for y in nb if not any(_same_number(x, y) for x in na)]
    return bool(only_a and only_b)


@lru_cache(maxsize=65536)
def _numbers(text: str) -> tuple[float, ...]:
    return tuple(numbers(text))


# Names ------------------------------------------------------------------------------

_NAME = re.compile(r"[A-Z][\w'’.-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…]\s+|[\"“‘(]\s*)$")
_SAME_NAME = 90  # rapidfuzz ratio: "Okafor" / "Okafor's", "Bogota" / "Bogotá"
_NOT_NAMES = {"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "st"}


@lru_cache(maxsize=65536)
def names(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Capitalised words that name someone or something, lower-cased: those inside
    a sentence, and those that start one (which may be any word: "Marta" or
    "Hospital"). Stop words, titles and acronyms are left out.
    """
    inside, starting = set(), set()
    for match in _NAME.finditer(text):
        if _acronym(match[0]):
            continue
        word = re.sub(r"['’]s$", "", match[0].rstrip(".'’-").lower())
        if len(word) < 2 or word in _NOT_NAMES or word in STOP_WORDS:
            continue
        if _SENTENCE_START.search(text[: match.start()]):
            starting.add(word)
        else:
            inside.add(word)
    return frozenset(inside), frozenset(starting - inside)


def _acronym(word: str) -> bool:
    """'EU', 'MEPs', 'PGA': an acronym may stand for words the other text spells
    out, so it is compared with the other text's acronyms only."""
    letters = word.rstrip("s")
    return len(letters) >= 2 and letters.isupper()


def _named_in(name: str, other_names: frozenset[str]) -> bool:
    """The same name, spelled alike or one a form of the other ('Ghana' /
    'Ghanaian')."""
    return any(
        fuzz.ratio(name, o) >= _SAME_NAME or _one_stem(name, o) for o in other_names
    )


def _one_stem(a: str, b: str) -> bool:
    """A place and its people ('Ghana' / 'Ghanaian', 'Spain' / 'Spanish'): a common
    start of at least three letters and 60% of the shorter name."""
    common = len(os.path.commonprefix([a, b]))
    return common >= 3 and common >= 0.6 * min(len(a), len(b))


def names_conflict(a: str, b: str) -> bool:
    """Both texts name someone or something the other does not name.

    A word that starts a sentence counts as named in the other text when that
    text has the word anywhere, in any case ("Passengers" / "passengers").
    """
    only_a = _unnamed(names(a), names(b), b)
    only_b = _unnamed(names(b), names(a), a)
    acronyms_a, acronyms_b = _acronyms(a), _acronyms(b)
    return bool(only_a and only_b) or bool(
        acronyms_a - acronyms_b and acronyms_b - acronyms_a
    )


@lru_cache(maxsize=65536)
def _acronyms(text: str) -> frozenset[str]:
    return frozenset(m[0].rstrip("s") for m in _NAME.finditer(text) if _acronym(m[0]))


def _unnamed(
    mine: tuple[frozenset[str], frozenset[str]],
    theirs: tuple[frozenset[str], frozenset[str]],
    their_text: str,
) -> list[str]:
    inside, starting = mine
    their_names = theirs[0] | theirs[1]
    their_words = set(clustering.words(their_text))
    return [n for n in inside if not _named_in(n, their_names)] + [
        n for n in starting if not _named_in(n, their_names) and n not in their_words
    ]


# Negation ---------------------------------------------------------------------------

_CLOSE_WORDING = 0.4  # clustering.drift: most of the covered words are kept


def negation_flipped(a: str, b: str) -> bool:
    """One text denies what the other asserts in mostly the same words.

    The shorter is aligned inside the longer (clustering.negation_changed), so that
    an excerpt that leaves out a negated clause is no flip; a paraphrase in other
    words is left to the vectors, since its negations need not line up ("nobody
    will be unable to finish" / "all will be able to complete").
    """
    if _negations(a) == _negations(b):
        return False  # as many negations: at most moved ("not raise" / "not rise")
    old, new = (a, b) if len(a) >= len(b) else (b, a)
    if not clustering.negation_changed(old, new):
        return False
    return clustering.drift(old, new) <= _CLOSE_WORDING


_NEGATORS = frozenset(
    ["not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot"]
)


# A contrast said either way: "from Lumora, not from journalists" / "from Lumora
# rather than from journalists".
_CONTRASTS = frozenset([("rather", "than"), ("instead", "of")])


@lru_cache(maxsize=65536)
def _negations(text: str) -> int:
    found = clustering.words(text)
    return sum(
        word in _NEGATORS or word == "unless" or word.endswith("n't") for word in found
    ) + sum(pair in _CONTRASTS for pair in zip(found, found[1:], strict=False))
