"""Quote check: p95 latency of POST /api/v1/quote-check/ on a large store.

Fills a PostgreSQL database with bench/corpus.py's generated claims (as
bench/load.py does), makes each claim a statement of its own (the worst case for
candidates: no claims share one), then asks the quote check, one request at a
time through Django's test client (the whole view, serializers included; no
HTTP server), about quotes drawn from the stored claims:

- exact: a claim's words; excerpt: seven of its words; misquote: a word of it
  changed; named: the exact words with the speaker's name; unsaid: a generated
  sentence no claim holds (the "no match" answer).

Today's way to answer "who said this" is the quote lookup of the claim list
(selectors.claim_lookup, `/?quote=`): its figure is printed first, in the same
run, on the same quotes, then the quote check's, with the ratio, and how often
the quote check put the claim's own statement first.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/attribution_load \\
        .venv/bin/python bench/quote_check.py --claims 1000000 --quotes 40

Measured 2026-12-02 on this machine (2 cores shared, load average about 4),
1,000,000 claims, 200 quotes: quote check p50 123 ms, p95 236 ms, max 482 ms
(the lookup, today's way: p50 106 ms, p95 2,347 ms; a quote nobody said costs
it 2-3 s, a full scan of the trigram index). The statement the quote came from
is first for 40/40 exact, 34/40 excerpt, 29/40 misquote, 40/40 named; 20/40
generated sentences nobody said still match a claim at similarity >= 80.
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
    return kinds


def _run(quotes: dict[str, list[tuple[str, str, int]]]) -> None:
    from django.test import Client

    from attribution import selectors
    from attribution.models import Claim

    client = Client()

    def old(quote: str, speaker: str) -> None:
        claims = selectors.claim_list()
        if speaker:
            claims = claims.filter(speaker__name=speaker)
        list(selectors.claim_lookup(claims, quote)[:25])

    def new(quote: str, speaker: str) -> dict:
        body = {"quote": quote, "speaker": speaker}
        response = client.post(
            "/api/v1/quote-check/", body, content_type="application/json"
        )
        assert response.status_code == 200, response.content[:300]
        return response.json()

    for quote, speaker, _ in quotes["exact"][:3]:  # warm the caches and the pool
        old(quote, speaker)
        new(quote, speaker)
    print(
        f"{'kind':<10} {'lookup p50':>10} {'p95 ms':>7} | {'check p50':>10}"
        f" {'p95 ms':>7} {'max':>7} | {'p95 ratio':>9} | found first"
    )
    everything_old: list[float] = []
    everything_new: list[float] = []
    for kind, rows in quotes.items():
        before, after, first = [], [], 0
        for quote, speaker, canonical_id in rows:
            started = time.perf_counter()
            old(quote, speaker)
            before.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            answer = new(quote, speaker)
            after.append((time.perf_counter() - started) * 1000)
            matches = answer["matches"]
            if canonical_id == 0:
                first += not matches  # nobody said it: no match is right
            elif matches and matches[0]["statement"]["id"] == canonical_id:
                first += 1
        everything_old += before
        everything_new += after
        print(_line(kind, before, after) + f" | {first}/{len(rows)}", flush=True)
    print(_line("all", everything_old, everything_new))
    print(f"(claims in the store: {Claim.objects.count():,})")


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
