"""Task order on the real broker: a worker takes parses before fetches before polls."""

import uuid

import pytest

from attribution.celery import app as celery_app

PARSE = "attribution.tasks.article_parse"
FETCH = "attribution.tasks.feed_page_fetch"
POLL = "attribution.tasks.feed_poll"


@pytest.mark.worker
@pytest.mark.filterwarnings("ignore:task_always_eager has no effect")
def test_a_worker_takes_waiting_parses_before_page_fetches_before_polls():
    """Polls make fetches and fetches make parses: finishing work before starting
    more keeps the articles flowing while hosts' slots hold the requests back."""
    if not celery_app.conf.broker_url.startswith("redis://"):
        pytest.skip("task priorities are a Redis broker's")
    queue = f"attribution-tests-order-{uuid.uuid4().hex[:8]}"
    for name in (POLL, FETCH, PARSE, POLL, FETCH, PARSE):
        celery_app.send_task(name, args=(1,), queue=queue)

    taken = []
    with celery_app.connection_for_read() as connection:
        waiting = connection.SimpleQueue(queue)
        try:
            for _ in range(6):
                message = waiting.get(timeout=5)
                taken.append(message.headers["task"])
                message.ack()
        finally:
            waiting.queue.delete()
            waiting.close()

    assert taken == [PARSE, PARSE, FETCH, FETCH, POLL, POLL]
