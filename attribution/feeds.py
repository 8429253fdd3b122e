"""Following outlets, the pure part: feeds, URLs, schedules, wire copies, WARC files.

No Django and no network here: these functions take bytes and text and return plain
data, so that feed_services.py (the writes) and the tests can rely on them alone.
"""

import hashlib
import io
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from statistics import median
from urllib import robotparser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from xml.sax.saxutils import escape, quoteattr

import feedparser
import lxml.etree
import lxml.html
from datasketch import MinHash

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
}


class FeedError(ValueError):
    """The document is not a feed or sitemap we can read; the message says why."""


# URLs ------------------------------------------------------------------------------

# Query parameters that say how a reader arrived, not which page they read.
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_hs.*"
    r"|ocid|cmpid|smid|ref|ref_src|share|via|at_medium|at_campaign|ito|CMP)$",
    re.IGNORECASE,
)
_AMP_PATH = re.compile(r"(/amp/?$|/amp(?=/)|\.amp(?=\.html?$|$))", re.IGNORECASE)


def normalise_url(url: str) -> str:
    """One spelling per page: the key by which a page is fetched once.

    Lower-case scheme and host, no default port, no fragment, no tracking
    parameters (utm_*, fbclid, ...), the remaining parameters sorted, and the AMP
    variant of a page (an `amp` host label, path segment or `.amp` suffix, or an
    `amp` parameter) mapped to the page itself. The path's case is kept.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("amp."):
        host = host[4:]
    port = parts.port
    netloc = (
        host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    )
    path = _AMP_PATH.sub("", parts.path) or "/"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k) and k.lower() not in {"amp", "outputtype"}
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def _html_tree(html: str | bytes):
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def canonical_url(html: str | bytes, base: str) -> str:
    """The page's own `<link rel="canonical">`, absolute; "" when it names none."""
    tree = _html_tree(html)
    if tree is None:
        return ""
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and link.get("href"):
            return urljoin(base, link.get("href").strip())
    return ""


def discover_feeds(html: str | bytes, base: str) -> list[str]:
    """Feed URLs a home page announces with `<link rel="alternate" type=...>`."""
    tree = _html_tree(html)
    if tree is None:
        return []
    found = []
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and link.get("href"):
            url = urljoin(base, link.get("href").strip())
            if url not in found:
                found.append(url)
    return found


def looks_like_feed(data: bytes) -> bool:
    """True when the bytes start like RSS, Atom, RDF or a sitemap, not a web page."""
    head = data[:2048].lstrip().lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<urlset"))


# Feeds and sitemaps ----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    guid: str
    url: str
    title: str = ""
    author: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    kind: str  # rss, atom, sitemap
    entries: list[Entry] = field(default_factory=list)


def parse_feed(data: bytes, *, base: str = "", max_entries: int = 1000) -> ParsedFeed:
    """Read RSS, Atom or a (news) sitemap; FeedError when it is none of them.

    Entries without a link are dropped; at most `max_entries` are kept (a feed
    is a window on the latest items, not an archive). A feed with a recoverable
    syntax slip is still read, as feedparser does.
    """
    head = data[:2048].lstrip().lower()
    if b"<urlset" in head:
        return _parse_sitemap(data, base, max_entries)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version", "")
    if not version:
        reason = parsed.get("bozo_exception") or "no RSS or Atom element"
        raise FeedError(f"This is not a feed we can read: {reason}")
    entries = []
    for item in parsed.entries[:max_entries]:
        link = urljoin(base, item.get("link", "").strip())
        if not link.startswith(("http://", "https://")):
            continue
        entries.append(
            Entry(
                guid=(item.get("id") or link)[:1000],
                url=link,
                title=item.get("title", "")[:500],
                author=item.get("author", "")[:200],
                published_at=_when(
                    item.get("published_parsed") or item.get("updated_parsed")
                ),
            )
        )
    kind = "atom" if version.startswith("atom") else "rss"
    return ParsedFeed(
        title=parsed.feed.get("title", "")[:300], kind=kind, entries=entries
    )


def _when(parsed_time) -> datetime | None:
    if not parsed_time:
        return None
    year, month, day, hour, minute, second = parsed_time[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _parse_sitemap(data: bytes, base: str, max_entries: int) -> ParsedFeed:
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False
    )
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise FeedError(f"This sitemap is not well-formed XML: {exc}") from None
    entries = []
    for node in root.iterfind("{*}url"):
        loc = (node.findtext("{*}loc") or "").strip()
        if not loc.startswith(("http://", "https://")):
            continue
        title = node.findtext(f"{_NEWS_NS}news/{_NEWS_NS}title") or ""
        date = node.findtext(f"{_NEWS_NS}news/{_NEWS_NS}publication_date") or (
            node.findtext("{*}lastmod") or ""
        )
        entries.append(
            Entry(guid=loc, url=loc, title=title.strip()[:500], published_at=_iso(date))
        )
        if len(entries) >= max_entries:
            break
    return ParsedFeed(title="", kind="sitemap", entries=entries)


def _iso(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# OPML ------------------------------------------------------------------------------


def opml_parse(data: bytes) -> list[tuple[str, str]]:
    """(xmlUrl, title) of every feed outline in an OPML file, nested ones included."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise FeedError(f"This OPML file is not well-formed XML: {exc}") from None
    if root.tag != "opml":
        raise FeedError("This file is not OPML (its root element is not <opml>).")
    found = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            found.append((url, (outline.get("title") or outline.get("text") or "")))
    return found


def opml_render(feeds: Iterable[tuple[str, str, str]], *, title: str) -> str:
    """An OPML 2.0 document of (xmlUrl, title, htmlUrl) rows."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{escape(title)}</title></head>",
        "  <body>",
    ]
    for url, name, site in feeds:
        attrs = f'type="rss" text={quoteattr(name or url)} xmlUrl={quoteattr(url)}'
        if site:
            attrs += f" htmlUrl={quoteattr(site)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


# Schedules -------------------------------------------------------------------------


def next_interval(
    current: int,
    *,
    new_items: int,
    lowest: int,
    highest: int,
    gap: float | None = None,
) -> int:
    """The wait before the next poll, in seconds, adapted to how busy the feed is.

    New items halve it (a busy feed is read more often), none lengthen it by half
    (a quiet one less often), always between `lowest` and `highest`. When the
    feed's items tell how often it publishes (`gap`, see publication_gap), new
    items set it to half that gap instead: a feed first read with a day's backlog
    of twenty items is read every hour or so, not every few minutes until it has
    been quiet long enough, and a feed publishing every minute is read at once
    as often as allowed.
    """
    if new_items:
        wanted = gap / 2 if gap is not None else current / 2
    else:
        wanted = current * 1.5
    return int(min(highest, max(lowest, wanted)))


def publication_gap(dates: Iterable[datetime | None]) -> float | None:
    """The usual time between a feed's items, in seconds, from their dates.

    The median gap between consecutive distinct publication dates; None when
    fewer than three items are dated (too few to tell).
    """
    known = sorted({when for when in dates if when is not None})
    if len(known) < 3:
        return None
    return median((b - a).total_seconds() for a, b in pairwise(known))


def backoff(failures: int, *, lowest: int, highest: int) -> int:
    """The wait after `failures` failed polls in a row: doubling, capped."""
    return int(min(highest, lowest * 2 ** max(0, failures - 1)))


def robots_allows(robots_txt: str, url: str, agent: str) -> bool:
    """Whether robots.txt lets `agent` fetch `url`; an empty robots.txt allows all."""
    parser = robotparser.RobotFileParser()
    parser.parse(robots_txt.splitlines())
    return parser.can_fetch(agent, url)


# Wire copies -----------------------------------------------------------------------

PERMUTATIONS = 128
BANDS, ROWS = 32, 4  # candidates from about 0.4 Jaccard up
COPY_THRESHOLD = 0.5  # estimated Jaccard of two copies of one story
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str) -> list[int]:
    """The MinHash of the text's 5-word shingles (datasketch), as plain ints."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - 4))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch(s.encode("utf-8") for s in shingles)
    return [int(v) for v in minhash.hashvalues]


def bands(sig: list[int]) -> list[int]:
    """One signed 63-bit key per LSH band: copies share at least one of them."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f"<{ROWS}Q", *chunk), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


# Agencies as copies name them: "WASHINGTON (AP) —", "(Reuters) -", "By ... | AFP".
AGENCIES = {
    "Associated Press": re.compile(r"\(AP\)\s*[—–-]|\bAssociated Press\b"),
    "Reuters": re.compile(r"\(Reuters\)\s*[—–-]|\bReuters\b"),
    "Agence France-Presse": re.compile(r"\(AFP\)\s*[—–-]|\bAgence France-Presse\b"),
}
_DATELINE = re.compile(r"^[^\n]{0,80}?\((AP|Reuters|AFP)\)\s*[—–-]", re.MULTILINE)
_SHORT = {"AP": "Associated Press", "Reuters": "Reuters", "AFP": "Agence France-Presse"}


def agency_in(text: str, *, byline: str = "") -> str:
    """The news agency a copy credits in its dateline or byline, or "".

    The dateline ("LONDON (Reuters) -") decides first; then the byline the feed
    gave, then a credit line in the last 300 characters ("Reporting by ...;
    Reuters", "The Associated Press contributed"). A mention inside the story is
    not a credit.
    """
    match = _DATELINE.search(text[:500])
    if match:
        return _SHORT[match.group(1)]
    for where in (byline, text[-300:]):
        for name, pattern in AGENCIES.items():
            if where and pattern.search(where):
                return name
    return ""


# WARC files ------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    fetched_at: datetime | None
    html: bytes


def warc_pages(stream: io.BufferedIOBase, *, max_bytes: int) -> Iterator[ArchivedPage]:
    """The HTML pages (200 responses) of a .warc or .warc.gz stream, in order.

    Other records (requests, metadata, redirects, images) are skipped, and so is a
    page larger than `max_bytes`, which is read no further than that.
    """
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        if record.http_headers.get_statuscode() != "200":
            continue
        kind = (record.http_headers.get_header("Content-Type") or "").lower()
        if "html" not in kind:
            continue
        body = record.content_stream().read(max_bytes + 1)
        if len(body) > max_bytes:
            continue
        yield ArchivedPage(
            url=record.rec_headers.get_header("WARC-Target-URI") or "",
            fetched_at=_iso(record.rec_headers.get_header("WARC-Date") or ""),
            html=body,
        )
