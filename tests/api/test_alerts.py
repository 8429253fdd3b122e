"""/api/v1/watchlists/ and /api/v1/webhooks/: own ones only, clear 400s."""

import pytest
from django.urls import reverse

from attribution import alert_services
from attribution.models import Delivery, Watchlist, Webhook
from tests.factories import ClaimFactory, OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

WATCHLISTS = "/api/v1/watchlists/"
WEBHOOKS = "/api/v1/webhooks/"


def test_a_user_follows_a_speaker_by_slug_and_lists_only_their_own(
    as_user, reader, editor
):
    speaker = SpeakerFactory(name="Ana Lopez", slug="ana-lopez")
    alert_services.watchlist_follow(user=editor, outlet=OutletFactory())

    created = as_user(reader).post(WATCHLISTS, {"speaker": "ana-lopez"}, format="json")
    again = as_user(reader).post(WATCHLISTS, {"speaker": "ana-lopez"}, format="json")
    listed = as_user(reader).get(WATCHLISTS)

    assert created.status_code == 201 and again.status_code == 200
    assert created.json()["kind"] == "speaker"
    assert created.json()["speaker"] == "ana-lopez"
    assert [w["id"] for w in listed.json()["results"]] == [created.json()["id"]]
    assert Watchlist.objects.get(user=reader).speaker == speaker


def test_a_saved_search_is_followed_and_a_bad_filter_is_a_400_naming_it(
    as_user, reader
):
    good = as_user(reader).post(
        WATCHLISTS, {"search": {"q": "bridge", "kind": "direct"}}, format="json"
    )
    bad = as_user(reader).post(
        WATCHLISTS, {"search": {"kind": "shouted"}}, format="json"
    )

    assert good.status_code == 201
    assert good.json()["search"] == {"kind": "direct", "q": "bridge"}
    assert bad.status_code == 400
    assert "kind" in str(bad.json())
    assert Watchlist.objects.count() == 1


def test_two_targets_at_once_or_none_are_refused(as_user, reader):
    speaker, outlet = SpeakerFactory(), OutletFactory()

    both = as_user(reader).post(
        WATCHLISTS, {"speaker": speaker.slug, "outlet": outlet.slug}, format="json"
    )
    unknown = as_user(reader).post(WATCHLISTS, {"speaker": "nobody"}, format="json")

    assert both.status_code == 400 and unknown.status_code == 400
    assert "speaker" in str(unknown.json())
    assert not Watchlist.objects.exists()


def test_another_users_watchlist_can_be_neither_read_nor_deleted(
    as_user, reader, editor
):
    theirs, _ = alert_services.watchlist_follow(user=editor, speaker=SpeakerFactory())

    read = as_user(reader).get(f"{WATCHLISTS}{theirs.pk}/")
    deleted = as_user(reader).delete(f"{WATCHLISTS}{theirs.pk}/")
    own = as_user(editor).delete(f"{WATCHLISTS}{theirs.pk}/")

    assert (read.status_code, deleted.status_code, own.status_code) == (404, 404, 204)
    assert not Watchlist.objects.exists()


def test_watchlists_and_webhooks_need_a_login(api):
    assert api.get(WATCHLISTS).status_code == 401
    assert api.post(WEBHOOKS, {"url": "https://example.org/h"}).status_code == 401


def test_a_webhook_is_registered_with_its_secret_shown_once(as_user, reader):
    created = as_user(reader).post(
        WEBHOOKS,
        {"url": "https://example.org/hook", "kinds": ["claim.new"]},
        format="json",
    )
    listed = as_user(reader).get(WEBHOOKS)

    assert created.status_code == 201
    hook = Webhook.objects.get()
    assert created.json()["secret"] == hook.secret and len(hook.secret) == 64
    assert "secret" not in listed.json()["results"][0]
    assert hook.user == reader and hook.kinds == ["claim.new"]


def test_a_webhook_takes_batches_only_when_registered_so(as_user, reader):
    plain = as_user(reader).post(
        WEBHOOKS, {"url": "https://example.org/one"}, format="json"
    )
    batched = as_user(reader).post(
        WEBHOOKS, {"url": "https://example.org/many", "batch": True}, format="json"
    )

    assert (plain.status_code, batched.status_code) == (201, 201)
    assert (plain.json()["batch"], batched.json()["batch"]) == (False, True)
    assert dict(Webhook.objects.values_list("url", "batch")) == {
        "https://example.org/one": False,
        "https://example.org/many": True,
    }


def test_a_webhook_to_a_refused_url_is_a_400_naming_the_url(as_user, reader):
    response = as_user(reader).post(
        WEBHOOKS,
        {"url": "http://example.org:2375/", "kinds": ["claim.new"]},
        format="json",
    )

    assert response.status_code == 400
    assert "url" in str(response.json())
    assert not Webhook.objects.exists()


def test_the_delivery_log_shows_status_codes_to_the_owner_only(as_user, reader, editor):
    hook = alert_services.webhook_create(
        user=reader, url="https://example.org/hook", kinds=["claim.new"]
    )
    claim = ClaimFactory()
    alert_services.watchlist_follow(user=reader, speaker=claim.speaker)
    alert_services.article_alerts_produce(article_id=claim.article_id)
    Delivery.objects.update(
        status_code=500, attempts=1, log=[{"at": "t", "status": 500, "error": "x"}]
    )
    url = reverse("api:webhook-deliveries", args=[hook.pk])

    mine = as_user(reader).get(url)
    theirs = as_user(editor).get(url)

    assert mine.status_code == 200
    assert mine.json()[0]["status_code"] == 500
    assert mine.json()[0]["log"][0]["status"] == 500
    assert theirs.status_code == 404


def test_redelivering_an_unknown_delivery_is_a_400_naming_it(as_user, reader):
    hook = alert_services.webhook_create(
        user=reader, url="https://example.org/hook", kinds=["claim.new"]
    )

    response = as_user(reader).post(
        reverse("api:webhook-redeliver", args=[hook.pk]), {"delivery": 999999}
    )

    assert response.status_code == 400
    assert "delivery" in response.json()["error"]["fields"]


def test_a_watchlist_made_through_the_api_may_email_its_alerts(as_user, reader):
    SpeakerFactory(slug="ana-lopez")

    response = as_user(reader).post(
        WATCHLISTS, {"speaker": "ana-lopez", "email": True}, format="json"
    )

    assert response.status_code == 201 and response.json()["email"] is True
    assert Watchlist.objects.get().email


def test_a_watchlist_made_through_the_api_may_email_a_daily_digest(as_user, reader):
    SpeakerFactory(slug="ana-lopez")

    response = as_user(reader).post(
        WATCHLISTS,
        {"speaker": "ana-lopez", "email": True, "digest": True},
        format="json",
    )

    assert response.status_code == 201 and response.json()["digest"] is True
    assert Watchlist.objects.get().digest
