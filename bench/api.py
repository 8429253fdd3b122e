"""Throughput and latency of the claim list and search, against bare SQL.

Fills a PostgreSQL database with generated claims (once), then times each API request
in-process through the whole Django stack (middleware, DRF, serialisation), and times
the very SQL statements that request ran, replayed through psycopg. Prints requests per
second, p50 and p99 of both, and their ratios.

Each list is timed twice: first as the claim list answered before the lean rows
(the filterset on every request, ClaimSerializer per claim, DRF's JSON renderer:
put back in this process for the line marked "before"), then as it is now; the
last column is the old p50 over the new.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/attribution_bench \\
        .venv/bin/python bench/api.py --claims 100000 --requests 300
"""

import argparse
import random
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench_database import django_on_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "minister",
    "harbour",
    "strike",
    "union",
    "wages",
    "court",
    "jury",
    "fraud",
    "pension",
    "breach",
    "data",
    "flood",
    "road",
    "bridge",
    "council",
    "election",
    "recount",
    "mine",
    "dam",
    "river",
    "police",
    "border",
    "asylum",
    "army",
    "contract",
    "deal",
    "shares",
    "market",
    "talks",
    "drought",
    "water",
    "aid",
    "relief",
    "storm",
    "village",
    "fire",
]
VERBS = [
    "said",
    "warned",
    "claimed",
    "denied",
    "confirmed",
    "insisted",
    "admitted",
    "argued",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    url = django_on_database(
        "postgres://postgres@127.0.0.1:5432/attribution_bench",
        ALLOWED_HOSTS="testserver",
    )
    from django.core.management import call_command
    from rest_framework.throttling import AnonRateThrottle

    # Time the stack, not the rate limiter.
    AnonRateThrottle.THROTTLE_RATES.update(anon=None, user=None)

    call_command("migrate", verbosity=0)
    _fill(args.claims)

    print(f"claims in the database: {_count():,}; {args.requests} requests each")
    print(
        f"{'query':<23} {'API rps':>9} {'p50 ms':>8} {'p99 ms':>8} | "
        f"{'SQL rps':>9} {'p50 ms':>8} {'p99 ms':>8} | {'p50 ratio':>9}"
        f" | {'old/new':>7}"
    )
    from attribution.models import Article

    article = Article.objects.order_by("pk").values_list("pk", flat=True).first()
    for name, path in [
        ("claim list", "/api/v1/claims/?page_size=50"),
        ("search", "/api/v1/claims/?q=harbour%20strike&page_size=50"),
        ("filtered list", "/api/v1/claims/?kind=direct&outlet=reuters&page_size=50"),
        ("article page", f"/articles/{article}/"),
    ]:
        with _serializer_list(), _template_article_page():
            api, sql = _measure(path, args.requests, url)
        before = _pct(api, 50)
        ratio = before / _pct(sql, 50)
        print(
            f"{name + ' (before)':<23} {_figures(api)} | {_figures(sql)}"
            f" | {ratio:>8.1f}x |"
        )
        api, sql = _measure(path, args.requests, url)
        ratio = _pct(api, 50) / _pct(sql, 50)
        print(
            f"{name:<23} {_figures(api)} | {_figures(sql)} | {ratio:>8.1f}x"
            f" | {before / _pct(api, 50):>6.1f}x",
            flush=True,
        )


@contextmanager
def _serializer_list():
    """The claim list as it was answered before api/rows.py: DRF's list through
    ClaimSerializer, the filterset on every request, DRF's JSON renderer."""
    from rest_framework import generics, mixins
    from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

    from attribution.api.views import ClaimViewSet

    saved = {
        name: ClaimViewSet.__dict__[name]
        for name in ("list", "filter_queryset", "renderer_classes")
    }
    ClaimViewSet.list = mixins.ListModelMixin.list
    ClaimViewSet.filter_queryset = generics.GenericAPIView.filter_queryset
    ClaimViewSet.renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(ClaimViewSet, name, value)


@contextmanager
def _template_article_page():
    """The article page as it was rendered before the view built its marked text
    and labels: every claim through template lookups and {% url %}, with the
    template of then (kept as tests/web/article_detail_before.html)."""
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import get_resolver

    from attribution import selectors
    from attribution.models import Article
    from attribution.roles import Role, has_role
    from attribution.web import rendering

    before = engines["django"].from_string(
        (ROOT / "tests" / "web" / "article_detail_before.html").read_text()
    )

    def article_detail(request, pk: int):
        article = selectors.article_get(article_id=pk)
        claims = list(selectors.article_claims(article))
        legend = rendering.paint_by_outlet(claims)
        context = {
            "article": article,
            "claims": claims,
            "pieces": rendering.article_pieces(article.body, claims),
            "legend": legend,
            "by_speaker": rendering.group_by_speaker(claims),
            "working": article.status
            in (Article.Status.PENDING, Article.Status.PARSING),
            "can_edit": has_role(request.user, Role.EDITOR),
            "history": selectors.article_history(article),
            "counterparts": selectors.article_counterparts(article),
        }
        return HttpResponse(before.render(context, request))

    pattern = _url_pattern(get_resolver(), "article-detail", "web")
    saved = pattern.callback
    pattern.callback = article_detail
    try:
        yield
    finally:
        pattern.callback = saved


def _url_pattern(resolver, name: str, namespace: str):
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == namespace:
            for pattern in entry.url_patterns:
                if getattr(pattern, "name", None) == name:
                    return pattern
    raise LookupError(f"{namespace}:{name}")


def _count() -> int:
    from attribution.models import Claim

    return Claim.objects.count()


def _fill(target: int) -> None:
    """Generated articles, speakers, outlets and claims up to `target` claims."""
    from attribution import ingestion
    from attribution.models import Article, Claim, ClaimVia, Outlet, Speaker

    have = _count()
    if have >= target:
        return
    rng = random.Random(have)
    started = time.perf_counter()
    outlets = [
        Outlet.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [
            ("reuters", "Reuters"),
            ("bbc", "BBC"),
            ("cnn", "CNN"),
            ("afp", "AFP"),
            ("the-guardian", "The Guardian"),
        ]
    ]
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Speaker {have}-{i}", slug=f"speaker-{have}-{i}")
        for i in range(500)
    )
    per_article = 20
    while have < target:
        batch = min(5_000, target - have)
        articles, claims = [], []
        for a in range(batch // per_article or 1):
            sentences = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
                for _ in range(per_article)
            ]
            body = " ".join(
                f"{s}, the official {rng.choice(VERBS)}." for s in sentences
            )
            body = f"Bench article {have}-{a}. {body}"
            articles.append(
                Article(
                    title=f"Bench article {have}-{a}",
                    body=body,
                    content_hash=ingestion.content_hash(body),
                    status=Article.Status.PARSED,
                )
            )
        Article.objects.bulk_create(articles)
        for article in articles:
            offset = 0
            for sentence in article.body.split(". ")[1 : per_article + 1]:
                start = article.body.index(sentence, offset)
                text = sentence.split(",")[0]
                claims.append(
                    Claim(
                        article=article,
                        text=text,
                        start=start,
                        end=start + len(text),
                        kind=rng.choice(["direct", "indirect", "mixed"]),
                        cue="said",
                        speaker=rng.choice(speakers),
                        confidence=round(rng.uniform(0.5, 1), 2),
                    )
                )
                offset = start + len(text)
        Claim.objects.bulk_create(claims)
        ClaimVia.objects.bulk_create(
            ClaimVia(claim=claim, outlet=rng.choice(outlets), position=0)
            for claim in claims
            if rng.random() < 0.6
        )
        have += len(claims)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated claims up to {have:,} in {time.perf_counter() - started:.0f} s")


def _measure(path: str, n: int, url: str) -> tuple[list[float], list[float]]:
    """Per-request seconds through the API, and for its SQL replayed via psycopg."""
    import psycopg
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    statements = [q["sql"] for q in captured.captured_queries]

    for _ in range(20):
        client.get(path)
    api = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(path)
        api.append(time.perf_counter() - started)

    sql = []
    with psycopg.connect(url) as conn:
        for _ in range(20):
            for statement in statements:
                conn.execute(statement).fetchall()
        for _ in range(n):
            started = time.perf_counter()
            for statement in statements:
                conn.execute(statement).fetchall()
            sql.append(time.perf_counter() - started)
    return api, sql


def _pct(samples: list[float], p: int) -> float:
    return (
        statistics.quantiles(samples, n=100)[p - 1] * 1000
        if p != 50
        else (statistics.median(samples) * 1000)
    )


def _figures(samples: list[float]) -> str:
    return f"{_rps(samples):>9.1f} {_pct(samples, 50):>8.2f} {_pct(samples, 99):>8.2f}"


def _rps(samples: list[float]) -> float:
    return len(samples) / sum(samples)


if __name__ == "__main__":
    main()
