"""Reads shared by the API, the browse UI and the admin.

Every list fetches what its serializer or template touches, so a page of results
costs the same few queries whatever its length.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.functions import Cast

from attribution import clustering
from attribution.models import (
    ApiToken,
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimQuerySet,
    ClaimRelation,
    ClaimVia,
    Outlet,
    Rating,
    Speaker,
    SpeakerChange,
)


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def claim_list() -> ClaimQuerySet:
    return Claim.objects.with_attribution().select_related("reviewed_by")


def claim_export() -> QuerySet[Claim]:
    """Claims with what the exports write: the article's publisher and the
    flags with their ratings, newest first."""
    return (
        claim_list()
        .select_related("article__publisher")
        .prefetch_related(
            Prefetch("flags", queryset=ClaimFlag.objects.order_by("-created_at", "-id"))
        )
    )


class SearchTerm(NamedTuple):
    words: str  # a word or a quoted phrase
    negated: bool


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def search_terms(query: str) -> list[list[SearchTerm]]:
    """Web search syntax read as PostgreSQL's websearch_to_tsquery reads it:
    groups joined by `or`, each a list of words or "quoted phrases" that must all
    match, `-word` for one that must not. For the fallback and the highlighting."""
    groups: list[list[SearchTerm]] = [[]]
    for match in _TOKEN.finditer(query):
        sign, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        negated = bool(sign) or (word is not None and word.startswith("-"))
        text = " ".join((phrase if word is None else word.lstrip("-")).split())
        if text:
            groups[-1].append(SearchTerm(text, negated))
    return [group for group in groups if group]


def claim_search(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Claims matching a web search query, best matches first.

    The query reads as a search engine's: "quoted phrases", `or`, `-word`. It
    matches the claim's words, and also its speaker's and outlets' names and
    aliases (a claim whose speaker or an outlet of whose chain the whole query
    names). PostgreSQL matches English stems through a GIN index (migration 0003)
    and ranks with ts_rank; other databases match each term as a substring of the
    text, the speaker's names or the outlets' names, in the list's own order.
    """
    if not search_terms(query):
        return claims
    if connection.vendor != "postgresql":
        return _claim_search_fallback(claims, query)
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("text", config="english")  # the indexed expression
    search = SearchQuery(query, search_type="websearch", config="english")
    named = SearchQuery(query, search_type="websearch", config="simple")
    match = Q(document=search)
    speakers = list(_named_like(Speaker.objects.all(), named))
    if speakers:
        match |= Q(speaker_id__in=speakers)
    outlets = list(_named_like(Outlet.objects.all(), named))
    if outlets:
        carried = ClaimVia.objects.filter(outlet_id__in=outlets).values("claim_id")
        match |= Q(pk__in=carried)
    return (
        claims.annotate(document=vector, rank=SearchRank(vector, search))
        .filter(match)
        .order_by("-rank", "-id")
    )


def _named_like(rows: QuerySet, search) -> QuerySet:
    from django.contrib.postgres.search import SearchVector

    names = SearchVector("name", Cast("aliases", TextField()), config="simple")
    return rows.annotate(names=names).filter(names=search).values_list("pk", flat=True)


def _claim_search_fallback(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    def term_q(term: SearchTerm) -> Q:
        found = (
            Q(text__icontains=term.words)
            | Q(speaker__name__icontains=term.words)
            | Q(speaker__aliases__icontains=term.words)
            | Q(
                pk__in=ClaimVia.objects.filter(
                    Q(outlet__name__icontains=term.words)
                    | Q(outlet__aliases__icontains=term.words)
                ).values("claim_id")
            )
        )
        return ~found if term.negated else found

    match = Q(pk__in=[])
    for group in search_terms(query):
        together = Q()
        for term in group:
            together &= term_q(term)
        match |= together
    return claims.filter(match)


def article_list() -> QuerySet[Article]:
    return Article.objects.select_related("publisher", "submitted_by").annotate(
        claim_count=Count("claims")
    )


def article_counterparts(article: Article) -> list[Article]:
    """For a submission, the articles the app read from its claimed URL or with
    its text; for an article the app read, the submissions that claim its URL or
    have its text. One query, oldest first."""
    submitted = article.origin == Article.Origin.SUBMITTED
    same = Q(content_hash=article.content_hash) if article.content_hash else Q()
    if submitted:
        rows = Article.objects.exclude(origin=Article.Origin.SUBMITTED)
        link = Q(url=article.claimed_url) if article.claimed_url else Q()
    else:
        rows = Article.objects.filter(origin=Article.Origin.SUBMITTED)
        link = Q(claimed_url=article.url) if article.url else Q()
    if not (same | link):
        return []
    return list(
        rows.filter(same | link)
        .exclude(pk=article.pk)
        .select_related("submitted_by")
        .order_by("created_at", "pk")
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
    return ClaimFlag.objects.select_related("created_by", "claim", "verdict")


def flag_get(*, flag_id: int) -> ClaimFlag:
    return flag_list().get(pk=flag_id)


def flag_history(claim: Claim) -> list:
    """Every recorded version of the claim's flags, withdrawn ones included,
    newest first, each with its user: who rated, changed or withdrew what."""
    return list(
        ClaimFlag.history.filter(claim_id=claim.pk)
        .select_related("history_user", "verdict")
        .order_by("-history_date", "-history_id")
    )


def rating_list() -> QuerySet[Rating]:
    return Rating.objects.order_by("position", "id")


def relation_list() -> QuerySet[ClaimRelation]:
    return ClaimRelation.objects.select_related("created_by")


def contested_claims() -> QuerySet[Claim]:
    """Claims a current flag disputes, with their flags, newest dispute first.

    Only claims with a disputing flag: a claim marked contested some other way
    has no verdict to show or export.
    """
    disputes = Q(flags__verdict__effect=Rating.Effect.DISPUTES)
    return (
        claim_list()
        .contested()
        .prefetch_related(Prefetch("flags", queryset=flag_list()))
        .annotate(last_flagged=Max("flags__created_at", filter=disputes))
        .filter(last_flagged__isnull=False)
        .order_by("-last_flagged", "-id")
    )


def verdict_reviews() -> QuerySet[ClaimFlag]:
    """Every current flag with what its ClaimReview shows, newest first."""
    return (
        flag_list()
        .select_related("claim__speaker", "claim__article")
        .order_by("-created_at", "-id")
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


# Fields a history entry shows, with their labels; the rest (version, reviewer and
# review time, which the entry's who and when already say) are left out.
_HISTORY_FIELDS = {
    "speaker": "speaker",
    "via_chain": "via",
    "text": "text",
    "start": "start",
    "end": "end",
    "kind": "kind",
    "cue": "cue",
    "confidence": "confidence",
    "review_status": "review status",
    "contested": "contested",
    "verified": "verified",
    "article": "article",
}


def claim_history(claim: Claim) -> dict:
    """What the machine said about the claim, and every change since: who, when,
    each field before and after (the via chain included), and each fact-check.

    Returns {"extracted": {...} or None, "events": [...]}, events oldest first;
    each event has when, who (a user, or None for the engine), reason, changes
    (label, before, after as display strings) and flag (a ClaimFlag or None).
    `extracted` is None for claims stored before history kept their first record.
    """
    records = list(
        claim.history.select_related("history_user").order_by("history_date", "pk")
    )
    speakers = _names(Speaker, {r.speaker_id for r in records} - {None})
    events, previous, extracted = [], None, None
    for record in records:
        values = _record_values(record, speakers)
        if record.history_type == "+" and previous is None:
            extracted = {**values, "reason": record.history_change_reason or ""}
        elif previous is not None:
            before = _record_values(previous, speakers)
            changes = [
                (label, before[name], values[name])
                for name, label in _HISTORY_FIELDS.items()
                if before[name] != values[name]
            ]
            events.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "reason": record.history_change_reason or "",
                    "changes": changes,
                    "flag": None,
                }
            )
        previous = record
    events.extend(_flag_events(claim))
    events.sort(key=lambda e: e["when"])
    return {"extracted": extracted, "events": events}


_FLAG_ACTIONS = {"+": "flagged it", "~": "changed a flag to", "-": "withdrew a flag of"}


def _flag_events(claim: Claim) -> list[dict]:
    """Each flag rated, changed or withdrawn, from the flags' history (with a
    flag_action); flags stored before that history was kept, from the flags."""
    records = flag_history(claim)
    recorded = {r.id for r in records if r.history_type == "+"}
    events = [
        {
            "when": r.history_date,
            "who": r.history_user,
            "reason": "",
            "changes": [],
            "flag": r,
            "flag_action": _FLAG_ACTIONS[r.history_type],
        }
        for r in records
    ]
    events += [
        {
            "when": flag.created_at,
            "who": flag.created_by,
            "reason": "",
            "changes": [],
            "flag": flag,
            "flag_action": _FLAG_ACTIONS["+"],
        }
        for flag in claim.flags.all()
        if flag.pk not in recorded
    ]
    return events


def _names(model, ids: set[int]) -> dict[int, str]:
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


def _record_values(record, speakers: dict[int, str]) -> dict[str, str]:
    """A historical record's fields as the strings a person reads."""
    via = record.via_chain
    return {
        "speaker": speakers.get(record.speaker_id, "—")
        if record.speaker_id
        else "none",
        "via_chain": "not recorded"
        if via is None
        else (" → ".join(via) or "none (direct)"),
        "text": record.text,
        "start": str(record.start),
        "end": str(record.end),
        "kind": Claim.Kind(record.kind).label
        if record.kind in Claim.Kind.values
        else record.kind,
        "cue": record.cue or "—",
        "confidence": f"{record.confidence:.2f}",
        "review_status": Claim.ReviewStatus(record.review_status).label,
        "contested": "yes" if record.contested else "no",
        "verified": "yes" if record.verified else "no",
        "article": str(record.article_id),
    }


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
    return Article.objects.select_related("publisher", "submitted_by").get(
        pk=article_id
    )


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
    mentions: list[dict[str, Any]] = [
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


def review_queue_next(
    *, article_id: int | None = None, skipped: Iterable[int] = ()
) -> Claim | None:
    """The next unreviewed claim: oldest article first, then in reading order,
    leaving out the claims the editor skipped."""
    claims = claim_list().unreviewed().exclude(pk__in=list(skipped))
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


# Names people type -----------------------------------------------------------------


def speakers_named(name: str) -> list[Speaker]:
    """The speakers a typed name means: by slug, else by name, else by an alias,
    case-blind. Several when people share the name; none when nobody has it."""
    return _named(Speaker.objects.all(), name)


def outlets_named(name: str) -> list[Outlet]:
    """The outlets a typed name means (see speakers_named)."""
    return _named(Outlet.objects.all(), name)


def _named(rows: QuerySet, name: str) -> list:
    name = " ".join(name.split())
    if not name:
        return []
    for lookup in ({"slug": name}, {"name__iexact": name}):
        found = list(rows.filter(**lookup).order_by("pk"))
        if found:
            return found
    lowered = name.lower()
    return [
        row
        for row in rows.filter(aliases__icontains=name).order_by("pk")
        if lowered in (alias.lower() for alias in row.aliases)
    ]


SUGGESTIONS = 10


def speaker_suggestions(query: str) -> list[dict]:
    """Speakers whose name or an alias contains `query`, most quoted first."""
    rows = (
        Speaker.objects.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
        .annotate(n=Count("claims"))
        .order_by("-n", "name")[:SUGGESTIONS]
    )
    return [
        {"name": s.name, "slug": s.slug, "detail": s.description, "claims": s.n}
        for s in rows
    ]


def outlet_suggestions(query: str) -> list[dict]:
    """Outlets whose name or an alias contains `query`, most quoted via first."""
    rows = (
        Outlet.objects.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
        .annotate(n=Count("claims_carried", distinct=True))
        .order_by("-n", "name")[:SUGGESTIONS]
    )
    return [
        {"name": o.name, "slug": o.slug, "detail": o.get_kind_display(), "claims": o.n}
        for o in rows
    ]
