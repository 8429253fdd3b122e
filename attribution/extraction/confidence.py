"""How sure the engine is of a claim's attribution, from the evidence it rests on.

One function, `confidence`, turns a claim's `Evidence` (how its speaker was found,
whether it is a direct quote, whether it continues an earlier frame) into a
number. The raw score orders claims by evidence; `CALIBRATION` maps it to the
share of claims with that score whose speaker and via were right on the real
dev set (`../shared/eval/news`) and `bench/eval`, so that claims given 0.9 are
right about nine times in ten (`bench/ablation.py` prints the reliability table).
"""

from __future__ import annotations

from dataclasses import dataclass

# What each way of finding the speaker costs the raw score.
_RESOLUTION_COST = {"pronoun": 0.15, "description": 0.1, "new": 0.1, "merged": 0.2}
_SOURCE_PHRASE_COST = 0.05  # "according to X": X may be a document, not a speaker
_DIRECT_GAIN = 0.05  # a quotation's words and span are certain
_CONTINUED_COST = 0.15  # a quote paragraph with no frame of its own


@dataclass(frozen=True)
class Evidence:
    """What a claim's attribution rests on."""

    resolved_by: str = "name"  # name, outlet, pronoun, description, new, merged
    named: bool = True  # the speaker's mention carries a name
    source_phrase: bool = False  # "according to X", "as per X"
    direct: bool = False
    continued: int = 0  # frame-less quotes between the frame and this claim


def raw_score(evidence: Evidence) -> float:
    """The uncalibrated score: 0.9, less what weakens the attribution."""
    score = 0.9
    cost = _RESOLUTION_COST.get(evidence.resolved_by, 0.0)
    if evidence.resolved_by in ("description", "new") and evidence.named:
        cost = 0.0
    score -= cost
    if evidence.source_phrase:
        score -= _SOURCE_PHRASE_COST
    if evidence.direct:
        score += _DIRECT_GAIN
    score -= _CONTINUED_COST * evidence.continued
    return max(0.05, min(1.0, score))


def confidence(evidence: Evidence) -> float:
    """The calibrated confidence of a claim with this evidence: the share right
    of claims with the same raw score on the dev sets; the raw score itself for
    a score too rare there to measure."""
    raw = round(raw_score(evidence), 2)
    return CALIBRATION.get(raw, raw)


# Raw score -> share of claims right with it (speaker and via), measured on
# ../shared/eval/news and bench/eval together (1,849 scored predictions, extras
# counted wrong). Scores seen fewer than 20 times keep their raw value.
CALIBRATION: dict[float, float] = {
    0.65: 0.97,  # 73 claims (direct, continuing a quote)
    0.7: 0.67,  # 27
    0.75: 0.86,  # 160
    0.8: 0.85,  # 639
    0.85: 0.79,  # 111
    0.9: 0.91,  # 632
    0.95: 0.96,  # 206
}
