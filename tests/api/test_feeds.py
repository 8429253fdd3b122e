"""/api/v1/feeds/: adding by URL or home page, pause and resume, OPML, health."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from attribution import feed_services
from attribution.models import Feed
from tests.feed_server import FeedServer, rss

OPML = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="News"><outline text="World" xmlUrl="https://example.org/world.xml"/>
<outline text="Sport" title="Sport" xmlUrl="https://example.org/sport.xml"/></outline>
<outline text="Bad" xmlUrl="ftp://example.org/x.xml"/></body></opml>"""


@pytest.fixture
def server(settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    running = FeedServer()
    running.feed("/rss.xml", rss("Example News", []))
    running.static(
        "/",
        b'<html><head><link rel="alternate" type="application/rss+xml" '
        b'href="/rss.xml"></head><body>Home</body></html>',
    )
    yield running
    running.stop()


def test_an_editor_adds_a_feed_by_its_url(as_user, editor, server):
    response = as_user(editor).post("/api/v1/feeds/", {"url": f"{server.url}/rss.xml"})

    assert response.status_code == 201
    assert response.json()["url"] == f"{server.url}/rss.xml"
    assert Feed.objects.get().status == Feed.Status.ACTIVE


def test_a_home_page_is_searched_for_its_feed(as_user, editor, server):
    response = as_user(editor).post("/api/v1/feeds/", {"url": f"{server.url}/"})

    assert response.status_code == 201
    feed = Feed.objects.get()
    assert feed.url == f"{server.url}/rss.xml" and feed.site_url == f"{server.url}/"


def test_adding_the_same_feed_again_answers_200_with_it(as_user, editor, server):
    as_user(editor).post("/api/v1/feeds/", {"url": f"{server.url}/rss.xml"})
    again = as_user(editor).post("/api/v1/feeds/", {"url": f"{server.url}/"})

    assert again.status_code == 200 and Feed.objects.count() == 1


def test_a_page_without_a_feed_is_refused_with_the_reason(as_user, editor, server):
    server.static("/plain", b"<html><body>Nothing here</body></html>")

    response = as_user(editor).post("/api/v1/feeds/", {"url": f"{server.url}/plain"})

    assert response.status_code == 400
    assert "neither a feed" in response.json()["error"]["fields"]["url"][0]
    assert not Feed.objects.exists()


def test_a_reader_cannot_add_a_feed(as_user, reader, server):
    response = as_user(reader).post("/api/v1/feeds/", {"url": f"{server.url}/rss.xml"})

    assert response.status_code == 403 and not Feed.objects.exists()


def test_an_editor_pauses_and_resumes_a_feed(as_user, editor, db):
    feed, _ = feed_services.feed_create(url="https://example.org/rss.xml")
    api = as_user(editor)

    paused = api.post(f"/api/v1/feeds/{feed.pk}/pause/", {"reason": "Paywalled"})
    feed.refresh_from_db()
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    assert feed.paused_reason == "Paywalled"

    resumed = api.post(f"/api/v1/feeds/{feed.pk}/resume/")
    feed.refresh_from_db()
    assert resumed.json()["status"] == "active" and feed.paused_reason == ""


def test_opml_imports_every_outline_and_lists_what_it_refused(as_user, editor, db):
    upload = SimpleUploadedFile("feeds.opml", OPML, content_type="text/x-opml")

    response = as_user(editor).post(
        "/api/v1/feeds/opml/import/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 201
    assert [f["url"] for f in response.json()["created"]] == [
        "https://example.org/world.xml",
        "https://example.org/sport.xml",
    ]
    assert "ftp://example.org/x.xml" in response.json()["refused"][0]
    assert Feed.objects.count() == 2


def test_opml_export_lists_every_feed_and_imports_back(api, db):
    feed_services.feed_create(url="https://example.org/world.xml", title="World & Co")

    response = api.get("/api/v1/feeds/opml/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-opml")
    from attribution import feeds

    assert feeds.opml_parse(response.content) == [
        ("https://example.org/world.xml", "World & Co")
    ]


def test_the_health_of_a_feed_and_of_all_feeds(api, db):
    feed, _ = feed_services.feed_create(url="https://example.org/world.xml")

    one = api.get(f"/api/v1/feeds/{feed.pk}/health/")
    every = api.get("/api/v1/feeds/health/")

    assert one.status_code == 200
    assert set(one.json()) >= {
        "last_success_at",
        "last_error",
        "items_per_day",
        "articles_per_day",
        "lag_median_seconds",
        "lag_worst_seconds",
        "silent",
        "blocked",
    }
    assert [h["feed"] for h in every.json()] == [feed.pk]


def test_the_health_of_all_feeds_can_keep_those_needing_attention(api, db):
    now = timezone.now()
    blocked, _ = feed_services.feed_create(url="https://b.example/rss.xml")
    Feed.objects.filter(pk=blocked.pk).update(blocked=True, last_error="403")
    well, _ = feed_services.feed_create(url="https://c.example/rss.xml")
    Feed.objects.filter(pk=well.pk).update(last_success_at=now, last_new_item_at=now)

    response = api.get("/api/v1/feeds/health/?attention=true")
    refused = api.get("/api/v1/feeds/health/?attention=perhaps")

    assert response.status_code == 200
    assert [h["feed"] for h in response.json()] == [blocked.pk]
    assert refused.status_code == 400


def test_the_health_dashboard_reads_an_empty_attention_as_not_given(client, db):
    assert client.get("/api/v1/feeds/health/?attention=").status_code == 200
    refused = client.get("/api/v1/feeds/health/?attention=maybe")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "Must be a valid boolean."
