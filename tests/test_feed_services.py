"""Following outlets through a local feed server: polling, pages, wire copies."""

from datetime import timedelta

import pytest
from django.utils import timezone

from attribution import enqueue, feed_services, ingestion, tasks
from attribution.models import Article, Claim, Feed, FeedEntry, FeedPage, Host, Story
from tests.faults.support import in_thread
from tests.feed_server import FeedServer, page, rss, slow, story

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def fetch_locally(settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    settings.ATTRIBUTION_HOST_INTERVAL = 0


def serve_news_feed(server, path="/news.xml", count=20, prefix="a") -> Feed:
    items = []
    for n in range(count):
        link = f"{server.url}/{prefix}/{n}?utm_source=rss"
        items.append({"link": link, "title": f"Headline {prefix}{n}"})
        server.static(f"/{prefix}/{n}", page(f"{prefix}{n}", story(n)))
    server.feed(path, rss("Daily Example", items))
    feed, _ = feed_services.feed_create(url=server.url + path)
    return feed


@pytest.mark.slow  # fetches and parses 20 articles with the real pipeline
def test_a_feed_with_20_entries_makes_20_articles_and_a_second_poll_none(server):
    feed = serve_news_feed(server)

    first = tasks.feed_poll(feed.pk)
    second = feed_services.feed_poll(feed_id=feed.pk)

    assert first == "ok" and second["status"] == "not-modified"
    assert Article.objects.count() == 20
    assert Article.objects.filter(status=Article.Status.PARSED).count() == 20
    assert FeedEntry.objects.filter(feed=feed).count() == 20
    feed.refresh_from_db()
    assert feed.title == "Daily Example" and feed.kind == Feed.Kind.RSS
    assert feed.etag == '"v1"' and feed.last_error == ""


def test_an_article_from_a_feed_carries_the_entrys_title_date_outlet_and_url(server):
    feed = serve_news_feed(server, count=1)

    tasks.feed_poll(feed.pk)

    article = Article.objects.get()
    assert article.title == "Headline a0"
    assert article.url == f"{server.url}/a/0"  # tracking parameter dropped
    assert article.publisher.name == "Daily Example"
    assert article.published_at.isoformat() == "2026-11-30T08:00:00+00:00"
    assert FeedEntry.objects.get().author == "desk@example.org (Desk)"


def test_the_same_page_in_two_feeds_is_one_article_fetched_once(server):
    server.static("/shared", page("Shared", story(7)))
    link = {"link": f"{server.url}/shared#top"}
    server.feed("/one.xml", rss("One", [link]))
    server.feed("/two.xml", rss("Two", [{"link": f"{server.url}/shared?fbclid=x"}]))
    server.static("/shared?fbclid=x", page("Shared", story(7)))
    one, _ = feed_services.feed_create(url=f"{server.url}/one.xml")
    two, _ = feed_services.feed_create(url=f"{server.url}/two.xml")

    tasks.feed_poll(one.pk)
    tasks.feed_poll(two.pk)

    assert Article.objects.count() == 1
    assert FeedPage.objects.count() == 1
    assert server.hits["/shared"] == 1 and server.hits["/shared?fbclid=x"] == 0
    assert FeedEntry.objects.filter(page__article__isnull=False).count() == 2


def test_a_page_naming_a_canonical_url_already_in_is_the_same_article(server):
    server.static("/story", page("Story", story(3)))
    server.static(
        "/story/amp", page("Story", story(3), canonical=f"{server.url}/story")
    )
    server.feed("/one.xml", rss("One", [{"link": f"{server.url}/story"}]))
    server.feed("/amp.xml", rss("Amp", [{"link": f"{server.url}/m/story.amp"}]))
    server.static(
        "/m/story.amp", page("Story", story(3), canonical=f"{server.url}/story")
    )
    one, _ = feed_services.feed_create(url=f"{server.url}/one.xml")
    amp, _ = feed_services.feed_create(url=f"{server.url}/amp.xml")

    tasks.feed_poll(one.pk)
    tasks.feed_poll(amp.pk)

    assert Article.objects.count() == 1
    assert Article.objects.get().url == f"{server.url}/story"


def known_host(server) -> None:
    """The server's host as a poll finds it once its robots.txt is read."""
    Host.objects.create(
        name=server.url.split("//")[1], robots_fetched_at=timezone.now()
    )


@pytest.mark.parametrize("count", [1, 20])
def test_a_poll_costs_the_same_queries_for_one_new_entry_or_twenty(
    server, monkeypatch, django_assert_num_queries, count
):
    """Two commits: the lease with the host's slot (7 with BEGIN and COMMIT),
    then the entries known, the pages known, the new pages, the new entries and
    the feed's state (8)."""
    monkeypatch.setattr(enqueue, "feed_pages_fetch", lambda page_ids, countdown: None)
    feed = serve_news_feed(server, count=count)
    known_host(server)

    with django_assert_num_queries(15):
        poll = feed_services.feed_poll(feed_id=feed.pk)

    assert poll == {"status": "ok", "new": count}
    assert FeedPage.objects.filter(queued_at__isnull=False).count() == count


def test_a_poll_answered_304_costs_two_small_commits(
    server, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(enqueue, "feed_pages_fetch", lambda page_ids, countdown: None)
    feed = serve_news_feed(server, count=20)
    known_host(server)
    feed_services.feed_poll(feed_id=feed.pk)

    with django_assert_num_queries(11):
        poll = feed_services.feed_poll(feed_id=feed.pk)

    assert poll == {"status": "not-modified", "new": 0}


def test_the_pages_of_a_poll_the_broker_refuses_are_left_to_the_sweep(
    server, monkeypatch
):
    def refuse(page_ids, countdown):
        raise ConnectionError("broker down")

    monkeypatch.setattr(enqueue, "feed_pages_fetch", refuse)
    feed = serve_news_feed(server, count=3)

    feed_services.feed_poll(feed_id=feed.pk)

    assert FeedPage.objects.count() == 3
    assert FeedPage.objects.filter(queued_at__isnull=True).count() == 3
    assert FeedEntry.objects.filter(feed=feed).count() == 3


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("malformed", "not a feed we can read"),
        ("slow", "the site took longer than 1 s"),
        ("private", "private or local address"),
        ("huge", "larger than"),
    ],
)
def test_a_broken_feed_ends_with_a_reason_and_the_others_keep_polling(
    server, monkeypatch, route, reason
):
    monkeypatch.setattr(ingestion, "FETCH_TIMEOUT", (1, 1))
    xml = {"Content-Type": "application/rss+xml"}
    server.routes["/bad.xml"] = {
        "malformed": lambda h: (200, xml, b"<html><body>Sorry</body></html>"),
        "slow": slow(3, (200, xml, rss("Late", []))),
        "private": lambda h: (302, {"Location": "http://169.254.169.254/f.xml"}, b""),
        "huge": lambda h: (200, xml, b"<rss>" + b" " * (6 * 1024 * 1024) + b"</rss>"),
    }[route]
    bad, _ = feed_services.feed_create(url=f"{server.url}/bad.xml")
    good = serve_news_feed(server, count=2)

    feed_services.feeds_dispatch()

    bad.refresh_from_db()
    assert reason in bad.last_error
    assert bad.failures == 1 and bad.next_poll_at > timezone.now()
    assert bad.status == Feed.Status.ACTIVE
    assert Article.objects.count() == 2
    good.refresh_from_db()
    assert good.last_success_at is not None


def test_a_page_that_fails_ends_with_its_reason_and_the_rest_become_articles(server):
    server.static("/ok", page("Fine", story(1)))
    server.routes["/gone"] = lambda h: (404, {"Content-Type": "text/html"}, b"gone")
    server.feed(
        "/f.xml",
        rss("F", [{"link": f"{server.url}/gone"}, {"link": f"{server.url}/ok"}]),
    )
    feed, _ = feed_services.feed_create(url=f"{server.url}/f.xml")

    tasks.feed_poll(feed.pk)

    failed = FeedPage.objects.get(url=f"{server.url}/gone")
    assert failed.status == FeedPage.Status.FAILED and "answered 404" in failed.error
    assert Article.objects.count() == 1


def test_a_feed_failing_for_a_day_is_paused_with_the_reason(server):
    server.routes["/down.xml"] = lambda h: (503, {}, b"")
    feed, _ = feed_services.feed_create(url=f"{server.url}/down.xml")
    Feed.objects.filter(pk=feed.pk).update(
        failures=30, failing_since=timezone.now() - timedelta(hours=25)
    )

    feed_services.feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert feed.status == Feed.Status.PAUSED
    assert "Failing since" in feed.paused_reason and "503" in feed.paused_reason


def test_errors_back_off_each_time_longer(server, settings):
    settings.ATTRIBUTION_FEED_MIN_INTERVAL = 60
    server.routes["/down.xml"] = lambda h: (503, {}, b"")
    feed, _ = feed_services.feed_create(url=f"{server.url}/down.xml")
    waits = []
    for _ in range(3):
        feed_services.feed_poll(feed_id=feed.pk)
        feed.refresh_from_db()
        waits.append((feed.next_poll_at - feed.last_polled_at).total_seconds())

    assert [round(w) for w in waits] == [60, 120, 240]


def test_robots_txt_that_disallows_the_feed_marks_it_blocked(server):
    server.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    server.feed("/private/f.xml", rss("Hidden", []))
    feed, _ = feed_services.feed_create(url=f"{server.url}/private/f.xml")

    tasks.feed_poll(feed.pk)

    feed.refresh_from_db()
    assert feed.blocked and "robots.txt" in feed.last_error
    assert server.hits["/private/f.xml"] == 0


def test_two_workers_never_poll_one_feed_at_once(server):
    server.routes["/slow.xml"] = slow(
        1, (200, {"Content-Type": "application/rss+xml"}, rss("Slow", []))
    )
    feed, _ = feed_services.feed_create(url=f"{server.url}/slow.xml")
    outcomes: list = []

    threads = [
        in_thread(lambda: feed_services.feed_poll(feed_id=feed.pk), outcomes)
        for _ in range(2)
    ]
    for thread in threads:
        thread.join()

    assert sorted(o["status"] for o in outcomes) == ["busy", "ok"]
    assert server.hits["/slow.xml"] == 1


def test_a_feed_is_handed_out_once_until_its_lease_ends(server):
    feed = serve_news_feed(server, count=1)
    Feed.objects.filter(pk=feed.pk).update(status=Feed.Status.PAUSED, paused_reason="x")
    Feed.objects.filter(pk=feed.pk).update(status=Feed.Status.ACTIVE, paused_reason="")

    first = feed_services.feeds_dispatch()
    second = feed_services.feeds_dispatch()

    assert first == [feed.pk] and second == []


def test_the_host_lets_one_request_through_per_interval(settings):
    settings.ATTRIBUTION_HOST_INTERVAL = 60
    feed_services.host_take(name="example.org")

    with pytest.raises(feed_services.HostBusy) as busy:
        feed_services.host_take(name="example.org")

    assert 55 < busy.value.wait <= 60
    assert Host.objects.get(name="example.org").requests == 1


def test_reserved_slots_of_a_host_follow_each_other_one_interval_apart(settings):
    settings.ATTRIBUTION_HOST_INTERVAL = 60

    first = feed_services.host_reserve(name="example.org", count=3)
    then = feed_services.host_reserve(name="example.org")

    assert [round(w) for w in first] == [0, 60, 120]
    assert [round(w) for w in then] == [180]


def test_a_request_refused_by_the_interval_comes_back_after_the_reserved_slots(
    settings,
):
    settings.ATTRIBUTION_HOST_INTERVAL = 60
    feed_services.host_take(name="example.org")
    feed_services.host_reserve(name="example.org", count=2)

    with pytest.raises(feed_services.HostBusy) as busy:
        feed_services.host_take(name="example.org")

    assert round(busy.value.wait) == 180


def test_a_task_running_late_does_not_request_right_after_the_one_before(settings):
    settings.ATTRIBUTION_HOST_INTERVAL = 60
    Host.objects.create(name="example.org", next_request_at=timezone.now())
    feed_services.host_take(name="example.org")  # its slot's task, on time

    # The next slot's task, held up elsewhere, finds the host asked a moment ago.
    with pytest.raises(feed_services.HostBusy):
        feed_services.host_take(name="example.org")

    assert Host.objects.get(name="example.org").requests == 1


def test_dispatch_sends_the_polls_of_one_hosts_feeds_for_its_next_slots(
    monkeypatch, settings
):
    settings.ATTRIBUTION_HOST_INTERVAL = 5
    sent: list[tuple[int, float]] = []
    monkeypatch.setattr(
        enqueue,
        "feed_poll",
        lambda feed_id, countdown: sent.append((feed_id, countdown)),
    )
    a = [feed_services.feed_create(url=f"https://a.example/{n}.xml")[0] for n in "xyz"]
    b = [feed_services.feed_create(url=f"https://b.example/{n}.xml")[0] for n in "xy"]

    feed_services.feeds_dispatch()

    hosts = [("a" if pk in {f.pk for f in a} else "b", wait) for pk, wait in sent]
    assert hosts == [("a", 0), ("b", 0), ("a", 5), ("b", 5), ("a", 10)]
    # Each feed's lease runs from when its task is due.
    leases = Feed.objects.filter(pk__in=[f.pk for f in a]).order_by("next_poll_at")
    gaps = [(x.next_poll_at - leases[0].next_poll_at).seconds for x in leases]
    assert gaps == [0, 5, 10] and len(b) == 2


def test_the_first_poll_of_a_host_reads_robots_txt_and_keeps_the_next_slot(
    server, settings
):
    settings.ATTRIBUTION_HOST_INTERVAL = 60
    server.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    feed = serve_news_feed(server, count=1)

    with pytest.raises(feed_services.HostBusy) as busy:
        feed_services.feed_poll(feed_id=feed.pk)
    later = feed_services.host_reserve(name=server.url.split("//")[1])

    assert server.hits["/robots.txt"] == 1 and server.hits["/news.xml"] == 0
    assert 55 < busy.value.wait <= 60  # the slot after robots.txt is the feed's
    assert 115 < later[0] <= 120
    feed.refresh_from_db()
    assert feed.polling_until is None  # the lease is given back meanwhile


def test_the_interval_shortens_with_new_items_and_lengthens_without(server, settings):
    settings.ATTRIBUTION_FEED_MIN_INTERVAL = 100
    feed = serve_news_feed(server, count=1)
    Feed.objects.filter(pk=feed.pk).update(interval_seconds=400)

    feed_services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    busy_interval = feed.interval_seconds
    feed_services.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()

    assert busy_interval == 200 and feed.interval_seconds == 300


def test_a_feeds_first_poll_sets_the_interval_by_how_often_its_items_appear(
    server, settings
):
    settings.ATTRIBUTION_FEED_MIN_INTERVAL = 300
    settings.ATTRIBUTION_FEED_MAX_INTERVAL = 21600
    start = timezone.now() - timedelta(hours=5)
    items = [
        {"link": f"{server.url}/gone/{n}", "date": start + timedelta(hours=n)}
        for n in range(4)
    ]
    server.feed("/hourly.xml", rss("Hourly", items))
    feed, _ = feed_services.feed_create(url=f"{server.url}/hourly.xml")

    feed_services.feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert feed.interval_seconds == 1800  # half its hour, not the shortest wait


WIRE = [
    "LONDON (Reuters) - The central bank said on Thursday it would keep interest "
    "rates unchanged for a third month as inflation eased more slowly than expected.",
    '"We are not yet where we need to be," governor Anna Berg told a news conference, '
    "adding that the bank was ready to act if prices rose again in the coming months.",
    "Economists polled by the agency had expected the decision, though several said "
    "a cut in the spring was now likely given the weakness of the housing market.",
    "Sterling rose slightly against the dollar after the announcement, while the yield "
    "on two-year government bonds fell to its lowest level since the summer.",
]


def follow_wire_copies(server) -> None:
    edits = [
        WIRE,
        [*WIRE[:3], WIRE[3].replace("slightly", "a little")],
        [WIRE[0], WIRE[1], WIRE[3], "Our correspondent adds: markets were calm."],
    ]
    for n, paragraphs in enumerate(edits):
        server.static(f"/site{n}/bank", page(f"Rates on hold {n}", paragraphs))
        server.feed(
            f"/site{n}.xml",
            rss(
                f"Site {n}",
                [{"link": f"{server.url}/site{n}/bank", "title": f"Rates on hold {n}"}],
            ),
        )
        feed, _ = feed_services.feed_create(url=f"{server.url}/site{n}.xml")
        tasks.feed_poll(feed.pk)
    server.static("/other/x", page("Other", story(5)))
    server.feed("/other.xml", rss("Other", [{"link": f"{server.url}/other/x"}]))
    tasks.feed_poll(feed_services.feed_create(url=f"{server.url}/other.xml")[0].pk)


def test_three_copies_of_a_wire_story_are_one_story_with_the_agency_as_outlet(server):
    follow_wire_copies(server)

    assert Article.objects.count() == 4
    wire = Story.objects.get(copies__article__title="Rates on hold 0")
    assert wire.copies.count() == 3 and wire.agency.name == "Reuters"
    assert Story.objects.count() == 2
    berg = Claim.objects.filter(text__contains="not yet where we need to be")
    assert berg.count() == 3
    for claim in berg:
        assert claim.via_links.order_by("position").first().outlet.name == "Reuters"


def test_a_statements_timeline_counts_a_storys_copies_as_one_report(server, client):
    follow_wire_copies(server)
    canonical = Claim.objects.get(
        text__contains="not yet where we need to be", article__title="Rates on hold 0"
    ).canonical

    timeline = client.get(f"/api/v1/canonical-claims/{canonical.pk}/timeline/").json()
    page = client.get(f"/statements/{canonical.pk}/")

    assert len(timeline["reports"]) == 1
    [(first, copies)] = timeline["copies"].items()
    assert first == str(timeline["reports"][0]["id"]) and len(copies) == 2
    assert "reported 1 time in 3 articles" in " ".join(page.text.split())
    assert "One wire story, also carried by" in page.text


def test_a_feed_that_answers_403_is_marked_blocked_with_the_reason(server):
    server.routes["/closed.xml"] = lambda h: (403, {"Content-Type": "text/html"}, b"")
    feed, _ = feed_services.feed_create(url=f"{server.url}/closed.xml")

    feed_services.feed_poll(feed_id=feed.pk)

    feed.refresh_from_db()
    assert feed.blocked and "answered 403" in feed.last_error


def test_new_pages_are_sent_in_batches_of_distinct_hosts_one_interval_apart(
    monkeypatch, settings
):
    settings.ATTRIBUTION_HOST_INTERVAL = 5
    settings.ATTRIBUTION_PARSE_BATCH_SIZE = 2
    sent: list[tuple[list[int], float]] = []
    monkeypatch.setattr(
        enqueue,
        "feed_pages_fetch",
        lambda page_ids, countdown: sent.append((page_ids, countdown)),
    )
    urls = [f"https://{h}.example/{n}" for h in "abc" for n in range(2)]
    pages = {FeedPage.objects.create(url=url).pk: url for url in urls}

    feed_services.pages_send(pages.items())

    hosts = [(sorted(pages[pk][8] for pk in ids), wait) for ids, wait in sent]
    assert hosts == [(["a", "b"], 0), (["c"], 0), (["a", "b"], 5), (["c"], 5)]
    assert FeedPage.objects.filter(queued_at__isnull=True).count() == 0


@pytest.mark.slow  # fetches and parses 4 articles with the real pipeline
def test_the_pages_of_a_poll_are_parsed_together_in_batches(server, settings):
    settings.ATTRIBUTION_PARSE_BATCH_SIZE = 4
    feed = serve_news_feed(server, count=4)

    tasks.feed_poll(feed.pk)

    parsed = Article.objects.filter(status=Article.Status.PARSED)
    assert parsed.count() == 4
    # One batch task stamped all four at once (a task each stamps each its own).
    assert len(set(parsed.values_list("queued_at", flat=True))) == 1
    assert FeedPage.objects.filter(status=FeedPage.Status.FETCHED).count() == 4


def test_a_page_whose_fetch_task_was_lost_is_fetched_by_the_sweep(server, settings):
    server.static("/lost", page("Lost", story(4)))
    lost = FeedPage.objects.create(url=f"{server.url}/lost")
    long_ago = timezone.now() - timedelta(
        minutes=settings.ATTRIBUTION_SWEEP_LOST_MINUTES + 1
    )
    FeedPage.objects.filter(pk=lost.pk).update(queued_at=long_ago)

    swept = tasks.feed_pages_sweep()

    lost.refresh_from_db()
    assert swept == 1 and lost.status == FeedPage.Status.FETCHED
    assert lost.article.status == Article.Status.PARSED


def test_the_sweep_leaves_pages_queued_lately_leased_or_fetched_alone(
    monkeypatch, settings
):
    sent: list[list[int]] = []
    monkeypatch.setattr(
        enqueue, "feed_pages_fetch", lambda page_ids, countdown: sent.append(page_ids)
    )
    now = timezone.now()
    long_ago = now - timedelta(minutes=settings.ATTRIBUTION_SWEEP_LOST_MINUTES + 1)
    queued_lately = FeedPage.objects.create(url="https://a.example/1", queued_at=now)
    leased = FeedPage.objects.create(
        url="https://a.example/2",
        queued_at=long_ago,
        fetching_until=now + timedelta(minutes=5),
    )
    fetched = FeedPage.objects.create(
        url="https://a.example/3", queued_at=long_ago, status=FeedPage.Status.FETCHED
    )
    never_sent = FeedPage.objects.create(url="https://a.example/4")
    FeedPage.objects.filter(pk=never_sent.pk).update(created_at=long_ago)
    just_created = FeedPage.objects.create(url="https://a.example/5")

    swept = feed_services.feed_pages_sweep()

    assert swept == [never_sent.pk] and sent == [[never_sent.pk]]
    assert {queued_lately.pk, leased.pk, fetched.pk, just_created.pk}.isdisjoint(swept)


def test_a_fetch_sent_back_for_its_hosts_slot_is_due_at_that_slot(server, settings):
    settings.ATTRIBUTION_HOST_INTERVAL = 60
    server.static("/busy", page("Busy", story(5)))
    busy = FeedPage.objects.create(url=f"{server.url}/busy")
    feed_services.host_take(name=server.url.split("//")[1])

    failures = feed_services.feed_pages_fetch(page_ids=[busy.pk])
    feed_services.page_release(page_id=busy.pk, wait=failures[busy.pk].wait)

    busy.refresh_from_db()
    assert isinstance(failures[busy.pk], feed_services.HostBusy)
    assert busy.attempts == 0 and busy.fetching_until is None
    due = (busy.queued_at - timezone.now()).total_seconds()
    assert 50 < due <= 60 and server.hits["/busy"] == 0
