"""A feed's health: items and articles per day, lag to claims, silent feeds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from attribution import feed_selectors, feed_services
from attribution.models import Feed, FeedEntry, FeedPage
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def entry_with_article(feed, n, *, published_ago, parsed_ago):
    now = timezone.now()
    article = ArticleFactory(status="parsed", parsed_at=now - parsed_ago)
    page = FeedPage.objects.create(
        url=f"https://e.org/{n}", status="fetched", article=article
    )
    return FeedEntry.objects.create(
        feed=feed,
        guid=str(n),
        url=page.url,
        page=page,
        published_at=now - published_ago,
    )


def test_health_counts_items_and_articles_and_the_lag_to_claims():
    feed, _ = feed_services.feed_create(url="https://e.org/rss.xml")
    entry_with_article(
        feed, 1, published_ago=timedelta(minutes=10), parsed_ago=timedelta(minutes=9)
    )
    entry_with_article(
        feed, 2, published_ago=timedelta(minutes=10), parsed_ago=timedelta(minutes=5)
    )
    entry_with_article(
        feed, 3, published_ago=timedelta(minutes=10), parsed_ago=timedelta(minutes=8)
    )

    health = feed_selectors.feed_health(feed)

    assert health.items_total == 3 and health.articles_total == 3
    assert health.lag_median_seconds == 120.0 and health.lag_worst_seconds == 300.0


def test_a_feed_with_no_new_item_for_many_intervals_is_silent():
    feed, _ = feed_services.feed_create(url="https://e.org/rss.xml")
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        last_success_at=now,
        last_new_item_at=now - timedelta(hours=10),
        interval_seconds=900,
    )
    quiet, _ = feed_services.feed_create(url="https://e.org/other.xml")
    Feed.objects.filter(pk=quiet.pk).update(
        last_success_at=now, last_new_item_at=now - timedelta(minutes=10)
    )

    healths = {h.feed.pk: h for h in feed_selectors.feeds_health()}

    assert healths[feed.pk].silent and not healths[quiet.pk].silent


def test_the_dashboard_reads_every_feed_in_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    for n in range(5):
        feed, _ = feed_services.feed_create(url=f"https://e.org/{n}.xml")
        entry_with_article(
            feed, n, published_ago=timedelta(minutes=3), parsed_ago=timedelta(0)
        )

    with django_assert_num_queries(2):
        healths = feed_selectors.feeds_health()

    assert len(healths) == 5
