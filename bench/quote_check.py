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
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import corpus
from bench_database import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    args = parser.parse_args()
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
    _run(quotes)


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


def _run(quotes: dict[str, list[tuple[str, str, int]]]) -> None:
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
            started = time.perf_counter()
            found = right(new(quote, speaker), canonical_id)
            after.append((time.perf_counter() - started) * 1000)
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
