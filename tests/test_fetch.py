"""Fetching articles by URL: real pages from a local server, and what is refused."""

import contextlib
import socket
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from attribution import ingestion, services, tasks
from attribution.celery import app as celery_app
from attribution.models import Article
from tests.conftest import TEST_QUEUE
from tests.faults import support

PAGE = (
    b"<html><head><title>Dam row</title></head><body><nav>Home | World</nav>"
    b"<article><p>The council said the dam would be inspected on Friday after "
    b'residents complained.</p><p>"We are worried," a resident told Reuters.</p>'
    b"</article></body></html>"
)

DATED = PAGE.replace(
    b"<article>", b"<article><p>Published on Thursday, the 5th of March, 2020.</p>"
)


class Handler(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self.hits[self.path] += 1
        if self.path == "/trickle":
            return self._trickle()
        if self.path == "/trickle-headers":
            return self._trickle_headers()
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE),
            "/dated": (200, "text/html", DATED),
            "/image": (200, "image/png", b"\x89PNG" + bytes(100)),
            "/missing": (404, "text/html", b"gone"),
            "/broken": (503, "text/html", b"try later"),
            "/busy": (429, "text/html", b"slow down"),
            "/gone": (410, "text/html", b"gone for good"),
            "/forbidden": (403, "text/html", b"no"),
            "/big": (200, "text/html", b"<p>" + b"word " * (1_200_000) + b"</p>"),
        }
        if self.path == "/moved":
            return self._redirect("/article")
        if self.path == "/loop":
            return self._redirect("/loop")
        if self.path == "/to-metadata":
            return self._redirect("http://169.254.169.254/latest/meta-data/")
        if self.path == "/slow":
            time.sleep(3)
        status, kind, body = routes.get(self.path, (200, "text/html", PAGE))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self) -> None:
        """A page sent one byte every half second (for at most 20 s)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        for byte in PAGE[:40]:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.5)

    def _trickle_headers(self) -> None:
        """A status line and a header sent one byte every quarter second (for
        about 6 s): no read waits long, but the answer never starts."""
        for byte in b"HTTP/1.1 200 OK\r\nX: y\r\n":
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.25)
        self.close_connection = True

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


class Site(ThreadingHTTPServer):
    """The test site. Clients hang up on it on purpose (the fetcher stops reading
    at its size limit, or gives up on a slow page): that is no error to print.
    Closing it waits for the requests in progress, so that none of them writes
    after its tests are over."""

    daemon_threads = False
    block_on_close = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving():
    server = Site(("127.0.0.1", 0), Handler)
    # A shutdown waits for the next poll: 20 ms, not the default half second.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()  # joins the request threads
        thread.join()


@pytest.fixture(scope="module")
def site():
    with serving() as server:
        yield f"http://127.0.0.1:{server.server_port}"


def test_the_test_site_takes_clients_hanging_up_quietly(capfd):
    with serving() as server:
        client = socket.create_connection(("127.0.0.1", server.server_port))
        client.sendall(b"GET /big HTTP/1.0\r\n\r\n")
        client.recv(1024)
        client.close()

    assert "Traceback" not in capfd.readouterr().err


def test_a_page_is_fetched_and_its_main_text_kept(site):
    text = ingestion.fetch(f"{site}/article", allow_loopback=True)

    assert text.title == "Dam row"
    assert text.body.startswith("The council said the dam")
    assert "Home" not in text.body


def test_a_page_fetched_by_url_is_not_searched_for_a_date_in_its_text(
    site, text_date_searches
):
    """The search costs seconds on a long page (the feed path skips it too), and
    an article fetched by URL never used the date it found."""
    text = ingestion.fetch(f"{site}/dated", allow_loopback=True)

    assert text.body.startswith("Published on Thursday")
    assert text_date_searches == [] and text.published == ""


def test_a_redirect_is_followed(site):
    assert "dam" in ingestion.fetch(f"{site}/moved", allow_loopback=True).body


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url):
    with pytest.raises(ingestion.UnusableInput, match="private or local"):
        ingestion.fetch(url)


def test_a_redirect_to_a_private_address_is_refused(site):
    with pytest.raises(ingestion.UnusableInput, match="private or local"):
        ingestion.fetch(f"{site}/to-metadata", allow_loopback=True)


def test_endless_redirects_stop_after_three(site):
    with pytest.raises(ingestion.UnusableInput, match="more than 3 times"):
        ingestion.fetch(f"{site}/loop", allow_loopback=True)


def test_a_huge_page_is_refused_with_the_limit_named(site):
    with pytest.raises(ingestion.TooLarge, match="the page is larger than 5 MB"):
        ingestion.fetch(f"{site}/big", allow_loopback=True)


def test_something_other_than_a_page_is_refused_naming_its_type(site):
    with pytest.raises(
        ingestion.FetchFailed, match=r"the page is not HTML or text \(it is image/png\)"
    ):
        ingestion.fetch(f"{site}/image", allow_loopback=True)


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/missing", "the site answered 404 Not Found"),
        ("/gone", "the site answered 410 Gone"),
        ("/forbidden", "the site answered 403 Forbidden"),
    ],
)
def test_a_client_error_fails_for_good_with_the_status_in_words(site, path, answer):
    with pytest.raises(ingestion.FetchFailed, match=answer):
        ingestion.fetch(f"{site}{path}", allow_loopback=True)


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/broken", "the site answered 503 Service Unavailable"),
        ("/busy", "the site answered 429 Too Many Requests"),
    ],
)
def test_a_server_error_or_too_many_requests_may_pass(site, path, answer):
    with pytest.raises(ingestion.FetchUnavailable, match=answer):
        ingestion.fetch(f"{site}{path}", allow_loopback=True)


def test_a_host_that_does_not_exist_fails_for_good_naming_the_host():
    with pytest.raises(
        ingestion.FetchFailed, match="could not resolve the host example.invalid"
    ):
        ingestion.fetch("http://example.invalid/news", allow_loopback=True)


def test_a_refused_connection_may_pass_and_says_so():
    with socket.socket() as closed:  # a port nobody listens on once it is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]

    with pytest.raises(ingestion.FetchUnavailable, match="the connection was refused"):
        ingestion.fetch(f"http://127.0.0.1:{port}/", allow_loopback=True)


def test_a_page_that_times_out_is_transient_and_names_the_wait(site, monkeypatch):
    monkeypatch.setattr(ingestion, "FETCH_TIMEOUT", (1, 1))

    with pytest.raises(
        ingestion.FetchUnavailable, match="the site took longer than 1 s to answer"
    ):
        ingestion.fetch(f"{site}/slow", allow_loopback=True)


@pytest.mark.slow  # waits out a real 2 s deadline
def test_a_page_sent_a_byte_at_a_time_ends_at_the_deadline(site, settings):
    settings.ATTRIBUTION_FETCH_DEADLINE_SECONDS = 2
    started = time.monotonic()

    with pytest.raises(
        ingestion.FetchUnavailable, match="the site took longer than 2 s"
    ):
        ingestion.fetch(f"{site}/trickle", allow_loopback=True)

    assert 1.9 < time.monotonic() - started < 3


@pytest.mark.slow  # waits out a real 2 s deadline
def test_a_site_that_trickles_its_headers_ends_at_the_deadline(site, settings):
    # The status line and headers come before the body's deadline-aware reads:
    # each byte within the read timeout, a fetch held for as long as the site likes.
    settings.ATTRIBUTION_FETCH_DEADLINE_SECONDS = 2
    started = time.monotonic()

    with pytest.raises(
        ingestion.FetchUnavailable, match="the site took longer than 2 s"
    ):
        ingestion.fetch(f"{site}/trickle-headers", allow_loopback=True)

    assert 1.9 < time.monotonic() - started < 4


@pytest.mark.slow  # waits out a real 1 s deadline
def test_a_name_lookup_that_hangs_ends_at_the_deadline(settings, monkeypatch):
    # The resolver is the network's edge: one that never answers in time stands in
    # for a DNS server that drops the query (the lookup itself has no timeout).
    settings.ATTRIBUTION_FETCH_DEADLINE_SECONDS = 1
    real_lookup = socket.getaddrinfo

    def hanging_lookup(*args, **kwargs):
        time.sleep(4)
        return real_lookup(*args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    started = time.monotonic()

    with pytest.raises(
        ingestion.FetchUnavailable, match="the site took longer than 1 s"
    ):
        ingestion.fetch("http://news.example.org/story")

    assert time.monotonic() - started < 2.5


@pytest.mark.django_db
def test_a_submitted_url_is_fetched_and_parsed_by_the_task(site, settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    article, created = services.article_create_from_url(url=f"{site}/article")

    tasks.article_parse.delay(article.pk)

    article.refresh_from_db()
    assert created and article.status == Article.Status.PARSED
    assert article.title == "Dam row" and article.content_hash
    claim = article.claims.with_attribution().get(kind="direct")
    assert [o.name for o in claim.via_chain] == ["Reuters"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/missing", "the site answered 404 Not Found."),
        ("/image", "the page is not HTML or text (it is image/png)."),
        ("http://example.invalid/x", "could not resolve the host example.invalid."),
    ],
)
def test_a_url_that_fails_for_good_fails_the_article_at_once_with_why(
    site, settings, url, reason
):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    url = url if url.startswith("http") else f"{site}{url}"
    article, _ = services.article_create_from_url(url=url)

    tasks.article_parse.delay(article.pk)

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.error == f"Could not fetch {url}: {reason}"
    assert article.attempts == 1


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A real worker that may fetch the local site and retries after about 1 s."""
    process = support.Worker(
        "fetcher",
        TEST_QUEUE,
        tmp_path / "worker.log",
        ATTRIBUTION_FETCH_ALLOW_LOOPBACK="true",
        ATTRIBUTION_RETRY_BACKOFF_SECONDS="1",
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.stop()


@pytest.mark.worker
def test_a_url_that_keeps_failing_for_now_is_tried_again_and_fails_with_the_reason(
    site, settings, worker
):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    Handler.hits["/broken"] = 0
    article, _ = services.article_create_from_url(url=f"{site}/broken")

    support.wait_for(
        lambda: Article.objects.get(pk=article.pk).status == Article.Status.FAILED,
        timeout=90,
        what="the article to fail",
        alive=(worker,),
    )

    article.refresh_from_db()
    assert article.error == (
        f"Gave up after 3 attempts: Could not fetch {site}/broken: the site "
        "answered 503 Service Unavailable."
    ), worker.log()
    assert article.attempts == 3 and Handler.hits["/broken"] == 3


@pytest.mark.django_db
def test_the_same_url_twice_returns_the_first_article(site, settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    first, _ = services.article_create_from_url(url=f"{site}/article")

    again, created = services.article_create_from_url(url=f"{site}/article")

    assert again == first and not created
