"""Quote drift: precision and recall of "altered" on a labelled set of report pairs.

Each line of bench/drift/pairs.jsonl holds a statement's earliest wording, a later
report of it and whether the report altered the words (see bench/drift/README.md).
A pair counts as flagged "altered" when drift is above 0, as canonical_refresh decides
a statement's "Quote altered" badge. Prints the drift function as it was before issue
17 (kept here, frozen) first, then the one in attribution/clustering.py, each with
precision, recall and the pairs it got wrong by kind.

    .venv/bin/python bench/drift.py
    .venv/bin/python bench/drift.py --wrong    # list every wrongly decided pair
"""

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution import clustering  # noqa: E402

PAIRS = ROOT / "bench" / "drift" / "pairs.jsonl"

_OLD_WORD = re.compile(r"[\w']+")


def old_drift(old: str, new: str) -> float:
    """attribution.clustering.drift before issue 17: a whole-text word ratio."""

    def words(text: str) -> list[str]:
        return _OLD_WORD.findall(text.lower().replace("’", "'"))

    a, b = words(old), words(new)
    if not a and not b:
        return 0.0
    return round(1 - difflib.SequenceMatcher(a=a, b=b).ratio(), 3)


def score(name: str, drift: Callable[[str, str], float], pairs: list[dict]) -> list:
    started = time.perf_counter()
    got = [(pair, drift(pair["earliest"], pair["report"])) for pair in pairs]
    elapsed = (time.perf_counter() - started) / len(pairs) * 1000
    tp = sum(p["altered"] and d > 0 for p, d in got)
    fp = sum(not p["altered"] and d > 0 for p, d in got)
    fn = sum(p["altered"] and d == 0 for p, d in got)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    wrong = [(p, d) for p, d in got if p["altered"] != (d > 0)]
    by_kind = Counter(p["kind"] for p, _ in wrong)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())) or "none"
    print(
        f"{name:<22} precision {precision:.3f}  recall {recall:.3f}  "
        f"({tp} TP, {fp} FP, {fn} FN; {elapsed:.2f} ms a pair)  wrong: {kinds}"
    )
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="list wrong pairs")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in PAIRS.read_text().splitlines() if line]
    kinds = Counter(p["kind"] for p in pairs)
    altered = sum(p["altered"] for p in pairs)
    print(
        f"labelled set: {len(pairs)} pairs, {altered} altered; "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    for name, drift in (
        ("old (whole-text diff)", old_drift),
        ("new (local alignment)", clustering.drift),
    ):
        wrong = score(name, drift, pairs)
        if args.wrong:
            for pair, d in wrong:
                print(
                    f"  {pair['id']} {pair['kind']:<12} drift {d:.3f}: "
                    f"{pair['earliest']!r} -> {pair['report']!r}"
                )


if __name__ == "__main__":
    main()
