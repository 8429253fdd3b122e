"""A real Celery worker parses an article and, once its claims commit, alerts the
follower of its speaker and delivers the webhook to a real local receiver."""

import time

import pytest

from attribution import alert_services, ingestion, services
from attribution.celery import app as celery_app
from attribution.models import Alert, Delivery, Speaker
from tests.conftest import TEST_QUEUE
from tests.faults import support
from tests.test_alert_webhooks import Receiver

STORY = (
    "The ferry strike ended on Friday.\n\n"
    '"Boats will sail again tomorrow," Oskar Lind, the union leader, told Reuters.\n\n'
)
AGAIN = (
    "Ferries sailed again on Saturday.\n\n"
    '"We kept our word," Oskar Lind, the union leader, told reporters.\n\n'
)


@pytest.fixture
def worker(transactional_db, tmp_path, settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    process = support.Worker(
        "alerts",
        TEST_QUEUE,
        tmp_path / "worker.log",
        ATTRIBUTION_FETCH_ALLOW_LOOPBACK="true",
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        process.stop()


def _wait(condition, worker, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        assert worker.popen.poll() is None, worker.log()
        time.sleep(0.5)
    pytest.fail(f"no {what} within {timeout} s; worker said:\n{worker.log()}")


@pytest.mark.worker
def test_a_real_worker_alerts_the_follower_and_delivers_the_webhook(worker, reader):
    receiver = Receiver()
    try:
        first, _ = services.article_create(text=ingestion.from_text(STORY))
        speaker = _wait(
            lambda: (
                first.claims.exclude(speaker=None)
                .values_list("speaker", flat=True)
                .first()
            ),
            worker,
            "parse",
        )
        alert_services.watchlist_follow(
            user=reader, speaker=Speaker.objects.get(pk=speaker)
        )
        alert_services.webhook_create(
            user=reader, url=receiver.url, kinds=["claim.new"]
        )

        second, _ = services.article_create(text=ingestion.from_text(AGAIN))
        delivery = _wait(
            lambda: Delivery.objects.filter(status="delivered").first(),
            worker,
            "delivery",
        )
    finally:
        receiver.close()

    alert = Alert.objects.get(kind="claim.new")
    assert alert.article_id == second.pk and alert.claim.speaker_id == speaker
    assert delivery.alert == alert and delivery.status_code == 200
    assert len(receiver.received) == 1
