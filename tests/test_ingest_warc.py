"""manage.py ingest reads web archives: each HTML page of a WARC file an article."""

import gzip
import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from attribution.models import Article
from tests.feed_server import page, story


def write_warc(path, pages, *, gz: bool) -> None:
    """A WARC file of responses (and one image and one redirect, to be skipped)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        records = [*pages, ("http://example.org/logo.png", "image/png", b"\x89PNG")]
        for url, kind, body in records:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", kind)], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": "2026-10-01T09:30:00Z"},
                )
            )
        moved = StatusAndHeaders("301 Moved", [("Location", "/x")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "http://example.org/old",
                "response",
                payload=io.BytesIO(b""),
                http_headers=moved,
            )
        )


def ten_pages():
    return [
        (
            f"http://example.org/news/{n}?utm_medium=x",
            "text/html; charset=utf-8",
            page(f"Story {n}", story(n)),
        )
        for n in range(10)
    ]


@pytest.mark.parametrize("name", ["coverage.warc", "coverage.warc.gz"])
def test_a_warc_file_with_ten_pages_makes_ten_articles(tmp_path, db, name, capsys):
    path = tmp_path / name
    write_warc(path, ten_pages(), gz=name.endswith(".gz"))

    call_command("ingest", str(path))

    assert Article.objects.count() == 10
    article = Article.objects.get(url="http://example.org/news/3")
    assert article.body.startswith("The council of district 3")
    assert article.published_at == datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    assert "10 articles ingested" in capsys.readouterr().out


def test_a_warc_file_ingested_twice_adds_nothing_the_second_time(tmp_path, db, capsys):
    path = tmp_path / "coverage.warc.gz"
    write_warc(path, ten_pages(), gz=True)

    call_command("ingest", str(path))
    call_command("ingest", str(path))

    assert Article.objects.count() == 10
    assert "0 articles ingested and queued, 10 already in" in capsys.readouterr().out


def test_a_damaged_warc_file_is_reported_and_the_command_fails(tmp_path, db):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a WARC record at all\r\n\r\n"))

    with pytest.raises(Exception, match="could not be ingested"):
        call_command("ingest", str(path))


def test_a_warc_page_whose_record_has_a_date_is_not_searched_for_one(
    tmp_path, db, text_date_searches
):
    path = tmp_path / "dated.warc"
    prose = ["Published on Thursday, the 5th of March, 2020.", *story(12)]
    write_warc(
        path,
        [("http://example.org/dated", "text/html", page("Dated", prose))],
        gz=False,
    )

    call_command("ingest", str(path))

    article = Article.objects.get()
    assert article.published_at == datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    assert text_date_searches == []
