"""Fetching articles by URL: real pages from a local server, and what is refused."""

import contextlib
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from attribution import ingestion, services, tasks
from attribution.models import Article

PAGE = (
    b"<html><head><title>Dam row</title></head><body><nav>Home | World</nav>"
    b"<article><p>The council said the dam would be inspected on Friday after "
    b'residents complained.</p><p>"We are worried," a resident told Reuters.</p>'
    b"</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the stdlib's name)
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE),
            "/image": (200, "image/png", b"\x89PNG" + bytes(100)),
            "/missing": (404, "text/html", b"gone"),
            "/broken": (503, "text/html", b"try later"),
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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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
    with pytest.raises(ingestion.UnusableInput, match="larger than 5 MB"):
        ingestion.fetch(f"{site}/big", allow_loopback=True)


def test_something_other_than_a_page_is_refused(site):
    with pytest.raises(ingestion.UnusableInput, match="image/png, not a web page"):
        ingestion.fetch(f"{site}/image", allow_loopback=True)


def test_a_missing_page_is_permanent_and_a_server_error_transient(site):
    with pytest.raises(ingestion.UnusableInput, match="answered 404"):
        ingestion.fetch(f"{site}/missing", allow_loopback=True)
    with pytest.raises(ingestion.FetchUnavailable, match="answered 503"):
        ingestion.fetch(f"{site}/broken", allow_loopback=True)


def test_a_page_that_times_out_is_transient(site, monkeypatch):
    monkeypatch.setattr(ingestion, "FETCH_TIMEOUT", (1, 1))

    with pytest.raises(ingestion.FetchUnavailable):
        ingestion.fetch(f"{site}/slow", allow_loopback=True)


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
def test_a_url_that_fails_for_good_fails_the_article_at_once(site, settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    article, _ = services.article_create_from_url(url=f"{site}/missing")

    tasks.article_parse.delay(article.pk)

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "answered 404" in article.error and article.attempts == 1


@pytest.mark.django_db
def test_the_same_url_twice_returns_the_first_article(site, settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    first, _ = services.article_create_from_url(url=f"{site}/article")

    again, created = services.article_create_from_url(url=f"{site}/article")

    assert again == first and not created
