"""Regression: the shared dev article keeps its attribution F1 at 0.95 or above."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from spacy.language import Language

from attribution.extraction import Extractor, Gazetteer

EVAL = Path("/work/shared/eval")


def load_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", EVAL / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="no shared eval set")
def test_dev_article_attribution_f1_stays_at_or_above_095(nlp: Language) -> None:
    score = load_scorer()
    extractor = Extractor(nlp, Gazetteer.load_default())
    total = {"gold": 0, "pred": 0, "full": 0}
    for gold_path in sorted((EVAL / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (EVAL / "articles" / gold["article"]).read_text(encoding="utf-8")
        preds = [claim.as_dict() for claim in extractor.extract(text)]
        result = score.score_article(gold, preds)
        for key in total:
            total[key] += result[key]
    _, _, f1 = score.prf(total["full"], total["pred"], total["gold"])
    assert f1 >= 0.95
