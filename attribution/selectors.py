"""Reads shared by the API, the browse UI and the admin.

Every list fetches what its serializer or template touches, so a page of results
costs the same few queries whatever its length.
"""

from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from attribution.models import (
    Article,
    Claim,
    ClaimFlag,
    ClaimRelation,
    ClaimVia,
    Outlet,
    Speaker,
    SpeakerChange,
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


# Browse UI ------------------------------------------------------------------------


def claim_get(*, claim_id: int) -> Claim:
    """One claim with what its page shows: attribution, flags and their authors."""
    return (
        claim_list()
        .prefetch_related(Prefetch("flags", queryset=flag_list()))
        .get(pk=claim_id)
    )


def claim_relations(claim: Claim) -> list[ClaimRelation]:
    """Links from and to the claim, newest first, with the other claim's speaker."""
    return list(
        ClaimRelation.objects.filter(Q(source=claim) | Q(target=claim))
        .select_related("created_by", "source__speaker", "target__speaker")
        .order_by("-created_at", "-id")
    )


def claim_history(claim: Claim) -> list[dict]:
    """The claim's recorded versions, oldest first, each with what it changed.

    Each item: record (with history_user), changes (field, old, new); the first
    version has no changes, being the claim as extracted.
    """
    records = list(
        claim.history.select_related("history_user").order_by("history_date", "pk")
    )
    items, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["version"])
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        items.append({"record": record, "changes": changes})
        previous = record
    return items


def claim_facets(claims: QuerySet[Claim], *, limit: int = 8) -> dict[str, list]:
    """The speakers and outlets (anywhere in the via) most common among `claims`."""
    ids = claims.order_by().values("pk")
    speakers = (
        Speaker.objects.filter(claims__in=ids)
        .annotate(n=Count("claims"))
        .order_by("-n", "name")[:limit]
    )
    outlets = (
        Outlet.objects.filter(claims_carried__in=ids)
        .annotate(n=Count("claims_carried"))
        .order_by("-n", "name")[:limit]
    )
    return {"speakers": list(speakers), "outlets": list(outlets)}


def article_get(*, article_id: int) -> Article:
    return Article.objects.select_related("publisher").get(pk=article_id)


def speaker_get(*, slug: str) -> Speaker:
    return Speaker.objects.select_related("outlet", "article").get(slug=slug)


def speaker_mentions(speaker: Speaker) -> list[dict]:
    """Each name the speaker's claims were stored under, with the articles and
    roles it came from, so that an editor sees a wrong merge at a glance.

    One query: [{"name", "articles": [{"id", "title", "roles", "claims"}]}],
    names by how many claims use them.
    """
    rows = (
        Claim.objects.filter(speaker=speaker)
        .values("speaker_name", "article_id", "article__title", "speaker_role")
        .annotate(claims=Count("id"))
        .order_by("speaker_name", "article_id", "speaker_role")
    )
    names: dict[str, dict[int, dict]] = {}
    for row in rows:
        articles = names.setdefault(row["speaker_name"] or speaker.name, {})
        entry = articles.setdefault(
            row["article_id"],
            {
                "id": row["article_id"],
                "title": row["article__title"],
                "roles": [],
                "claims": 0,
            },
        )
        entry["claims"] += row["claims"]
        if row["speaker_role"] and row["speaker_role"] not in entry["roles"]:
            entry["roles"].append(row["speaker_role"])
    mentions = [
        {"name": name, "articles": list(articles.values())}
        for name, articles in names.items()
    ]
    mentions.sort(key=lambda m: -sum(a["claims"] for a in m["articles"]))
    return mentions


def speaker_history(speaker: Speaker) -> QuerySet[SpeakerChange]:
    """Editors' changes to the speaker's identity, newest first."""
    return speaker.changes.select_related("created_by").order_by("-created_at", "-id")


def speaker_claims(speaker: Speaker) -> QuerySet[Claim]:
    """Everything the speaker said, newest article first."""
    return (
        claim_list()
        .filter(speaker=speaker)
        .order_by("-article__published_at", "-article_id", "start")
    )


def speaker_disputed_claims(speaker: Speaker) -> QuerySet[Claim]:
    """The speaker's claims that are contested or that another claim contradicts."""
    contradicts = ClaimRelation.Kind.CONTRADICTS
    disputed = ClaimRelation.objects.filter(kind=contradicts)
    return (
        claim_list()
        .filter(speaker=speaker)
        .filter(
            Q(contested=True)
            | Q(pk__in=disputed.values("source"))
            | Q(pk__in=disputed.values("target"))
        )
        .order_by("-id")
    )


def outlet_get(*, slug: str) -> Outlet:
    return Outlet.objects.get(slug=slug)


def outlet_claims(outlet: Outlet) -> QuerySet[Claim]:
    """Every claim quoted via the outlet, at any depth of the chain, newest first."""
    return claim_list().filter(via_links__outlet=outlet).order_by("-created_at", "-id")


def review_queue_next(*, article_id: int | None = None) -> Claim | None:
    """The next unreviewed claim: oldest article first, then in reading order."""
    claims = claim_list().unreviewed()
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    return claims.order_by("article__created_at", "article_id", "start").first()


def review_progress(*, article_id: int | None = None) -> dict[str, int]:
    """How many claims are reviewed, of how many (in one article when given)."""
    claims = Claim.objects.all()
    if article_id is not None:
        claims = claims.filter(article_id=article_id)
    return claims.aggregate(
        total=Count("pk"),
        reviewed=Count("pk", filter=~Q(review_status=Claim.ReviewStatus.UNREVIEWED)),
    )
