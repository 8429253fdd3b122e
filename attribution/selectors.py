"""Reads shared by the API, the browse UI and the admin.

Every list fetches what its serializer or template touches, so a page of results
costs the same few queries whatever its length.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from attribution import clustering
from attribution.models import (
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimQuerySet,
    ClaimRelation,
    ClaimVia,
    Outlet,
    Speaker,
)


def claim_list() -> ClaimQuerySet:
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
        .contested()
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
        changes: list[tuple[str, object, object]] = []
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
    return Speaker.objects.select_related("outlet").get(slug=slug)


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


# Canonical claims: how a claim travelled and how its words drifted -----------------
#
# These work on a canonical claim's members, which canonical_members fetches in one
# query per relation.

QUOTED = (Claim.Kind.DIRECT, Claim.Kind.MIXED)


def reported_at(claim: Claim) -> datetime:
    """When the claim's article appeared: its publication date, else its ingestion."""
    return claim.article.published_at or claim.article.created_at


def canonical_list() -> QuerySet[CanonicalClaim]:
    """Canonical claims with their speaker, report counts and contested state."""
    return CanonicalClaim.objects.select_related("speaker").annotate(
        report_count=Count("members", distinct=True),
        article_count=Count("members__article", distinct=True),
        contested=Exists(Claim.objects.filter(canonical=OuterRef("pk")).contested()),
    )


def canonical_members(canonical: CanonicalClaim) -> list[Claim]:
    """The reports in order of appearance, earliest first, with their attribution."""
    members = canonical.members.select_related(
        "article__publisher", "speaker", "reviewed_by"
    ).prefetch_related(
        Prefetch("via_links", queryset=ClaimVia.objects.select_related("outlet"))
    )
    return sorted(members, key=lambda c: (reported_at(c), c.article_id, c.start))


@dataclass(frozen=True)
class Drift:
    """How one direct report's words differ from the earliest direct report's."""

    claim: Claim
    reference: Claim
    drift: float
    diff: list[clustering.DiffPart]


def canonical_drift(members: Iterable[Claim]) -> list[Drift]:
    """Each quoted report after the first, against the first (members in order)."""
    quoted = [c for c in members if c.kind in QUOTED]
    if not quoted:
        return []
    reference = quoted[0]
    return [
        Drift(
            claim=claim,
            reference=reference,
            drift=clustering.drift(reference.text, claim.text),
            diff=clustering.word_diff(reference.text, claim.text),
        )
        for claim in quoted[1:]
    ]


@dataclass(frozen=True)
class Citation:
    """One hop of a statement's journey: `cited` passed it on, `by` carried it."""

    cited: str
    by: str
    articles: int


def canonical_citations(members: Iterable[Claim]) -> list[Citation]:
    """Who cited whom: speaker to innermost outlet, outward to each publisher.

    Counts how many articles made each hop, most travelled first.
    """
    hops: dict[tuple[str, str], set[int]] = {}
    for claim in members:
        chain = [claim.speaker.name]  # type: ignore[union-attr]
        chain += [o.name for o in reversed(claim.via_chain)]
        publisher = claim.article.publisher
        if publisher is not None and publisher.name != chain[-1]:
            chain.append(publisher.name)
        for cited, by in zip(chain, chain[1:], strict=False):
            hops.setdefault((cited, by), set()).add(claim.article_id)
    return sorted(
        (Citation(cited, by, len(ids)) for (cited, by), ids in hops.items()),
        key=lambda c: (-c.articles, c.cited, c.by),
    )


def speaker_dossier(speaker: Speaker) -> list[dict]:
    """A speaker's canonical claims, each with the outlets that carried it and
    whether it is contested or contradicted by another speaker's claim."""
    contradicted = ClaimRelation.objects.filter(
        Q(source__canonical=OuterRef("pk")) | Q(target__canonical=OuterRef("pk")),
        kind=ClaimRelation.Kind.CONTRADICTS,
    )
    canonicals = (
        canonical_list()
        .filter(speaker=speaker)
        .annotate(contradicted=Exists(contradicted))
        .order_by("-first_reported_at", "-id")
    )
    carried: dict[int, set[int]] = {}
    links = (
        ClaimVia.objects.filter(claim__canonical__speaker=speaker)
        .values_list("claim__canonical_id", "outlet_id")
        .distinct()
    )
    for canonical_id, outlet_id in links:
        carried.setdefault(canonical_id, set()).add(outlet_id)
    publishers = (
        Claim.objects.filter(canonical__speaker=speaker)
        .exclude(article__publisher=None)
        .values_list("canonical_id", "article__publisher_id")
        .distinct()
    )
    for canonical_id, outlet_id in publishers:
        carried.setdefault(canonical_id, set()).add(outlet_id)
    outlets = Outlet.objects.in_bulk({i for ids in carried.values() for i in ids})
    return [
        {
            "canonical": canonical,
            "outlets": sorted(
                (outlets[i] for i in carried.get(canonical.pk, ())),
                key=lambda o: o.name,
            ),
        }
        for canonical in canonicals
    ]
