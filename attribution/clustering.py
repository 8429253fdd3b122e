"""Grouping reports of one statement, and measuring how its words drifted.

Pure Python with rapidfuzz, no Django: the services call these functions with texts
from the database, and bench/clustering.py measures them on a labelled set.

Two claims report the same statement when the same speaker said them and their texts
are similar enough (`similarity` at or above `SAME_STATEMENT`). Texts are compared
after normalising what reporting changes without changing the statement: case,
punctuation, the person of pronouns ("I" in a quote, "he" in reported speech) and the
small words of reported speech ("that", "would").
"""

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import edlib
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


# Drift: how a later report's words differ from the earliest wording --------------
#
# A report is aligned to the part of the earliest wording that it covers (edlib's
# infix alignment, word by word), after folding what changes no words: case,
# punctuation and quotation marks, contractions, British and American spellings.
# Words of the earliest wording outside that part, or left out at an ellipsis, are
# "unquoted", not removed; only words changed inside it count as drift.

ELLIPSIS = "…"
_TOKEN = re.compile(r"\.\s?\.\s?\.|…|\d+(?:[.,]\d+)*|%|[\w'’]+")
_CHUNK = re.compile(r"\S+")
_IRREGULAR = {
    "won't": ["will", "not"],
    "can't": ["can", "not"],
    "cannot": ["can", "not"],
    "shan't": ["shall", "not"],
    "let's": ["let", "us"],
}
# "'d" stays a word of its own: it is "would" or "had", and matches either.
_CONTRACTED = {"n't": "not", "'m": "am", "'re": "are", "'ve": "have", "'ll": "will"}
_CONTRACTED_D = "'d"
# "'s" is "is", "has" or a possessive: a word of its own that matches "is" or "has".
_CONTRACTED_S = "'s"
_EITHER = [("'s", "is"), ("'s", "has"), ("'d", "would"), ("'d", "had")]
_NEGATIONS = frozenset(
    ["not", "no", "never", "nothing", "none", "nobody", "neither", "nor"]
)
_ISE = re.compile(r"(?<=\w\w)(is|ys)(e|es|ed|ing|ation|ations|er|ers)$")
_OTHER = "\x00"  # stands for every word of the earliest wording not in the report
_MAX_PLACES = 20


def _spellings() -> dict[str, str]:
    """British to American forms of the same word, from data/spellings.tsv."""
    path = Path(__file__).parent / "data" / "spellings.tsv"
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            british, american = line.split("\t")
            pairs[british] = american
    return pairs


_SPELLING = _spellings()


def _spelling(word: str) -> str:
    word = _SPELLING.get(word, word)
    return _ISE.sub(lambda m: ("iz" if m[1] == "is" else "yz") + m[2], word)


def _fold(token: str) -> list[str]:
    """The words one token stands for, in the form drift compares."""
    if token[0] in ".…":
        return [ELLIPSIS]
    if token[0].isdigit():
        return [token.replace(",", "")]
    if token == "%":
        return ["percent"]
    word = token.lower().replace("’", "'").strip("'")
    if not word:
        return []
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, expanded in _CONTRACTED.items():
        if word.endswith(suffix) and len(word) > len(suffix):
            return [_spelling(word[: -len(suffix)]), expanded]
    if word.endswith(_CONTRACTED_D) and len(word) > 2:
        return [word[:-2], _CONTRACTED_D]
    if word.endswith(_CONTRACTED_S) and len(word) > 2:
        return [_spelling(word[:-2]), _CONTRACTED_S]
    return [_spelling(word)]


@dataclass(frozen=True)
class _Text:
    chunks: tuple[str, ...]  # the text split at white space, as it is shown
    words: tuple[str, ...]  # folded words, ellipses included
    chunk_of: tuple[int, ...]  # the chunk each word came from


@lru_cache(maxsize=4096)
def _text(text: str) -> _Text:
    spans = [(m.start(), m[0]) for m in _CHUNK.finditer(text)]
    starts = [start for start, _ in spans]
    words: list[str] = []
    chunk_of: list[int] = []
    for match in _TOKEN.finditer(text):
        chunk = bisect.bisect_right(starts, match.start()) - 1
        for word in _fold(match[0]):
            if word == "cent" and words and words[-1] == "per":
                words[-1] = "percent"
                continue
            words.append(word)
            chunk_of.append(chunk)
    return _Text(tuple(c for _, c in spans), tuple(words), tuple(chunk_of))


@dataclass(frozen=True)
class _Column:
    op: str  # "same", "removed", "added", "unquoted"
    i: int | None  # the earliest wording's word
    j: int | None  # the report's word


_Ops = list[tuple[str, int | None, int | None]]


def _cigar_ops(cigar: str) -> _Ops:
    """edlib's path as (op, earliest word, report word) steps, offsets from the start.

    edlib aligns the report (its query) to the earliest wording (its target): "I" is a
    word only the report has, "D" one only the earliest wording has.
    """
    ops: _Ops = []
    t = q = 0
    for count, kind in re.findall(r"(\d+)([=XID])", cigar):
        for _ in range(int(count)):
            if kind == "=":
                ops.append(("same", t, q))
            if kind in "XD":
                ops.append(("removed", t, None))
            if kind in "XI":
                ops.append(("added", None, q))
            t += kind in "=XD"
            q += kind in "=XI"
    return ops


def _place(query: list[str], target: list[str]) -> tuple[int, int, _Ops]:
    """Where in `target` the words of `query` fit best, and how they differ.

    Returns the start and end of the covered part of `target` and the steps, offsets
    from that start. Of equally close places, the one with the most words in common,
    then the longest (a changed last word reads as replaced, not as added).
    """
    wanted = set(query)
    wanted |= {b for a, b in _EITHER if a in wanted} | {
        a for a, b in _EITHER if b in wanted
    }
    if not target or len(wanted) >= 255:
        return _place_by_difflib(query, target)
    target = [w if w in wanted else _OTHER for w in target]
    equal = [(a, b) for a, b in _EITHER if a in wanted and b in wanted]
    found = edlib.align(
        query, target, mode="HW", task="locations", additionalEqualities=equal
    )
    best: tuple[int, int, int, _Ops] | None = None
    for start, end in found["locations"][:_MAX_PLACES]:
        path = edlib.align(
            query,
            target[start : end + 1],
            mode="NW",
            task="path",
            additionalEqualities=equal,
        )
        # An empty place (end before start) has no path: every word is added.
        ops = _cigar_ops(path["cigar"] or f"{len(query)}I")
        same = sum(op == "same" for op, _, _ in ops)
        if best is None or (same, end + 1 - start) > (best[0], best[2] - best[1]):
            best = (same, start, end + 1, ops)
    assert best is not None
    return best[1], best[2], best[3]


def _place_by_difflib(query: list[str], target: list[str]) -> tuple[int, int, _Ops]:
    """For texts edlib cannot take (over 255 distinct words): difflib's diff, less
    the earliest wording's words before the first and after the last in common."""
    ops: _Ops = []
    matcher = difflib.SequenceMatcher(a=target, b=query, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            ops += [("same", i, j1 + k) for k, i in enumerate(range(i1, i2))]
            continue
        ops += [("removed", i, None) for i in range(i1, i2)]
        ops += [("added", None, j) for j in range(j1, j2)]
    kept = [k for k, (op, _, _) in enumerate(ops) if op != "removed"]
    if not kept:
        return 0, 0, [op for op in ops if op[0] != "removed"]
    first, last = kept[0], kept[-1] + 1
    start = next((i for _, i, _ in ops[first:last] if i is not None), 0)
    end = max([i + 1 for _, i, _ in ops[first:last] if i is not None], default=start)
    return (
        start,
        end,
        [(op, None if i is None else i - start, j) for op, i, j in ops[first:last]],
    )


def _unquoted(ref: Sequence[str], start: int, end: int, *, cut: bool) -> list[_Column]:
    """The words a report skipped before a quoted run of words.

    A negation just before the run counts as cut out of it ("against the mine" from
    "not against the mine"), and so does one just after the previous run when the
    words skipped are a cut ("We will ... close" from "We will not, ever, close").
    """
    columns = [_Column("unquoted", i, None) for i in range(start, end)]
    if columns and ref[end - 1] in _NEGATIONS:
        columns[-1] = _Column("removed", end - 1, None)
    if cut and columns and ref[start] in _NEGATIONS:
        columns[0] = _Column("removed", start, None)
    return columns


@lru_cache(maxsize=4096)
def _align(ref: tuple[str, ...], rep: tuple[str, ...]) -> tuple[_Column, ...]:
    """The report's words against the earliest wording's, in reading order.

    Each run of the report between ellipses is placed after the previous one.
    """
    columns: list[_Column] = []
    cursor = 0
    segment: list[int] = []
    for j, word in enumerate([*rep, ELLIPSIS]):
        if word != ELLIPSIS:
            segment.append(j)
            continue
        if segment:
            start, end, ops = _place([rep[k] for k in segment], list(ref[cursor:]))
            columns += _unquoted(ref, cursor, cursor + start, cut=bool(columns))
            columns += [
                _Column(
                    op,
                    None if i is None else cursor + start + i,
                    None if k is None else segment[k],
                )
                for op, i, k in ops
            ]
            cursor += end
            segment = []
        if j < len(rep):
            columns.append(_Column("same", None, j))
    columns += [_Column("unquoted", i, None) for i in range(cursor, len(ref))]
    return tuple(columns)


@dataclass(frozen=True)
class DiffPart:
    op: str  # "same", "removed", "added", "unquoted" (outside the part quoted)
    text: str


def drift(old: str, new: str) -> float:
    """0 when the report quotes `old`'s words or a part of them, up to 1 for none.

    Only words changed inside the part of `old` that `new` covers count: case,
    punctuation, contractions, British/American spellings, an excerpt and a cut marked
    with an ellipsis are no drift. Any change is at least 0.001.
    """
    columns = _align(_text(old).words, _text(new).words)
    same = sum(c.op == "same" and c.i is not None for c in columns)
    changed = sum(c.op in ("removed", "added") for c in columns)
    if not changed:
        return 0.0
    return max(round(changed / (2 * same + changed), 3), 0.001)


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The report's words against the earliest wording's, as they are written.

    "same" shows the report's spelling of words that match; "removed" and "added" the
    changes inside the covered part; "unquoted" the earliest wording's words the
    report does not cover (outside its excerpt, or cut at an ellipsis).
    """
    ref, rep = _text(old), _text(new)
    columns = _align(ref.words, rep.words)
    ref_state = _chunk_states(ref, {c.i: c.op for c in columns if c.i is not None})
    rep_state = _chunk_states(rep, {c.j: c.op for c in columns if c.j is not None})
    parts: list[DiffPart] = []
    ref_next = rep_next = 0
    for column in columns:
        if column.i is not None:
            upto = ref.chunk_of[column.i] + 1
            parts += _shown(ref.chunks, ref_state, ref_next, upto, {"same"})
            ref_next = max(ref_next, upto)
        if column.j is not None:
            upto = rep.chunk_of[column.j] + 1
            parts += _shown(rep.chunks, rep_state, rep_next, upto, set())
            rep_next = max(rep_next, upto)
    parts += _shown(rep.chunks, rep_state, rep_next, len(rep.chunks), set())
    parts += _shown(ref.chunks, ref_state, ref_next, len(ref.chunks), {"same"})
    return _merged(parts)


def _chunk_states(text: _Text, op_of: dict[int, str]) -> list[str]:
    """One op per chunk: a chunk with any word changed is changed; a chunk with no
    words (a dash) takes its neighbour's."""
    ops: list[set[str]] = [set() for _ in text.chunks]
    for index, chunk in enumerate(text.chunk_of):
        ops[chunk].add(op_of.get(index, "same"))
    states: list[str] = []
    for found in ops:
        for op in ("removed", "added", "same", "unquoted"):
            if op in found:
                states.append(op)
                break
        else:
            states.append(states[-1] if states else "")
    first = next((s for s in states if s), "same")
    return [s or first for s in states]


def _shown(
    chunks: Sequence[str], states: list[str], start: int, end: int, hidden: set[str]
) -> list[DiffPart]:
    return [
        DiffPart(states[k], chunks[k])
        for k in range(start, end)
        if states[k] not in hidden
    ]


def _merged(parts: list[DiffPart]) -> list[DiffPart]:
    """Adjacent parts of one op joined; in each run of changes, removed first."""
    ordered: list[DiffPart] = []
    run: list[DiffPart] = []
    for part in [*parts, DiffPart("same", "")]:
        if part.op in ("removed", "added"):
            run.append(part)
            continue
        ordered += sorted(run, key=lambda p: p.op != "removed") + [part]
        run = []
    merged: list[DiffPart] = []
    for part in ordered[:-1]:
        if merged and merged[-1].op == part.op:
            merged[-1] = DiffPart(part.op, f"{merged[-1].text} {part.text}")
        else:
            merged.append(part)
    return merged


_QUOTED = re.compile(r"[“\"]([^”\"]*)(?:[”\"]|$)")


def quoted_part(text: str) -> str:
    """The words a mixed claim quotes, runs joined by an ellipsis; else all of it.

    In 'she had "warned management three times" about the wall' only the quoted
    words are the speaker's; the rest is the reporter's and no drift of the quote.
    An opening quotation mark left unclosed quotes to the end.
    """
    runs = [run.strip() for run in _QUOTED.findall(text) if run.strip()]
    return f" {ELLIPSIS} ".join(runs) if runs else text


def negation_changed(old: str, new: str) -> bool:
    """Whether `new` adds or drops a negation inside the part of `old` it covers.

    Aligned as drift aligns them: a negation in words of `old` that `new` does not
    quote ("I am not afraid to say it" left out of an excerpt) changes nothing, and
    nor does one that only moved ("we will not raise tax" / "tax would not rise").
    "unless" counts as a negation ("unless there is an offer" / "if there is not").
    """
    ref, rep = _text(old).words, _text(new).words
    net = 0
    for column in _align(ref, rep):
        if column.op == "removed" and column.i is not None:
            net += _negates(ref[column.i])
        elif column.op == "added" and column.j is not None:
            net -= _negates(rep[column.j])
    return net != 0


def _negates(word: str) -> bool:
    return word in _NEGATIONS or word in ("cannot", "unless")
