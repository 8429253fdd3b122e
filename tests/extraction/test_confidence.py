"""Confidence from evidence: one function, ordered by how the speaker was found."""

from __future__ import annotations

from attribution.extraction.confidence import (
    CALIBRATION,
    Evidence,
    confidence,
    raw_score,
)


def test_a_named_direct_quote_scores_above_a_pronoun_framed_one() -> None:
    named = Evidence(resolved_by="name", direct=True)
    pronoun = Evidence(resolved_by="pronoun", named=False, direct=True)
    assert raw_score(named) > raw_score(pronoun)


def test_a_description_with_a_name_costs_nothing() -> None:
    assert raw_score(Evidence(resolved_by="description", named=True)) == 0.9
    assert raw_score(Evidence(resolved_by="description", named=False)) == 0.8


def test_each_continuation_lowers_the_raw_score() -> None:
    framed = Evidence(direct=True)
    once = Evidence(direct=True, continued=1)
    twice = Evidence(direct=True, continued=2)
    assert raw_score(framed) > raw_score(once) > raw_score(twice)


def test_confidence_is_the_calibrated_share_for_a_measured_score() -> None:
    evidence = Evidence(resolved_by="name")
    assert confidence(evidence) == CALIBRATION[0.9]


def test_a_score_too_rare_to_measure_keeps_its_raw_value() -> None:
    rare = Evidence(resolved_by="merged", named=False, source_phrase=True, continued=1)
    assert round(raw_score(rare), 2) not in CALIBRATION
    assert confidence(rare) == round(raw_score(rare), 2)
