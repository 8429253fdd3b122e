"""The searches bench/load.py times, and the SQL search ran before migration 0013.

Each search is timed through the API and as the web page; its baseline is the SQL
one request of the same page ran before (every match's text parsed again and
ranked; the web page's count and facets over every match; a quote found by a
substring scan), built here with the ORM and replayed by load.py through psycopg.
"""

from __future__ import annotations

import urllib.parse

import corpus

OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS attribution_claim_text_fts ON attribution_claim"
    " USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))"
)
COMMON, PHRASE, QUOTED = "said", "chief executive", '"last year"'


def endpoints() -> list[tuple[str, str, list[str]]]:
    """(name, path, baseline statements) for each search, API then web page."""
    from django.db import connection

    with connection.cursor() as cursor:  # the index the old query shape used
        cursor.execute(OLD_INDEX)
    rare = _rare_word()
    rows = []
    for label, query in [
        ("rare word", rare),
        ("common word", COMMON),
        ("two words", PHRASE),
        ("quoted phrase", QUOTED),
    ]:
        q = urllib.parse.quote(query)
        rows.append(
            (f"{label} API", f"/api/v1/claims/?q={q}&page_size=50", _api(query))
        )
        rows.append((f"{label} web", f"/?q={q}", _web(query)))
    exact, typo = _fragment()
    q = urllib.parse.quote(typo)
    rows.append(
        ("quote typo API", f"/api/v1/claims/?quote={q}&page_size=50", _scan(exact))
    )
    rows.append(("quote typo web", f"/?quote={q}", _scan(exact, page=25)))
    print(f"rare word {rare!r}; quote {typo!r} (stored as {exact!r})")
    return rows


def _rare_word() -> str:
    """A made-up name in a few claims' words, and no speaker's or outlet's name."""
    from django.db import connection

    from attribution.models import Outlet, Speaker

    named = " ".join(Speaker.objects.values_list("name", flat=True))
    named += " ".join(Outlet.objects.values_list("name", flat=True))
    with connection.cursor() as cursor:
        for name in corpus.names()[1000::97]:
            if name in named:
                continue
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM attribution_claim WHERE"
                " search_document @@ plainto_tsquery('english', %s) LIMIT 30) t",
                [name],
            )
            if 1 <= cursor.fetchone()[0] < 30:
                return name
    return corpus.names()[0]


def _fragment() -> tuple[str, str]:
    """Seven words of a stored claim, and the same with a typo in the longest."""
    from attribution.models import Claim

    for text in Claim.objects.order_by("pk").values_list("text", flat=True)[:500]:
        words = text.split()
        if len(words) >= 12:
            exact = words[2:9]
            longest = max(range(7), key=lambda i: len(exact[i]))
            word = exact[longest]
            typo = list(exact)
            typo[longest] = word[:2] + word[3] + word[2] + word[4:]
            return " ".join(exact), " ".join(typo)
    raise SystemExit("no claim of 12 words to look up")


def _old_search(claims, query: str):
    """claim_search as it was: the text parsed per row, every match ranked."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    from attribution.models import ClaimVia, Outlet, Speaker

    vector = SearchVector("text", config="english")
    search = SearchQuery(query, search_type="websearch", config="english")
    named = SearchQuery(query, search_type="websearch", config="simple")
    names = SearchVector("name", Cast("aliases", TextField()), config="simple")
    match = Q(document=search)
    speakers = list(
        Speaker.objects.annotate(names=names).filter(names=named).values_list("pk")
    )
    if speakers:
        match |= Q(speaker_id__in=[pk for (pk,) in speakers])
    outlets = list(
        Outlet.objects.annotate(names=names).filter(names=named).values_list("pk")
    )
    if outlets:
        carried = ClaimVia.objects.filter(outlet_id__in=[pk for (pk,) in outlets])
        match |= Q(pk__in=carried.values("claim_id"))
    return (
        claims.annotate(document=vector, rank=SearchRank(vector, search))
        .filter(match)
        .order_by("-rank", "-id")
    )


def _captured(run) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries]


def _api(query: str) -> list[str]:
    from attribution import selectors

    return _captured(lambda: list(_old_search(selectors.claim_list(), query)[:51]))


def _web(query: str) -> list[str]:
    from django.db.models import Count

    from attribution import selectors
    from attribution.models import Outlet, Speaker

    def run() -> None:
        claims = selectors.claim_list().order_by("-created_at", "-id")
        found = _old_search(claims, query)
        found.count()
        list(found[:25])
        ids = found.order_by().values("pk")
        list(
            Speaker.objects.filter(claims__in=ids)
            .annotate(n=Count("claims"))
            .order_by("-n", "name")[:8]
        )
        list(
            Outlet.objects.filter(claims_carried__in=ids)
            .annotate(n=Count("claims_carried"))
            .order_by("-n", "name")[:8]
        )

    return _captured(run)


def _scan(fragment: str, page: int = 51) -> list[str]:
    """Finding a quote before: its exact words as a substring, every claim read."""
    from attribution import selectors

    return _captured(
        lambda: list(
            selectors.claim_list()
            .filter(text__icontains=fragment)
            .order_by("-id")[:page]
        )
    )
