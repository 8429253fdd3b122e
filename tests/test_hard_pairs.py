"""The hard claim-pair set in bench/clustering keeps the shape HARD_PAIRS.md describes.

Reads the file only (no database, no matcher): one JSON object a line, unique ids,
labels and kinds from the allowed sets, and the counts table in HARD_PAIRS.md equal
to what the file holds.
"""

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1] / "bench" / "clustering"
PAIRS = ROOT / "hard_pairs.jsonl"
DOC = ROOT / "HARD_PAIRS.md"

POSITIVE_KINDS = {
    "paraphrase",
    "indirect",
    "mixed",
    "excerpt",
    "number_form",
    "reorder",
    "synonym",
    "spelling",
}
NEGATIVE_KINDS = {"number", "entity", "negation", "object"}
CLAIM_KINDS = {"direct", "indirect", "mixed"}
PAIR_FIELDS = {"id", "label", "kind", "speaker", "a", "b", "note"}
CLAIM_FIELDS = {"text", "kind", "outlet", "published_at"}


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_every_line_is_one_pair_with_exactly_the_documented_fields(
    pairs: list[dict[str, Any]],
) -> None:
    for pair in pairs:
        assert set(pair) == PAIR_FIELDS, pair["id"]
        assert set(pair["a"]) == CLAIM_FIELDS, pair["id"]
        assert set(pair["b"]) == CLAIM_FIELDS, pair["id"]


def test_ids_are_unique_and_numbered_in_file_order(
    pairs: list[dict[str, Any]],
) -> None:
    ids = [pair["id"] for pair in pairs]
    assert ids == [f"h{n:03d}" for n in range(1, len(pairs) + 1)]


def test_each_label_uses_only_its_own_kinds(pairs: list[dict[str, Any]]) -> None:
    for pair in pairs:
        allowed = POSITIVE_KINDS if pair["label"] == "same" else NEGATIVE_KINDS
        assert pair["label"] in {"same", "different"}, pair["id"]
        assert pair["kind"] in allowed, pair["id"]


def test_both_claims_are_well_formed_and_not_identical(
    pairs: list[dict[str, Any]],
) -> None:
    for pair in pairs:
        for claim in (pair["a"], pair["b"]):
            assert claim["kind"] in CLAIM_KINDS, pair["id"]
            assert 6 <= len(claim["text"].split()) <= 45, pair["id"]
            assert claim["outlet"].strip() == claim["outlet"] != "", pair["id"]
            datetime.strptime(claim["published_at"], "%Y-%m-%dT%H:%M:%SZ")
            if claim["kind"] == "mixed":
                assert re.search(r'"[^"]+"', claim["text"]), pair["id"]
        assert pair["a"]["text"] != pair["b"]["text"], pair["id"]
        assert pair["speaker"].strip() and pair["note"].strip(), pair["id"]


def test_the_set_is_large_balanced_and_varied(pairs: list[dict[str, Any]]) -> None:
    labels = Counter(pair["label"] for pair in pairs)
    negatives = Counter(p["kind"] for p in pairs if p["label"] == "different")
    assert len(pairs) >= 150
    assert abs(labels["same"] - labels["different"]) <= len(pairs) // 10
    assert all(negatives[kind] >= 30 for kind in NEGATIVE_KINDS)
    assert len({pair["speaker"] for pair in pairs}) >= 40


def test_the_counts_table_in_hard_pairs_md_matches_the_file(
    pairs: list[dict[str, Any]],
) -> None:
    documented = {
        (label, kind): int(count)
        for label, kind, count in re.findall(
            r"^\| `(same|different)` \| `(\w+)` \| (\d+) \|$",
            DOC.read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        )
    }
    assert documented == Counter((pair["label"], pair["kind"]) for pair in pairs)
