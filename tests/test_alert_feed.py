"""The Atom feed of a watchlist: read by a feed reader through a secret URL that
its owner can rotate; a wrong or old token finds nothing."""

import feedparser
import pytest

from attribution import alert_services
from attribution.models import Watchlist
from tests.factories import ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(reader):
    speaker = SpeakerFactory(name="Ana Lopez")
    watchlist, _ = alert_services.watchlist_follow(user=reader, speaker=speaker)
    claim = ClaimFactory(speaker=speaker, text="the bridge is safe")
    alert_services.article_alerts_produce(article_id=claim.article_id)
    return watchlist


def _feed_url(watchlist: Watchlist, token: str) -> str:
    return f"/watchlists/{watchlist.pk}/atom/{token}/"


def test_the_feed_of_a_watchlist_parses_as_atom_with_its_alerts(client, followed):
    token = alert_services.watchlist_feed_token(
        user=followed.user, watchlist_id=followed.pk
    )

    response = client.get(_feed_url(followed, token))  # a feed reader: no login

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.title == "Attribution: Speaker: Ana Lopez"
    [entry] = feed.entries
    assert "the bridge is safe" in entry.title
    assert entry.link.endswith(f"/claims/{followed.alerts.get().claim_id}/")


def test_a_wrong_or_rotated_token_is_a_404(client, followed):
    assert client.get(_feed_url(followed, "")).status_code == 404
    assert client.get(_feed_url(followed, "guessed")).status_code == 404
    old = alert_services.watchlist_feed_token(
        user=followed.user, watchlist_id=followed.pk
    )
    assert (
        alert_services.watchlist_feed_token(
            user=followed.user, watchlist_id=followed.pk
        )
        == old
    )  # asked again: the same

    new = alert_services.watchlist_feed_token(
        user=followed.user, watchlist_id=followed.pk, rotate=True
    )

    assert new != old
    assert client.get(_feed_url(followed, old)).status_code == 404
    assert client.get(_feed_url(followed, new)).status_code == 200


def test_the_owner_asks_for_the_feed_url_and_nobody_else_may(client, followed, editor):
    client.force_login(editor)
    refused = client.post("/watchlists/feed/", {"watchlist": followed.pk})
    assert refused.status_code == 404

    client.force_login(followed.user)
    response = client.post("/watchlists/feed/", {"watchlist": followed.pk}, follow=True)

    followed.refresh_from_db()
    assert followed.feed_token
    assert _feed_url(followed, followed.feed_token) in response.content.decode()
