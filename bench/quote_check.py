"""Quote check: p95 latency of POST /api/v1/quote-check/ on a large store.

Fills a PostgreSQL database with bench/corpus.py's generated claims (as
bench/load.py does), makes each claim a statement of its own (the worst case for
candidates: no claims share one), then asks the quote check, one request at a
time through Django's test client (the whole view, serializers included; no
HTTP server), about quotes drawn from the stored claims:

- exact: a claim's words; excerpt: seven of its words; misquote: a word of it
  changed; named: the exact words with the speaker's name; unsaid: a generated
  sentence no claim holds, and spliced: the first half of a claim and the
  second half of another, both made up (the "no match" answer).

Each quote is asked twice in the same run: the quote check on words only
(`by_meaning=False`, as it was before embeddings, the selector and serializer
called directly) and the quote check through the API (embedding the quote and
scoring by the matching cascade). `--embed` first gives every claim its vector
with manage.py embed_claims (about 25 ms a claim here: a store of 10,000 takes
minutes, of 1,000,000 hours). "right" counts the quote's own statement first
among the matches, or for a made-up quote no match.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/attribution_load \\
        .venv/bin/python bench/quote_check.py --claims 1000000 --quotes 40

Measured 2026-12-02 on this machine (2 cores shared, load average about 4),
1,000,000 claims, 200 quotes: quote check p50 123 ms, p95 236 ms, max 482 ms
(the lookup, today's way: p50 106 ms, p95 2,347 ms; a quote nobody said costs
it 2-3 s, a full scan of the trigram index). The statement the quote came from
is first for 40/40 exact, 34/40 excerpt, 29/40 misquote, 40/40 named; 20/40
generated sentences nobody said still match a claim at similarity >= 80.

Measured 2026-12-03 (issue 17, the cascade), 30,000 claims all embedded (a store
of 1,000,000 or 100,000 would take hours to embed on this loaded machine), 40
quotes of each kind, words-only and cascade in one run, `--embed`: right for
words / cascade: exact 40/40 / 40/40, excerpt 37/40 / 39/40, misquote 25/40 /
24/40 (40/40 shown first among the nearest with the reason: the bench's "never"
is another negation), named 40/40 / 40/40, unsaid 39/40 / 40/40, spliced 31/40 /
36/40; p95 all 133 ms / 160 ms (1.20x: embedding the quote, about 16 ms).

Measured 2026-12-03 (issue 17, the store-wide hnswlib index), 340,000 claims
with --synthetic-vectors (made in 1,284 s; the index built in 664 s, loaded in
0.9 s), 40 quotes of each kind, load average about 16 on 2 cores (a test suite
ran beside it): p95 all words 228 ms / check 322 ms (1.42x); right for words /
check: exact 40/40 / 40/40, excerpt 35 / 40, misquote 29 / 26 (40/40 shown
first among the nearest), named 40 / 40, unsaid 30 / 40, spliced 24 / 36.
The index alone (--index-scale 20000): a query p95 1.3 ms, recall@10 0.978.

Measured 2026-12-04 (issue 17, where the time goes), 600,000 claims with
synthetic vectors (the store of 1,000,000 could not be filled, given vectors and
indexed in the time there was), the index built ahead with --ef-construction 40,
20 quotes of each kind, today's code (--baseline d3a7e66) then this, one run,
load average 5-6: p95 all words 179.8 ms / check 411.1 ms (2.29x) before, words
194.6 / check 315.0 (1.62x) after; the scoring phase p50 107 -> 34 ms, p95 245
-> 105 ms; right answers unchanged. The scoring of the
candidates was the largest phase (--profile); it is now bounded before it is
checked, and the alignment skipped where the words cannot be in order.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import corpus
import numpy as np
from bench_database import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASES = 3_000  # real claim vectors the synthetic ones are made around

CANONICALISE = [
    "INSERT INTO attribution_canonicalclaim"
    " (id, speaker_id, text, altered, first_reported_at, created_at, updated_at)"
    " SELECT id, speaker_id, text, false, NULL, now(), now() FROM attribution_claim"
    " WHERE canonical_id IS NULL AND speaker_id IS NOT NULL"
    " ON CONFLICT (id) DO NOTHING",
    "UPDATE attribution_claim SET canonical_id = id"
    " WHERE canonical_id IS NULL AND speaker_id IS NOT NULL",
    "SELECT setval(pg_get_serial_sequence('attribution_canonicalclaim', 'id'),"
    " (SELECT max(id) FROM attribution_canonicalclaim))",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--quotes", type=int, default=40, help="of each kind")
    parser.add_argument(
        "--embed",
        action="store_true",
        help="first give every claim its vector (manage.py embed_claims)",
    )
    parser.add_argument(
        "--synthetic-vectors",
        action="store_true",
        help="give claims without a vector a synthetic one (see _synthetic_vectors)",
    )
    parser.add_argument(
        "--index-scale",
        type=int,
        metavar="VECTORS",
        default=0,
        help="time the index alone at this many synthetic vectors, then stop",
    )
    parser.add_argument(
        "--rebuild-index",
        action="store_true",
        help="build the vector index afresh even when one is saved for the store",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print where the quote check's time goes, phase by phase",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="first run this bench with the quote check of git revision REV",
    )
    parser.add_argument(
        "--index-ahead",
        action="store_true",
        help="build and save the index of --claims synthetic vectors, then stop",
    )
    parser.add_argument(
        "--ef-construction",
        type=int,
        default=0,
        help="with --index-ahead: build with this effort, not vector_index's",
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="fill the store and give it its vectors, then stop",
    )
    args = parser.parse_args()
    if args.baseline:
        sys.exit(_before_and_after(args.baseline))
    if args.index_scale:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attribution.settings")
        os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
        import django

        django.setup()
        index_scale(args.index_scale, 4 * args.quotes)
        return
    url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attribution_load"
    )
    ensure_database(url)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="attribution.settings",
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="testserver",
        SECURE_COOKIES="false",
        PYTHONWARNINGS="ignore:No directory at",
        API_ANON_RATE="100000000/second",  # time the stack, not the rate limiter
    )
    import django

    django.setup()
    if args.index_ahead:
        index_ahead(args.claims, url.rsplit("/", 1)[1], args.ef_construction)
        return
    from django.core.management import call_command
    from django.db import connection

    from attribution.models import CanonicalClaim, Claim

    call_command("migrate", verbosity=0)
    corpus.fill(args.claims)
    if Claim.objects.filter(canonical__isnull=True, speaker__isnull=False).exists():
        with connection.cursor() as cursor:
            for statement in CANONICALISE:
                cursor.execute(statement)
            cursor.execute("ANALYZE attribution_claim")
    if args.embed:
        call_command("embed_claims", batch=1000, verbosity=0)
    print(
        f"claims {Claim.objects.count():,}, statements "
        f"{CanonicalClaim.objects.count():,}; {args.quotes} quotes of each kind"
    )
    quotes = _quotes(args.quotes)
    if args.synthetic_vectors:
        _synthetic_vectors(quotes)
    if args.prepare_only:
        return
    _index(args.rebuild_index)
    _run(quotes, args.profile)


def _quotes(n: int) -> dict[str, list[tuple[str, str, int]]]:
    """(quote, speaker, the statement it came from) by kind."""
    from attribution.models import Claim

    rng = random.Random(17)
    top = Claim.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), 4 * n)
    rows = list(
        Claim.objects.filter(pk__in=ids).values_list(
            "text", "speaker__name", "canonical_id"
        )
    )
    rows = [r for r in rows if len(r[0].split()) >= 10][: 3 * n]
    words, pool = corpus.chain(), corpus.names()
    kinds: dict[str, list[tuple[str, str, int]]] = {
        "exact": [],
        "excerpt": [],
        "misquote": [],
        "named": [],
        "unsaid": [],
        "spliced": [],
    }
    for i, (text, speaker, canonical_id) in enumerate(rows[:n]):
        split = text.split()
        kinds["exact"].append((text, "", canonical_id))
        start = rng.randrange(0, len(split) - 7)
        kinds["excerpt"].append((" ".join(split[start : start + 7]), "", canonical_id))
        changed = list(split)
        changed[rng.randrange(len(changed))] = rng.choice(["never", "always", "ten"])
        kinds["misquote"].append((" ".join(changed), "", canonical_id))
        kinds["named"].append((text, speaker, canonical_id))
        unsaid = words.sentence(random.Random(10_000 + i), pool, 18)
        kinds["unsaid"].append((unsaid, "", 0))
        other = rows[(n + i) % len(rows)][0].split()  # another claim, second half
        spliced = split[: len(split) // 2] + other[len(other) // 2 :]
        kinds["spliced"].append((" ".join(spliced), "", 0))
    return kinds


def _bases() -> np.ndarray:
    """Real vectors of BASES generated sentences (bench/corpus.py's chain), the
    points synthetic vectors are made around; kept under VAR_DIR, since the
    model takes minutes to make them on a loaded machine."""
    from django.conf import settings

    from attribution import embeddings

    kept = Path(settings.VAR_DIR) / f"bench-quote-check-bases-{BASES}.npy"
    if kept.exists():
        return np.load(kept)
    words, pool, rng = corpus.chain(), corpus.names(), random.Random(17)
    texts = [words.sentence(rng, pool, rng.randint(8, 30)) for _ in range(BASES)]
    bases = np.concatenate(
        [embeddings.embed(texts[i : i + 32]) for i in range(0, len(texts), 32)]
    )
    np.save(kept, bases)
    return bases


_CHUNK = 50_000


def _synthetic(start: int, size: int, bases: np.ndarray) -> np.ndarray:
    """The synthetic vectors of claim ids start .. start + size - 1 (start a
    multiple of _CHUNK, size at most _CHUNK): a base moved by Gaussian noise (a
    cosine of about 0.7 to it), the same for an id in every run."""
    from attribution import embeddings

    rng = np.random.default_rng([17, start])
    noise = rng.normal(0, 0.05, (_CHUNK, embeddings.DIMENSIONS))
    moved = bases[rng.integers(0, len(bases), _CHUNK)] + noise
    moved /= np.linalg.norm(moved, axis=1, keepdims=True)
    return moved[:size].astype(np.float32)


SYNTHETIC_AT = "2026-01-01T00:00:00+00:00"  # embedded_at of synthetic vectors


def _synthetic_vectors(quotes: dict[str, list[tuple[str, str, int]]]) -> None:
    """Vectors for a store too large to embed here (25 ms a claim: 1,000,000
    claims would take seven hours): each claim without one gets a real vector of
    one of BASES generated sentences, moved by Gaussian noise (_synthetic), so
    that the store is as crowded around real sentences as an embedded one; the
    claims the quotes come from get their real vectors. Latency is measured on
    these; what is right is measured on real vectors (--embed on a store the
    model can embed). Synthetic vectors are stamped SYNTHETIC_AT, so that an
    index built ahead from the same vectors (--index-ahead) need not read them."""
    from django.db import connection
    from django.utils import timezone

    from attribution import embeddings
    from attribution.models import Claim

    started = time.perf_counter()
    missing = set(
        Claim.objects.filter(embedding__isnull=True).values_list("pk", flat=True)
    )
    bases = _bases() if missing else np.zeros((0, embeddings.DIMENSIONS))
    with connection.cursor() as cursor:
        # The text indexes are dropped while every row is rewritten, and made
        # again after: maintaining them row by row costs ten times the rewrite.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename = 'attribution_claim' AND indexdef LIKE '%%USING gin%%'"
        )
        text_indexes = cursor.fetchall() if missing else []
        for name, _ in text_indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("CREATE TEMP TABLE synthetic (id bigint, v bytea)")
        top = max(missing, default=-1)
        for start in range(0, top + 1, _CHUNK):
            vectors = _synthetic(start, _CHUNK, bases)
            with cursor.copy("COPY synthetic (id, v) FROM STDIN") as copy:
                for pk in range(max(start, 1), start + _CHUNK):
                    if pk in missing:
                        copy.write_row((pk, embeddings.to_bytes(vectors[pk - start])))
        cursor.execute(
            "UPDATE attribution_claim c SET embedding = s.v, embedded_at = %s"
            " FROM synthetic s WHERE s.id = c.id",
            [SYNTHETIC_AT],
        )
        cursor.execute("DROP TABLE synthetic")
        for _, definition in text_indexes:
            cursor.execute(definition)
        if missing:
            cursor.execute("VACUUM ANALYZE attribution_claim")
    sources = {pk for rows in quotes.values() for _, _, pk in rows if pk}
    real = list(Claim.objects.filter(canonical_id__in=sources).only("pk", "text"))
    vectors = embeddings.embed([c.text for c in real])
    now = timezone.now()
    for claim, vector in zip(real, vectors, strict=True):
        claim.embedding, claim.embedded_at = embeddings.to_bytes(vector), now
    Claim.objects.bulk_update(real, ["embedding", "embedded_at"], batch_size=500)
    print(
        f"synthetic vectors for {len(missing):,} claims around {len(bases):,} real"
        f" ones, real ones for {len(real)} quoted claims,"
        f" {time.perf_counter() - started:.0f} s"
    )


def index_ahead(size: int, database: str, effort: int = 0) -> None:
    """Build and save the vector index of claim ids 1 .. size from their
    synthetic vectors (_synthetic) without reading the store, so that it can be
    built while the store fills; current to SYNTHETIC_AT, so that a process
    loading it catches up on the real vectors only. vector_index's parameters,
    unless `effort` names another ef_construction (a quicker, coarser graph)."""
    from datetime import datetime

    import hnswlib

    from attribution import embeddings, vector_index

    bases = _bases()
    started = time.perf_counter()
    graph = vector_index._graph(size)
    if effort:
        graph = hnswlib.Index(space=vector_index.SPACE, dim=embeddings.DIMENSIONS)
        graph.init_index(max_elements=size, ef_construction=effort, M=vector_index.M)
    for start in range(0, size + 1, _CHUNK):
        vectors = _synthetic(start, _CHUNK, bases)
        ids = np.arange(max(start, 1), min(start + _CHUNK, size + 1))
        graph.add_items(vectors[ids - start], ids.astype(np.uint64), num_threads=-1)
        print(f"  {ids[-1]:,} vectors", end="\r", flush=True)
    # Current to past SYNTHETIC_AT by more than the catch-up's slack.
    current_to = datetime.fromisoformat(SYNTHETIC_AT) + 2 * vector_index.SLACK
    index = vector_index._Index(graph, database, current_to)
    vector_index.save(index)
    print(f"index of {size:,} built ahead in {time.perf_counter() - started:.0f} s")


def _index(rebuild: bool) -> None:
    """The store-wide index loaded from its saved file (as a web process starts)
    and caught up, timed; built and saved first (manage.py index_claims) when
    none is saved for this database or `rebuild` asks."""
    from attribution import vector_index

    vector_index.forget()
    if rebuild or vector_index._loaded() is None:
        started = time.perf_counter()
        size = vector_index.rebuild()
        print(f"vector index: {size:,} vectors built and saved in", end=" ")
        print(f"{time.perf_counter() - started:.0f} s")
        vector_index.forget()
    started = time.perf_counter()
    assert vector_index._loaded() is not None
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    size = len(vector_index.nearest(np.zeros(384, dtype=np.float32), 1)) and (
        vector_index._index.graph.get_current_count()  # type: ignore[union-attr]
    )
    print(
        f"vector index: {size:,} vectors, loaded in {loaded:.1f} s,"
        f" caught up in {time.perf_counter() - started:.1f} s"
    )


def index_scale(size: int, queries: int) -> None:
    """The index alone at `size` vectors, no database: made as _synthetic_vectors
    makes them, around real vectors of generated sentences; timed to build, and
    to answer a query (vector_index's parameters), with its recall of the exact
    ten nearest (numpy's matrix product) for quotes near stored vectors."""
    import hnswlib

    from attribution import embeddings, vector_index

    rng = np.random.default_rng(17)
    words, pool, texts_rng = corpus.chain(), corpus.names(), random.Random(17)
    texts = [words.sentence(texts_rng, pool, 18) for _ in range(BASES)]
    bases = np.concatenate(
        [embeddings.embed(texts[i : i + 32]) for i in range(0, len(texts), 32)]
    )
    stored = np.empty((size, embeddings.DIMENSIONS), dtype=np.float32)
    for start in range(0, size, 100_000):
        n = min(100_000, size - start)
        moved = bases[rng.integers(0, len(bases), n)] + rng.normal(
            0, 0.05, (n, embeddings.DIMENSIONS)
        )
        stored[start : start + n] = moved / np.linalg.norm(moved, axis=1)[:, None]
    graph = hnswlib.Index(space=vector_index.SPACE, dim=embeddings.DIMENSIONS)
    graph.init_index(
        max_elements=size,
        ef_construction=vector_index.EF_CONSTRUCTION,
        M=vector_index.M,
    )
    started = time.perf_counter()
    graph.add_items(stored, np.arange(size), num_threads=-1)
    built = time.perf_counter() - started
    graph.set_ef(vector_index.EF_SEARCH)
    picked = rng.integers(0, size, queries)
    asked = stored[picked] + rng.normal(0, 0.03, (queries, embeddings.DIMENSIONS))
    asked = (asked / np.linalg.norm(asked, axis=1)[:, None]).astype(np.float32)
    timings, hits = [], 0
    for vector in asked:
        started = time.perf_counter()
        labels, _ = graph.knn_query(vector, k=50, num_threads=1)
        timings.append((time.perf_counter() - started) * 1000)
        exact = np.argpartition(-(stored @ vector), 10)[:10]
        hits += len(set(exact) & set(labels[0].tolist()))
    print(
        f"index alone, {size:,} synthetic vectors: built in {built:.0f} s"
        f" ({os.cpu_count()} threads); a query of 50: p50 {_p(timings, 50):.2f} ms,"
        f" p95 {_p(timings, 95):.2f} ms, max {max(timings):.2f} ms;"
        f" recall of the exact 10 nearest {hits / (10 * queries):.3f}"
    )


def _before_and_after(revision: str) -> int:
    """This bench with REV's attribution/ (its quote check), then with this
    tree's, on the same store and the same saved vector index, in one run."""
    import tempfile

    from bench_database import baseline_unpack, run_before_and_after

    os.environ.setdefault("VAR_DIR", str(ROOT / "var"))  # both load one index
    keep = ["bench/quote_check.py", "bench/bench_database.py", "bench/corpus.py"]
    argv = [a for a in sys.argv[1:] if a not in ("--baseline", revision)]
    with tempfile.TemporaryDirectory(prefix="bench-quote-check-base-") as base:
        baseline_unpack(revision, base, ["attribution", "bench"], keep)
        return run_before_and_after(revision, base, "bench/quote_check.py", argv)


# Where the time goes: (module, function, phase). A phase's time excludes the
# phases timed inside it; what no phase holds is the view and its serializers.
PHASES = [
    ("embeddings", "embed", "embed"),
    ("vector_index", "nearest", "index search"),
    ("vector_index", "_catch_up", "index catch-up"),
    ("quote_check", "_nearest_in_meaning", "speaker vectors"),
    ("quote_check", "_by_words", "lexemes"),
    ("quote_check", "_candidates", "candidates"),
    ("quote_check", "_scores", "score"),
    ("quote_check", "_report", "diffs"),
    ("quote_check", "_details", "details"),
]


class _Phases:
    """Times the functions of PHASES (those the code under test has) per quote."""

    def __init__(self) -> None:
        import importlib

        self.spent: dict[str, list[float]] = {}
        self.now: dict[str, float] = {}
        self.inside: list[float] = []  # time of timed calls within the current one
        for module_name, name, phase in PHASES:
            module = importlib.import_module(f"attribution.{module_name}")
            if hasattr(module, name):
                setattr(module, name, self._timed(getattr(module, name), phase))

    def _timed(self, function, phase: str):
        def timed(*args, **kwargs):
            self.inside.append(0.0)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                took = time.perf_counter() - started
                nested = self.inside.pop()
                self.now[phase] = self.now.get(phase, 0.0) + took - nested
                if self.inside:
                    self.inside[-1] += took

        return timed

    def quote_done(self, total: float) -> None:
        self.now["view and serializers"] = total - sum(self.now.values())
        for phase, took in self.now.items():
            self.spent.setdefault(phase, []).append(took * 1000)
        self.now = {}

    def print(self, count: int) -> None:
        print(f"where the check's time goes, {count} quotes (ms per quote):")
        print(f"  {'phase':<22} {'p50':>7} {'p95':>7} {'max':>7} {'mean':>7}")
        for phase, spent in sorted(self.spent.items(), key=lambda p: -sum(p[1])):
            spent += [0.0] * (count - len(spent))
            print(
                f"  {phase:<22} {_p(spent, 50):>7.1f} {_p(spent, 95):>7.1f}"
                f" {max(spent):>7.1f} {statistics.fmean(spent):>7.1f}"
            )


def _run(quotes: dict[str, list[tuple[str, str, int]]], profile: bool) -> None:
    from django.test import Client, RequestFactory

    from attribution import quote_check
    from attribution.api.quote_check import QuoteCheckSerializer
    from attribution.models import Claim

    client = Client()
    context = {"request": RequestFactory().post("/api/v1/quote-check/")}

    def old(quote: str, speaker: str) -> dict:
        check = quote_check.quote_check(quote=quote, speaker=speaker, by_meaning=False)
        return dict(QuoteCheckSerializer(check, context=context).data)

    def new(quote: str, speaker: str) -> dict:
        body = {"quote": quote, "speaker": speaker}
        response = client.post(
            "/api/v1/quote-check/", body, content_type="application/json"
        )
        assert response.status_code == 200, response.content[:300]
        return response.json()

    def right(answer: dict, canonical_id: int) -> tuple[int, int]:
        """(right, shown): the quote's statement first among the matches (for a
        made-up quote, no match); or else first among the nearest, with the
        check that keeps it apart (a misquote's "never" is another negation)."""
        matches, nearest = answer["matches"], answer["nearest"]
        if canonical_id == 0:
            return int(not matches), int(not matches)
        if matches and matches[0]["statement"]["id"] == canonical_id:
            return 1, 1
        shown = (
            not matches
            and bool(nearest)
            and nearest[0]["statement"]["id"] == canonical_id
            and bool(nearest[0].get("reason"))
        )
        return 0, int(shown)

    for quote, speaker, _ in quotes["exact"][:3]:  # warm the caches and the pool
        old(quote, speaker)
        new(quote, speaker)
    phases = _Phases() if profile else None
    print(
        f"{'kind':<10} {'words p50':>10} {'p95 ms':>7} | {'check p50':>10}"
        f" {'p95 ms':>7} {'max':>7} | {'p95 ratio':>9} | right: words  check"
        " (+ near, with the reason)"
    )
    everything_old: list[float] = []
    everything_new: list[float] = []
    for kind, rows in quotes.items():
        before, after, right_old, right_new, shown = [], [], 0, 0, 0
        for quote, speaker, canonical_id in rows:
            started = time.perf_counter()
            right_old += right(old(quote, speaker), canonical_id)[0]
            before.append((time.perf_counter() - started) * 1000)
            if phases is not None:
                phases.now = {}  # the words-only call's phases are not the check's
            started = time.perf_counter()
            answer = new(quote, speaker)
            after.append((time.perf_counter() - started) * 1000)
            if phases is not None:
                phases.quote_done(after[-1] / 1000)
            found = right(answer, canonical_id)
            right_new += found[0]
            shown += found[1]
        everything_old += before
        everything_new += after
        print(
            _line(kind, before, after)
            + f" | {right_old:>5}/{len(rows)} {right_new:>4}/{len(rows)}"
            + f" ({shown}/{len(rows)})",
            flush=True,
        )
    print(_line("all", everything_old, everything_new))
    if phases is not None:
        phases.print(len(everything_new))
    print(
        f"(claims in the store: {Claim.objects.count():,}, with a vector: "
        f"{Claim.objects.filter(embedding__isnull=False).count():,})"
    )


def _p(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def _line(kind: str, before: list[float], after: list[float]) -> str:
    return (
        f"{kind:<10} {_p(before, 50):>10.1f} {_p(before, 95):>7.1f} |"
        f" {_p(after, 50):>10.1f} {_p(after, 95):>7.1f} {max(after):>7.1f} |"
        f" {_p(after, 95) / _p(before, 95):>8.2f}x"
    )


if __name__ == "__main__":
    main()
