"""Which saved searches an article's new claims match, in one SQL query.

Each saved search is cleaned here by the claim list's own filter fields (kind,
review status, dates, ...), once per distinct value; the names it gives (speaker,
outlet) are resolved only when they could name one of the article's speakers or
outlets, since a name that resolves to a speaker equals its slug, name or an
alias. The cleaned searches then go to PostgreSQL as one JSON array, a row per
search, joined to the article's claims, where each parameter is the claim list's filter
written in SQL: the search words as claim_search reads them (the claim's stored
tsvector, or the names of its speaker and outlets), a quote by pg_trgm's word
similarity. One query, whatever the number of searches.
"""

import functools
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Count, Max, Sum

from attribution import selectors
from attribution.filters import ClaimFilter
from attribution.models import Claim, Watchlist

# The filters cleaned by their own form field (no database needed).
_PLAIN = (
    "q",
    "quote",
    "article",
    "kind",
    "review_status",
    "contested",
    "verified",
    "published_after",
    "published_before",
    "created_after",
    "created_before",
)
_NAMED: dict[str, Callable[[str], list]] = {
    "speaker": selectors.speakers_named,
    "outlet": selectors.outlets_named,
    "outermost_outlet": selectors.outlets_named,
}

# The searches arrive as one JSON array (a value the search leaves out is absent,
# so NULL). The words of each search are parsed once, and the names of each claim's
# speaker and outlets read into tsvectors once, in CTEs: the join of searches and
# claims then only compares them.
_MATCH_SQL = """
WITH s AS MATERIALIZED (
    SELECT s.*,
           websearch_to_tsquery('english', s.q) AS q_english,
           websearch_to_tsquery('simple', s.q) AS q_simple
    FROM jsonb_to_recordset(%(searches)s::jsonb) AS s(
        id bigint, q text, quote text, article bigint, kind text, review_status text,
        contested boolean, verified boolean, published_after timestamptz,
        published_before timestamptz, created_after timestamptz,
        created_before timestamptz, speaker bigint[], outlet bigint[],
        outermost_outlet bigint[])
),
c AS MATERIALIZED (
    SELECT c.id, c.article_id, c.kind, c.review_status, c.contested, c.verified,
           c.created_at, c.speaker_id, c.text, c.search_document, a.published_at,
           to_tsvector('simple', coalesce(sp.name, '') || ' '
                       || coalesce(sp.aliases::text, '')) AS speaker_names
    FROM attribution_claim c
    JOIN attribution_article a ON a.id = c.article_id
    LEFT JOIN attribution_speaker sp ON sp.id = c.speaker_id
    WHERE c.article_id = %(article_id)s
),
v AS MATERIALIZED (
    SELECT v.claim_id, v.outlet_id, v.position,
           to_tsvector('simple', o.name || ' ' || o.aliases::text) AS names
    FROM attribution_claimvia v
    JOIN attribution_outlet o ON o.id = v.outlet_id
    WHERE v.claim_id IN (SELECT id FROM c)
)
SELECT s.id, c.id
FROM s CROSS JOIN c
WHERE (s.article IS NULL OR c.article_id = s.article)
  AND (s.kind IS NULL OR c.kind = s.kind)
  AND (s.review_status IS NULL OR c.review_status = s.review_status)
  AND (s.contested IS NULL OR c.contested = s.contested)
  AND (s.verified IS NULL OR c.verified = s.verified)
  AND (s.published_after IS NULL OR c.published_at >= s.published_after)
  AND (s.published_before IS NULL OR c.published_at < s.published_before)
  AND (s.created_after IS NULL OR c.created_at >= s.created_after)
  AND (s.created_before IS NULL OR c.created_at < s.created_before)
  AND (s.speaker IS NULL OR c.speaker_id = ANY(s.speaker))
  AND (s.outlet IS NULL OR EXISTS (
        SELECT 1 FROM v WHERE v.claim_id = c.id AND v.outlet_id = ANY(s.outlet)))
  AND (s.outermost_outlet IS NULL OR EXISTS (
        SELECT 1 FROM v WHERE v.claim_id = c.id AND v.position = 0
          AND v.outlet_id = ANY(s.outermost_outlet)))
  AND (s.quote IS NULL OR s.quote <%% c.text)
  AND (s.q IS NULL
       OR c.search_document @@ s.q_english
       OR c.speaker_names @@ s.q_simple
       OR EXISTS (SELECT 1 FROM v WHERE v.claim_id = c.id AND v.names @@ s.q_simple))
ORDER BY s.id, c.id
"""


def searches_matching(
    *, article_id: int, claims: list[Claim], searches: Iterable[tuple[int, Mapping]]
) -> list[tuple[int, int]]:
    """(search id, claim id) for each of `searches` (id, the claim list's query
    parameters) that finds each of the article's `claims` (loaded with their
    speakers and via links' outlets). A search the claim list would now refuse
    (a value that no longer cleans) finds nothing."""
    cleaner = _Cleaner(_names_of(claims))
    rows = []
    for search_id, params in searches:
        cleaned = cleaner.clean(params)
        if cleaned is not None:
            rows.append({"id": search_id, **cleaned})
    if not rows:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _MATCH_SQL,
            {
                "searches": json.dumps(rows, cls=DjangoJSONEncoder),
                "article_id": article_id,
            },
        )
        return [(s, c) for s, c in cursor.fetchall()]


def _names_of(claims: list[Claim]) -> dict[str, set[str]]:
    """What names could mean one of the claims' speakers or outlets, lowered."""

    def spelled(row) -> set[str]:
        return {n.lower() for n in (row.slug, row.name, *row.aliases)}

    speakers: set[str] = set()
    outlets: set[str] = set()
    for claim in claims:
        if claim.speaker is not None:
            speakers |= spelled(claim.speaker)
        for via in claim.via_links.all():
            outlets |= spelled(via.outlet)
    return {"speaker": speakers, "outlet": outlets, "outermost_outlet": outlets}


class _Cleaner:
    """Cleans search values as the claim list's form fields do, each distinct
    (parameter, value) once; None for a search with a value they refuse."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        self.names = names
        self.seen: dict[tuple[str, str], object] = {}

    def clean(self, params: Mapping) -> dict | None:
        cleaned: dict = {}
        for name, raw in params.items():
            key = (name, str(raw))
            if key not in self.seen:
                self.seen[key] = self._value(name, str(raw))
            value = self.seen[key]
            if value is _REFUSED:
                return None
            if value is not None:
                cleaned[name] = value
        return cleaned

    def _value(self, name: str, raw: str):
        if name in _NAMED:
            typed = " ".join(raw.split())
            if typed.lower() not in self.names[name]:
                return []  # names none of these claims' speakers or outlets
            found = _NAMED[name](typed)
            if not found:
                return _REFUSED
            return [row.pk for row in found]
        return _plain_value(name, raw)


@functools.lru_cache(maxsize=10_000)
def _plain_value(name: str, raw: str):
    """A value of a filter that reads no database, as its form field cleans it:
    the same for every article, so cleaned once per process."""
    if name not in _PLAIN:
        return None  # not a filter of the list (kept out when followed)
    try:
        value = ClaimFilter.base_filters[name].field.clean(raw)
    except forms.ValidationError:
        return _REFUSED
    if value in (None, ""):
        return None
    if name == "q" and not selectors.search_terms(value):
        return None  # the list finds every claim for such words
    if name == "quote":
        return " ".join(value.split()) or None
    return value


_REFUSED = object()


# Watchlists by what they follow ------------------------------------------------------

INDEX_SECONDS = 60
"""How long a process keeps its index of the watchlists at most, even unchanged."""

_FOLLOWING: dict[str, str] = {
    Watchlist.Kind.SPEAKER: "speaker_id",
    Watchlist.Kind.OUTLET: "outlet_id",
    Watchlist.Kind.STATEMENT: "statement_id",
}


@dataclass(frozen=True)
class WatchlistIndex:
    """Every watchlist that follows claims, as matching reads them (id, user, what
    it follows, when it was made), by what it follows."""

    version: tuple
    loaded_at: float
    by_target: dict[tuple[str, int], list[Watchlist]]
    searches: list[Watchlist]

    def following(
        self, kind: str, ids: Iterable[int], since: datetime | None
    ) -> list[Watchlist]:
        """The watchlists of `kind` (speaker, outlet, statement) that follow any of
        `ids`, made by `since` when given, in id order."""
        found = [w for i in set(ids) for w in self.by_target.get((kind, i), ())]
        return sorted(_made_by(found, since), key=attrgetter("pk"))

    def searching(self, since: datetime | None) -> list[Watchlist]:
        """The saved searches, made by `since` when given, in id order."""
        return list(_made_by(self.searches, since))


def _made_by(watchlists: Iterable[Watchlist], since: datetime | None):
    return (w for w in watchlists if since is None or w.created_at <= since)


_index: WatchlistIndex | None = None


def watchlist_index() -> WatchlistIndex:
    """The watchlists by what they follow, loaded once and kept by the process
    while they are unchanged, for INDEX_SECONDS at most.

    Watchlists are only ever made and deleted, never changed: their count, the
    sum of their ids and the latest time one was made, read by one cheap query
    at each call, change with every follow and unfollow (an id SQLite gives
    again comes with a later time), so the index is not stale; the time limit
    is a second guard.
    """
    global _index
    version = tuple(
        Watchlist.objects.aggregate(
            n=Count("pk"), sum=Sum("pk"), latest=Max("created_at")
        ).values()
    )
    fresh = _index is not None and time.monotonic() - _index.loaded_at < INDEX_SECONDS
    if _index is not None and fresh and _index.version == version:
        return _index
    by_target: dict[tuple[str, int], list[Watchlist]] = {}
    searches = []
    rows = Watchlist.objects.only(
        "pk", "user_id", "kind", *_FOLLOWING.values(), "search", "created_at"
    ).exclude(kind=Watchlist.Kind.FEEDS)
    for watchlist in rows.order_by("pk"):
        if watchlist.kind == Watchlist.Kind.SEARCH:
            searches.append(watchlist)
            continue
        target = getattr(watchlist, _FOLLOWING[watchlist.kind])
        by_target.setdefault((watchlist.kind, target), []).append(watchlist)
    _index = WatchlistIndex(version, time.monotonic(), by_target, searches)
    return _index
