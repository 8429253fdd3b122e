"""Editors who follow the feeds' health are told, once per episode, of a feed gone
silent or failing: in the inbox, by email through a real SMTP server, and by a
webhook to a real local receiver."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from attribution import alert_services
from attribution.models import Alert, Feed, Watchlist
from tests.test_alert_email import smtp  # noqa: F401 (a fixture)
from tests.test_alert_webhooks import receiver  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _silent_feed(url="https://news.example.org/rss", hours=5) -> Feed:
    """A feed that answers, but whose last new item is `hours` old (its usual gap
    being its 15-minute interval, four of which make it silent)."""
    now = timezone.now()
    return Feed.objects.create(
        url=url,
        title="Example News",
        last_success_at=now,
        last_new_item_at=now - timedelta(hours=hours),
    )


def _failing_feed(failures: int, *, blocked=False) -> Feed:
    now = timezone.now()
    return Feed.objects.create(
        url="https://wire.example.org/atom",
        title="Example Wire",
        failures=failures,
        failing_since=now - timedelta(hours=2),
        last_error="Answered 503.",
        last_error_at=now,
        blocked=blocked,
    )


def test_an_editor_is_told_once_that_a_feed_went_silent(
    editor, django_capture_on_commit_callbacks
):
    alert_services.watchlist_follow(user=editor, feeds=True)
    feed = _silent_feed()

    with django_capture_on_commit_callbacks(execute=True):
        first = alert_services.feed_alerts_produce()
        again = alert_services.feed_alerts_produce()

    assert (first, again) == (1, 0)
    alert = Alert.objects.get()
    assert (alert.kind, alert.feed, alert.article) == ("feed.silent", feed, None)
    assert "Example News has had no new item since" in alert.feed_text


def test_a_feed_silent_again_after_a_new_item_is_a_new_episode(editor):
    alert_services.watchlist_follow(user=editor, feeds=True)
    feed = _silent_feed()
    alert_services.feed_alerts_produce()
    Feed.objects.filter(pk=feed.pk).update(
        last_new_item_at=timezone.now() - timedelta(hours=3)
    )

    assert alert_services.feed_alerts_produce() == 1
    assert Alert.objects.filter(kind="feed.silent").count() == 2


def test_a_feed_is_failing_after_the_set_number_of_failed_polls(editor, settings):
    settings.ALERTS_FEED_FAILURES = 3
    alert_services.watchlist_follow(user=editor, feeds=True)
    feed = _failing_feed(2)
    assert alert_services.feed_alerts_produce() == 0

    Feed.objects.filter(pk=feed.pk).update(failures=3)

    assert alert_services.feed_alerts_produce() == 1
    alert = Alert.objects.get()
    assert alert.kind == "feed.failing"
    assert alert.feed_text == "Example Wire is failing: Answered 503."


def test_a_feed_its_site_blocks_is_failing_at_once(editor):
    alert_services.watchlist_follow(user=editor, feeds=True)
    _failing_feed(1, blocked=True)

    assert alert_services.feed_alerts_produce() == 1


def test_a_healthy_feed_or_no_follower_makes_no_alert(editor, reader):
    _silent_feed(hours=0)
    alert_services.watchlist_follow(user=editor, feeds=True)
    assert alert_services.feed_alerts_produce() == 0
    Watchlist.objects.all().delete()
    _silent_feed(url="https://other.example.org/rss")
    assert alert_services.feed_alerts_produce() == 0


def test_only_an_editor_follows_the_feeds_health(reader, editor):
    with pytest.raises(PermissionDenied):
        alert_services.watchlist_follow(user=reader, feeds=True)
    first = alert_services.watchlist_follow(user=editor, feeds=True)
    second = alert_services.watchlist_follow(user=editor, feeds=True)
    assert first[1] and not second[1] and first[0] == second[0]


def test_the_feeds_page_follows_for_an_editor_and_the_inbox_shows_the_alert(
    client, editor, reader
):
    client.force_login(reader)
    assert 'action="/watchlists/feeds/"' not in client.get("/feeds/").text
    refused = client.post(reverse("web:feeds-follow"), follow=True)
    assert "for editors" in refused.text
    assert not Watchlist.objects.exists()

    client.force_login(editor)
    assert 'action="/watchlists/feeds/"' in client.get("/feeds/").text
    client.post(reverse("web:feeds-follow"))
    feed = _silent_feed()
    alert_services.feed_alerts_produce()

    inbox = client.get(reverse("web:inbox")).text
    assert "Example News has had no new item since" in inbox
    alert = Alert.objects.get()
    opened = client.post(reverse("web:inbox-open"), {"alert": alert.pk})
    assert opened["Location"] == reverse("web:feed-detail", args=[feed.pk])


def test_a_feed_alert_is_emailed_and_sent_to_a_webhook_naming_the_feed(
    smtp,  # noqa: F811
    receiver,  # noqa: F811
    editor,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.ATTRIBUTION_SITE_URL = "https://attribution.example.org"
    editor.email = "ed@example.org"
    editor.save()
    alert_services.watchlist_follow(user=editor, feeds=True, email=True)
    alert_services.webhook_create(
        user=editor, url=receiver.url, kinds=["feed.silent", "feed.failing"]
    )
    feed = _silent_feed()

    with django_capture_on_commit_callbacks(execute=True):
        alert_services.feed_alerts_produce()

    _, message = smtp.messages[0]
    text = message.get_payload(decode=True).decode()
    assert "Example News has had no new item since" in text
    assert f"/feeds/{feed.pk}/" in text
    headers, body = receiver.received[0]
    event = json.loads(body)
    assert headers["X-Attribution-Event"] == event["type"] == "feed.silent"
    api = "https://attribution.example.org/api/v1"
    assert event["data"] == {"feed": f"{api}/feeds/{feed.pk}/"}
