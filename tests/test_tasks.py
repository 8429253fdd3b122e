"""The parse task records failures on the article, where people see them."""

import pytest

from attribution import ingestion, services, tasks
from attribution.models import Article

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
    tasks.article_parse.delay(987654)

    assert not Article.objects.exists()
