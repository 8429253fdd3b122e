"""Reads shared by the API, the browse UI and the admin.

Every list fetches what its serializer or template touches, so a page of results
costs the same few queries whatever its length.
"""

from django.db import connection
from django.db.models import Count, Max, Prefetch, QuerySet

from attribution.models import (
    Article,
    Claim,
    ClaimFlag,
    ClaimRelation,
    ClaimVia,
    Outlet,
    Speaker,
)


def claim_list() -> QuerySet[Claim]:
    return Claim.objects.with_attribution().select_related("reviewed_by")


def claim_search(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Full-text search over claim text, best matches first.

    PostgreSQL matches English stems through a GIN index (migration 0003) and ranks
    with ts_rank; other databases fall back to matching every word as a substring,
    in the list's own order.
    """
    words = query.split()
    if not words:
        return claims
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("text", config="english")  # the indexed expression
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            claims.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-id")
        )
    for word in words:
        claims = claims.filter(text__icontains=word)
    return claims


def article_list() -> QuerySet[Article]:
    return Article.objects.select_related("publisher").annotate(
        claim_count=Count("claims")
    )


def article_claims(article: Article) -> QuerySet[Claim]:
    return claim_list().filter(article=article).order_by("start")


def speaker_list() -> QuerySet[Speaker]:
    return Speaker.objects.select_related("outlet").annotate(
        claim_count=Count("claims")
    )


def speaker_outlet_counts(speaker: Speaker) -> list[dict]:
    """How many of the speaker's claims came through each outermost outlet.

    Claims with no outlet are counted under outlet None.
    """
    rows = (
        ClaimVia.objects.filter(claim__speaker=speaker, position=0)
        .values("outlet__id", "outlet__name", "outlet__slug")
        .annotate(claims=Count("claim"))
        .order_by("-claims", "outlet__name")
    )
    counts = [
        {
            "outlet": {
                "id": r["outlet__id"],
                "name": r["outlet__name"],
                "slug": r["outlet__slug"],
            },
            "claims": r["claims"],
        }
        for r in rows
    ]
    direct = speaker.claims.filter(via_links__isnull=True).count()
    if direct:
        counts.append({"outlet": None, "claims": direct})
    return counts


def outlet_list() -> QuerySet[Outlet]:
    return Outlet.objects.annotate(claim_count=Count("claims_carried", distinct=True))


def outlet_speakers(outlet: Outlet) -> QuerySet[Speaker]:
    """Speakers quoted via the outlet, most claims first."""
    return (
        Speaker.objects.filter(claims__via_links__outlet=outlet)
        .annotate(claim_count=Count("claims", distinct=True))
        .order_by("-claim_count", "name")
    )


def flag_list() -> QuerySet[ClaimFlag]:
    return ClaimFlag.objects.select_related("created_by", "claim")


def relation_list() -> QuerySet[ClaimRelation]:
    return ClaimRelation.objects.select_related("created_by")


def contested_claims() -> QuerySet[Claim]:
    """Contested claims with their flags, newest flag first."""
    return (
        claim_list()
        .filter(contested=True)
        .prefetch_related(Prefetch("flags", queryset=flag_list()))
        .annotate(last_flagged=Max("flags__created_at"))
        .order_by("-last_flagged", "-id")
    )
