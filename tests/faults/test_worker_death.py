"""A worker that dies mid-parse hands its article on; a parse that keeps killing its
worker ends failed after ATTRIBUTION_MAX_PARSE_ATTEMPTS deliveries."""

import re

import pytest

from attribution import ingestion, services
from attribution.celery import app as celery_app
from attribution.models import Article
from tests.faults import support

pytestmark = [
    support.needs_postgres_and_redis,
    pytest.mark.faults,
    pytest.mark.worker,
]


def _submit(body: str) -> Article:
    article, created = services.article_create(text=ingestion.from_text(body))
    assert created
    return article


def _state(article: Article) -> tuple[str, int]:
    article.refresh_from_db()
    return article.status, article.attempts


def _received(worker) -> list[str]:
    """The ids of the parse tasks the worker was handed, in order."""
    return re.findall(r"article_parse\[([0-9a-f-]+)\] received", worker.log())


def _wait_for_state(article, state, worker, timeout=60):
    support.wait_for(
        lambda: _state(article) == state,
        timeout=timeout,
        what=f"article {article.pk} in state {state}",
        alive=(worker,),
    )


def _wait_until_finished(article, worker, timeout=90):
    finished = {Article.Status.PARSED, Article.Status.FAILED}
    support.wait_for(
        lambda: _state(article)[0] in finished,
        timeout=timeout,
        what=f"article {article.pk} parsed or failed",
        alive=(worker,),
    )


def _die_holding_the_restore_lock() -> None:
    """Take the lock under which a worker looks for unacknowledged tasks, and never
    let it go, as a worker killed while looking would (every second here, so often
    enough under load). It must expire well before a task is overdue elsewhere."""
    with celery_app.connection_for_write() as connection:
        channel = connection.default_channel
        lock = support.broker().lock(
            channel.unacked_mutex_key, timeout=channel.unacked_mutex_expire
        )
        lock.acquire(blocking=False)  # or the dead worker has it already


def test_an_article_whose_worker_is_killed_mid_parse_is_parsed_once_by_another(
    start_worker,
):
    # Redis hands the unacknowledged task on 5 s after the dead worker took it.
    fast_redelivery = {"CELERY_VISIBILITY_TIMEOUT": "5"}
    first = start_worker("first", **fast_redelivery)
    first.wait_ready()
    body = ingestion.from_text("\n\n".join([support.seed_text()] * 2)).body
    expected = sorted((c.start, c.end) for c in services.extractor_get().extract(body))
    article = _submit(body)

    _wait_for_state(article, ("parsing", 1), first)
    first.kill()
    assert _state(article) == ("parsing", 1)
    _die_holding_the_restore_lock()
    second = start_worker("second", **fast_redelivery)
    _wait_until_finished(article, second)

    assert article.status == Article.Status.PARSED, article.error
    assert article.attempts == 2
    assert sorted(article.claims.values_list("start", "end")) == expected
    [task_id] = _received(first)
    assert _received(second) == [task_id]  # the same message, handed on
    # The article is stored as parsed just before the task returns and is logged.
    support.wait_for(
        lambda: f"article_parse[{task_id}] succeeded" in second.log(),
        timeout=30,
        what=f"task {task_id} logged as succeeded by the second worker",
        alive=(second,),
    )


def test_a_parse_whose_worker_process_keeps_dying_ends_failed_after_the_limit(
    start_worker,
):
    worker = start_worker(ATTRIBUTION_MAX_PARSE_ATTEMPTS="2")
    worker.wait_ready()
    article = _submit("\n\n".join([support.seed_text()] * 4))

    for attempt in (1, 2):
        _wait_for_state(article, ("parsing", attempt), worker)
        worker.kill_pool_process()  # as the OOM killer would
    _wait_until_finished(article, worker)

    assert article.status == Article.Status.FAILED
    assert article.attempts == 3  # the third delivery only records the failure
    assert "abandoned after 2 attempts" in article.error
    assert not article.claims.exists()
    assert worker.log().count("exited with 'signal 9 (SIGKILL)'") == 2
    assert len(_received(worker)) == 3


def test_a_parse_that_keeps_outrunning_the_hard_time_limit_ends_failed_after_the_limit(
    start_worker, producer, tmp_path
):
    # No soft limit: the hard one kills the pool process, as it does when a parse
    # is stuck where the soft limit's exception cannot reach it.
    limits = {"CELERY_TASK_TIME_LIMIT": "2", "CELERY_TASK_SOFT_TIME_LIMIT": "0"}
    worker = start_worker(ATTRIBUTION_MAX_PARSE_ATTEMPTS="2", **limits)
    worker.wait_ready()
    story = tmp_path / "long-story.txt"
    story.write_text("\n\n".join([support.seed_text()] * 20))  # about 10 s to parse

    # The sender's time limits travel with the task: ingest with the same ones.
    ingest = support.manage("ingest", str(story), CELERY_QUEUE=producer, **limits)
    assert ingest.returncode == 0, ingest.stderr
    article = Article.objects.get()
    _wait_until_finished(article, worker)

    assert article.status == Article.Status.FAILED
    assert article.attempts == 3
    assert "abandoned after 2 attempts" in article.error
    assert not article.claims.exists()
    assert worker.log().count("Hard time limit (2s) exceeded") == 2
    assert len(_received(worker)) == 3
