"""Reads for following outlets: feed lists, OPML, and each feed's health.

Shared by the API, the web pages and the admin, so that they show the same figures.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from attribution import feeds
from attribution.models import Claim, Feed, FeedEntry, Story, StoryCopy

HEALTH_DAYS = 7
SILENT_FACTOR = 4  # silent: no new item for this many times the usual gap


def feed_list() -> QuerySet[Feed]:
    return Feed.objects.select_related("outlet").order_by("title", "url")


def feed_get(*, feed_id: int) -> Feed:
    return get_object_or_404(feed_list(), pk=feed_id)


def feeds_opml() -> str:
    """Every feed as an OPML 2.0 document, for another reader to import."""
    rows = feed_list().values_list("url", "title", "site_url")
    return feeds.opml_render(rows, title="Attribution feeds")


@dataclass
class Health:
    """A feed's figures over the last HEALTH_DAYS days, as the dashboard shows them."""

    feed: Feed
    items_per_day: dict[str, int] = field(default_factory=dict)
    articles_per_day: dict[str, int] = field(default_factory=dict)
    lag_median_seconds: float | None = None
    lag_worst_seconds: float | None = None
    pages_failed: int = 0
    silent: bool = False

    @property
    def items_total(self) -> int:
        return sum(self.items_per_day.values())

    @property
    def articles_total(self) -> int:
        return sum(self.articles_per_day.values())

    @property
    def blocked(self) -> bool:
        return self.feed.blocked

    def as_dict(self) -> dict:
        feed = self.feed
        return {
            "feed": feed.pk,
            "status": feed.status,
            "paused_reason": feed.paused_reason,
            "last_success_at": feed.last_success_at,
            "last_error_at": feed.last_error_at,
            "last_error": feed.last_error,
            "items_per_day": self.items_per_day,
            "articles_per_day": self.articles_per_day,
            "lag_median_seconds": self.lag_median_seconds,
            "lag_worst_seconds": self.lag_worst_seconds,
            "pages_failed": self.pages_failed,
            "silent": self.silent,
            "blocked": self.blocked,
        }


def feeds_health(feeds_qs: QuerySet[Feed] | None = None) -> list[Health]:
    """The health of each feed, from one query over their recent entries.

    Lag is from the entry's publication (or, without a date, from when it was
    first seen) to its article's claims being stored.
    """
    now = timezone.now()
    chosen = list(feeds_qs if feeds_qs is not None else feed_list())
    since = now - timedelta(days=HEALTH_DAYS)
    rows = FeedEntry.objects.filter(feed__in=chosen, seen_at__gte=since).values_list(
        "feed_id",
        "seen_at",
        "published_at",
        "page__status",
        "page__article__parsed_at",
    )
    by_feed: dict[int, list] = defaultdict(list)
    for row in rows:
        by_feed[row[0]].append(row[1:])
    return [_health(feed, by_feed[feed.pk], now) for feed in chosen]


def _health(feed: Feed, rows: list, now: datetime) -> Health:
    health = Health(feed=feed)
    lags, seen = [], []
    for seen_at, published_at, page_status, parsed_at in rows:
        day = seen_at.date().isoformat()
        health.items_per_day[day] = health.items_per_day.get(day, 0) + 1
        seen.append(seen_at)
        if page_status == "failed":
            health.pages_failed += 1
        if parsed_at is not None:
            parsed_day = parsed_at.date().isoformat()
            health.articles_per_day[parsed_day] = (
                health.articles_per_day.get(parsed_day, 0) + 1
            )
            start = (
                published_at if published_at and published_at <= parsed_at else seen_at
            )
            lags.append((parsed_at - start).total_seconds())
    if lags:
        health.lag_median_seconds = round(median(lags), 1)
        health.lag_worst_seconds = round(max(lags), 1)
    health.silent = _silent(feed, sorted(set(seen)), now)
    return health


def _silent(feed: Feed, seen: list[datetime], now: datetime) -> bool:
    """No new item for SILENT_FACTOR times the feed's usual gap between new items."""
    if feed.status != Feed.Status.ACTIVE or feed.last_success_at is None:
        return False
    gaps = [(b - a).total_seconds() for a, b in zip(seen, seen[1:], strict=False)]
    gaps = [g for g in gaps if g > 1]  # items of one poll arrive together
    usual = median(gaps) if gaps else feed.interval_seconds
    last = feed.last_new_item_at or feed.created_at
    return (now - last).total_seconds() > SILENT_FACTOR * max(usual, 60)


def needing_attention(healths: list[Health]) -> list[Health]:
    """The feeds an editor should look at first: silent ones, and those whose site
    blocks the fetcher (robots.txt, 401, 403), in the dashboard's order."""
    return [h for h in healths if h.silent or h.blocked]


def feed_health(feed: Feed) -> Health:
    return feeds_health(Feed.objects.filter(pk=feed.pk).select_related("outlet"))[0]


def feed_recent_entries(feed: Feed, *, limit: int = 50) -> QuerySet[FeedEntry]:
    return feed.entries.select_related("page__article").order_by("-seen_at")[:limit]


@dataclass(frozen=True)
class Report:
    """One independent report of a statement, with the wire copies that repeat it."""

    claim: Claim  # the earliest of its story
    copies: list[Claim] = field(default_factory=list)  # later Claims of the same story


def reports_by_story(members: list[Claim]) -> list[Report]:
    """A statement's reports, a wire story's copies counted once (members in order).

    The earliest copy of a story stands for it; the others are its `copies`, so
    that a story republished by a dozen sites is not a dozen confirmations.
    """
    story_of = dict(
        StoryCopy.objects.filter(article__in={c.article_id for c in members})
        .annotate(copies=Count("story__copies"))
        .filter(copies__gt=1)
        .values_list("article", "story")
    )
    reports: list[Report] = []
    first_of: dict[int, Report] = {}
    for claim in members:
        story = story_of.get(claim.article_id)
        if story is not None and story in first_of:
            first_of[story].copies.append(claim)
            continue
        report = Report(claim=claim)
        reports.append(report)
        if story is not None:
            first_of[story] = report
    return reports


def story_list() -> QuerySet[Story]:
    return Story.objects.select_related("agency").prefetch_related("copies__article")
