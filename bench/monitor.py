"""Following outlets end to end: feeds to stored claims, through real workers.

Starts local sites (HTTP servers on 127.0.0.1, one port per site, so one host per
site) serving FEEDS feeds of 20 entries each. The entries point at article pages
built from real article text (bench/eval/articles) with each site's navigation,
related links and footer around it; a share of the pages are wire copies of each
other (one agency story on three sites, lightly edited, the dateline kept or not),
and entries reach the same page through URL variants (tracking parameters,
fragments, AMP pages naming their canonical URL). Then, on PostgreSQL and Redis:

1. throughput: every entry visible at once; real `celery worker` processes (1, then
   2) poll the feeds (handed out every DISPATCH seconds by feeds_dispatch, what
   beat runs) and turn the pages into parsed articles. Articles per minute from
   the first poll to the last article parsed, against bench/ingest.py's runs on
   the same articles' text in the same process, one just before and one just
   after (the mean of their articles per minute);
2. lag: with the most workers, pages appear one by one over REVEAL seconds; the lag
   from a page's appearance in its feeds to its claims being stored (p50, p99)
   against the poll interval;
3. correctness against the bench's own truth: entries of one page made one article
   (duplicates) and copies of one agency story made one story (wire), as
   precision and recall over pairs;
4. politeness: the servers record every request's time by host and report the
   shortest gap between two requests to one host against the setting.

    CELERY_BROKER_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/monitor.py
    .venv/bin/python bench/monitor.py --feeds 200 --stories 56 --wire 10 --reveal 90

The database is BENCH_MONITOR_DATABASE_URL (default attribution_bench_monitor on the
local PostgreSQL), created and migrated when missing; everything in it is deleted.
"""

import argparse
import hashlib
import os
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from math import comb
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from bench_database import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/attribution_bench_monitor"
ENTRIES_PER_FEED = 20
AGENCIES = [("AP", "(AP) —"), ("Reuters", "(Reuters) -")]


# The bench's sites -----------------------------------------------------------------


class Page:
    def __init__(self, key: int, site: int, text: str, title: str, wire: int | None):
        self.key, self.site, self.text, self.title, self.wire = (
            key,
            site,
            text,
            title,
            wire,
        )
        self.appears_at = 0.0  # monotonic; 0 means from the start
        # An entry's date is fixed, as on a real site, so that a feed's ETag changes
        # only when an entry appears (a date of "now" made every poll a new body).
        self.published = datetime(2026, 12, 1, 8, tzinfo=UTC) + timedelta(minutes=key)

    @property
    def path(self) -> str:
        return f"/news/{self.key}-{re.sub(r'[^a-z]+', '-', self.title.lower())[:40]}"


def load_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "bench" / "eval" / "articles").glob("*.txt")):
        title, _, body = path.read_text().partition("\n")
        texts.append((title.strip(), body.strip()))
    return texts


def build_pages(stories: int, wire: int, sites: int) -> list[Page]:
    """`stories` pages of their own, and `wire` agency stories in three copies each."""
    texts = load_texts()
    if stories + wire > len(texts):
        sys.exit(f"only {len(texts)} texts: lower --stories or --wire")
    rng = random.Random(16)
    pages: list[Page] = []
    for n, (title, body) in enumerate(texts[:stories]):
        pages.append(Page(len(pages), n % sites, body, title, None))
    for w, (title, body) in enumerate(texts[stories : stories + wire]):
        agency, mark = AGENCIES[w % len(AGENCIES)]
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        for copy in range(3):
            edited = list(paragraphs)
            if copy == 1 and len(edited) > 4:
                del edited[-2]  # a site trims a paragraph
            if copy == 2:
                edited[-1] = (
                    edited[-1] + " Our correspondent contributed to this report."
                )
            lead = f"LONDON {mark} {edited[0]}" if copy < 2 else edited[0]
            text = "\n\n".join([lead, *edited[1:]])
            if copy == 2:
                text += f"\n\nThis story was provided by {agency}."
            site = rng.randrange(sites)
            pages.append(Page(len(pages), site, text, f"{title} ({copy})", w))
    return pages


def page_html(page: Page, site: int, *, amp_of: str = "") -> bytes:
    canonical = f'<link rel="canonical" href="{escape(amp_of)}">' if amp_of else ""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in page.text.split("\n\n"))
    related = "".join(
        f'<li><a href="/news/{n}">Related story {n}</a></li>' for n in range(5)
    )
    return (
        f"<!doctype html><html><head><title>{escape(page.title)} | Site {site}</title>"
        f"{canonical}</head><body><header><nav>Home | World | Politics | Business | "
        f"Sport | Opinion | Subscribe | Sign in</nav></header><main><article>"
        f"<h1>{escape(page.title)}</h1>{paragraphs}</article>"
        f"<aside><h2>Most read</h2><ul>{related}</ul></aside></main>"
        f"<footer>© Site {site} News Ltd. All rights reserved. Cookie settings. "
        "Contact us. Terms of use.</footer></body></html>"
    ).encode()


class Sites:
    """One HTTP server per site; feeds list pages of every site through variants."""

    def __init__(self, pages: list[Page], sites: int, feeds: int) -> None:
        self.pages = pages
        self.lock = threading.Lock()
        self.requests: dict[str, list[float]] = defaultdict(list)
        self.servers = []
        for site in range(sites):
            server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, site))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
        self.base = [f"http://127.0.0.1:{s.server_port}" for s in self.servers]
        rng = random.Random(7)
        # feed -> (site serving it, [(entry guid, page, url variant)])
        self.feeds = []
        for f in range(feeds):
            listed = rng.sample(pages, min(ENTRIES_PER_FEED, len(pages)))
            entries = [(f"f{f}-p{p.key}", p, self._variant(p, rng)) for p in listed]
            self.feeds.append((f % sites, entries))

    def _variant(self, page: Page, rng: random.Random) -> str:
        url = self.base[page.site] + page.path
        return rng.choice(
            [
                url,
                f"{url}?utm_source=rss&utm_medium=feed",
                f"{url}#comments",
                f"{url}/amp",
            ]
        )

    def feed_xml(self, f: int) -> bytes:
        now = time.monotonic()
        _, entries = self.feeds[f]
        visible = [(g, p, u) for g, p, u in entries if p.appears_at <= now]
        items = "".join(
            f"<item><title>{escape(p.title)}</title><link>{escape(u)}</link>"
            f"<guid>{g}</guid><author>desk@site{p.site}.example (Desk)</author>"
            f"<pubDate>{format_datetime(p.published)}</pubDate></item>"
            for g, p, u in visible
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {f}</title>'
            f"<link>{self.base[self.feeds[f][0]]}/</link>{items}</channel></rss>"
        ).encode()

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()

    def shortest_gap(self) -> tuple[float, int]:
        """The shortest time between two requests to one host, and all requests."""
        gaps, total = [], 0
        with self.lock:
            for times in self.requests.values():
                times = sorted(times)
                total += len(times)
                gaps += [b - a for a, b in zip(times, times[1:], strict=False)]
        return (min(gaps) if gaps else float("inf")), total


def _handler(sites: Sites, site: int):
    by_path: dict[str, Page] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            with sites.lock:
                sites.requests[f"site{site}"].append(time.monotonic())
            if not by_path:
                for p in sites.pages:
                    if p.site == site:
                        by_path[p.path] = p
            path = urlsplit(self.path).path
            kind, body, status, etag = "text/html; charset=utf-8", b"", 200, ""
            if path == "/robots.txt":
                kind, body = "text/plain", b"User-agent: *\nDisallow: /private/\n"
            elif path.startswith("/feeds/"):
                f = int(path.rsplit("/", 1)[1].removesuffix(".xml"))
                body, kind = sites.feed_xml(f), "application/rss+xml"
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
            elif path.removesuffix("/amp") in by_path:
                page = by_path[path.removesuffix("/amp")]
                amp = path.endswith("/amp")
                canonical = sites.base[site] + page.path if amp else ""
                body = page_html(page, site, amp_of=canonical)
            else:
                status, body = 404, b"not here"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


# Runs ------------------------------------------------------------------------------


def feed_run(
    sites: Sites, count: int, dispatch: float, timeout: float, ingest, on_start=None
):
    """Poll every feed with `count` workers until every page's article is parsed.

    `on_start` runs once the workers are warm, just before the feeds are added.
    """
    from django.core.management import call_command

    from attribution import feed_services, services
    from attribution.models import Article, FeedPage

    call_command("flush", "--noinput", verbosity=0)
    ingest._purge_queue()
    logs = Path(os.environ["BENCH_LOGS"])
    workers = [ingest._start_worker(i, logs) for i in range(count)]
    try:
        for _, log in workers:
            ingest._wait(lambda log=log: " ready." in log.read_text(), 120, workers)
        warm = [
            services.article_create(**a)[0].pk for a in ingest._generate(count, 9000)
        ]
        ingest._wait(lambda: ingest._finished(warm) == len(warm), 300, workers)
        # The warm-up articles stay (their speakers protect them): not counted.
        articles = Article.objects.exclude(pk__in=warm)
        if on_start is not None:
            on_start()
        for f, (site, _) in enumerate(sites.feeds):
            feed_services.feed_create(url=f"{sites.base[site]}/feeds/{f}.xml")
        started = time.perf_counter()
        expected = len(sites.pages)
        next_dispatch = 0.0

        def done() -> bool:
            nonlocal next_dispatch
            if time.perf_counter() >= next_dispatch:
                feed_services.feeds_dispatch()
                next_dispatch = time.perf_counter() + dispatch
            settled = (
                FeedPage.objects.filter(status=FeedPage.Status.FAILED).count()
                + articles.filter(
                    status__in=[Article.Status.PARSED, Article.Status.FAILED]
                ).count()
            )
            return settled >= expected

        ingest._wait(done, timeout, workers)
        wall = time.perf_counter() - started
    finally:
        for worker, _ in workers:
            ingest._stop(worker)
    return wall, _job_seconds(articles)


def _job_seconds(articles) -> float:
    """The mean time of a parse task, a gauge of how busy the machine was."""
    from django.db.models import Avg, F

    mean = articles.filter(parse_started_at__isnull=False).aggregate(
        job=Avg(F("parsed_at") - F("parse_started_at"))
    )["job"]
    return mean.total_seconds() if mean else 0.0


def lag_figures(sites: Sites, started_wall: float, started_mono: float) -> list[float]:
    """Seconds from each page's appearance to its article's claims being stored."""
    from attribution.models import FeedPage

    lags = []
    by_url = {sites.base[p.site] + p.path: p for p in sites.pages}
    for url, parsed_at in FeedPage.objects.filter(
        article__parsed_at__isnull=False
    ).values_list("url", "article__parsed_at"):
        page = by_url.get(url)
        if page is None or parsed_at is None:
            continue
        appeared = started_wall + (page.appears_at - started_mono)
        lags.append(parsed_at.timestamp() - appeared)
    return sorted(lags)


def pair_scores(truth: dict, found: dict) -> tuple[float, float]:
    """Precision and recall of `found`'s groups against `truth`'s, over pairs."""
    cells = Counter((truth[k], found[k]) for k in truth if k in found)
    both = sum(comb(n, 2) for n in cells.values())
    found_pairs = sum(
        comb(n, 2) for n in Counter(found[k] for k in truth if k in found).values()
    )
    truth_pairs = sum(comb(n, 2) for n in Counter(truth.values()).values())
    return (both / found_pairs if found_pairs else 1.0), (
        both / truth_pairs if truth_pairs else 1.0
    )


def correctness(sites: Sites) -> dict[str, tuple[float, float]]:
    from attribution.models import FeedEntry, StoryCopy

    page_of_guid = {g: p.key for _, entries in sites.feeds for g, p, _ in entries}
    rows = FeedEntry.objects.values_list("guid", "page__article")
    article_of_guid = {g: a for g, a in rows if a is not None}
    dup = pair_scores(page_of_guid, article_of_guid)

    by_url = {sites.base[p.site] + p.path: p for p in sites.pages}
    truth, found = {}, {}
    copies = StoryCopy.objects.values_list("article__url", "story")
    for url, story in copies:
        page = by_url.get(url)
        if page is None:
            continue
        truth[page.key] = ("wire", page.wire) if page.wire is not None else page.key
        found[page.key] = story
    return {"duplicates": dup, "wire": pair_scores(truth, found)}


def lag_run(sites: Sites, pages: list[Page], args: argparse.Namespace, ingest) -> None:
    """Pages appear one by one over --reveal seconds; print the lag to their claims."""
    clock: dict[str, float] = {}

    def reveal() -> None:
        clock["mono"], clock["wall"] = time.monotonic(), time.time()
        for n, page in enumerate(random.Random(3).sample(pages, len(pages))):
            page.appears_at = clock["mono"] + args.reveal * n / len(pages)
            page.published = datetime.fromtimestamp(
                int(clock["wall"] + args.reveal * n / len(pages)), UTC
            )

    feed_run(sites, max(args.workers), args.dispatch, args.timeout, ingest, reveal)
    lags = lag_figures(sites, clock["wall"], clock["mono"])
    if lags:
        p50 = median(lags)
        p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
        print(
            f"lag appearance -> claims over {len(lags)} pages: p50 {p50:.1f} s, "
            f"p99 {p99:.1f} s (target p99 <= {2 * args.interval} s, two poll intervals)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--stories", type=int, default=56, help="pages of their own")
    parser.add_argument("--wire", type=int, default=10, help="stories in 3 copies")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--interval", type=int, default=30, help="min poll seconds")
    parser.add_argument("--politeness", type=int, default=1, help="seconds per host")
    parser.add_argument("--dispatch", type=float, default=2.0)
    parser.add_argument("--reveal", type=float, default=90.0, help="lag run seconds")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()

    database = os.environ.get("BENCH_MONITOR_DATABASE_URL", DEFAULT_DATABASE)
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    ensure_database(database)
    import tempfile

    logs = tempfile.mkdtemp(prefix="bench-monitor-")
    os.environ.update(
        DATABASE_URL=database,
        CELERY_BROKER_URL=broker,
        CELERY_QUEUE="attribution-bench-monitor",
        DJANGO_SETTINGS_MODULE="attribution.settings",
        LOG_LEVEL="WARNING",
        ATTRIBUTION_FETCH_ALLOW_LOOPBACK="true",
        ATTRIBUTION_HOST_INTERVAL=str(args.politeness),
        ATTRIBUTION_FEED_MIN_INTERVAL=str(args.interval),
        ATTRIBUTION_FEED_MAX_INTERVAL=str(args.interval * 4),
        BENCH_LOGS=logs,
    )
    sys.path.insert(0, str(ROOT / "bench"))
    import ingest

    ingest.QUEUE = "attribution-bench-monitor"
    import django

    django.setup()
    from django.core.management import call_command

    from attribution import ingestion

    call_command("migrate", verbosity=0)
    pages = build_pages(args.stories, args.wire, args.sites)
    sites = Sites(pages, args.sites, args.feeds)
    entries = sum(len(e) for _, e in sites.feeds)
    print(
        f"{args.feeds} feeds x {ENTRIES_PER_FEED} entries ({entries}) on {args.sites} "
        f"sites, {len(pages)} pages ({args.wire} wire stories x 3 copies); politeness "
        f"{args.politeness} s per host, poll interval {args.interval}-"
        f"{args.interval * 4} s; broker {broker}"
    )
    texts = [
        {"text": ingestion.from_html(page_html(p, p.site).decode()), "title": p.title}
        for p in pages
    ]
    # ingest.py runs before and after each feed run, and the feed run is set
    # against their mean: on a shared machine the load drifts within minutes (the
    # job column, a parse task's mean seconds, shows how much).
    print(
        f"{'run':>22} {'workers':>7} {'articles/min':>12} {'wall s':>8} "
        f"{'submit s':>8} {'extract':>9} {'job':>7} {'claims':>7} {'failed':>6}"
    )

    def ingest_rate(count: int) -> float:
        print(f"{'ingest.py (baseline)':>22} ", end="", flush=True)
        return ingest._run(count, texts, ingest._generate(count, 9000), args.timeout)

    for count in args.workers:
        before = ingest_rate(count)
        wall, job = feed_run(sites, count, args.dispatch, args.timeout, ingest)
        scores = correctness(sites)  # before ingest.py empties the database
        rate = len(pages) / wall * 60
        print(
            f"{'feeds (monitor)':>22} {count:>7} {rate:>12.1f} {wall:>8.1f} "
            f"{'':>8} {'':>9} {job:>7.3f}"
        )
        base = (before + ingest_rate(count)) / 2
        print(
            f"{'':>22} ratio to ingest.py (mean {base:.1f}): {rate / base:.2f} "
            "(target >= 0.8)"
        )
    for name, (precision, recall) in scores.items():
        print(
            f"{name}: precision {precision:.3f}, recall {recall:.3f} (target >= 0.98)"
        )

    lag_run(sites, pages, args, ingest)
    gap, total = sites.shortest_gap()
    print(
        f"politeness: {total} requests in all runs, shortest gap to one host "
        f"{gap:.2f} s (setting {args.politeness} s)"
    )
    sites.stop()


if __name__ == "__main__":
    main()
