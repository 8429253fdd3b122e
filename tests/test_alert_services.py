"""Watchlists and the alerts the worker produces from new claims: once per
watchlist and claim, after commit, under re-parses and two workers at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from attribution import alert_services, ingestion, services
from attribution.models import Alert, Article, Claim, Speaker, Watchlist
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
    reported_claim,
)

FIRST = (
    "The port reopened on Monday after a week of strikes.\n\n"
    '"We are ready to work again," Maria Okafor, the head of the dockers\' union, '
    "told Reuters.\n\n"
)
SECOND = (
    "Talks resumed in the capital on Tuesday.\n\n"
    '"The strike is over for now," Maria Okafor, the head of the dockers\' union, '
    "told reporters.\n\n"
    "The minister said the harbour would stay open all winter."
)


def _ingest(body: str, callbacks) -> int:
    """Create and parse an article as the worker does, running what commits enqueue."""
    with callbacks(execute=True):
        article, _ = services.article_create(
            text=ingestion.from_text(body), title=body[:20]
        )
    return article.pk


@pytest.fixture
def okafor(db, django_capture_on_commit_callbacks):
    _ingest(FIRST, django_capture_on_commit_callbacks)
    return Speaker.objects.get(name="Maria Okafor")


def test_a_parse_alerts_the_follower_of_its_speaker_once_its_claims_commit(
    okafor, reader, django_capture_on_commit_callbacks
):
    watchlist, _ = alert_services.watchlist_follow(user=reader, speaker=okafor)

    with django_capture_on_commit_callbacks() as parse:
        article, _ = services.article_create(
            text=ingestion.from_text(SECOND), title="Talks"
        )
    with django_capture_on_commit_callbacks() as after_parse:
        parse[0]()  # the worker parses the article
    assert article.claims.filter(speaker=okafor).exists()
    assert not Alert.objects.exists()  # nothing before the claims commit

    for callback in after_parse:
        callback()

    alert = Alert.objects.get()
    assert (alert.watchlist, alert.user, alert.kind) == (watchlist, reader, "claim.new")
    assert alert.claim.speaker == okafor
    assert alert.claim.article_id == article.pk
    assert alert.read_at is None


def test_a_reparse_alerts_nobody_again_and_points_the_alert_at_the_new_claim(
    okafor, reader, django_capture_on_commit_callbacks
):
    alert_services.watchlist_follow(user=reader, speaker=okafor)
    article_id = _ingest(SECOND, django_capture_on_commit_callbacks)
    first = Alert.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.article_reparse(article=first.article)

    alert = Alert.objects.get()
    assert alert.pk == first.pk
    new_claim = Claim.objects.get(article_id=article_id, speaker=okafor)
    assert new_claim.pk != first.claim_id
    assert alert.claim_id == new_claim.pk


def test_a_reparse_does_not_alert_a_watchlist_made_after_the_claims_were_seen(
    okafor, reader, django_capture_on_commit_callbacks
):
    article_id = _ingest(SECOND, django_capture_on_commit_callbacks)
    alert_services.watchlist_follow(user=reader, speaker=okafor)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_reparse(article=Article.objects.get(pk=article_id))

    assert not Alert.objects.exists()


def test_a_claim_via_a_followed_outlet_anywhere_in_the_chain_alerts(reader):
    bbc, reuters = OutletFactory(name="BBC"), OutletFactory(name="Reuters")
    claim = ClaimFactory()
    ClaimViaFactory(claim=claim, outlet=bbc, position=0)
    ClaimViaFactory(claim=claim, outlet=reuters, position=1)
    other = ClaimFactory()
    watchlist, _ = alert_services.watchlist_follow(user=reader, outlet=reuters)

    alert_services.article_alerts_produce(article_id=claim.article_id)
    alert_services.article_alerts_produce(article_id=other.article_id)

    assert list(Alert.objects.values_list("watchlist", "claim")) == [
        (watchlist.pk, claim.pk)
    ]


def test_a_new_report_of_a_followed_statement_alerts(reader):
    speaker = SpeakerFactory(name="Ana Lopez")
    first = reported_claim(speaker, "The bridge will reopen in May.", day=1)
    watchlist, _ = alert_services.watchlist_follow(
        user=reader, statement=first.canonical
    )
    second = reported_claim(speaker, "The bridge will reopen in May.", day=2)
    assert second.canonical_id == first.canonical_id

    created = alert_services.article_alerts_produce(article_id=second.article_id)

    assert created == 1
    assert Alert.objects.get().claim == second
    assert Alert.objects.get().watchlist == watchlist
    assert Alert.objects.get().kind == "statement.report"


def test_a_saved_search_alerts_through_the_claim_lists_own_filters(reader):
    speaker = SpeakerFactory(name="Ana Lopez")
    article = ArticleFactory(body="Lopez said the bridge is safe. Kim said taxes rise.")
    bridge = ClaimFactory(article=article, text="the bridge is safe", speaker=speaker)
    ClaimFactory(article=article, text="taxes rise")
    watchlist, _ = alert_services.watchlist_follow(
        user=reader, search={"q": "bridge", "speaker": "Ana Lopez", "page": "3"}
    )

    alert_services.article_alerts_produce(article_id=article.pk)

    assert watchlist.search == {"q": "bridge", "speaker": "Ana Lopez"}
    assert list(Alert.objects.values_list("claim", flat=True)) == [bridge.pk]


def test_following_the_same_thing_twice_keeps_one_watchlist(reader):
    speaker = SpeakerFactory()

    first, created = alert_services.watchlist_follow(user=reader, speaker=speaker)
    again, created_again = alert_services.watchlist_follow(user=reader, speaker=speaker)

    assert (created, created_again) == (True, False)
    assert first == again
    assert Watchlist.objects.count() == 1


def test_a_search_the_claim_list_would_refuse_is_refused_naming_the_field(reader):
    with pytest.raises(ValidationError) as refused:
        alert_services.watchlist_follow(user=reader, search={"speaker": "Nobody Atall"})
    assert "speaker" in refused.value.message_dict

    with pytest.raises(ValidationError) as empty:
        alert_services.watchlist_follow(user=reader, search={"page": "2", "q": " "})
    assert "search" in empty.value.message_dict
    assert not Watchlist.objects.exists()


def test_unfollowing_removes_only_the_users_own_watchlist(reader, editor):
    mine, _ = alert_services.watchlist_follow(user=reader, speaker=SpeakerFactory())

    assert not alert_services.watchlist_unfollow(user=editor, watchlist_id=mine.pk)
    assert alert_services.watchlist_unfollow(user=reader, watchlist_id=mine.pk)
    assert not Watchlist.objects.exists()


def test_opening_an_alert_marks_it_read_and_only_its_owner_may(reader, editor):
    claim = ClaimFactory()
    alert_services.watchlist_follow(user=reader, speaker=claim.speaker)
    alert_services.article_alerts_produce(article_id=claim.article_id)
    alert = Alert.objects.get()

    with pytest.raises(Alert.DoesNotExist):
        alert_services.alert_open(user=editor, alert_id=alert.pk)
    opened = alert_services.alert_open(user=reader, alert_id=alert.pk)

    alert.refresh_from_db()
    assert alert.read_at is not None and opened.read_at == alert.read_at


@pytest.mark.django_db(transaction=True)
def test_two_workers_matching_one_article_at_once_store_one_alert(reader):
    claim = ClaimFactory()
    alert_services.watchlist_follow(user=reader, speaker=claim.speaker)
    results: list[int] = []

    def second_worker():
        try:
            results.append(
                alert_services.article_alerts_produce(article_id=claim.article_id)
            )
        finally:
            connection.close()

    with transaction.atomic():  # the first worker, its alert not yet committed
        first = alert_services.article_alerts_produce(article_id=claim.article_id)
        worker = threading.Thread(target=second_worker)
        worker.start()
        worker.join(timeout=1)
        assert worker.is_alive()  # waiting on the first worker's row
    worker.join(timeout=10)

    assert (first, results) == (1, [0])
    assert Alert.objects.count() == 1


def test_a_watchlist_made_after_a_first_parse_is_not_told_of_its_claims(
    reader, django_capture_on_commit_callbacks
):
    # The alerts task runs after the parse commits, and may run late: a follow
    # made in between came after the claims were there, as on a re-parse.
    text = '"The ferries sail again tomorrow," Oskar Lind, the union leader, said.'
    with django_capture_on_commit_callbacks(execute=False):
        article, _ = services.article_create(text=ingestion.from_text(text))
    with django_capture_on_commit_callbacks(execute=False) as parsed:
        services.article_extract_claims(article_id=article.pk)
    speaker = Claim.objects.get(article=article).speaker
    alert_services.watchlist_follow(user=reader, speaker=speaker)

    for callback in parsed:  # the alerts task, late
        callback()

    assert not Alert.objects.exists()


def test_a_follow_and_an_unfollow_made_between_two_articles_count_for_the_second(
    reader,
):
    lopez, kim = SpeakerFactory(), SpeakerFactory()
    old, _ = alert_services.watchlist_follow(user=reader, speaker=lopez)
    first = ClaimFactory(speaker=lopez)
    assert alert_services.article_alerts_produce(article_id=first.article_id) == 1

    alert_services.watchlist_unfollow(user=reader, watchlist_id=old.pk)
    new, _ = alert_services.watchlist_follow(user=reader, speaker=kim)
    second = ClaimFactory(
        speaker=lopez, article__body="One point. Another point.", text="One point."
    )
    ClaimFactory(article=second.article, speaker=kim, text="Another point.")
    alert_services.article_alerts_produce(article_id=second.article_id)

    assert list(Alert.objects.values_list("watchlist", "claim__speaker")) == [
        (new.pk, kim.pk)
    ]  # the first article's alert went with its watchlist


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one search at a time"
)
def test_matching_an_article_costs_the_same_queries_for_two_watchlists_or_twenty(
    reader,
):
    counts = []
    for n in (2, 20):
        Watchlist.objects.all().delete()
        for i in range(n):
            alert_services.watchlist_follow(user=reader, speaker=SpeakerFactory())
            alert_services.watchlist_follow(user=reader, search={"q": f"word{i}"})
        claim = ClaimFactory()
        alert_services.article_alerts_produce(article_id=claim.article_id)  # loads
        text = f"word1 again, {n} times."
        claim = ClaimFactory(article__body=text, text=text)
        with CaptureQueriesContext(connection) as queries:
            alert_services.article_alerts_produce(article_id=claim.article_id)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
