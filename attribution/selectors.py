"""Reads shared by the API, the browse UI and the admin.

Every list fetches what its serializer or template touches, so a page of results
costs the same few queries whatever its length.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import combinations
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Length
from django.utils import timezone

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


SEARCH_CANDIDATES = 1_000  # the newest matches a search ranks (and facets, counts)


def claim_search(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Claims matching a web search query, best matches first.

    The query reads as a search engine's: "quoted phrases", `or`, `-word`. It
    matches the claim's words, and also its speaker's and outlets' names and
    aliases (a claim whose speaker or an outlet of whose chain the whole query
    names). On PostgreSQL the words are matched through the stored tsvector
    (`search_document`, migration 0013) and its GIN index, and only the
    SEARCH_CANDIDATES newest matches among `claims` are ranked (ts_rank, ties newest
    first): a common word costs the same as a rare one. Give `claims` with its
    other filters already applied, so the candidates are picked among them. Other
    databases match each term as a substring of the text, the speaker's names or
    the outlets' names, in the list's own order.
    """
    if not search_terms(query):
        return claims
    if connection.vendor != "postgresql":
        return _claim_search_fallback(claims, query)
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search = SearchQuery(query, search_type="websearch", config="english")
    ranked = _search_candidates(
        claims, query, search, SearchRank(SearchDocument(), search)
    )
    ids = [pk for pk, _ in sorted(ranked, key=lambda r: (-r[1], -r[0]))]
    return (
        _joins_fetched_apart(claims)
        .filter(pk__in=ids)
        .annotate(search_order=_Position(ids))
        .order_by("search_order")
    )


class _Position(Func):
    """Where the row's id is in `ids` (1 for the first): the order a search
    ranked its candidates in, so the page's query sorts and cuts before any join."""

    function = "array_position"
    output_field = IntegerField()

    def __init__(self, ids: list[int]) -> None:
        from django.contrib.postgres.fields import ArrayField

        array = Cast(Value(ids), output_field=ArrayField(BigIntegerField()))
        super().__init__(array, F("id"))


def _joins_fetched_apart(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """`claims` with its select_related fetched by prefetch_related instead: the
    page's query then joins nothing, and its related rows are fetched for the
    page alone (a join would be made for every candidate before the sort)."""
    related = claims.query.select_related
    if not isinstance(related, dict):
        return claims

    def paths(tree: dict, prefix: str = "") -> list[str]:
        found = []
        for name, below in tree.items():
            found.append(prefix + name)
            found += paths(below, f"{prefix}{name}__")
        return found

    return claims.select_related(None).prefetch_related(*paths(related))


class SearchDocument(Expression):
    """The claim's stored English tsvector, attribution_claim.search_document
    (migration 0013; PostgreSQL only, and not a model field, so that claims
    loaded as models do not carry it)."""

    def __init__(self) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_document", []


def _search_candidates(
    claims: QuerySet[Claim], query: str, search, rank
) -> list[tuple[int, float]]:
    """(id, rank) of the SEARCH_CANDIDATES newest claims matching by words, by
    speaker or by outlet: each branch is its own query, newest first with a
    limit, so that the planner picks the index that suits it (the GIN index for
    a rare word, the primary key for a common one) instead of filtering every
    claim through an OR; the rank is computed on the rows the limit keeps."""
    from django.contrib.postgres.search import SearchQuery

    named = SearchQuery(query, search_type="websearch", config="simple")
    newest = claims.order_by("-id").annotate(rank=rank).values_list("pk", "rank")
    branches: list[QuerySet] = [
        newest.alias(document=SearchDocument()).filter(document=search)
    ]
    speakers = list(_named_like(Speaker.objects.all(), named))
    if speakers:
        branches.append(newest.filter(speaker_id__in=speakers))
    outlets = list(_named_like(Outlet.objects.all(), named))
    if outlets:
        carried = ClaimVia.objects.filter(claim=OuterRef("pk"), outlet_id__in=outlets)
        branches.append(newest.filter(Exists(carried)))
    ranks = dict(row for branch in branches for row in branch[:SEARCH_CANDIDATES])
    return sorted(ranks.items(), reverse=True)[:SEARCH_CANDIDATES]


def claim_search_matches(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Every claim matching a web search query (as claim_search reads it),
    unranked and unbounded: for exports, which list all of them in id order,
    where a ranked list shows the best of the newest SEARCH_CANDIDATES."""
    if not search_terms(query):
        return claims
    if connection.vendor != "postgresql":
        return _claim_search_fallback(claims, query)
    from django.contrib.postgres.search import SearchQuery

    search = SearchQuery(query, search_type="websearch", config="english")
    named = SearchQuery(query, search_type="websearch", config="simple")
    match = Q(document=search)
    speakers = list(_named_like(Speaker.objects.all(), named))
    if speakers:
        match |= Q(speaker_id__in=speakers)
    outlets = list(_named_like(Outlet.objects.all(), named))
    if outlets:
        carried = ClaimVia.objects.filter(claim=OuterRef("pk"), outlet_id__in=outlets)
        match |= Q(Exists(carried))
    return claims.alias(document=SearchDocument()).filter(match)


LOOKUP_RESULTS = 50  # the closest quotes a lookup returns


def claim_lookup(claims: QuerySet[Claim], fragment: str) -> QuerySet[Claim]:
    """Claims quoting `fragment`, closest first, typos and misquotes included.

    For finding a quote by some of its words as a person remembers them: the
    LOOKUP_RESULTS claims whose text holds a run of words close to the fragment
    by pg_trgm's word_similarity (at least pg_trgm.word_similarity_threshold, 0.6
    unless the server sets another), closest first, ties newest first, each with
    `similarity`. Candidates come from the word index when the fragment has words
    to look up (_lookup_candidates), else from the trigram index of migration
    0013. Other databases find the fragment as a substring, newest first.
    """
    fragment = " ".join(fragment.split())
    if not fragment:
        return claims
    if connection.vendor != "postgresql":
        return claims.filter(text__icontains=fragment).order_by("-id")
    from django.contrib.postgres.search import TrigramWordSimilarity

    similarity = TrigramWordSimilarity(fragment, "text")
    close = claims.filter(_WordSimilar(Value(fragment), F("text")))
    candidates = _lookup_candidates(claims, fragment)
    if candidates:
        close = close.filter(pk__in=candidates)
    ids = list(
        close.annotate(similarity=similarity)
        .order_by("-similarity", "-id")
        .values_list("pk", flat=True)[:LOOKUP_RESULTS]
    )
    return (
        claims.filter(pk__in=ids)
        .annotate(similarity=similarity)
        .order_by("-similarity", "-id")
    )


def _lookup_candidates(claims: QuerySet[Claim], fragment: str) -> list[int]:
    """The newest claims holding all but one or two of the fragment's words (all
    of one or two), through the stored tsvector's index: a misspelt word is the
    one missing. Far cheaper than the trigram index, whose common trigrams are
    in most claims. Empty when the fragment has no words the index keeps."""
    from django.contrib.postgres.search import SearchQuery

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector('english'::regconfig, %s))",
            [fragment],
        )
        lexemes = sorted(cursor.fetchone()[0], key=len, reverse=True)[:8]
    if not lexemes:
        return []
    misses = 0 if len(lexemes) <= 2 else 1 if len(lexemes) <= 5 else 2
    quoted = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in lexemes]
    groups = combinations(quoted, len(quoted) - misses)
    raw = " | ".join("(" + " & ".join(group) + ")" for group in groups)
    words = SearchQuery(raw, search_type="raw", config="simple")
    return list(
        claims.alias(document=SearchDocument())
        .filter(document=words)
        .order_by("-id")
        .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
    )


class _WordSimilar(Func):
    """`fragment <% text`: pg_trgm's word similarity over its threshold, the
    form its GIN index answers."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


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


class ArticleVersion(NamedTuple):
    fingerprint: str  # md5 of every row the article's detail is built from
    modified: datetime | None  # the latest timestamp among those rows


_ARTICLE_VERSION = """
SELECT md5(concat_ws('|',
    a::text, p::text, concat_ws(',', su.first_name, su.last_name),
    (SELECT string_agg(c::text, ',' ORDER BY c.id) FROM {claim} c
      WHERE c.article_id = a.id),
    (SELECT string_agg(concat_ws(',', v.claim_id, v.position, o::text), ','
            ORDER BY v.claim_id, v.position)
       FROM {via} v JOIN {claim} c ON c.id = v.claim_id
       JOIN {outlet} o ON o.id = v.outlet_id WHERE c.article_id = a.id),
    (SELECT string_agg(s::text, ',' ORDER BY s.id) FROM {speaker} s
      WHERE s.id IN (SELECT speaker_id FROM {claim} WHERE article_id = a.id)),
    (SELECT string_agg(concat_ws(',', u.id, u.first_name, u.last_name), ','
            ORDER BY u.id) FROM {user} u
      WHERE u.id IN (SELECT reviewed_by_id FROM {claim} WHERE article_id = a.id))
  )),
  GREATEST(a.updated_at, a.parsed_at, p.updated_at,
    (SELECT max(GREATEST(c.updated_at, c.reviewed_at)) FROM {claim} c
      WHERE c.article_id = a.id),
    (SELECT max(s.updated_at) FROM {speaker} s
      WHERE s.id IN (SELECT speaker_id FROM {claim} WHERE article_id = a.id)))
FROM {article} a
LEFT JOIN {outlet} p ON p.id = a.publisher_id
LEFT JOIN {user} su ON su.id = a.submitted_by_id
WHERE a.id = %s
"""


def article_version(*, article_id: int) -> ArticleVersion | None:
    """What an article's detail (its claims, their speakers, vias and reviews)
    is built from, in one query: for ETag and Last-Modified, so that a client
    holding the current copy is answered 304 without the detail being built.

    The fingerprint hashes the whole rows (a re-parse, a review, a flag, a speaker
    merged or renamed by a bulk update all change it); the timestamp is the
    newest updated_at among them, which bulk updates can leave behind, so a
    client sending both is answered by the fingerprint (If-None-Match first).
    None for an article that does not exist, and off PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    from django.contrib.auth import get_user_model

    sql = _ARTICLE_VERSION.format(
        article=Article._meta.db_table,
        claim=Claim._meta.db_table,
        via=ClaimVia._meta.db_table,
        outlet=Outlet._meta.db_table,
        speaker=Speaker._meta.db_table,
        user=get_user_model()._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id])
        row = cursor.fetchone()
    return None if row is None else ArticleVersion(*row)


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
    """The speakers and outlets (anywhere in the via) most common among the
    SEARCH_CANDIDATES newest of `claims` (all of them when there are fewer), so
    that a page of a million claims costs what a page of a thousand does."""
    # A list, not a subquery: the planner then reads the links by claim id
    # through their index instead of scanning every link to hash-join them.
    ids = list(claims.order_by("-id").values_list("pk", flat=True)[:SEARCH_CANDIDATES])
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


class Counted(NamedTuple):
    n: int
    exact: bool  # False: the planner's estimate, as "about n"


def claim_count(claims: QuerySet[Claim]) -> Counted:
    """How many claims `claims` holds: exact up to SEARCH_CANDIDATES (counting
    stops there), above that PostgreSQL's estimate from its statistics, so a
    count never reads a million rows. Exact on other databases."""
    upto = claims.order_by().values("pk")[: SEARCH_CANDIDATES + 1].count()
    if upto <= SEARCH_CANDIDATES or connection.vendor != "postgresql":
        if upto > SEARCH_CANDIDATES:
            return Counted(claims.count(), exact=True)
        return Counted(upto, exact=True)
    sql, params = claims.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return Counted(max(int(plan[0]["Plan"]["Plan Rows"]), upto), exact=False)


def article_get(*, article_id: int) -> Article:
    return Article.objects.select_related("publisher", "submitted_by").get(
        pk=article_id
    )


def article_url_fixed(article: Article) -> bool:
    """True when the app read the article from its URL (fetched, from a feed or an
    archive): the URL is then what the article is, not a claim about it, and
    editors cannot change it. Submissions never hold one (only a claimed_url)."""
    return bool(article.url)


# What article_history shows, in this order: the metadata editors correct.
_ARTICLE_HISTORY_FIELDS = {
    "title": "title",
    "url": "URL",
    "claimed_url": "claimed URL",
    "publisher_id": "publisher",
    "published_at": "published",
    "language": "language",
}


def article_history(article: Article) -> list[dict]:
    """Each change of the article's metadata since it was stored, oldest first:
    when, who (None for the app: a fetch or a parse) and the changes as (label,
    before, after) strings. Versions that changed none of these are left out.
    Only those fields are read (not each version's body)."""
    records = list(
        article.history.select_related("history_user")
        .only("history_id", "history_date", "history_user", *_ARTICLE_HISTORY_FIELDS)
        .order_by("history_date", "history_id")
    )
    outlets = _names(Outlet, {r.publisher_id for r in records} - {None})
    events = []
    for before, after in zip(records, records[1:], strict=False):
        changes = [
            (
                label,
                _article_value(before, name, outlets),
                _article_value(after, name, outlets),
            )
            for name, label in _ARTICLE_HISTORY_FIELDS.items()
            if getattr(before, name) != getattr(after, name)
        ]
        if changes:
            events.append(
                {
                    "when": after.history_date,
                    "who": after.history_user,
                    "changes": changes,
                }
            )
    return events


def _article_value(record, name: str, outlets: dict[int, str]) -> str:
    value = getattr(record, name)
    if value is None or value == "":
        return "date unknown" if name == "published_at" else "none"
    if name == "publisher_id":
        return outlets.get(value, "a deleted outlet")
    if name == "published_at":
        return f"{timezone.localtime(value):%-d %b %Y}"
    return str(value)


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
        .order_by(
            F("article__published_at").desc(nulls_last=True), "-article_id", "start"
        )
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


def reported_at(claim: Claim) -> datetime | None:
    """When the claim's article appeared: its publication date; None when that is
    unknown (the day it was ingested is not when it was published)."""
    return claim.article.published_at


def _in_order_of_appearance(claim: Claim) -> tuple:
    """Dated reports first, by date; reports of unknown date last, as ingested."""
    published = claim.article.published_at
    if published is None:
        return (1, claim.article.created_at, claim.article_id, claim.start)
    return (0, published, claim.article_id, claim.start)


def in_order_of_appearance(claims: Iterable[Claim]) -> list[Claim]:
    """Reports in the order canonical_members gives them (their articles loaded)."""
    return sorted(claims, key=_in_order_of_appearance)


def statement_candidates(
    claims: Iterable[Claim],
) -> dict[int, list[tuple[int, str, bytes | None]]]:
    """What the claims' speakers said in other reports, for placing the claims:
    per speaker, the distinct (canonical claim id, text, embedding) of its
    clustered reports. One query for a whole article (an index on speaker and
    canonical serves it); a quote carried word for word by many outlets is one
    row."""
    claims = list(claims)
    speakers = {c.speaker_id for c in claims if c.speaker_id is not None}
    if not speakers:
        return {}
    rows = (
        Claim.objects.filter(speaker_id__in=speakers, canonical__isnull=False)
        .exclude(pk__in=[c.pk for c in claims])
        .order_by()  # Claim's default ordering would make every row distinct
        .values_list("speaker_id", "canonical_id", "text", "embedding")
        .distinct()
    )
    found: dict[int, list[tuple[int, str, bytes | None]]] = {}
    for speaker, canonical, text, embedding in rows:
        found.setdefault(speaker, []).append((canonical, text, embedding))
    return found


# Statements by their first report, newest first; those of unknown date last
# (reported_newest: see canonical_list).
STATEMENTS_NEWEST_FIRST = ("-reported_newest", "-id")
_NO_DATE_FIRST = datetime(1, 1, 2, tzinfo=UTC)
_NO_DATE_LAST = datetime(9999, 12, 30, tzinfo=UTC)


def canonical_list() -> QuerySet[CanonicalClaim]:
    """Canonical claims with their speaker, report counts and contested state.

    Also two sort keys of the first report's date that put statements of unknown
    date last: reported_newest (descending) and reported_oldest (ascending); plain
    values, so that cursor pages can order by them.
    """
    return CanonicalClaim.objects.select_related("speaker").annotate(
        reported_newest=Coalesce("first_reported_at", Value(_NO_DATE_FIRST)),
        reported_oldest=Coalesce("first_reported_at", Value(_NO_DATE_LAST)),
        report_count=Count("members", distinct=True),
        article_count=Count("members__article", distinct=True),
        contested=Exists(Claim.objects.filter(canonical=OuterRef("pk")).contested()),
    )


def canonical_members(canonical: CanonicalClaim) -> list[Claim]:
    """The reports in order of appearance, earliest first (those of unknown date
    last), with their attribution."""
    members = canonical.members.select_related(
        "article__publisher", "speaker", "reviewed_by"
    ).prefetch_related(
        Prefetch("via_links", queryset=ClaimVia.objects.select_related("outlet"))
    )
    return sorted(members, key=_in_order_of_appearance)


@dataclass(frozen=True)
class Drift:
    """How one direct report's words differ from the earliest direct report's."""

    claim: Claim
    reference: Claim
    drift: float
    diff: list[clustering.DiffPart]


def canonical_drift(members: Iterable[Claim]) -> list[Drift]:
    """Each quoted report after the first, against the first (members in order).

    A mixed report is compared by its quoted words only (clustering.quoted_part).
    """
    quoted = [c for c in members if c.kind in QUOTED]
    if not quoted:
        return []
    reference = quoted[0]
    drifts = []
    for claim in quoted[1:]:
        words = claim.text
        if claim.kind == Claim.Kind.MIXED:
            words = clustering.quoted_part(words)
        drifts.append(
            Drift(
                claim=claim,
                reference=reference,
                drift=clustering.drift(reference.text, words),
                diff=clustering.word_diff(reference.text, words),
            )
        )
    return drifts


def canonical_altered(members: Iterable[Claim]) -> bool:
    """Whether any quoted report drifts from the first (members in order):
    canonical_drift's answer to "any drift above 0", without the word diffs it
    also builds, stopping at the first altered report, each pair of wordings
    measured once per process (a statement is refreshed again with each report
    it gains, and outlets carry one quote word for word)."""
    quoted = [c for c in members if c.kind in QUOTED]
    if not quoted:
        return False
    reference = quoted[0].text
    return any(
        _drift(
            reference,
            clustering.quoted_part(c.text) if c.kind == Claim.Kind.MIXED else c.text,
        )
        > 0
        for c in quoted[1:]
    )


@lru_cache(maxsize=50_000)
def _drift(reference: str, words: str) -> float:
    return clustering.drift(reference, words)


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
        .order_by(*STATEMENTS_NEWEST_FIRST)
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
SUGGESTION_CANDIDATES = 50  # names matched before the claims are counted


def speaker_suggestions(query: str) -> list[dict]:
    """Speakers with a word of their name or an alias starting with `query`,
    most quoted first (as they type: "lind" finds Ana Lindqvist)."""
    rows = _suggested(Speaker.objects.all(), query).annotate(n=Count("claims"))
    return [
        {"name": s.name, "slug": s.slug, "detail": s.description, "claims": s.n}
        for s in rows.order_by("-n", "name")[:SUGGESTIONS]
    ]


def outlet_suggestions(query: str) -> list[dict]:
    """Outlets with a word of their name or an alias starting with `query`, most
    quoted via first."""
    rows = _suggested(Outlet.objects.all(), query).annotate(
        n=Count("claims_carried", distinct=True)
    )
    return [
        {"name": o.name, "slug": o.slug, "detail": o.get_kind_display(), "claims": o.n}
        for o in rows.order_by("-n", "name")[:SUGGESTIONS]
    ]


def _suggested(rows: QuerySet, query: str) -> QuerySet:
    """The SUGGESTION_CANDIDATES shortest names with a word starting with `query`
    (the trigram indexes of migration 0013 answer the name patterns), so that
    counting their claims costs the same for "a" as for "lindqvist"."""
    query = " ".join(query.split())
    words = (
        Q(name__istartswith=query)
        | Q(name__icontains=f" {query}")
        | Q(aliases__icontains=f'"{query}')  # an alias starts with it (JSON text)
        | Q(aliases__icontains=f" {query}")
    )
    ids = rows.filter(words).order_by(Length("name"), "name").values("pk")
    return rows.filter(pk__in=ids[:SUGGESTION_CANDIDATES])
