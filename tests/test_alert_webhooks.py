"""Webhook deliveries to a real local receiver: signed, retried with backoff on a
500, logged with their status codes, and a dead receiver ends disabled."""

import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attribution import alert_services, alert_webhooks
from attribution.models import Alert, Delivery, Webhook
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """An http.server thread answering each POST with the next status queued."""

    def __init__(self):
        self.statuses: list[int] = []
        self.received: list[tuple[dict, bytes]] = []
        self.connections: list[tuple[str, int]] = []  # the client's, per POST
        self.before_answer = lambda: None  # called in the POST's thread
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps a connection open, as servers do

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                receiver.connections.append(self.client_address)
                receiver.before_answer()
                code = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        # A shutdown waits for the next poll: 20 ms, not the default half second.
        threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.02},
            daemon=True,
        ).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    server = Receiver()
    yield server
    server.close()


def _dead_url() -> str:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/hook"


def _alert_for(user, django_capture_on_commit_callbacks, deliver=True):
    """A new claim matching a new watchlist of the user; its deliveries are
    sent after commit (through the eager worker task) unless `deliver` is off."""
    claim = ClaimFactory()
    alert_services.watchlist_follow(user=user, speaker=claim.speaker)
    with django_capture_on_commit_callbacks(execute=deliver):
        alert_services.article_alerts_produce(article_id=claim.article_id)
    return Alert.objects.get(claim=claim)


def test_a_delivery_is_signed_over_timestamp_and_body_and_names_what_changed(
    receiver, reader, django_capture_on_commit_callbacks
):
    hook = alert_services.webhook_create(
        user=reader, url=receiver.url, kinds=["claim.new"]
    )

    alert = _alert_for(reader, django_capture_on_commit_callbacks)

    headers, body = receiver.received[0]
    expected = hmac.new(
        hook.secret.encode(),
        headers["X-Attribution-Timestamp"].encode() + b"." + body,
        hashlib.sha256,
    ).hexdigest()
    assert headers["X-Attribution-Signature"] == f"sha256={expected}"
    assert headers["X-Attribution-Event"] == "claim.new"
    event = json.loads(body)
    assert event["type"] == "claim.new"
    assert event["time"] == alert.created_at.isoformat()
    assert event["data"]["claim"].endswith(f"/api/v1/claims/{alert.claim_id}/")
    assert event["data"]["article"].endswith(f"/api/v1/articles/{alert.article_id}/")
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.status_code, delivery.attempts) == (
        "delivered",
        200,
        1,
    )
    assert [entry["status"] for entry in delivery.log] == [200]


def test_a_500_is_retried_with_backoff_and_logged(
    receiver, reader, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_WEBHOOK_BACKOFF = 7
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])
    receiver.statuses = [500, 503, 200]

    alert = _alert_for(reader, django_capture_on_commit_callbacks, deliver=False)
    delivery = Delivery.objects.get(alert=alert)
    waits = [alert_services.delivery_send(delivery_id=delivery.pk) for _ in range(3)]

    assert waits == [7, 14, None]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [entry["status"] for entry in delivery.log] == [500, 503, 200]
    assert len(receiver.received) == 3


def test_the_worker_task_retries_a_500_until_the_receiver_takes_it(
    receiver, reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])
    receiver.statuses = [500]

    _alert_for(reader, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [entry["status"] for entry in delivery.log] == [500, 200]


def test_a_dead_receiver_ends_disabled_with_the_reason(
    reader, django_capture_on_commit_callbacks, settings
):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    settings.ALERTS_WEBHOOK_ATTEMPTS = 2
    settings.ALERTS_WEBHOOK_MAX_FAILURES = 2
    hook = alert_services.webhook_create(
        user=reader, url=_dead_url(), kinds=["claim.new"]
    )

    _alert_for(reader, django_capture_on_commit_callbacks)
    hook.refresh_from_db()
    assert hook.active and hook.failures == 1
    _alert_for(reader, django_capture_on_commit_callbacks)

    hook.refresh_from_db()
    assert not hook.active
    assert "2 deliveries failed in a row" in hook.disabled_reason
    assert "Could not reach" in hook.disabled_reason
    assert list(Delivery.objects.values_list("status", "attempts")) == [
        ("failed", 2),
        ("failed", 2),
    ]
    _alert_for(reader, django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 2  # none to a disabled webhook


def test_a_delivery_to_a_private_address_is_refused_before_connecting(
    reader, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_WEBHOOK_ATTEMPTS = 1
    alert_services.webhook_create(
        user=reader, url="http://169.254.169.254/latest", kinds=["claim.new"]
    )

    _alert_for(reader, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.status_code is None
    assert "private or local address" in delivery.error


def test_a_webhook_url_ingestion_would_refuse_is_refused_naming_the_url(reader):
    with pytest.raises(ValidationError) as refused:
        alert_services.webhook_create(
            user=reader, url="ftp://example.org/hook", kinds=["claim.new"]
        )
    assert "url" in refused.value.message_dict
    with pytest.raises(ValidationError) as port:
        alert_services.webhook_create(
            user=reader, url="http://example.org:8080/hook", kinds=["claim.new"]
        )
    assert "url" in port.value.message_dict
    with pytest.raises(ValidationError) as kinds:
        alert_services.webhook_create(
            user=reader, url="https://example.org/hook", kinds=["claim.gone"]
        )
    assert "kinds" in kinds.value.message_dict
    assert not Webhook.objects.exists()


def test_the_readmes_verification_example_accepts_a_real_delivery_only(
    receiver, reader, django_capture_on_commit_callbacks
):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    example = readme.split("### Alerts and webhooks", 1)[1]
    code = example.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - our own README's example
    hook = alert_services.webhook_create(
        user=reader, url=receiver.url, kinds=["claim.new"]
    )

    _alert_for(reader, django_capture_on_commit_callbacks)

    headers, body = receiver.received[0]
    assert namespace["verified"](hook.secret, headers, body)
    assert not namespace["verified"](hook.secret, headers, body + b" ")
    assert not namespace["verified"]("another-secret", headers, body)


def test_the_sweep_sends_again_a_delivery_whose_task_was_lost(
    receiver, reader, django_capture_on_commit_callbacks, settings
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])
    _alert_for(reader, django_capture_on_commit_callbacks, deliver=False)
    fresh = alert_services.deliveries_sweep()
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=11))

    swept = alert_services.deliveries_sweep()

    assert fresh == [] and swept == [Delivery.objects.get().pk]
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
    assert len(receiver.received) == 1


def test_a_redelivery_sends_a_delivery_again_for_its_owner_only(
    receiver, reader, editor, django_capture_on_commit_callbacks
):
    hook = alert_services.webhook_create(
        user=reader, url=receiver.url, kinds=["claim.new"]
    )
    _alert_for(reader, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()

    with pytest.raises(Delivery.DoesNotExist):
        alert_services.delivery_redeliver(
            user=editor, webhook_id=hook.pk, delivery_id=delivery.pk
        )
    with django_capture_on_commit_callbacks(execute=True):
        alert_services.delivery_redeliver(
            user=reader, webhook_id=hook.pk, delivery_id=delivery.pk
        )

    delivery.refresh_from_db()
    assert len(receiver.received) == 2
    assert [entry["status"] for entry in delivery.log] == [200, 200]
    assert (delivery.status, delivery.attempts) == ("delivered", 1)


def _alerts_of_one_article(user, n, django_capture_on_commit_callbacks, deliver=True):
    """`n` claims of one article by one followed speaker: n alerts for the user."""
    first = ClaimFactory(
        article__body=" ".join(f"Point {i}: the bridge is safe." for i in range(n))
    )
    for i in range(1, n):
        text = f"Point {i}: the bridge is safe."
        ClaimFactory(article=first.article, speaker=first.speaker, text=text)
    alert_services.watchlist_follow(user=user, speaker=first.speaker)
    with django_capture_on_commit_callbacks(execute=deliver):
        alert_services.article_alerts_produce(article_id=first.article_id)
    return list(Alert.objects.filter(article=first.article))


def test_one_articles_alerts_reach_a_webhook_over_one_connection(
    receiver, reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])

    alerts = _alerts_of_one_article(reader, 3, django_capture_on_commit_callbacks)

    assert len(alerts) == 3 and len(receiver.received) == 3
    assert len(set(receiver.connections)) == 1, receiver.connections
    assert sorted(json.loads(body)["data"]["claim"] for _, body in receiver.received)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_500_in_a_batch_retries_only_that_delivery(
    receiver, reader, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_WEBHOOK_BACKOFF = 7
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])
    receiver.statuses = [200, 500, 200]
    _alerts_of_one_article(reader, 3, django_capture_on_commit_callbacks, False)
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))

    waits = alert_services.deliveries_send(delivery_ids=ids)

    assert waits == {ids[1]: 7}
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert [statuses[i] for i in ids] == ["delivered", "pending", "delivered"]


def test_an_unreachable_receiver_is_tried_once_per_batch_and_each_delivery_waits(
    reader, django_capture_on_commit_callbacks, settings
):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    settings.ALERTS_WEBHOOK_BACKOFF = 7
    alert_services.webhook_create(user=reader, url=_dead_url(), kinds=["claim.new"])
    _alerts_of_one_article(reader, 3, django_capture_on_commit_callbacks, False)
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))

    waits = alert_services.deliveries_send(delivery_ids=ids)

    assert waits == {i: 7 for i in ids}
    for delivery in Delivery.objects.all():
        assert delivery.attempts == 1 and "Could not reach" in delivery.error


def test_a_delivery_another_worker_holds_is_not_sent_twice(
    receiver, reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])
    _alerts_of_one_article(reader, 2, django_capture_on_commit_callbacks, False)
    held, free = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=held.pk).update(
        sending_until=timezone.now() + timedelta(minutes=1)
    )

    assert alert_services.deliveries_send(delivery_ids=[held.pk, free.pk]) == {}

    assert len(receiver.received) == 1
    assert json.loads(receiver.received[0][1])["id"] == free.pk


def test_a_batch_costs_the_same_queries_for_two_deliveries_or_six(
    receiver, reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])
    counts = []
    for n in (2, 6):
        Delivery.objects.all().delete()
        _alerts_of_one_article(reader, n, django_capture_on_commit_callbacks, False)
        ids = list(Delivery.objects.values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as queries:
            alert_services.deliveries_send(delivery_ids=ids)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_batch_posts_to_its_webhooks_at_once(
    receiver, reader, django_capture_on_commit_callbacks
):
    for _ in range(3):
        alert_services.webhook_create(
            user=reader, url=receiver.url, kinds=["claim.new"]
        )
    # Each POST is answered only once all three are in flight: one after the
    # other, the first would wait in vain and the receiver would hang up.
    both = threading.Barrier(3, timeout=10)
    receiver.before_answer = both.wait

    _alert_for(reader, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_batch_costs_the_same_queries_for_one_webhook_or_three(
    receiver, reader, django_capture_on_commit_callbacks
):
    counts = []
    for n in (1, 3):
        Webhook.objects.all().delete()
        for _ in range(n):
            alert_services.webhook_create(
                user=reader, url=receiver.url, kinds=["claim.new"]
            )
        _alert_for(reader, django_capture_on_commit_callbacks, deliver=False)
        ids = list(Delivery.objects.values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as queries:
            alert_services.deliveries_send(delivery_ids=ids)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert Delivery.objects.filter(status="delivered").count() == 3


def test_a_batchs_lease_does_not_grow_with_its_size(
    reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(
        user=reader, url="https://example.org/hook", kinds=["claim.new"]
    )
    leases = []
    for n in (1, 20):
        Delivery.objects.all().delete()
        _alerts_of_one_article(reader, n, django_capture_on_commit_callbacks, False)
        before = timezone.now()
        alert_webhooks._deliveries_claim(
            list(Delivery.objects.values_list("pk", flat=True))
        )
        until = Delivery.objects.values_list("sending_until", flat=True)
        leases.append(max(until) - before)

    assert leases[1] - leases[0] < timedelta(seconds=5), leases
    assert leases[1] < alert_webhooks.WEBHOOK_LEASE + timedelta(seconds=5)


def test_deliveries_a_batch_had_no_time_for_are_released_uncounted(
    receiver, reader, django_capture_on_commit_callbacks, monkeypatch
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])
    _alerts_of_one_article(reader, 2, django_capture_on_commit_callbacks, False)
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    monkeypatch.setattr(alert_webhooks, "WEBHOOK_BATCH_SECONDS", -1)

    waits = alert_services.deliveries_send(delivery_ids=ids)

    assert waits == {i: 0 for i in ids}
    assert receiver.received == []
    assert (
        list(Delivery.objects.values_list("status", "attempts", "sending_until", "log"))
        == [("pending", 0, None, [])] * 2
    )
    monkeypatch.undo()
    assert alert_services.deliveries_send(delivery_ids=ids) == {}
    assert len(receiver.received) == 2


def _signed(secret: str, headers: dict, body: bytes) -> bool:
    expected = hmac.new(
        secret.encode(),
        headers["X-Attribution-Timestamp"].encode() + b"." + body,
        hashlib.sha256,
    ).hexdigest()
    return headers["X-Attribution-Signature"] == f"sha256={expected}"


def test_a_webhook_that_takes_batches_is_sent_an_articles_alerts_in_one_signed_post(
    receiver, reader, django_capture_on_commit_callbacks
):
    hook = alert_services.webhook_create(
        user=reader, url=receiver.url, kinds=["claim.new"], batch=True
    )

    alerts = _alerts_of_one_article(reader, 3, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert _signed(hook.secret, headers, body)
    assert headers["X-Attribution-Event"] == "batch"
    assert headers["X-Attribution-Batch"] == "3"
    batch = json.loads(body)
    assert batch["type"] == "batch"
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert [event["id"] for event in batch["events"]] == ids
    assert {event["data"]["claim"].rsplit("/", 2)[1] for event in batch["events"]} == {
        str(alert.claim_id) for alert in alerts
    }
    assert (
        list(Delivery.objects.values_list("status", "status_code", "attempts"))
        == [("delivered", 200, 1)] * 3
    )


def test_a_500_to_a_batch_is_retried_with_all_its_events_in_one_post(
    receiver, reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(
        user=reader, url=receiver.url, kinds=["claim.new"], batch=True
    )
    receiver.statuses = [500]

    _alerts_of_one_article(reader, 3, django_capture_on_commit_callbacks)

    assert [len(json.loads(body)["events"]) for _, body in receiver.received] == [3, 3]
    for delivery in Delivery.objects.all():
        assert delivery.status == Delivery.Status.DELIVERED
        assert [entry["status"] for entry in delivery.log] == [500, 200]


def test_a_batch_larger_than_a_post_takes_is_sent_in_several(
    receiver, reader, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(alert_webhooks, "WEBHOOK_BATCH_EVENTS", 2)
    alert_services.webhook_create(
        user=reader, url=receiver.url, kinds=["claim.new"], batch=True
    )

    _alerts_of_one_article(reader, 3, django_capture_on_commit_callbacks)

    sizes = [headers["X-Attribution-Batch"] for headers, _ in receiver.received]
    assert sizes == ["2", "1"]
    assert len(set(receiver.connections)) == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_webhook_sent_one_post_per_event_is_told_no_batch(
    receiver, reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])

    _alerts_of_one_article(reader, 2, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 2
    for headers, body in receiver.received:
        assert "X-Attribution-Batch" not in headers
        assert json.loads(body)["type"] == "claim.new"


def test_two_articles_alerts_reach_a_webhook_over_the_connection_left_open(
    receiver, reader, django_capture_on_commit_callbacks
):
    alert_services.webhook_create(user=reader, url=receiver.url, kinds=["claim.new"])

    _alerts_of_one_article(reader, 2, django_capture_on_commit_callbacks)
    _alerts_of_one_article(reader, 3, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 5
    assert len(set(receiver.connections)) == 1, receiver.connections
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer, no row locks"
)
@pytest.mark.django_db(transaction=True)
def test_a_delivery_is_leased_while_another_worker_logs_to_its_webhook(
    receiver, reader, django_capture_on_commit_callbacks
):
    hook = alert_services.webhook_create(
        user=reader, url=receiver.url, kinds=["claim.new"]
    )
    _alerts_of_one_article(reader, 1, django_capture_on_commit_callbacks, False)
    # Committed for real here, the first attempt was sent: as new again.
    Delivery.objects.update(status="pending", attempts=0, log=[])
    ids = list(Delivery.objects.values_list("pk", flat=True))
    db = connection.settings_dict
    other = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
    )
    try:
        with other.transaction():  # the webhook's row, as _deliveries_record locks it
            other.execute(
                "SELECT 1 FROM attribution_webhook WHERE id = %s FOR UPDATE", [hook.pk]
            )
            claimed = alert_webhooks._deliveries_claim(ids)
    finally:
        other.close()

    assert [[d.pk for d in batch] for _, batch in claimed] == [ids]
    assert Delivery.objects.get().attempts == 1
