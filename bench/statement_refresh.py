"""What refreshing a statement costs when it gains one report, as it grows.

For each size, makes a statement of that many direct reports (one speaker, one
article each, words cut at the end in turn so that the quotes differ) inside a
transaction that is rolled back at the end, then times services.canonicals_tidy
for it as the clustering calls it after a new report joined: first as a refresh
from every member (the baseline: how every changed statement was refreshed
before issue 19's incremental refresh, and still is after a report leaves), then
from its earliest stored reports and the new one. Prints the median of each and
their ratio; the incremental column should stay flat as the statement grows.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/attribution_bench \\
        .venv/bin/python bench/statement_refresh.py --sizes 10 100 1000
"""

import argparse
import functools
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_database import django_on_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUOTE = "We will keep the harbour open through the whole of the winter season"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    django_on_database(
        "postgres://postgres@127.0.0.1:5432/attribution_bench",
        ALLOWED_HOSTS="testserver",
    )
    from django.core.management import call_command
    from django.db import transaction

    from attribution.services import statements

    call_command("migrate", verbosity=0)
    print(f"{'reports':>8} {'all members ms':>15} {'incremental ms':>15} {'ratio':>7}")
    with transaction.atomic():
        for size in args.sizes:
            canonical, new = _statement(size, f"{size}-{os.getpid()}")
            every = functools.partial(statements.canonicals_tidy, [canonical.pk])
            gained = functools.partial(
                statements.canonicals_tidy, [], gained={canonical.pk: [new]}
            )
            full = _median_ms(every, args.repeat)
            incremental = _median_ms(gained, args.repeat)
            print(
                f"{size:>8} {full:>15.2f} {incremental:>15.2f}"
                f" {full / incremental:>6.1f}x",
                flush=True,
            )
        transaction.set_rollback(True)


def _statement(size: int, tag: str):
    """A statement of `size` stored reports and one more that has just joined it
    (its article loaded, as the clustering holds it)."""
    from attribution import ingestion
    from attribution.models import Article, CanonicalClaim, Claim, Speaker

    speaker = Speaker.objects.create(name=f"Refresh {tag}", slug=f"refresh-{tag}")
    canonical = CanonicalClaim.objects.create(speaker=speaker, text=QUOTE)
    first = datetime(2020, 1, 1, tzinfo=UTC)
    bodies = [f"Refresh {tag}, {i}. {QUOTE} More." for i in range(size + 1)]
    articles = Article.objects.bulk_create(
        Article(
            title=f"Refresh {tag}, {i}",
            body=body,
            content_hash=ingestion.content_hash(body),
            published_at=first + timedelta(hours=i),
            status=Article.Status.PARSED,
        )
        for i, body in enumerate(bodies)
    )
    words = QUOTE.split()
    texts = [" ".join(words[: len(words) - i % 3]) for i in range(size + 1)]
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            text=text,
            start=body.index(QUOTE),
            end=body.index(QUOTE) + len(text),
            kind=Claim.Kind.DIRECT,
            cue="said",
            speaker=speaker,
            canonical=canonical,
            confidence=0.9,
        )
        for article, body, text in zip(articles, bodies, texts, strict=True)
    )
    return canonical, Claim.objects.select_related("article").get(pk=claims[-1].pk)


def _median_ms(run, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


if __name__ == "__main__":
    main()
