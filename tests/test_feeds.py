"""The pure part of following outlets: URLs, discovery, feeds, OPML, schedules,
MinHash and agencies. No database, no network."""

from datetime import UTC, datetime

import pytest

from attribution import feeds


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        (
            "HTTPS://News.Example.org:443/a/b?utm_source=x&id=3#top",
            "https://news.example.org/a/b?id=3",
        ),
        ("https://example.org/a?b=2&a=1&fbclid=zz", "https://example.org/a?a=1&b=2"),
        ("https://example.org/world/story/amp", "https://example.org/world/story"),
        ("https://example.org/amp/world/story", "https://example.org/world/story"),
        (
            "https://example.org/world/story.amp.html",
            "https://example.org/world/story.html",
        ),
        ("https://amp.example.org/story?amp=1", "https://example.org/story"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_urls_are_normalised_to_one_spelling_per_page(url, normal):
    assert feeds.normalise_url(url) == normal


def test_a_pages_canonical_link_is_read_and_made_absolute():
    html = '<html><head><link rel="canonical" href="/story/1"></head></html>'

    assert feeds.canonical_url(html, "https://example.org/amp/story/1") == (
        "https://example.org/story/1"
    )
    assert feeds.canonical_url("<html><body>x</body></html>", "https://e.org/") == ""


def test_feeds_are_discovered_from_a_home_pages_alternate_links():
    html = (
        '<html><head><link rel="stylesheet" href="/s.css">'
        '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" href="https://e.org/atom">'
        '<link rel="alternate" hreflang="fr" href="/fr/"></head></html>'
    )

    assert feeds.discover_feeds(html, "https://e.org/") == [
        "https://e.org/rss.xml",
        "https://e.org/atom",
    ]


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire desk</title>
<entry><id>tag:e.org,2026:1</id><title>Rates held</title>
<link href="https://e.org/rates"/><author><name>Anna Berg</name></author>
<published>2026-11-30T08:15:00Z</published></entry>
<entry><id>no-link</id><title>Nothing to fetch</title></entry></feed>"""


def test_an_atom_feed_gives_its_entries_with_author_and_date():
    parsed = feeds.parse_feed(ATOM)

    assert parsed.kind == "atom" and parsed.title == "Wire desk"
    assert parsed.entries == [
        feeds.Entry(
            guid="tag:e.org,2026:1",
            url="https://e.org/rates",
            title="Rates held",
            author="Anna Berg",
            published_at=datetime(2026, 11, 30, 8, 15, tzinfo=UTC),
        )
    ]


def test_a_news_sitemap_gives_its_urls_titles_and_dates():
    sitemap = b"""<?xml version="1.0"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://e.org/a</loc><news:news><news:title>A story</news:title>
    <news:publication_date>2026-11-30T09:00:00+00:00</news:publication_date>
    </news:news></url></urlset>"""

    parsed = feeds.parse_feed(sitemap)

    assert parsed.kind == "sitemap"
    [entry] = parsed.entries
    assert (entry.url, entry.title) == ("https://e.org/a", "A story")
    assert entry.published_at == datetime(2026, 11, 30, 9, tzinfo=UTC)


def test_a_web_page_is_not_a_feed():
    with pytest.raises(feeds.FeedError, match="not a feed"):
        feeds.parse_feed(b"<html><body><p>Hello</p></body></html>")


def test_opml_round_trips_feeds_with_their_titles():
    text = feeds.opml_render(
        [("https://e.org/rss?a=1&b=2", 'Say "hi" & go', "https://e.org/")],
        title="Mine",
    )

    assert feeds.opml_parse(text.encode()) == [
        ("https://e.org/rss?a=1&b=2", 'Say "hi" & go')
    ]


def test_opml_refuses_a_file_that_is_not_opml():
    with pytest.raises(feeds.FeedError, match="not OPML"):
        feeds.opml_parse(b"<rss/>")


def test_the_interval_halves_with_new_items_and_grows_without_within_bounds():
    assert feeds.next_interval(600, new_items=3, lowest=300, highest=3600) == 300
    assert feeds.next_interval(400, new_items=1, lowest=300, highest=3600) == 300
    assert feeds.next_interval(600, new_items=0, lowest=300, highest=3600) == 900
    assert feeds.next_interval(3000, new_items=0, lowest=300, highest=3600) == 3600


def test_new_items_set_the_interval_to_half_the_gap_the_feed_publishes_at():
    hourly = [datetime(2026, 12, 1, h, tzinfo=UTC) for h in (9, 8, 10, 7)]
    gap = feeds.publication_gap([*hourly, None])

    assert gap == 3600
    assert feeds.next_interval(300, new_items=1, lowest=300, highest=7200, gap=gap) == (
        1800
    )
    assert feeds.next_interval(900, new_items=1, lowest=300, highest=7200, gap=60) == (
        300
    )


def test_two_dated_items_are_too_few_to_tell_how_often_a_feed_publishes():
    two = [datetime(2026, 12, 1, 8, tzinfo=UTC), datetime(2026, 12, 1, 9, tzinfo=UTC)]

    assert feeds.publication_gap(two) is None


def test_backoff_doubles_and_is_capped():
    waits = [feeds.backoff(n, lowest=60, highest=600) for n in range(1, 7)]

    assert waits == [60, 120, 240, 480, 600, 600]


def test_robots_txt_rules_apply_to_our_agent():
    robots = "User-agent: *\nDisallow: /private/\n"

    assert feeds.robots_allows(robots, "https://e.org/news/1", "AttributionBot")
    assert not feeds.robots_allows(robots, "https://e.org/private/x", "AttributionBot")
    assert feeds.robots_allows("", "https://e.org/private/x", "AttributionBot")


TEXT = (
    "The central bank said on Thursday it would keep interest rates unchanged for a "
    "third month as inflation eased more slowly than expected, and the governor told "
    "a news conference that the bank was ready to act if prices rose again soon."
)


def test_lightly_edited_copies_are_similar_and_other_stories_are_not():
    copy = TEXT.replace("Thursday", "Thursday morning").replace("soon", "in spring")
    other = "Residents of the valley said the new dam would flood three villages."

    assert feeds.similarity(feeds.signature(TEXT), feeds.signature(copy)) >= 0.5
    assert feeds.similarity(feeds.signature(TEXT), feeds.signature(other)) < 0.1
    shared = set(feeds.bands(feeds.signature(TEXT))) & set(
        feeds.bands(feeds.signature(copy))
    )
    assert shared


@pytest.mark.parametrize(
    ("text", "byline", "agency"),
    [
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "", "Associated Press"),
        ("LONDON (Reuters) - Shares fell.", "", "Reuters"),
        ("PARIS (AFP) – Strikes spread.", "", "Agence France-Presse"),
        ("Shares fell on Monday.", "By Jane Doe, Reuters", "Reuters"),
        (
            "Shares fell. ... Reporting by Jane Doe; Editing by Tom Lee for Reuters",
            "",
            "Reuters",
        ),
        ("Officials told Reuters on Monday that " + "talks went on. " * 40, "", ""),
    ],
)
def test_the_agency_is_read_from_the_dateline_or_byline(text, byline, agency):
    assert feeds.agency_in(text, byline=byline) == agency
