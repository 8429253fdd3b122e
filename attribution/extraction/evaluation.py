"""Scoring extracted claims against a newsroom's own annotated articles.

The rules are those of the shared annotation conventions: a predicted claim matches a
gold claim when their words overlap with an F1 of at least 0.5, best pairs first and
one to one; the speaker is right when the predicted name (lower-cased, without a
leading "the") equals one of the gold speaker's names or contains one as whole words;
the via is right when the predicted outlets, mapped through the gold file's outlet
aliases, form the gold set or one of its alternatives, leaving the speaker out.
Gold claims marked optional count neither for nor against a prediction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MATCH = 0.5
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def overlap(a: str, b: str) -> float:
    """Word-level F1 of two texts (lower-cased, punctuation dropped)."""
    wa, wb = Counter(_words(a)), Counter(_words(b))
    common = sum((wa & wb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(wa.values()), common / sum(wb.values())
    return 2 * precision * recall / (precision + recall)


def _name(text: str | None) -> str:
    words = " ".join(_words(text or ""))
    return words.removeprefix("the ").strip()


def speaker_right(predicted: str | None, gold: Mapping[str, Any]) -> bool:
    names = {_name(gold.get("speaker"))} | {
        _name(a) for a in gold.get("speaker_aliases", ())
    }
    names.discard("")
    said = _name(predicted)
    if not said:
        return not names
    padded = f" {said} "
    return any(said == n or f" {n} " in padded for n in names)


def _outlet_key(name: str, aliases: Mapping[str, str]) -> str:
    key = _name(name)
    return aliases.get(key, key)


def via_right(
    predicted: Iterable[str],
    gold: Mapping[str, Any],
    outlets: Mapping[str, Sequence[str]],
) -> bool:
    aliases = {_name(a): _name(name) for name, names in outlets.items() for a in names}
    aliases.update({_name(name): _name(name) for name in outlets})
    speaker = {_outlet_key(gold.get("speaker") or "", aliases)}
    got = {_outlet_key(v, aliases) for v in predicted} - speaker - {""}
    readings = [gold.get("via", []), *gold.get("via_alternatives", [])]
    return any(
        got == {_outlet_key(v, aliases) for v in reading} - speaker - {""}
        for reading in readings
    )


@dataclass
class Score:
    """Counts over one or more articles, and the figures they give."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker: int = 0
    via: int = 0
    right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "predicted", "matched", "speaker", "via", "right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    @staticmethod
    def _f1(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = hits / predicted if predicted else 1.0
        r = hits / gold if gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def detection(self) -> tuple[float, float, float]:
        return self._f1(self.matched, self.predicted, self.gold)

    @property
    def attribution(self) -> tuple[float, float, float]:
        return self._f1(self.right, self.predicted, self.gold)


def score_article(
    predicted: Sequence[Mapping[str, Any]], gold: Mapping[str, Any]
) -> Score:
    """Score one article's predicted claims against its gold annotation."""
    claims = gold["claims"]
    pairs = sorted(
        (
            (overlap(p["text"], g["text"]), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(claims)
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    score = Score(gold=sum(1 for g in claims if not g.get("optional")))
    score.predicted = len(predicted)
    for value, i, j in pairs:
        if value < MATCH:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        claim, truth = predicted[i], claims[j]
        if truth.get("optional"):
            score.predicted -= 1
            continue
        speaker = speaker_right(claim.get("speaker"), truth)
        via = via_right(claim.get("via", []), truth, gold.get("outlets", {}))
        score.matched += 1
        score.speaker += speaker
        score.via += via
        score.right += speaker and via
        if not (speaker and via):
            score.errors.append(
                f"wrong: gold {truth.get('speaker')} via {truth.get('via', [])}, "
                f"got {claim.get('speaker')} via {list(claim.get('via', []))}: "
                f"{truth['text'][:70]!r}"
            )
    for j, truth in enumerate(claims):
        if j not in used_g and not truth.get("optional"):
            score.errors.append(
                f"missed: {truth.get('speaker')}: {truth['text'][:70]!r}"
            )
    for i, claim in enumerate(predicted):
        if i not in used_p:
            score.errors.append(
                f"extra: {claim.get('speaker')}: {claim['text'][:70]!r}"
            )
    return score
