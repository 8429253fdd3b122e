"""A real Celery worker process parses an ingested article into stored claims."""

import time

import pytest

from attribution import ingestion, services
from attribution.celery import app as celery_app
from attribution.models import Article
from tests.conftest import TEST_QUEUE
from tests.faults import support

STORY = (
    "Flooding closed the coastal road on Sunday.\n\n"
    '"The water rose faster than anyone expected," Lena Brandt, the regional fire '
    "chief, told the BBC.\n\n"
    "Brandt said the road would stay closed until Wednesday."
)


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A `celery worker` subprocess on the configured broker and the test database."""
    process = support.Worker("worker", TEST_QUEUE, tmp_path / "worker.log")
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.stop()


def _wait_for_status(article: Article, worker, timeout: float = 90) -> Article:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        article.refresh_from_db()
        if article.status in {Article.Status.PARSED, Article.Status.FAILED}:
            return article
        assert worker.popen.poll() is None, worker.log()
        time.sleep(0.5)
    pytest.fail(f"no parse within {timeout} s; worker said:\n{worker.log()}")


@pytest.mark.worker
def test_an_ingested_article_is_parsed_by_a_real_worker_into_claims(worker):
    article, created = services.article_create(text=ingestion.from_text(STORY))
    assert created

    article = _wait_for_status(article, worker)

    assert article.status == Article.Status.PARSED, article.error
    claims = list(article.claims.with_attribution())
    assert claims
    direct = next(c for c in claims if c.kind == "direct")
    assert direct.speaker.name == "Lena Brandt"
    assert [o.name for o in direct.via_chain] == ["BBC"]


@pytest.mark.worker
def test_health_counts_the_running_worker_for_an_operator(worker, client, settings):
    settings.HEALTH_WORKERS_TOKEN = "operators-only"
    settings.HEALTH_WORKERS_CACHE_SECONDS = 0
    article, _ = services.article_create(text=ingestion.from_text(STORY + "\n\nMore."))
    _wait_for_status(article, worker)  # the worker is up and consuming

    workers = client.get(
        "/health/", {"workers": "1"}, HTTP_AUTHORIZATION="Bearer operators-only"
    ).json()["workers"]

    assert workers >= 1


@pytest.mark.worker
def test_articles_ingested_together_are_parsed_by_a_real_worker_in_one_batch(
    worker, settings
):
    settings.ATTRIBUTION_PARSE_BATCH_SIZE = 3
    with services.articles_parse_together():
        texts = [ingestion.from_text(f"{STORY}\n\nCopy {n}.") for n in range(3)]
        articles = [services.article_create(text=text)[0] for text in texts]

    parsed = [_wait_for_status(article, worker) for article in articles]

    assert [a.status for a in parsed] == [Article.Status.PARSED] * 3, worker.log()
    assert all(a.claims.filter(speaker__name="Lena Brandt").exists() for a in parsed)
    assert "article_parse_batch" in worker.log()
