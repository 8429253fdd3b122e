"""Real worker processes follow a feed: dispatch, poll, pages, parsed articles."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from attribution import feed_services, tasks
from attribution.celery import app as celery_app
from attribution.models import Article, Feed, FeedPage
from tests.conftest import TEST_QUEUE
from tests.faults import support
from tests.feed_server import FeedServer, page, rss, slow, story


@pytest.fixture
def workers(transactional_db, tmp_path, settings):
    """Two `celery worker` processes, allowed to fetch from this machine's servers."""
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    env = {"ATTRIBUTION_FETCH_ALLOW_LOOPBACK": "true", "ATTRIBUTION_HOST_INTERVAL": "0"}
    started = [
        support.Worker(f"feeds-{n}", TEST_QUEUE, tmp_path / f"w{n}.log", **env)
        for n in range(2)
    ]
    celery_app.conf.task_always_eager = False
    try:
        for worker in started:
            worker.wait_ready(timeout=120)
        yield started
    finally:
        celery_app.conf.task_always_eager = True
        for worker in started:
            worker.stop()


@pytest.mark.worker
def test_two_real_workers_poll_a_feed_once_and_parse_its_pages(workers):
    server = FeedServer()
    items = [{"link": f"{server.url}/s/{n}"} for n in range(5)]
    for n in range(5):
        server.static(f"/s/{n}", page(f"S{n}", story(n)))
    body = rss("Slow desk", items)
    server.routes["/slow.xml"] = slow(
        1, (200, {"Content-Type": "application/rss+xml"}, body)
    )
    try:
        feed, _ = feed_services.feed_create(url=f"{server.url}/slow.xml")
        tasks.feed_poll.delay(feed.pk)  # both workers handed the same feed
        tasks.feed_poll.delay(feed.pk)
        deadline = time.monotonic() + 120
        while Article.objects.filter(status="parsed").count() < 5:
            assert time.monotonic() < deadline, workers[0].log() + workers[1].log()
            time.sleep(0.5)
    finally:
        server.stop()

    # The second task either found the feed leased (busy) or came after the first
    # poll ended and saw the same items: never two requests for the feed at once.
    assert server.most_at_once["/slow.xml"] == 1
    assert all(server.hits[f"/s/{n}"] == 1 for n in range(5))
    assert Feed.objects.get().polls == server.hits["/slow.xml"]
    assert Article.objects.count() == 5


@pytest.mark.worker
def test_a_real_worker_sweeps_a_page_whose_fetch_task_was_lost_into_an_article(
    workers, settings
):
    server = FeedServer()
    server.static("/lost", page("Lost", story(9)))
    try:
        lost = FeedPage.objects.create(url=f"{server.url}/lost")
        long_ago = timezone.now() - timedelta(
            minutes=settings.ATTRIBUTION_SWEEP_LOST_MINUTES + 1
        )
        FeedPage.objects.filter(pk=lost.pk).update(queued_at=long_ago)

        tasks.feed_pages_sweep.delay()  # what beat sends
        deadline = time.monotonic() + 120
        while not Article.objects.filter(status="parsed").exists():
            assert time.monotonic() < deadline, workers[0].log() + workers[1].log()
            time.sleep(0.5)
    finally:
        server.stop()

    lost.refresh_from_db()
    assert lost.status == FeedPage.Status.FETCHED and server.hits["/lost"] == 1
    assert lost.article == Article.objects.get()
