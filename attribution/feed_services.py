"""Writes for following outlets: adding feeds, polling them, fetching their pages,
grouping wire copies into stories.

Every request to the web goes through ingestion.fetch_raw (the SSRF-safe fetcher),
after the host's robots.txt and its politeness slot allow it. Tasks call these
functions with ids; each says what it enqueues and how it behaves when called twice
or at once.
"""

import itertools
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q
from django.db.models.functions import Coalesce, Greatest, Now
from django.utils import timezone

from attribution import enqueue, feeds, ingestion, services
from attribution.models import (
    Article,
    Feed,
    FeedEntry,
    FeedPage,
    Host,
    Story,
    StoryBand,
    StoryCopy,
)

logger = logging.getLogger(__name__)
Key = TypeVar("Key")  # what identifies a page being sent: its id, or its URL

USER_AGENT = "AttributionBot/1.0 (+feed reader)"
ROBOTS_AGENT = "AttributionBot"
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "text/html",  # home pages, for discovery; and feeds served as such
    "text/plain",
)
FEED_MAX_BYTES = 5 * 1024 * 1024
ROBOTS_MAX_AGE = timedelta(hours=24)
POLL_LEASE = timedelta(minutes=10)
PAGE_MAX_ATTEMPTS = 3


class HostBusy(Exception):
    """The host's politeness slot is taken: try again after `wait` seconds."""

    def __init__(self, host: str, wait: float):
        super().__init__(f"{host} was asked less than the polite interval ago")
        self.wait = max(0.05, wait)


class Blocked(ingestion.UnusableInput):
    """The site refuses us (robots.txt, 401, 403): a reason shown on the feed."""


def _fetch(url: str, **kwargs) -> ingestion.Fetched:
    return ingestion.fetch_raw(
        url,
        allow_loopback=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK,
        user_agent=USER_AGENT,
        **kwargs,
    )


# Adding and managing feeds -------------------------------------------------------


def feed_add(*, url: str, title: str = "", outlet_name: str = "") -> tuple[Feed, bool]:
    """Add a feed by its own URL or by a site's home page; (feed, created).

    The URL is fetched once: a feed or sitemap is taken as it is, a web page is
    searched for `<link rel="alternate">` feeds and the first one is added, with
    the page as the feed's site. UnusableInput says why when neither works. A feed
    already followed is returned with created=False.
    """
    url = ingestion.check_url(url, any_port=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK)
    existing = Feed.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    page = _fetch(url, types=FEED_TYPES, max_bytes=FEED_MAX_BYTES)
    site_url = ""
    if not feeds.looks_like_feed(page.body):
        found = feeds.discover_feeds(page.body, page.url)
        if not found:
            raise ingestion.UnusableInput(
                f"{url} is neither a feed nor a page that links to one "
                '(no <link rel="alternate" type="application/rss+xml">).'
            )
        site_url, url = url, found[0]
        existing = Feed.objects.filter(url=url).first()
        if existing is not None:
            return existing, False
    return feed_create(url=url, title=title, site_url=site_url, outlet_name=outlet_name)


def feed_create(
    *, url: str, title: str = "", site_url: str = "", outlet_name: str = ""
) -> tuple[Feed, bool]:
    """Store a feed to poll, due at once, without fetching it; (feed, created)."""
    url = ingestion.check_url(url, any_port=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK)
    outlet = services.outlet_get_or_create(name=outlet_name) if outlet_name else None
    try:
        with transaction.atomic():
            return Feed.objects.get_or_create(
                url=url,
                defaults={
                    "title": ingestion.clean_line(title)[:300],
                    "site_url": site_url,
                    "outlet": outlet,
                    "interval_seconds": settings.ATTRIBUTION_FEED_MIN_INTERVAL,
                    "next_poll_at": timezone.now(),
                },
            )
    except IntegrityError:
        return Feed.objects.get(url=url), False


def feeds_import_opml(*, data: bytes) -> tuple[list[Feed], list[str]]:
    """Create a feed for every outline of an OPML file: (feeds created, refused).

    Nothing is fetched (an OPML file may hold hundreds); a feed already followed
    is skipped, a URL the fetcher would refuse is listed with its reason.
    """
    created, refused = [], []
    for url, title in feeds.opml_parse(data):
        try:
            feed, new = feed_create(url=url, title=title)
        except ingestion.UnusableInput as exc:
            refused.append(f"{url}: {exc}")
            continue
        if new:
            created.append(feed)
    return created, refused


def feed_pause(*, feed: Feed, reason: str = "Paused by an editor.") -> Feed:
    """Stop polling the feed; the reason is shown on it. Pausing twice is harmless."""
    Feed.objects.filter(pk=feed.pk).update(
        status=Feed.Status.PAUSED, paused_reason=reason[:500] or "Paused."
    )
    feed.refresh_from_db()
    return feed


def feed_resume(*, feed: Feed) -> Feed:
    """Poll the feed again, at once, with its failure count cleared."""
    Feed.objects.filter(pk=feed.pk).update(
        status=Feed.Status.ACTIVE,
        paused_reason="",
        failures=0,
        failing_since=None,
        next_poll_at=timezone.now(),
    )
    feed.refresh_from_db()
    return feed


# Hosts: politeness and robots.txt ------------------------------------------------


@contextmanager
def _soft_state() -> Iterator[None]:
    """A transaction for the fetcher's own state: leases, host slots, poll results.

    On PostgreSQL its commit does not wait for the disk (synchronous_commit off):
    other workers see the rows at once, as with any commit, and a database crash
    may lose the last fraction of a second of them, which the next poll rebuilds
    (a lease ends, a slot is reserved again, known entries are skipped). A poll
    makes three or four of these writes, and waiting for the disk took 3-4 ms
    each (of a poll's 30-45 ms). Inside a caller's transaction it is a plain
    savepoint.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc or "").lower()[:300]


def _interval() -> timedelta:
    return timedelta(seconds=settings.ATTRIBUTION_HOST_INTERVAL)


def host_reserve(*, name: str, count: int = 1) -> list[float]:
    """Reserve the host's next `count` request slots: the wait before each, seconds.

    The slots come after those reserved before, ATTRIBUTION_HOST_INTERVAL apart,
    and not before now (the database's clock). The row is updated under its lock,
    so no two callers, on any machine, get one slot: requests that host_take
    refused come back one interval apart instead of all at the moment the host
    frees up, where all but one would be refused again.
    """
    interval = _interval()
    with _soft_state():
        Host.objects.get_or_create(name=name)
        start = Greatest(Coalesce(F("next_request_at"), Now()), Now())
        Host.objects.filter(name=name).update(
            next_request_at=ExpressionWrapper(
                start + interval * count, output_field=DateTimeField()
            )
        )
        horizon, now = (
            Host.objects.filter(name=name)
            .annotate(now=Now())
            .values_list("next_request_at", "now")
            .get()
        )
    first = (horizon - now - interval * count).total_seconds()
    step = interval.total_seconds()
    return [max(0.0, first + n * step) for n in range(count)]


def host_take(*, name: str) -> None:
    """Let one request to the host go out now, or raise HostBusy with a new slot.

    See host_slot, which this runs in a transaction of its own.
    """
    with _soft_state():
        taken = host_slot(name=name)
    if taken is None:
        raise HostBusy(name, host_reserve(name=name)[0])


def host_slot(*, name: str) -> Host | None:
    """Take the host's request slot now: its row (robots.txt with it), or None.

    One conditional UPDATE, timed by the database clock: it passes when the last
    request to the host went out at least ATTRIBUTION_HOST_INTERVAL ago, so that
    all workers together keep the interval whatever their reservations said (a
    task sent for its slot may run late, next to the one after it); the row is
    then read (a host seen for the first time is created first). It runs in the
    caller's transaction, with no savepoint of its own: the poll and the page
    fetch take their lease and the slot in one commit. Refused (None), the
    caller reserves the next free slot (host_reserve) to come back at.
    """
    interval = _interval()
    after_this = ExpressionWrapper(Now() + interval, output_field=DateTimeField())
    free = Host.objects.filter(
        Q(last_request_at__isnull=True) | Q(last_request_at__lte=Now() - interval),
        name=name,
    )
    changes = {
        "last_request_at": Now(),
        "next_request_at": Greatest(Coalesce(F("next_request_at"), Now()), after_this),
        "requests": F("requests") + 1,
    }
    taken = free.update(**changes)
    if not taken:
        _, created = Host.objects.get_or_create(name=name)
        if not created:
            return None
        taken = free.update(**changes)
    return Host.objects.get(name=name) if taken else None


def _robots_stale(host: Host) -> bool:
    return not (
        host.robots_fetched_at
        and host.robots_fetched_at > timezone.now() - ROBOTS_MAX_AGE
    )


def _polite(url: str, host: Host | None) -> None:
    """Let the request for `url` go out in the slot `host` took, or raise.

    HostBusy (a slot reserved) when no slot was taken; Blocked when robots.txt
    forbids the URL. robots.txt is fetched at most once a day per host, in the
    slot taken for the request, which then takes the next slot, or is sent back
    for it (HostBusy) when the interval has not passed. A missing (404) or
    unreachable robots.txt allows everything.
    """
    name = _host_of(url)
    if host is None:
        raise HostBusy(name, host_reserve(name=name)[0])
    robots_read = _robots_stale(host)
    if robots_read:
        parts = urlsplit(url)
        try:
            robots = _fetch(
                f"{parts.scheme}://{parts.netloc}/robots.txt",
                types=(),
                max_bytes=512 * 1024,
            ).body.decode("utf-8", "replace")
        except (ingestion.UnusableInput, ingestion.FetchUnavailable):
            robots = ""
        with _soft_state():
            Host.objects.filter(pk=host.pk).update(
                robots_txt=robots, robots_fetched_at=timezone.now()
            )
        host.robots_txt = robots
    if not feeds.robots_allows(host.robots_txt, url, ROBOTS_AGENT):
        raise Blocked(f"robots.txt of {name} does not let us fetch {url}.")
    if robots_read:
        host_take(name=name)  # the slot went to robots.txt: the next one, if free


def _polite_fetch(url: str, host: Host | None, **kwargs) -> ingestion.Fetched:
    """Fetch `url` in the slot `host` took (see _polite); 401 and 403 are Blocked."""
    _polite(url, host)
    try:
        return _fetch(url, **kwargs)
    except ingestion.UnusableInput as exc:
        if " answered 401" in str(exc) or " answered 403" in str(exc):
            raise Blocked(str(exc)) from None
        raise


# Handing out and polling feeds ---------------------------------------------------


def feeds_dispatch(*, limit: int = 500) -> list[int]:
    """Hand out due feeds, each to one poll task; the ids handed out.

    Row locks with SKIP LOCKED let any number of dispatchers run at once without
    handing one feed out twice; each feed handed out is not due again for
    POLL_LEASE after its task is, so a lost task only delays it. The tasks are
    sent on commit in turns (one feed of each host, then the next, ...), turn n
    due n host intervals later, so that the polls of one host's feeds come when
    its politeness slot is free instead of being sent back by host_take.
    """
    now = timezone.now()
    step = _interval().total_seconds()
    with transaction.atomic():
        due = list(
            Feed.objects.active()
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .order_by("next_poll_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", "url")[:limit]
        )
        turns = _turns_by_host(due)
        for n, turn in enumerate(turns):
            Feed.objects.filter(pk__in=turn).update(
                next_poll_at=now + POLL_LEASE + timedelta(seconds=n * step)
            )
        transaction.on_commit(lambda: _polls_send(turns, step))
    return [pk for turn in turns for pk in turn]


def _polls_send(turns: list[list[int]], step: float) -> None:
    for n, turn in enumerate(turns):
        for pk in turn:
            enqueue.feed_poll(feed_id=pk, countdown=n * step)


class Poll(dict):
    """What one poll did: {'status': ..., 'new': n, 'error': ...}."""


def feed_poll(*, feed_id: int) -> Poll:
    """Poll one feed: new entries become pages to fetch; errors end on the feed.

    A lease (a conditional UPDATE of polling_until) makes a second worker handed
    the same feed return 'busy' at once. The request is conditional (ETag,
    Last-Modified); a 304 or known items add nothing. HostBusy propagates for the
    task to try again after the wait. New pages are fetched by their own tasks.

    Two commits whatever the number of entries: the lease with the host's slot
    before the request, and what the poll found (new entries and pages, the
    feed's state) after it; tests/test_feed_services.py pins their queries.
    """
    now = timezone.now()
    with _soft_state():
        taken = (
            Feed.objects.active()
            .filter(
                Q(polling_until__isnull=True) | Q(polling_until__lt=now), pk=feed_id
            )
            .update(polling_until=now + POLL_LEASE)
        )
        if not taken:
            return Poll(status="busy", new=0)
        feed = Feed.objects.get(pk=feed_id)
        host = host_slot(name=_host_of(feed.url))
    try:
        response = _polite_fetch(
            feed.url,
            host,
            headers=_validators(feed),
            types=FEED_TYPES,
            max_bytes=FEED_MAX_BYTES,
        )
        parsed = (
            None
            if response.status == 304
            else feeds.parse_feed(response.body, base=response.url)
        )
    except HostBusy:
        with _soft_state():
            Feed.objects.filter(pk=feed_id).update(polling_until=None)
        raise
    except (
        ingestion.UnusableInput,
        ingestion.FetchUnavailable,
        feeds.FeedError,
    ) as exc:
        _feed_failed(feed, str(exc), blocked=isinstance(exc, Blocked))
        return Poll(status="failed", new=0, error=str(exc))
    with _soft_state():
        new = _entries_store(feed, parsed.entries) if parsed else 0
        _feed_succeeded(feed, response, parsed, new_items=new)
    return Poll(status="not-modified" if parsed is None else "ok", new=new)


def _validators(feed: Feed) -> dict[str, str]:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _entries_store(feed: Feed, entries: list[feeds.Entry]) -> int:
    """Store the entries not seen in this feed before; how many. Their new pages'
    fetches are sent once this commits.

    Four queries whatever the number of entries, none when all are known: the
    entries known, the pages known, the new pages inserted (their ids returned)
    and the new entries inserted, each insert skipping the rows another worker
    stored first. A page new to the database gets one fetch task, the pages'
    hosts taking turns in the queue; its queued_at is stamped as it is inserted
    (_pages_plan), and cleared again if the broker refuses its task.
    """
    known = set(
        FeedEntry.objects.filter(
            feed=feed, guid__in=[e.guid for e in entries]
        ).values_list("guid", flat=True)
    )
    fresh: dict[str, feeds.Entry] = {}
    for entry in entries:
        if entry.guid not in known and entry.guid not in fresh:
            fresh[entry.guid] = entry
    if not fresh:
        return 0
    urls = {guid: feeds.normalise_url(e.url) for guid, e in fresh.items()}
    pages = dict(
        FeedPage.objects.filter(url__in=set(urls.values())).values_list("url", "pk")
    )
    now = timezone.now()
    new_urls = dict.fromkeys(url for url in urls.values() if url not in pages)
    plan = _pages_plan((url, url) for url in new_urls)
    # A page another worker inserted a moment ago is updated to itself, so that
    # its id comes back too (and it gets a second task, which its fetch claim
    # turns away). In URL order: two polls inserting the same pages at once wait
    # for each other, rather than each for a row the other holds (a deadlock).
    due = {url: countdown for batch, countdown in plan for url in batch}
    inserted = FeedPage.objects.bulk_create(
        [
            FeedPage(url=url, queued_at=now + timedelta(seconds=due[url]))
            for url in sorted(due)
        ],
        update_conflicts=True,
        unique_fields=["url"],
        update_fields=["url"],
    )
    pages.update((page.url, page.pk) for page in inserted)
    FeedEntry.objects.bulk_create(
        [
            FeedEntry(
                feed=feed,
                guid=guid,
                url=entry.url,
                title=ingestion.clean_line(entry.title)[:500],
                author=ingestion.clean_line(entry.author)[:200],
                published_at=entry.published_at,
                page_id=pages[urls[guid]],
            )
            for guid, entry in fresh.items()
        ],
        ignore_conflicts=True,
    )
    batches = [([pages[url] for url in batch], countdown) for batch, countdown in plan]
    transaction.on_commit(lambda: _new_pages_send(batches))
    return len(fresh)


def _feed_succeeded(feed, response, parsed, *, new_items: int) -> None:
    now = timezone.now()
    interval = feeds.next_interval(
        feed.interval_seconds,
        new_items=new_items,
        lowest=settings.ATTRIBUTION_FEED_MIN_INTERVAL,
        highest=settings.ATTRIBUTION_FEED_MAX_INTERVAL,
        gap=feeds.publication_gap(e.published_at for e in parsed.entries)
        if parsed is not None
        else None,
    )
    changes: dict[str, object] = {
        "polling_until": None,
        "last_polled_at": now,
        "last_success_at": now,
        "failures": 0,
        "failing_since": None,
        "blocked": False,
        "polls": F("polls") + 1,
        "interval_seconds": interval,
        "next_poll_at": now + timedelta(seconds=interval),
    }
    if response.status != 304:
        changes["etag"] = response.headers.get("ETag", "")[:500]
        changes["last_modified"] = response.headers.get("Last-Modified", "")[:100]
    if parsed is not None:
        changes["kind"] = parsed.kind
        if not feed.title and parsed.title:
            # The publisher of its articles (their pages are fetched once this
            # commits).
            changes["title"] = ingestion.clean_line(parsed.title)[:300]
    if new_items:
        changes["last_new_item_at"] = now
    Feed.objects.filter(pk=feed.pk).update(**changes)


def _feed_failed(feed: Feed, error: str, *, blocked: bool) -> None:
    """Record the error and back off; a feed failing for a day is paused."""
    now = timezone.now()
    failures = feed.failures + 1
    since = feed.failing_since or now
    wait = feeds.backoff(
        failures,
        lowest=settings.ATTRIBUTION_FEED_MIN_INTERVAL,
        highest=settings.ATTRIBUTION_FEED_MAX_INTERVAL,
    )
    changes = {
        "polling_until": None,
        "last_polled_at": now,
        "last_error_at": now,
        "last_error": error[:2000],
        "blocked": blocked,
        "failures": failures,
        "failing_since": since,
        "polls": F("polls") + 1,
        "next_poll_at": now + timedelta(seconds=wait),
    }
    limit = timedelta(hours=settings.ATTRIBUTION_FEED_PAUSE_AFTER_HOURS)
    if now - since >= limit:
        changes["status"] = Feed.Status.PAUSED
        changes["paused_reason"] = (
            f"Failing since {since:%Y-%m-%d %H:%M} UTC ({failures} polls): {error}"
        )[:500]
    with _soft_state():
        Feed.objects.filter(pk=feed.pk).update(**changes)


# Pages into articles -------------------------------------------------------------


def feed_page_fetch(*, page_id: int) -> Article | None:
    """Fetch a page feeds listed and make it an article (once, however many list it).

    The page's rel=canonical, normalised, is the article's URL; a page whose
    canonical URL or text another page already brought in points at that article.
    The new article carries its first entry's title, date and feed's outlet, is
    placed among wire stories, and is parsed once this commits. Errors end on the
    page with a reason; FetchUnavailable propagates for the task to retry and
    HostBusy for it to wait.
    """
    now = timezone.now()
    with _soft_state():
        claimed = (
            FeedPage.objects.filter(pk=page_id, status=FeedPage.Status.PENDING)
            .filter(Q(fetching_until__isnull=True) | Q(fetching_until__lt=now))
            .update(attempts=F("attempts") + 1, fetching_until=now + POLL_LEASE)
        )
        if not claimed:
            return None
        page = FeedPage.objects.get(pk=page_id)
        host = host_slot(name=_host_of(page.url))  # committed with the claim
    try:
        fetched = _polite_fetch(page.url, host)
        html = ingestion.decode(fetched.body)
        text = (
            ingestion.from_text(html)
            if fetched.kind == "text/plain"
            # The entry gives the date: reading the text for one costs seconds.
            else ingestion.from_html(html, search_text_for_date=False)
        )
    except ingestion.UnusableInput as exc:
        page_fail(page_id=page_id, error=str(exc))
        return None
    canonical = feeds.normalise_url(feeds.canonical_url(html, fetched.url) or page.url)
    entry = page.entries.select_related("feed__outlet").order_by("pk").first()
    with transaction.atomic():
        article = _article_for(page, text, canonical, entry)
        FeedPage.objects.filter(pk=page_id).update(
            status=FeedPage.Status.FETCHED,
            canonical_url=canonical,
            article=article,
            error="",
            fetched_at=timezone.now(),
        )
    return article


def _article_for(page, text, canonical: str, entry: FeedEntry | None) -> Article:
    twin = (
        FeedPage.objects.filter(
            Q(url=canonical) | Q(canonical_url=canonical), article__isnull=False
        )
        .exclude(pk=page.pk)
        .first()
    )
    if twin is not None and twin.article is not None:
        return twin.article
    feed = entry.feed if entry else None
    publisher = (feed.outlet.name if feed.outlet else feed.title) if feed else ""
    article, created = services.article_create(
        text=text,
        title=entry.title if entry else "",
        url=canonical,
        publisher=publisher,
        published_at=entry.published_at if entry else None,
        origin=Article.Origin.FEED,
    )
    if created:
        story_place(article=article, byline=entry.author if entry else "")
    return article


def feed_pages_fetch(*, page_ids: list[int]) -> dict[int, Exception]:
    """Fetch several pages as feed_page_fetch does, their articles parsed together.

    The articles made go to the workers ATTRIBUTION_PARSE_BATCH_SIZE at a time,
    as soon as each batch is saved (services.articles_parse_together), for one
    batched pass of spaCy. Each page's failure is its own and is returned under
    its id (HostBusy, FetchUnavailable, ...) for the task to handle as it would
    for a page alone; the others are fetched and stored as if it were not there.
    """
    failures: dict[int, Exception] = {}
    with services.articles_parse_together():
        for page_id in page_ids:
            try:
                feed_page_fetch(page_id=page_id)
            except Exception as exc:  # each handled by the caller, page by page
                failures[page_id] = exc
    return failures


def page_fail(*, page_id: int, error: str) -> None:
    """End the page with a reason its feed's health page shows."""
    FeedPage.objects.filter(pk=page_id).update(
        status=FeedPage.Status.FAILED, error=error[:2000] or "Fetching failed."
    )


def page_retry_later(*, page_id: int, error: str, wait: float) -> bool:
    """Put the page back to pending, its retry due in `wait` seconds; False (and
    failed) past the limit."""
    page = FeedPage.objects.get(pk=page_id)
    if page.attempts >= PAGE_MAX_ATTEMPTS:
        page_fail(
            page_id=page_id, error=f"Gave up after {page.attempts} tries: {error}"
        )
        return False
    FeedPage.objects.filter(pk=page_id).update(
        status=FeedPage.Status.PENDING,
        fetching_until=None,
        queued_at=timezone.now() + timedelta(seconds=wait),
    )
    return True


def page_release(*, page_id: int, wait: float) -> None:
    """Undo a claim that the host's slot refused, so the retry is not counted; the
    retry is due in `wait` seconds (what feed_pages_sweep goes by)."""
    with _soft_state():
        FeedPage.objects.filter(pk=page_id).update(
            attempts=Greatest(F("attempts") - 1, 0),
            fetching_until=None,
            queued_at=timezone.now() + timedelta(seconds=wait),
        )


def _pages_plan(rows: Iterable[tuple[Key, str]]) -> list[tuple[list[Key], float]]:
    """(key, url) rows of pages in fetch batches of distinct hosts: (keys, countdown).

    The first page of each host goes in the first turn, the second in the next,
    and so on; each turn is cut into batches of at most
    ATTRIBUTION_PARSE_BATCH_SIZE pages (their articles are then parsed in one
    batch), turn n due n host intervals later, when its hosts are free again
    (with no interval, one turn).
    """
    size, step = settings.ATTRIBUTION_PARSE_BATCH_SIZE, _interval().total_seconds()
    turns = _turns_by_host(rows) if step else [[key for key, _ in rows]]
    return [
        (turn[start : start + size], n * step)
        for n, turn in enumerate(turns)
        for start in range(0, len(turn), size)
    ]


def _batch_send(page_ids: list[int], countdown: float) -> bool:
    """Send one feed_pages_fetch task; False (logged) if the broker refused it."""
    try:
        enqueue.feed_pages_fetch(page_ids=page_ids, countdown=countdown)
    except Exception:  # the broker's errors vary by transport
        logger.exception("Could not enqueue pages %s; left to the sweep", page_ids)
        return False
    return True


def pages_send(rows: Iterable[tuple[int, str]]) -> None:
    """Send the fetch of pages (id, url), in batches of distinct hosts (_pages_plan).

    Each page's queued_at is stamped with when its task is due. A batch the
    broker refuses is left unstamped for feed_pages_sweep. Called once the pages
    are committed, so that workers see them.
    """
    now = timezone.now()
    for batch, countdown in _pages_plan(rows):
        if _batch_send(batch, countdown):
            FeedPage.objects.filter(pk__in=batch).update(
                queued_at=now + timedelta(seconds=countdown)
            )


def _new_pages_send(batches: list[tuple[list[int], float]]) -> None:
    """Send the fetch of a poll's new pages, once they are committed: their
    queued_at was stamped as they were inserted, and is cleared again for a batch
    the broker refuses, for feed_pages_sweep."""
    for batch, countdown in batches:
        if not _batch_send(batch, countdown):
            FeedPage.objects.filter(pk__in=batch).update(queued_at=None)


def feed_pages_sweep() -> list[int]:
    """Send again the fetch of pages no worker is going to get to; their ids.

    Pending pages with no live lease, whose task never reached the broker
    (created over ATTRIBUTION_SWEEP_MINUTES ago and never queued), or was due
    over ATTRIBUTION_SWEEP_LOST_MINUTES ago (the broker lost it, or the worker
    holding it for its slot died). A task sent twice does no harm: the fetch's
    claim lets one of them fetch the page.
    """
    now = timezone.now()
    fresh_since = now - timedelta(minutes=settings.ATTRIBUTION_SWEEP_MINUTES)
    lost_since = now - timedelta(minutes=settings.ATTRIBUTION_SWEEP_LOST_MINUTES)
    rows = list(
        FeedPage.objects.filter(
            Q(queued_at__isnull=True, created_at__lt=fresh_since)
            | Q(queued_at__lt=lost_since),
            Q(fetching_until__isnull=True) | Q(fetching_until__lt=now),
            status=FeedPage.Status.PENDING,
        )
        .order_by("pk")
        .values_list("pk", "url")
    )
    pages_send(rows)
    return [pk for pk, _ in rows]


# Wire copies ---------------------------------------------------------------------

_STORY_LOCK = 0x57495245  # one advisory lock: placing copies takes turns


def story_place(*, article: Article, byline: str = "") -> Story:
    """Put the article in the story whose copies its text nearly repeats, or a new one.

    MinHash signatures of 5-word shingles with LSH bands find candidates; the
    closest copy at COPY_THRESHOLD or more decides. The agency named in the
    dateline or byline is credited on the story and, as the outermost outlet, on
    the claims of its copies already parsed. Placements take turns (an advisory
    lock on PostgreSQL), so two copies arriving at once join one story.
    """
    sig = feeds.signature(article.body)
    keys = feeds.bands(sig)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_STORY_LOCK])
        story, score = _closest_story(sig, keys)
        if story is None:
            story = Story.objects.create(title=article.title[:500])
        copy = StoryCopy.objects.create(
            story=story, article=article, signature=sig, similarity=score
        )
        StoryBand.objects.bulk_create(
            StoryBand(copy=copy, band=i, key=key) for i, key in enumerate(keys)
        )
        agency = feeds.agency_in(article.body, byline=byline)
        if agency and story.agency_id is None:
            story.agency = services.outlet_get_or_create(name=agency)
            story.save(update_fields=["agency"])
            for other in story.copies.exclude(article=article).select_related(
                "article"
            ):
                services.article_credit_agency(article=other.article)
    return story


def _closest_story(sig: list[int], keys: list[int]) -> tuple[Story | None, float]:
    # One scan of the (band, key) index for all the bands; a key met in another
    # band than its own is dropped here (a chance match across bands).
    wanted = set(enumerate(keys))
    hits = StoryBand.objects.filter(
        band__in=range(len(keys)), key__in=keys
    ).values_list("copy", "band", "key")
    copies = {copy for copy, band, key in hits if (band, key) in wanted}
    candidates = StoryCopy.objects.filter(pk__in=copies).select_related("story")
    best, score = None, 0.0
    for candidate in candidates:
        similar = feeds.similarity(sig, candidate.signature)
        if similar >= feeds.COPY_THRESHOLD and similar > score:
            best, score = candidate.story, similar
    return best, (score if best else 1.0)


def stories_of(articles: list[int]) -> dict[int, int]:
    """article id -> story id, for the articles that are copies in a story."""
    return dict(
        StoryCopy.objects.filter(article__in=articles).values_list("article", "story")
    )


def article_create_from_archive(
    *, page: feeds.ArchivedPage, fetched_at: datetime | None = None
) -> tuple[Article, bool]:
    """An article from a WARC record (manage.py ingest), placed among stories.

    Its date is the record's (WARC-Date) when it has one, and then the page's
    text is not searched for a date (see ingestion.from_html: seconds on a long
    page), as for a feed's pages.
    """
    published_at = page.fetched_at or fetched_at
    with transaction.atomic():
        text = ingestion.from_html(
            ingestion.decode(page.html), search_text_for_date=published_at is None
        )
        url = (
            feeds.normalise_url(feeds.canonical_url(page.html, page.url) or page.url)
            if page.url
            else ""
        )
        article, created = services.article_create(
            text=text,
            url=url,
            published_at=published_at,
            origin=Article.Origin.ARCHIVE,
        )
        if created:
            story_place(article=article)
    return article, created


def _turns_by_host(rows: Iterable[tuple[Key, str]]) -> list[list[Key]]:
    """The keys of (key, url) rows in turns: one of each host, then the next, ..."""
    by_host: dict[str, list[Key]] = defaultdict(list)
    for key, url in rows:
        by_host[_host_of(url)].append(key)
    return [
        [key for key in turn if key is not None]
        for turn in itertools.zip_longest(*by_host.values())
    ]
