"""The feeds pages: the dashboard, a feed's health page, and the editors' forms."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from attribution import feed_services
from attribution.models import Feed, FeedEntry, FeedPage
from tests.feed_server import FeedServer, rss

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_each_feed_with_its_error_and_blocked_state(client):
    feed, _ = feed_services.feed_create(url="https://example.org/rss.xml", title="Ex")
    Feed.objects.filter(pk=feed.pk).update(
        last_error="robots.txt of example.org does not let us fetch it", blocked=True
    )

    response = client.get("/feeds/")

    assert response.status_code == 200
    assert "Ex" in response.text and "blocked" in response.text
    assert "robots.txt of example.org" in response.text
    assert 'name="url"' not in response.text  # the forms are for editors


def feeds_silent_blocked_and_well() -> tuple[Feed, Feed, Feed]:
    """A silent feed, one its site blocks, and one that is fine."""
    now = timezone.now()
    silent, _ = feed_services.feed_create(url="https://a.example/rss.xml", title="A")
    Feed.objects.filter(pk=silent.pk).update(
        last_success_at=now, last_new_item_at=now - timedelta(days=2)
    )
    blocked, _ = feed_services.feed_create(url="https://b.example/rss.xml", title="B")
    Feed.objects.filter(pk=blocked.pk).update(
        blocked=True, last_error="https://b.example/rss.xml answered 403 Forbidden."
    )
    well, _ = feed_services.feed_create(url="https://c.example/rss.xml", title="C")
    Feed.objects.filter(pk=well.pk).update(last_success_at=now, last_new_item_at=now)
    return silent, blocked, well


def test_the_dashboard_lists_silent_and_blocked_feeds_first_as_needing_attention(
    client,
):
    silent, blocked, well = feeds_silent_blocked_and_well()

    response = client.get("/feeds/")

    attention = response.text.split('id="attention-title"')[1].split("</section>")[0]
    assert "Needs attention (2)" in attention
    assert f"/feeds/{silent.pk}/" in attention and f"/feeds/{blocked.pk}/" in attention
    assert "answered 403 Forbidden" in attention
    assert f"/feeds/{well.pk}/" not in attention


def test_a_feeds_page_shows_its_entries_and_a_failed_pages_reason(client):
    feed, _ = feed_services.feed_create(url="https://example.org/rss.xml")
    page = FeedPage.objects.create(
        url="https://example.org/a", status="failed", error="answered 404"
    )
    FeedEntry.objects.create(
        feed=feed, guid="a", url=page.url, title="Gone story", author="Desk", page=page
    )

    response = client.get(f"/feeds/{feed.pk}/")

    assert response.status_code == 200
    assert "Gone story" in response.text and "failed: answered 404" in response.text
    assert response.context["health"].items_total == 1


def test_an_editor_follows_a_feed_from_the_page_and_pauses_it(client, editor, settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    server = FeedServer()
    server.feed("/rss.xml", rss("Local news", []))
    client.force_login(editor)
    try:
        added = client.post("/feeds/add/", {"url": f"{server.url}/rss.xml"})
    finally:
        server.stop()
    feed = Feed.objects.get()
    paused = client.post(f"/feeds/{feed.pk}/pause/", {"reason": "Duplicate"})
    feed.refresh_from_db()

    assert added.status_code == 302 and added.url == f"/feeds/{feed.pk}/"
    assert paused.status_code == 302
    assert feed.status == Feed.Status.PAUSED and feed.paused_reason == "Duplicate"


def test_an_editor_imports_opml_and_anyone_exports_it(client, editor):
    opml = (
        b'<opml version="2.0"><body><outline text="W" '
        b'xmlUrl="https://example.org/w.xml"/></body></opml>'
    )
    client.force_login(editor)
    client.post(
        "/feeds/opml/import/",
        {"file": SimpleUploadedFile("f.opml", opml, content_type="text/x-opml")},
    )
    client.logout()

    exported = client.get("/feeds/opml/")

    assert Feed.objects.get().url == "https://example.org/w.xml"
    assert b'xmlUrl="https://example.org/w.xml"' in exported.content


def test_a_reader_cannot_pause_a_feed(client, reader):
    feed, _ = feed_services.feed_create(url="https://example.org/rss.xml")
    client.force_login(reader)

    response = client.post(f"/feeds/{feed.pk}/pause/")

    assert response.status_code == 403
    feed.refresh_from_db()
    assert feed.status == Feed.Status.ACTIVE


def test_a_refused_feed_keeps_the_url_and_outlet_typed_with_the_reason_at_the_url(
    client, editor
):
    client.force_login(editor)

    refused = client.post(
        "/feeds/add/", {"url": "http://127.0.0.1:9/rss.xml", "outlet": "Local Times"}
    )

    assert refused.status_code == 200
    text = refused.text
    assert 'value="http://127.0.0.1:9/rss.xml" aria-invalid="true"' in text
    assert 'id="feed-outlet" name="outlet" type="text" value="Local Times"' in text
    assert '<p class="error" id="feed-url-error">' in text
    assert not Feed.objects.exists()
