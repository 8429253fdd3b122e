"""Following from the pages, the watchlists page and the inbox, in the test client
and in a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from attribution import alert_services, services
from attribution.models import Alert, Watchlist
from tests.factories import ClaimFactory, OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_follows_a_speaker_from_its_page_with_one_click(
    client, reader
):
    speaker = SpeakerFactory(name="Ana Lopez", slug="ana-lopez")
    client.force_login(reader)
    page = client.get(reverse("web:speaker-detail", args=["ana-lopez"]))
    action = reverse("web:speaker-follow", args=["ana-lopez"])
    assert f'action="{action}"' in page.text

    response = client.post(action, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "web:speaker-detail", args=["ana-lopez"]
    )
    assert "Now following Speaker: Ana Lopez" in response.text
    assert Watchlist.objects.get().speaker == speaker
    assert Watchlist.objects.get().user == reader


def test_speakers_and_outlets_with_non_latin_slugs_are_followed_too(client, reader):
    # Their pages take any slug; the follow buttons' URLs took only ASCII ones.
    speaker = SpeakerFactory(name="Владимир Зеленский", slug="владимир-зеленский")
    outlet = OutletFactory(name="新华社", slug="新华社")
    client.force_login(reader)

    for name, slug in (("speaker", speaker.slug), ("outlet", outlet.slug)):
        response = client.post(reverse(f"web:{name}-follow", args=[slug]), follow=True)
        assert response.status_code == 200

    assert {(w.speaker, w.outlet) for w in Watchlist.objects.all()} == {
        (speaker, None),
        (None, outlet),
    }


def test_an_anonymous_follow_is_sent_to_log_in_and_stores_nothing(client):
    SpeakerFactory(slug="ana-lopez")

    action = reverse("web:speaker-follow", args=["ana-lopez"])
    page = client.get(reverse("web:speaker-detail", args=["ana-lopez"]))
    response = client.post(action)

    assert action not in page.text  # no Follow button for anonymous readers
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Watchlist.objects.exists()


def test_outlets_and_statements_are_followed_from_their_pages(client, reader):
    outlet = OutletFactory(name="Reuters", slug="reuters")
    statement = services.claim_cluster(claim_id=ClaimFactory().pk)
    client.force_login(reader)

    client.post(reverse("web:outlet-follow", args=["reuters"]))
    client.post(reverse("web:statement-follow", args=[statement.pk]))

    assert {(w.kind, w.outlet, w.statement) for w in Watchlist.objects.all()} == {
        ("outlet", outlet, None),
        ("statement", None, statement),
    }


def test_the_claim_list_follows_its_current_search(client, reader):
    SpeakerFactory(name="Ana Lopez")
    client.force_login(reader)
    listed = client.get(reverse("web:claim-list"), {"q": "bridge", "page": "1"})
    assert "Follow this search" in listed.text
    assert 'name="q" value="bridge"' in listed.text

    response = client.post(
        reverse("web:search-follow"), {"q": "bridge", "speaker": "Ana Lopez"}
    )

    assert response.status_code == 302
    assert Watchlist.objects.get().search == {"q": "bridge", "speaker": "Ana Lopez"}


def test_a_search_with_a_refused_filter_is_not_followed_and_says_why(client, reader):
    client.force_login(reader)

    response = client.post(
        reverse("web:search-follow"), {"speaker": "Nobody Atall"}, follow=True
    )

    assert "speaker: No speaker is called" in response.text
    assert not Watchlist.objects.exists()


def test_the_watchlists_page_lists_and_unfollows_only_ones_own(client, reader, editor):
    mine, _ = alert_services.watchlist_follow(user=reader, speaker=SpeakerFactory())
    theirs, _ = alert_services.watchlist_follow(user=editor, speaker=SpeakerFactory())
    client.force_login(reader)

    page = client.get(reverse("web:watchlist-list"))
    refused = client.post(reverse("web:watchlist-unfollow"), {"watchlist": theirs.pk})
    done = client.post(reverse("web:watchlist-unfollow"), {"watchlist": mine.pk})

    assert mine.name in page.text and theirs.name not in page.text
    assert (refused.status_code, done.status_code) == (404, 302)
    assert list(Watchlist.objects.all()) == [theirs]


def test_the_menu_counts_unread_alerts_and_opening_one_reads_it(client, reader):
    claim = ClaimFactory(text="the bridge is safe")
    alert_services.watchlist_follow(user=reader, speaker=claim.speaker)
    alert_services.article_alerts_produce(article_id=claim.article_id)
    alert = Alert.objects.get()
    client.force_login(reader)

    inbox = client.get(reverse("web:inbox"))
    opened = client.post(reverse("web:inbox-open"), {"alert": alert.pk})
    after = client.get(reverse("web:inbox"))

    assert 'aria-label="1 unread"' in inbox.text.split("</header>")[0]
    assert "the bridge is safe" in inbox.text
    assert opened["Location"] == reverse("web:claim-detail", args=[claim.pk])
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert "unread" not in after.text.split("</header>")[0]


def test_another_users_alert_cannot_be_opened(client, reader, editor):
    claim = ClaimFactory()
    alert_services.watchlist_follow(user=editor, speaker=claim.speaker)
    alert_services.article_alerts_produce(article_id=claim.article_id)
    client.force_login(reader)

    response = client.post(reverse("web:inbox-open"), {"alert": Alert.objects.get().pk})

    assert response.status_code == 404
    assert Alert.objects.get().read_at is None


@pytest.mark.browser
def test_following_a_speaker_and_reading_the_alert_in_a_browser(page, site):
    services.user_create(username="jo", password="jo-password-123")
    speaker = SpeakerFactory(name="Ana Lopez", slug="ana-lopez")
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password").fill("jo-password-123")
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{site}/speakers/ana-lopez/")
    page.get_by_role("button", name="Follow Ana Lopez").click()
    expect(page.get_by_text("Now following Speaker: Ana Lopez")).to_be_visible()
    claim = ClaimFactory(speaker=speaker, text="the bridge is safe")
    alert_services.article_alerts_produce(article_id=claim.article_id)
    page.goto(f"{site}/")
    expect(page.get_by_label("1 unread")).to_be_visible()

    page.get_by_role("link", name="Inbox").click()
    page.get_by_role("button", name="“the bridge is safe”").click()

    expect(page).to_have_url(f"{site}/claims/{claim.pk}/")
    expect(page.get_by_label("1 unread")).to_have_count(0)
    assert Alert.objects.get().read_at is not None


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # session, user, the menu's two role checks (may submit, may review) and
        # its Inbox, then the alerts (with watchlist, article, speaker)
        ("web:inbox", 6),
        # ... then watchlists (with what they follow) and webhooks
        ("web:watchlist-list", 7),
    ],
)
def test_the_inbox_and_following_pages_cost_a_fixed_number_of_queries(
    client, reader, django_assert_num_queries, name, queries
):
    for _ in range(5):
        claim = ClaimFactory()
        alert_services.watchlist_follow(user=reader, speaker=claim.speaker)
        alert_services.article_alerts_produce(article_id=claim.article_id)
    alert_services.watchlist_follow(user=reader, search={"q": "bridge"})
    alert_services.webhook_create(
        user=reader, url="https://example.org/hook", kinds=["claim.new"]
    )
    client.force_login(reader)

    with django_assert_num_queries(queries):
        response = client.get(reverse(name))

    assert response.status_code == 200


def test_the_following_page_turns_a_watchlists_email_on_and_off(client, reader):
    watchlist, _ = alert_services.watchlist_follow(
        user=reader, speaker=SpeakerFactory()
    )
    other, _ = alert_services.watchlist_follow(user=reader, outlet=OutletFactory())
    client.force_login(reader)
    url = reverse("web:watchlist-email")

    on = client.post(url, {"watchlist": watchlist.pk, "email": "on"}, follow=True)
    watchlist.refresh_from_db()
    assert watchlist.email
    assert "no email address" in on.text  # the reader has none
    client.post(url, {"watchlist": watchlist.pk})

    watchlist.refresh_from_db()
    other.refresh_from_db()
    assert not watchlist.email and not other.email


def test_the_menu_shows_an_inbox_only_to_those_who_follow_something(client, reader):
    client.force_login(reader)
    inbox = reverse("web:inbox")
    before = client.get(reverse("web:claim-list")).text.split("</header>")[0]
    alert_services.watchlist_follow(user=reader, speaker=SpeakerFactory())

    after = client.get(reverse("web:claim-list")).text.split("</header>")[0]

    assert inbox not in before
    assert inbox in after and "unread" not in after
