"""The parse task records failures on the article, where people see them."""

import pytest

from attribution import ingestion, services, tasks
from attribution.models import Article, Claim
from tests.feed_server import FeedServer

pytestmark = pytest.mark.django_db


def test_a_failing_extractor_marks_the_article_failed_with_a_reason(settings):
    settings.ATTRIBUTION_SPACY_MODEL = "no_such_pipeline_installed"
    article, _ = services.article_create(
        text=ingestion.from_text("The mayor said the bridge is safe.")
    )

    tasks.article_parse.delay(article.pk)

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.error.startswith("The extractor failed on this article")
    assert "no_such_pipeline_installed" in article.error
    assert not article.claims.exists()


def test_the_task_for_a_deleted_article_does_nothing():
    gone, _ = services.article_create(text=ingestion.from_text("The mayor said no."))
    gone_pk = gone.pk
    gone.delete()
    other, _ = services.article_create(  # on_commit never runs here: not enqueued
        text=ingestion.from_text("The mayor said the bridge is safe.")
    )

    result = tasks.article_parse.delay(gone_pk)

    assert result.successful()
    assert not Article.objects.filter(pk=gone_pk).exists()
    other.refresh_from_db()
    assert other.status == Article.Status.PENDING
    assert (other.attempts, other.error) == (0, "")
    assert not Claim.objects.exists()


STORIES = [
    '"The bridge is safe," the mayor, Ana Ruiz, said on Monday.',
    '"We will appeal," said Tom Okafor, the residents\' lawyer.',
]


def test_a_batch_stores_each_article_as_its_own_parse_would(settings):
    settings.ATTRIBUTION_PARSE_BATCH_SIZE = 2
    alone, _ = services.article_create(text=ingestion.from_text(STORIES[0]))
    services.article_extract_claims(article_id=alone.pk)
    expected = list(alone.claims.values_list("text", "speaker__name", "kind"))
    alone.delete()
    articles = [
        services.article_create(text=ingestion.from_text(text))[0] for text in STORIES
    ]

    tasks.article_parse_batch.delay([a.pk for a in articles])

    first, second = [Article.objects.get(pk=a.pk) for a in articles]
    assert (first.status, second.status) == (Article.Status.PARSED,) * 2
    assert first.attempts == second.attempts == 1
    assert first.parse_seconds and second.parse_seconds
    assert list(first.claims.values_list("text", "speaker__name", "kind")) == expected
    assert second.claims.get().speaker.name == "Tom Okafor"


def test_an_article_failing_in_a_batch_fails_alone_with_its_reason(settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    server = FeedServer()  # answers 404 for every page not served
    try:
        missing, _ = services.article_create_from_url(url=f"{server.url}/gone")
        good = [
            services.article_create(text=ingestion.from_text(text))[0]
            for text in STORIES
        ]

        tasks.article_parse_batch.delay([good[0].pk, missing.pk, good[1].pk])
    finally:
        server.stop()

    missing.refresh_from_db()
    assert missing.status == Article.Status.FAILED
    assert "404" in missing.error
    for article in good:
        article.refresh_from_db()
        assert article.status == Article.Status.PARSED, article.error
        assert article.claims.exists()


def test_a_batch_whose_extractor_cannot_load_fails_each_article_with_the_reason(
    settings,
):
    settings.ATTRIBUTION_SPACY_MODEL = "no_such_pipeline_installed"
    articles = [
        services.article_create(text=ingestion.from_text(text))[0] for text in STORIES
    ]

    tasks.article_parse_batch.delay([a.pk for a in articles])

    for article in articles:
        article.refresh_from_db()
        assert article.status == Article.Status.FAILED
        assert "no_such_pipeline_installed" in article.error
