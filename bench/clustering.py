"""Claim clustering: precision and recall on a labelled set, and assignment time.

1. Replays bench/clustering/claims.jsonl in publication order through the same rule the
   worker uses (join the same speaker's most similar cluster when the similarity of
   any member reaches the threshold, else start a cluster), for a sweep of thresholds,
   and prints pairwise precision, recall and F1, plus how many same-speaker pairs of
   different statements were wrongly joined.
2. With --database, times services.claim_cluster for new claims in a PostgreSQL
   database holding --claims claims (bench/api.py's generator fills it).

    .venv/bin/python bench/clustering.py
    .venv/bin/python bench/clustering.py --database --claims 100000
"""

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution import clustering, services  # noqa: E402

LABELLED = ROOT / "bench" / "clustering" / "claims.jsonl"


def replay(claims: list[dict], threshold: float) -> dict[str, int]:
    """Cluster ids assigned incrementally, the way the worker assigns them."""
    clusters: dict[str, list[list[str]]] = defaultdict(list)  # speaker -> members
    assigned: dict[str, int] = {}
    for claim in sorted(claims, key=lambda c: c["published_at"]):
        mine = clusters[claim["speaker"]]
        best, best_score = None, threshold
        for index, members in enumerate(mine):
            score = max(clustering.similarity(claim["text"], m) for m in members)
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            mine.append([claim["text"]])
            best = len(mine) - 1
        else:
            mine[best].append(claim["text"])
        assigned[claim["id"]] = hash((claim["speaker"], best))
    return assigned


def pairwise(claims: list[dict], assigned: dict[str, int]) -> tuple[float, ...]:
    tp = fp = fn = hard_fp = hard = 0
    for a, b in itertools.combinations(claims, 2):
        gold = a["cluster"] == b["cluster"]
        got = assigned[a["id"]] == assigned[b["id"]]
        tp += gold and got
        fp += got and not gold
        fn += gold and not got
        if a["speaker"] == b["speaker"] and not gold:
            hard += 1
            hard_fp += got
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, hard_fp, hard


def labelled_report() -> None:
    claims = [json.loads(line) for line in LABELLED.read_text().splitlines() if line]
    clusters = len({c["cluster"] for c in claims})
    print(f"labelled set: {len(claims)} claims, {clusters} clusters")
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>6}  same-speaker FP")
    for threshold in range(60, 100, 5):
        p, r, f1, hard_fp, hard = pairwise(claims, replay(claims, threshold))
        mark = "  <- in use" if threshold == clustering.SAME_STATEMENT else ""
        print(f"{threshold:>9} {p:>9.3f} {r:>7.3f} {f1:>6.3f}  {hard_fp}/{hard}{mark}")


def database_report(claims: int, samples: int) -> None:
    os.environ.setdefault(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/attribution_bench"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "attribution.settings"
    import django

    django.setup()
    from django.core.management import call_command

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="store_true")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    labelled_report()
    if args.database:
        database_report(args.claims, args.samples)


if __name__ == "__main__":
    main()
