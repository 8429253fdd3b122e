"""The admin's feed pages: the list, and pausing and resuming feeds."""

from attribution import feed_services
from attribution.models import Feed


def test_an_editor_pauses_and_resumes_feeds_from_the_admin(client, admin_user):
    feed, _ = feed_services.feed_create(url="https://example.org/rss.xml")
    client.force_login(admin_user)

    listing = client.get("/admin/attribution/feed/")
    client.post(
        "/admin/attribution/feed/",
        {"action": "pause", "_selected_action": [feed.pk]},
    )
    feed.refresh_from_db()
    paused = feed.status
    client.post(
        "/admin/attribution/feed/",
        {"action": "resume", "_selected_action": [feed.pk]},
    )
    feed.refresh_from_db()

    assert listing.status_code == 200 and b"example.org/rss.xml" in listing.content
    assert paused == Feed.Status.PAUSED and feed.status == Feed.Status.ACTIVE
