"""The parse task records failures on the article, where people see them."""

import pytest

from attribution import ingestion, services, tasks
from attribution.models import Article, Claim

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
