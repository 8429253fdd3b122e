"""Feed tasks have a queue of their own, and every worker the project starts
consumes it (a worker started with -Q names both queues)."""

import re
from pathlib import Path

from django.conf import settings

from attribution import enqueue
from attribution.celery import app as celery_app
from tests.conftest import TEST_QUEUE

ROOT = Path(__file__).resolve().parent.parent


def _queue_of(task_name: str) -> str:
    return celery_app.amqp.router.route({}, task_name)["queue"].name


def test_polls_and_page_fetches_go_to_the_feed_queue_and_parses_to_the_default():
    assert _queue_of(enqueue.FEED_POLL) == f"{TEST_QUEUE}.feeds"
    assert _queue_of(enqueue.FEED_PAGE_FETCH) == f"{TEST_QUEUE}.feeds"
    assert _queue_of(enqueue.FEED_PAGES_FETCH) == f"{TEST_QUEUE}.feeds"
    assert _queue_of("attribution.tasks.feed_pages_sweep") == f"{TEST_QUEUE}.feeds"
    assert _queue_of(enqueue.ARTICLE_PARSE) == TEST_QUEUE
    assert _queue_of(enqueue.ARTICLE_PARSE_BATCH) == TEST_QUEUE


def test_a_worker_started_without_queues_consumes_the_default_and_the_feed_queue():
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    assert [q.name for q in settings.CELERY_TASK_QUEUES] == [
        default,
        f"{default}.feeds",
    ]


def test_the_workers_of_make_run_and_compose_consume_the_feed_queue():
    """They name no queue (so consume both) or name the feed queue too; the test
    workers (tests/faults/support.Worker) are held by tests/test_feed_worker.py."""
    commands = [
        line
        for name in ["Makefile", "docker-compose.yml"]
        for line in (ROOT / name).read_text().splitlines()
        if re.search(r"celery.*\bworker\b", line) and "#" not in line.split("celery")[0]
    ]
    assert len(commands) >= 3  # make run, make worker, compose's worker
    for command in commands:
        assert not re.search(r"(-Q|--queues)\b", command) or ".feeds" in command
