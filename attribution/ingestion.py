"""Turning what a newsroom hands us (bytes, text, HTML) into an article's clean body.

Pure functions with no database: decode, extract the main text from HTML, normalise,
drop site boilerplate, hash. Claim offsets point into the text these return, so every
step that changes characters happens here, before extraction.
"""

import hashlib
import ipaddress
import re
import socket
import threading
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nh3
import requests
import trafilatura
import urllib3
from charset_normalizer import from_bytes
from requests_hardened import Config, Manager
from requests_hardened.ip_filter import InvalidIPAddress


class UnusableInput(ValueError):
    """The input cannot become an article; the message says why, for the user."""


class TooLarge(UnusableInput):
    """The input is over a size limit; the message names the limit."""


class FetchUnavailable(Exception):
    """Fetching a page failed in a way that may pass: a timeout, a 5xx, no route."""


@dataclass(frozen=True)
class ArticleText:
    body: str
    title: str = ""
    html: str = ""
    published: str = ""


# Short paragraphs that sites append to every story: "read more" links, newsletter
# and social-media prompts. Matched anywhere in a paragraph of at most MAX chars.
_BOILERPLATE = re.compile(
    r"read (all|more)( the latest)?\b.*\bnews\b|^read more\b|^also read\b|^related:"
    r"|follow us on\b|subscribe to (our|the)\b|sign up (for|to) (our|the)\b"
    r"|newsletter\b|download the \w+ app|click here\b",
    re.IGNORECASE,
)
_BOILERPLATE_MAX = 300
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")
# Characters no article needs: C0 controls but tab and newlines, DEL, the bidi
# embedding, override and isolate controls (they can make a name read backwards);
# and lone surrogates, which PostgreSQL cannot store.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = str.maketrans(
    {"\x0b": "\n", "\x0c": "\n\n", "\u2028": "\n", "\u2029": "\n\n"}
)

# Limits on what becomes an article. MAX_BYTES is also the request body cap
# (settings.DATA_UPLOAD_MAX_MEMORY_SIZE). MAX_CHARS keeps a parse well inside the
# worker's time limit: 200,000 characters (a very long feature is 60,000) parse in
# about half a minute.
MAX_BYTES = 5 * 1024 * 1024
MAX_CHARS = 200_000


def size_label(n_bytes: int) -> str:
    """'5 MB', '512 KB': a limit as people read it."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n_bytes >= size:
            return f"{n_bytes / size:.3g} {unit}"
    return f"{n_bytes} bytes"


def check_size(n_bytes: int, what: str = "The file") -> None:
    if n_bytes > MAX_BYTES:
        raise TooLarge(f"{what} is larger than {size_label(MAX_BYTES)}, the limit.")


def decode(data: bytes) -> str:
    """Decode bytes whose encoding may be anything; refuse binary data."""
    check_size(len(data))
    if not data:
        raise UnusableInput("The file is empty.")
    if not data.strip():
        raise UnusableInput("The file is empty: it holds only whitespace.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_binary(text):
            return text
    best = from_bytes(data).best()
    if best is not None and not _looks_binary(str(best)):
        return str(best)
    if _looks_binary(data.decode("latin-1")):
        raise UnusableInput(
            "The file is binary data (an image, a PDF or a program, say), not text "
            "in any encoding; save the article as UTF-8 text or HTML and try again."
        )
    raise UnusableInput(
        "The file is not text in any encoding we can detect; "
        "save it as UTF-8 text or HTML and try again."
    )


def _looks_binary(text: str) -> bool:
    return len(_CONTROLS.findall(text)) > len(text) / 20


def _check_text(text: str) -> None:
    """Refuse text that is empty or is binary data pasted or sent as text."""
    if not text.strip():
        raise UnusableInput(
            "The article has no text, only whitespace."
            if text
            else "The article has no text."
        )
    if _looks_binary(text):
        raise UnusableInput(
            "The text is binary data (full of control characters), not an article."
        )


def _check_length(body: str) -> None:
    if len(body) > MAX_CHARS:
        raise TooLarge(
            f"The article text is {len(body):,} characters long, more than "
            f"{MAX_CHARS:,}, the limit; split it into parts."
        )


def normalise(text: str) -> str:
    """NFC; no NUL bytes, controls or lone surrogates; Unix newlines; one blank
    line between paragraphs."""
    text = _SURROGATES.sub("\ufffd", text.translate(_LINE_BREAKS))
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [_SPACES.sub(" ", p).strip() for p in _BLANK_LINES.split(text)]
    return "\n\n".join(p for p in paragraphs if p)


def drop_boilerplate(text: str) -> str:
    """Remove short 'read more', newsletter and follow-us paragraphs."""
    kept = [
        p
        for p in text.split("\n\n")
        if len(p) > _BOILERPLATE_MAX or not _BOILERPLATE.search(p)
    ]
    return "\n\n".join(kept)


def clean_text(text: str) -> str:
    """The body an article stores: normalised, with site boilerplate dropped."""
    return drop_boilerplate(normalise(text))


def clean_line(text: str) -> str:
    """A one-line value (title, outlet name) cleaned as bodies are, on one line."""
    return " ".join(normalise(text).split())


def from_text(text: str) -> ArticleText:
    _check_text(text)
    body = clean_text(text)
    if not body:
        raise UnusableInput("The article has no text.")
    _check_length(body)
    return ArticleText(body=body)


def from_html(html: str, *, search_text_for_date: bool = True) -> ArticleText:
    """Main text and title of an HTML page, via trafilatura; the HTML sanitised.

    Scripts, styles and event handlers never reach the body (trafilatura keeps
    only text) nor the stored HTML (nh3 drops them). With search_text_for_date
    off, the date comes from the page's markup alone, never from reading its
    text (htmldate's extensive search, through dateparser, whose first use in a
    process compiles every language's patterns: 5-20 s): for callers that have
    the date already (a feed's entry).
    """
    _check_text(html)
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,  # navigation in a claim is worse than a lost caption
        date_extraction_params={
            "original_date": True,
            "extensive_search": search_text_for_date,
        },
    )
    text = (document.text or "") if document is not None else ""  # type: ignore[union-attr]
    title = (document.title or "") if document is not None else ""  # type: ignore[union-attr]
    # trafilatura keeps one paragraph per line; the body keeps blank lines between.
    body = clean_text(text.replace("\n", "\n\n"))
    if title and body.startswith(title + "\n\n"):
        body = body[len(title) + 2 :]
    if not _has_prose(body):
        raise UnusableInput(
            "No article text was found in this HTML page: it may be all navigation, "
            "or need JavaScript to show its text. Paste the text instead."
        )
    _check_length(body)
    return ArticleText(
        body=body,
        title=clean_line(title)[:500],
        html=nh3.clean(html),
        published=(document.date or "") if document is not None else "",  # type: ignore[union-attr]
    )


# What a first line that is not a headline looks like: a dateline ("LONDON
# (Reuters) -", "PARIS, March 3 —"), a byline, a date alone, a quotation.
_DATELINE = re.compile(r"^[A-Z][A-Z.' -]{1,40}(\([^)]{1,40}\))?\s*(,|[-–—])")
_BYLINE = re.compile(r"^(by|from|posted|updated|published|written by)\b", re.I)
_CALENDAR = frozenset(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept")
    + ("oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs")
    + ("fri", "sat", "sun")
)
_QUOTES = "\"'“”‘’«»„‚‹›「『"
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 25


def headline(body: str) -> str:
    """The article's first line when it reads as a headline, else "".

    A headline is short (at most 25 words, 200 characters, at least two words),
    does not end a sentence with a period, is not a quotation, a dateline, a
    byline or a date, and has more text after it.
    """
    first, _, rest = body.strip().partition("\n")
    first = first.strip()
    words = first.split()
    if not rest.strip() or not 2 <= len(words) <= HEADLINE_MAX_WORDS:
        return ""
    if len(first) > HEADLINE_MAX_CHARS or first.endswith((".", ",", ";", ":")):
        return ""
    if first[0] in _QUOTES or first[-1] in _QUOTES:
        return ""
    if _DATELINE.match(first) or _BYLINE.match(first) or _is_date(first):
        return ""
    return first


def _is_date(line: str) -> bool:
    """'March 3, 2026', 'Tuesday 3 March 2026', '2026-03-03 10:00'."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    return all(w[:3] in _CALENDAR or w[:4] in _CALENDAR for w in words)


def _has_prose(body: str) -> bool:
    """At least one paragraph reads like a sentence, not a menu."""
    return any(len(p.split()) >= 8 for p in body.split("\n\n"))


def from_raw(text: str, *, html: bool = False) -> ArticleText:
    """An article from decoded file or pasted contents: HTML when `html` is set or
    the text looks like an HTML page, plain text otherwise."""
    return from_html(text) if html or looks_like_html(text) else from_text(text)


def from_file(path: Path) -> ArticleText:
    """A .txt or .html file as an article, the one way every caller reads one
    (ingestion, the extract and evaluate commands): capped in size before it is read,
    decoded, HTML by its suffix. A file that cannot be read is UnusableInput too."""
    try:
        check_size(path.stat().st_size)
        raw = decode(path.read_bytes())
    except OSError as exc:
        raise UnusableInput(f"{path} cannot be read: {exc.strerror}") from exc
    return from_raw(raw, html=path.suffix.lower() in {".html", ".htm"})


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|article|p|div)[\s>]", head)
    )


def content_hash(body: str) -> str:
    """Identity of an article's content: the same cleaned text, the same hash."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# Fetching pages ---------------------------------------------------------------------

FETCH_MAX_BYTES = MAX_BYTES
FETCH_MAX_REDIRECTS = 3
FETCH_TIMEOUT = (5, 15)  # connect, read (seconds): each wait for the network
FETCH_DEADLINE_SECONDS = 30  # the whole fetch; settings.ATTRIBUTION_FETCH_DEADLINE_...
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Every label a number, as in 127.0.0.1, 2130706433, 0177.0.0.1 or 0x7f.1
_NUMERIC_HOST = re.compile(r"(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*\.?")
# Statuses that say "not now" rather than "never": timeout, too many requests.
_TRANSIENT_STATUSES = {408, 429}
_READ_CHUNK = 64 * 1024


class FetchFailed(UnusableInput):
    """Fetching the URL failed for good (no such host, a 4xx, a refused type or
    size): another try would fail the same way."""


def fetch_failure(url: str, reason: str, *, transient: bool) -> Exception:
    """The one wording of a failed fetch, 'Could not fetch URL: reason.'"""
    message = f"Could not fetch {url}: {reason}."
    return FetchUnavailable(message) if transient else FetchFailed(message)


def check_url(url: str, *, any_port: bool = False) -> str:
    """Refuse, before any connection, URLs that are not plain public web pages.

    http and https only, on ports 80 and 443, with a host name or a dotted IP
    address (decimal, hex or octal spellings of an address are refused). Private,
    loopback and link-local addresses are refused after DNS, by fetch().
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnusableInput(f"{url!r} is not a valid URL.") from None
    if parts.scheme not in {"http", "https"}:
        raise UnusableInput("Only http and https URLs can be fetched.")
    host = parts.hostname or ""
    if not host:
        raise UnusableInput(f"{url!r} has no host name.")
    if not any_port and port not in {None, 80, 443}:
        raise UnusableInput("Only the standard web ports (80 and 443) can be fetched.")
    if _NUMERIC_HOST.fullmatch(host):
        try:
            canonical = str(ipaddress.ip_address(host))
        except ValueError:
            canonical = ""
        if canonical != host:
            raise UnusableInput(f"{host!r} is not a host name or a plain IP address.")
    return url


def fetch(
    url: str, *, allow_loopback: bool = False, deadline: float | None = None
) -> ArticleText:
    """Download a page safely and return its article text (see fetch_raw).

    The page's date comes from its markup alone, as for a feed's pages: its text
    is not searched for one (see from_html), a search whose cost grows with the
    page and which the article's date (given with its URL, or none) never used.
    """
    page = fetch_raw(url, allow_loopback=allow_loopback, deadline=deadline)
    text = decode(page.body)
    if page.kind == "text/plain":
        return from_text(text)
    return from_html(text, search_text_for_date=False)


@dataclass(frozen=True)
class Fetched:
    """What fetch_raw got: the last URL after redirects, its status and body."""

    url: str
    status: int
    kind: str
    headers: Mapping[str, str]
    body: bytes


def fetch_deadline() -> float:
    """Seconds a whole fetch may take: the setting when Django is configured."""
    from django.conf import settings  # a pure module otherwise: imported late

    if settings.configured:
        return float(
            getattr(
                settings, "ATTRIBUTION_FETCH_DEADLINE_SECONDS", FETCH_DEADLINE_SECONDS
            )
        )
    return float(FETCH_DEADLINE_SECONDS)


def fetch_raw(
    url: str,
    *,
    allow_loopback: bool = False,
    headers: dict[str, str] | None = None,
    types: tuple[str, ...] = _PAGE_TYPES,
    max_bytes: int = FETCH_MAX_BYTES,
    user_agent: str = "Attribution article fetcher",
    deadline: float | None = None,
) -> Fetched:
    """Download a URL safely: the one way the app makes a request to the web.

    Every hop (at most 3 redirects) is checked with check_url, and the connection is
    pinned to an address checked after DNS (requests-hardened), so neither a
    redirect nor a DNS answer can point it at a private or local address. The body
    is capped at `max_bytes` after decompression and must be one of `types` (an
    empty tuple accepts any). A 304 (for conditional `headers`) comes back with an
    empty body. The whole fetch (connections, redirects, body) ends after
    `deadline` seconds (fetch_deadline() by default), however slowly the site
    sends. Raises FetchFailed (an UnusableInput) for what will not change on a
    retry, FetchUnavailable for what may, each with the reason in words.
    """
    seconds = fetch_deadline() if deadline is None else deadline
    clock = _Deadline(time.monotonic() + seconds, seconds)
    pages: list[Fetched] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            pages.append(
                _fetch(
                    url, clock, allow_loopback, headers, types, max_bytes, user_agent
                )
            )
        except BaseException as exc:  # handed to the caller as it is
            errors.append(exc)

    # The body's reads keep to the deadline themselves; the status line and
    # headers are read where no deadline reaches, so the fetch runs in a thread of
    # its own and is given up when a site trickles them (the thread ends at the
    # next read timeout once the site stops; its answer is dropped).
    fetcher = threading.Thread(target=run, name="fetch", daemon=True)
    fetcher.start()
    fetcher.join(seconds + _DEADLINE_GRACE)
    if fetcher.is_alive():
        raise clock.passed(url)
    if errors:
        raise errors[0]
    return pages[0]


# How long past the deadline the fetch's own thread may take to report it.
_DEADLINE_GRACE = 0.5


def _fetch(
    url: str,
    clock: "_Deadline",
    allow_loopback: bool,
    headers: dict[str, str] | None,
    types: tuple[str, ...],
    max_bytes: int,
    user_agent: str,
) -> Fetched:
    """fetch_raw's work, in the thread that fetch_raw gives up on at the deadline."""
    with safe_session(
        allow_loopback=allow_loopback, timeout=FETCH_TIMEOUT, user_agent=user_agent
    ) as session:
        for _ in range(FETCH_MAX_REDIRECTS + 1):
            check_url(url, any_port=allow_loopback)
            try:
                response = session.get(
                    url,
                    allow_redirects=False,
                    stream=True,
                    headers=headers,
                    timeout=clock.timeouts(url),
                )
            except InvalidIPAddress:
                raise UnusableInput(
                    f"{urlsplit(url).hostname} is a private or local address; "
                    "only public web pages can be fetched."
                ) from None
            except requests.RequestException as exc:
                raise _network_failure(url, exc, clock) from None
            with response:
                if response.is_redirect:
                    url = urljoin(url, response.headers["Location"])
                    continue
                return _read(url, response, types, max_bytes, clock)
    raise fetch_failure(
        url,
        f"the page redirected more than {FETCH_MAX_REDIRECTS} times",
        transient=False,
    )


def safe_session(
    *,
    allow_loopback: bool,
    timeout: float | tuple[float, float],
    user_agent: str,
    never_redirect: bool = False,
) -> requests.Session:
    """A requests session pinned to addresses checked after DNS (requests-hardened):
    the one way the app reaches the web, for fetches and webhook deliveries alike.
    Check each URL with check_url first; a private address raises InvalidIPAddress."""
    manager = Manager(
        Config(
            ip_filter_enable=True,
            ip_filter_allow_loopback_ips=allow_loopback,
            never_redirect=never_redirect,
            default_timeout=timeout,
            user_agent_override=user_agent,
        )
    )
    return manager.get_session()


@dataclass(frozen=True)
class _Deadline:
    """When a fetch must end, and the waits for the network that fit before it."""

    at: float
    seconds: float

    def left(self, url: str) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.passed(url)
        return left

    def timeouts(self, url: str) -> tuple[float, float]:
        left = self.left(url)
        return min(FETCH_TIMEOUT[0], left), min(FETCH_TIMEOUT[1], left)

    def passed(self, url: str) -> Exception:
        return fetch_failure(
            url, f"the site took longer than {self.seconds:g} s", transient=True
        )


def _causes(exc: BaseException):
    """The exception and everything it wraps: causes, contexts, a urllib3 reason."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        nested = [a for a in item.args if isinstance(a, BaseException)]
        todo += [item.__cause__, item.__context__, getattr(item, "reason", None)]
        todo += nested


def _network_failure(url: str, exc: requests.RequestException, clock: _Deadline):
    """FetchFailed or FetchUnavailable for a request that got no answer, in words."""
    causes = list(_causes(exc))
    host = urlsplit(url).hostname
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            if cause.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
                return fetch_failure(
                    url, f"could not resolve the host {host}", transient=False
                )
            return fetch_failure(
                url,
                f"could not resolve the host {host} for now (the name servers did "
                "not answer)",
                transient=True,
            )
    if isinstance(exc, requests.Timeout) or any(
        isinstance(c, socket.timeout) for c in causes
    ):
        if time.monotonic() >= clock.at:
            return clock.passed(url)
        waited = (
            FETCH_TIMEOUT[0]
            if isinstance(exc, requests.ConnectTimeout)
            else (FETCH_TIMEOUT[1])
        )
        return fetch_failure(
            url, f"the site took longer than {waited} s to answer", transient=True
        )
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return fetch_failure(url, "the connection was refused", transient=True)
    if any(isinstance(c, ConnectionResetError) for c in causes):
        return fetch_failure(url, "the connection was reset", transient=True)
    if isinstance(exc, requests.exceptions.SSLError):
        return fetch_failure(
            url, "a secure connection could not be made (TLS failed)", transient=True
        )
    return fetch_failure(url, f"the site could not be reached ({exc})", transient=True)


def _status_failure(url: str, status: int, reason: str) -> Exception:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = reason or ""
    answer = f"the site answered {status} {phrase}".rstrip()
    transient = status >= 500 or status in _TRANSIENT_STATUSES
    return fetch_failure(url, answer, transient=transient)


def _type_failure(url: str, kind: str, types: tuple[str, ...]) -> Exception:
    stated = kind or "of no stated type"
    if types == _PAGE_TYPES:
        return fetch_failure(
            url, f"the page is not HTML or text (it is {stated})", transient=False
        )
    return fetch_failure(
        url,
        f"the page is {stated}, not one of the types read here ({', '.join(types)})",
        transient=False,
    )


def _read(
    url: str,
    response: requests.Response,
    types: tuple[str, ...],
    max_bytes: int,
    clock: _Deadline,
) -> Fetched:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    found = Fetched(url, response.status_code, kind, response.headers, b"")
    if response.status_code == 304:
        return found
    if response.status_code >= 400:
        raise _status_failure(url, response.status_code, response.reason)
    if types and kind not in types:
        raise _type_failure(url, kind, types)
    body = _read_body(url, response, max_bytes, clock)
    return Fetched(url, response.status_code, kind, response.headers, body)


def _read_body(
    url: str, response: requests.Response, max_bytes: int, clock: _Deadline
) -> bytes:
    """The decompressed body, read as it arrives, each wait for the next bytes no
    longer than the read timeout or what is left of the deadline."""
    raw = response.raw
    sock = getattr(raw.connection, "sock", None) if raw.connection else None
    data = bytearray()
    while True:
        left = clock.left(url)
        if sock is not None:
            sock.settimeout(min(FETCH_TIMEOUT[1], left))
        try:
            chunk = raw.read1(_READ_CHUNK, decode_content=True)
        except urllib3.exceptions.ReadTimeoutError:
            if time.monotonic() >= clock.at - 0.01:
                raise clock.passed(url) from None
            raise fetch_failure(
                url,
                f"the site stopped sending the page for {FETCH_TIMEOUT[1]} s",
                transient=True,
            ) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise fetch_failure(
                url,
                f"the connection broke while reading the page ({exc})",
                transient=True,
            ) from None
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > max_bytes:
            raise TooLarge(
                f"Could not fetch {url}: the page is larger than "
                f"{size_label(max_bytes)}, the limit."
            )
