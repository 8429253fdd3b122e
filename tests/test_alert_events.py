"""The event kinds beyond claim.new: a followed statement's new and altered
reports, a followed speaker's new outlet, and verdicts on followed claims; each
stored once per watchlist, a re-parse or a retried task adding nothing."""

import pytest

from attribution import alert_services, services
from attribution.models import Alert, Webhook
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
    reported_claim,
)

BRIDGE = "The bridge will reopen in May."


def _kinds(watchlist) -> list[tuple[str, int]]:
    return sorted(watchlist.alerts.values_list("kind", "claim"))


def test_a_new_report_of_a_followed_statement_is_a_statement_report(reader):
    speaker = SpeakerFactory(name="Ana Lopez")
    first = reported_claim(speaker, BRIDGE, day=1)
    watchlist, _ = alert_services.watchlist_follow(
        user=reader, statement=first.canonical
    )
    second = reported_claim(speaker, BRIDGE, day=2)

    assert alert_services.article_alerts_produce(article_id=second.article_id) == 1
    assert alert_services.article_alerts_produce(article_id=second.article_id) == 0

    assert _kinds(watchlist) == [("statement.report", second.pk)]


def test_a_report_whose_words_differ_from_the_earliest_is_also_altered(reader):
    speaker = SpeakerFactory(name="Ana Lopez")
    first = reported_claim(speaker, BRIDGE, day=1)
    watchlist, _ = alert_services.watchlist_follow(
        user=reader, statement=first.canonical
    )
    altered = reported_claim(speaker, "The bridge will surely reopen in May.", day=2)
    assert altered.canonical_id == first.canonical_id

    alert_services.article_alerts_produce(article_id=altered.article_id)
    alert_services.article_alerts_produce(article_id=altered.article_id)

    assert _kinds(watchlist) == [
        ("statement.altered", altered.pk),
        ("statement.report", altered.pk),
    ]


def test_a_followed_speaker_through_an_outlet_new_to_them_is_told_once(reader):
    speaker = SpeakerFactory()
    bbc, reuters = OutletFactory(name="BBC"), OutletFactory(name="Reuters")
    old = ClaimFactory(speaker=speaker)
    ClaimViaFactory(claim=old, outlet=bbc, position=0)
    watchlist, _ = alert_services.watchlist_follow(user=reader, speaker=speaker)
    article = ArticleFactory()
    new = ClaimFactory(article=article, speaker=speaker)
    ClaimViaFactory(claim=new, outlet=bbc, position=0)
    ClaimViaFactory(claim=new, outlet=reuters, position=1)

    alert_services.article_alerts_produce(article_id=article.pk)
    alert_services.article_alerts_produce(article_id=article.pk)  # a re-parse
    later = ClaimFactory(speaker=speaker)
    ClaimViaFactory(claim=later, outlet=reuters, position=0)
    alert_services.article_alerts_produce(article_id=later.article_id)

    outlet_alerts = watchlist.alerts.filter(kind="speaker.outlet")
    assert list(outlet_alerts.values_list("key", "claim")) == [
        (f"outlet:{reuters.pk}", new.pk)
    ]
    assert watchlist.alerts.filter(kind="claim.new").count() == 2


@pytest.fixture
def followed_claim(reader):
    speaker = SpeakerFactory(name="Ana Lopez")
    claim = reported_claim(speaker, BRIDGE, day=1)
    watchlist, _ = alert_services.watchlist_follow(
        user=reader, statement=claim.canonical
    )
    return watchlist, claim


def test_a_verdict_added_changed_and_withdrawn_alerts_the_statements_follower(
    followed_claim, fact_checker, django_capture_on_commit_callbacks
):
    watchlist, claim = followed_claim
    with django_capture_on_commit_callbacks(execute=True):
        flag = services.claim_flag(
            claim_id=claim.pk, user=fact_checker, verdict="half_true"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_edit(flag_id=flag.pk, user=fact_checker, verdict="false")
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_edit(flag_id=flag.pk, user=fact_checker, note="Only a note.")
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_withdraw(flag_id=flag.pk, user=fact_checker)

    assert list(
        watchlist.alerts.order_by("pk").values_list("kind", "claim", "user")
    ) == [
        ("verdict.added", claim.pk, watchlist.user_id),
        ("verdict.changed", claim.pk, watchlist.user_id),
        ("verdict.withdrawn", claim.pk, watchlist.user_id),
    ]


def test_a_verdict_task_run_twice_stores_its_alert_once(
    followed_claim, fact_checker, django_capture_on_commit_callbacks
):
    watchlist, claim = followed_claim
    with django_capture_on_commit_callbacks() as committed:
        services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="false")

    committed[0]()
    committed[0]()  # the broker delivered the task twice

    assert watchlist.alerts.count() == 1


def test_a_verdict_on_a_claim_alerted_to_a_speakers_follower_alerts_them(
    reader, fact_checker, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    watchlist, _ = alert_services.watchlist_follow(user=reader, speaker=claim.speaker)
    alert_services.article_alerts_produce(article_id=claim.article_id)

    with django_capture_on_commit_callbacks(execute=True):
        services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="false")

    assert _kinds(watchlist) == [("claim.new", claim.pk), ("verdict.added", claim.pk)]


def test_a_webhook_subscribes_to_the_new_kinds_and_gets_only_those(
    followed_claim, fact_checker, django_capture_on_commit_callbacks
):
    watchlist, claim = followed_claim
    hook = alert_services.webhook_create(
        user=watchlist.user, url="https://example.org/hook", kinds=["verdict.added"]
    )
    second = reported_claim(claim.speaker, BRIDGE, day=2)
    alert_services.article_alerts_produce(article_id=second.article_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="false")

    assert Alert.objects.count() == 2
    assert list(hook.deliveries.values_list("alert__kind", flat=True)) == [
        "verdict.added"
    ]
    assert Webhook.objects.get().kinds == ["verdict.added"]
