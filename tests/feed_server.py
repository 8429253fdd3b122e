"""A local feed server for the tests: RSS feeds, article pages, failures on demand.

Routes are a dict of path -> handler the test fills; the server counts requests
per path and the most requests it served to one path at once.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

Response = tuple[int, dict[str, str], bytes]


def rss(title: str, items: list[dict]) -> bytes:
    """An RSS 2.0 document of items with link, title, author, guid and date."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>http://example.org/</link>",
    ]
    for n, item in enumerate(items):
        when = item.get("date") or datetime(2026, 11, 30, 8, tzinfo=UTC) + timedelta(
            minutes=n
        )
        parts.append(
            "<item>"
            f"<title>{escape(item.get('title', f'Item {n}'))}</title>"
            f"<link>{escape(item['link'])}</link>"
            f"<guid>{escape(item.get('guid', item['link']))}</guid>"
            f"<author>{escape(item.get('author', 'desk@example.org (Desk)'))}</author>"
            f"<pubDate>{format_datetime(when)}</pubDate>"
            "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def page(title: str, paragraphs: list[str], *, canonical: str = "") -> bytes:
    """An article page with a site's navigation and footer around the story."""
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{escape(title)}</title>{link}</head><body>"
        "<nav>Home | World | Business | Sport | Subscribe</nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright The Daily Example. All rights reserved.</footer>"
        "</body></html>"
    ).encode()


def story(n: int) -> list[str]:
    """Distinct prose with quotes, so that every page is its own article."""
    return [
        f"The council of district {n} said on Monday that its plan for {n} new "
        "homes would go ahead despite objections from residents.",
        f'"We have listened to every concern," councillor Maria Lopez {n} told '
        "reporters outside the town hall, adding that work would start in spring.",
        f"Residents of street number {n} said they would appeal the decision. "
        '"This is not the end of it," said local campaigner John Smith.',
    ]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Callable[[Handler], Response]] = {}
        self.hits: Counter[str] = Counter()
        self.busy: Counter[str] = Counter()
        self.most_at_once: Counter[str] = Counter()
        self.lock = threading.Lock()
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.feed_server = self  # type: ignore[attr-defined]
        server.daemon_threads = True
        self.httpd = server
        self.url = f"http://127.0.0.1:{server.server_port}"
        # serve_forever checks for a shutdown this often: the default half second
        # was the wait of every stop(), a few seconds of the fast suite in all.
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def static(self, path: str, body: bytes, kind: str = "text/html", **extra) -> None:
        def respond(handler: "Handler") -> Response:
            return 200, {"Content-Type": kind, **extra}, body

        self.routes[path] = respond

    def feed(self, path: str, body: bytes, *, etag: str = '"v1"') -> None:
        """An RSS feed that answers 304 to a request carrying its ETag."""

        def respond(handler: "Handler") -> Response:
            if handler.headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, body

        self.routes[path] = respond

    def stop(self) -> None:
        self.httpd.shutdown()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        owner: FeedServer = self.server.feed_server  # type: ignore[attr-defined]
        path = self.path
        with owner.lock:
            owner.hits[path] += 1
            owner.busy[path] += 1
            owner.most_at_once[path] = max(owner.most_at_once[path], owner.busy[path])
        try:
            route = owner.routes.get(path)
            status, headers, body = (
                route(self) if route else (404, {"Content-Type": "text/plain"}, b"no")
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with owner.lock:
                owner.busy[path] -= 1

    def log_message(self, *args) -> None:
        pass


def slow(seconds: float, response: Response) -> Callable[[Handler], Response]:
    def respond(handler: Handler) -> Response:
        time.sleep(seconds)
        return response

    return respond
