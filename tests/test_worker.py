"""A real Celery worker process parses an ingested article into stored claims."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from attribution import ingestion, services
from attribution.celery import app as celery_app
from attribution.models import Article
from tests.conftest import TEST_QUEUE

ROOT = Path(__file__).resolve().parent.parent
STORY = (
    "Flooding closed the coastal road on Sunday.\n\n"
    '"The water rose faster than anyone expected," Lena Brandt, the regional fire '
    "chief, told the BBC.\n\n"
    "Brandt said the road would stay closed until Wednesday."
)


def _test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db):
    """A `celery worker` subprocess on the configured broker and the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "VAR_DIR": str(settings.VAR_DIR),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "attribution",
            "worker",
            "--queues",
            TEST_QUEUE,
            "--concurrency",
            "1",
            "--pool",
            "prefork",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for_status(article: Article, worker, timeout: float = 90) -> Article:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        article.refresh_from_db()
        if article.status in {Article.Status.PARSED, Article.Status.FAILED}:
            return article
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.5)
    worker.terminate()
    pytest.fail(f"no parse within {timeout} s; worker said:\n{worker.stdout.read()}")


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
def test_health_counts_the_running_worker(worker, client):
    article, _ = services.article_create(text=ingestion.from_text(STORY + "\n\nMore."))
    _wait_for_status(article, worker)  # the worker is up and consuming

    workers = client.get("/health/", {"workers": "1"}).json()["workers"]

    assert workers >= 1
