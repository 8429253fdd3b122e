"""Data migrations, run forward on rows made by the schema before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("attribution", "0014_claim_search_document")]
AFTER = [("attribution", "0016_article_origin_data")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_existing_articles_get_the_origin_they_came_by():
    old = _migrate(BEFORE)
    try:
        Article = old.get_model("attribution", "Article")
        FeedPage = old.get_model("attribution", "FeedPage")
        pasted = Article.objects.create(body="Pasted.", content_hash="a" * 64)
        fetched = Article.objects.create(
            url="https://example.org/a", body="Fetched.", content_hash="b" * 64
        )
        pending = Article.objects.create(url="https://example.org/b")
        fed = Article.objects.create(
            url="https://example.org/c", body="Fed.", content_hash="c" * 64
        )
        FeedPage.objects.create(url="https://example.org/c", article=fed)

        new = _migrate(AFTER)

        origins = dict(
            new.get_model("attribution", "Article").objects.values_list("pk", "origin")
        )
        assert origins == {
            pasted.pk: "submitted",
            fetched.pk: "fetched",
            pending.pk: "fetched",
            fed.pk: "feed",
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
