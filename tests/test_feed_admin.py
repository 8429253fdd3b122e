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


def test_the_feed_admin_adds_and_edits_nothing_behind_the_feed_services(
    client, admin_user
):
    feed, _ = feed_services.feed_create(url="https://example.org/rss.xml")
    feed_services.feed_pause(feed=feed, reason="Too noisy.")
    client.force_login(admin_user)

    added = client.post(
        "/admin/attribution/feed/add/",
        {"url": "http://127.0.0.1:9/feed", "title": "Planted", "status": "active"},
    )
    changed = client.post(
        f"/admin/attribution/feed/{feed.pk}/change/",
        {"url": "http://10.0.0.1/x", "title": "Renamed", "status": "active"},
    )
    page = client.get(f"/admin/attribution/feed/{feed.pk}/change/")

    assert (added.status_code, changed.status_code) == (403, 403)
    assert page.status_code == 200 and b"Too noisy." in page.content
    feed.refresh_from_db()
    assert (feed.url, feed.status) == ("https://example.org/rss.xml", "paused")
    assert Feed.objects.count() == 1
    for model in ["feedentry", "feedpage", "story"]:
        assert client.get(f"/admin/attribution/{model}/add/").status_code == 403


def test_an_editor_without_superuser_rights_pauses_a_feed_in_the_admin(client, editor):
    feed, _ = feed_services.feed_create(url="https://example.org/rss.xml")
    client.force_login(editor)

    listing = client.get("/admin/attribution/feed/")
    client.post(
        "/admin/attribution/feed/",
        {"action": "pause", "_selected_action": [feed.pk]},
    )

    assert listing.status_code == 200
    feed.refresh_from_db()
    assert feed.status == Feed.Status.PAUSED
    for model in ["feedentry", "feedpage", "story"]:
        assert client.get(f"/admin/attribution/{model}/").status_code == 200


def test_migrating_gives_an_existing_editor_group_the_permissions_the_role_has_now(
    editor,
):
    from django.contrib.auth.models import Group
    from django.core.management.sql import emit_post_migrate_signal

    group = Group.objects.get(name="editor")
    group.permissions.remove(*group.permissions.filter(codename="view_feed"))
    assert not editor.__class__.objects.get(pk=editor.pk).has_perm(
        "attribution.view_feed"
    )

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    fresh = editor.__class__.objects.get(pk=editor.pk)  # no cached permissions
    assert fresh.has_perm("attribution.view_feed")
