"""Writes of webhooks: registering them, and delivering alerts to them.

A delivery is made for each new alert and each webhook of its user that wants its
kind; a Celery task sends a batch of them, each webhook's over one connection
(kept open for the batches that follow), several webhooks at once, with
exponential backoff between a delivery's attempts. A webhook registered with
`batch` is sent a batch's deliveries in one POST instead of one each. Each
attempt is leased (so two workers do not send it at once) and logged.
"""

import functools
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from requests_hardened.ip_filter import InvalidIPAddress

from attribution import enqueue, ingestion
from attribution.models import Alert, Delivery, Webhook

WEBHOOK_TIMEOUT = (5, 10)  # connect, read (seconds)
# A batch of deliveries starts no post after this many seconds: what it had no
# time for is released and sent again by a task of its own, so that the lease a
# batch takes (and leaves behind if its worker dies) does not grow with its size.
WEBHOOK_BATCH_SECONDS = 60
WEBHOOK_LEASE = timedelta(seconds=WEBHOOK_BATCH_SECONDS + sum(WEBHOOK_TIMEOUT) + 30)
WEBHOOK_CONCURRENCY = 8  # webhooks one batch posts to at once
SIGNATURE_HEADER = "X-Attribution-Signature"
TIMESTAMP_HEADER = "X-Attribution-Timestamp"
EVENT_HEADER = "X-Attribution-Event"
DELIVERY_HEADER = "X-Attribution-Delivery"
BATCH_HEADER = "X-Attribution-Batch"
# A webhook that takes batches is sent at most this many events in one POST.
WEBHOOK_BATCH_EVENTS = 100


def webhook_create(
    *, user, url: str, kinds: Iterable[str], batch: bool = False
) -> Webhook:
    """Register a URL to be sent the user's alerts of `kinds`, with a new secret;
    with `batch`, the deliveries sent together go in one POST (delivery_body).

    The URL is held to the rules of URL ingestion (ingestion.check_url) now, and
    its address is checked after DNS at every connection a delivery opens.
    """
    try:
        url = ingestion.check_url(
            url, any_port=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK
        )
    except ingestion.UnusableInput as exc:
        raise ValidationError({"url": str(exc)}) from None
    wanted = sorted(set(kinds))
    unknown = set(wanted) - set(Alert.Kind.values)
    if not wanted or unknown:
        raise ValidationError({"kinds": f"Choose from {', '.join(Alert.Kind.values)}."})
    return Webhook.objects.create(
        user=user, url=url, kinds=wanted, batch=batch, secret=secrets.token_hex(32)
    )


def webhook_delete(*, user, webhook_id: int) -> bool:
    deleted, _ = Webhook.objects.filter(pk=webhook_id, user=user).delete()
    return bool(deleted)


_DELIVERIES_INSERT = """
INSERT INTO attribution_delivery
    (webhook_id, alert_id, status, attempts, error, log, next_attempt_at, created_at)
SELECT h.id, a.id, %s, 0, '', '[]'::jsonb, now(), now()
FROM attribution_alert a
JOIN attribution_webhook h ON h.user_id = a.user_id AND h.active AND h.kinds ? a.kind
WHERE a.id = ANY(%s)
ORDER BY h.id, a.id
RETURNING id
"""


def deliveries_create(alerts: list[Alert]) -> None:
    """A delivery of each new alert to each active webhook of its user that wants
    its kind (one INSERT ... SELECT on PostgreSQL), sent after commit."""
    if not alerts:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            pending = Delivery.Status.PENDING
            cursor.execute(_DELIVERIES_INSERT, [pending, [a.pk for a in alerts]])
            ids = [pk for (pk,) in cursor.fetchall()]
    else:  # make run's SQLite
        hooks = Webhook.objects.filter(
            user_id__in={a.user_id for a in alerts}, active=True
        )
        ids = [
            delivery.pk
            for delivery in Delivery.objects.bulk_create(
                Delivery(webhook=hook, alert=alert, next_attempt_at=timezone.now())
                for alert in alerts
                for hook in hooks
                if hook.user_id == alert.user_id and alert.kind in hook.kinds
            )
        ]
    if ids:  # one task for them all: deliveries_send posts to the webhooks at once
        transaction.on_commit(
            lambda: enqueue.logged(enqueue.webhook_deliveries, delivery_ids=ids)
        )


def delivery_body(delivery: Delivery) -> bytes:
    """The JSON a webhook is sent: the event type, time and API URLs of it."""
    return json.dumps(_event(delivery), sort_keys=True).encode()


def batch_body(deliveries: list[Delivery]) -> bytes:
    """The JSON a webhook that takes batches is sent: {"type": "batch", "events":
    [...]}, each event as delivery_body has it, in the order they were made."""
    events = [_event(delivery) for delivery in deliveries]
    return json.dumps({"type": "batch", "events": events}, sort_keys=True).encode()


def _event(delivery: Delivery) -> dict[str, Any]:
    alert = delivery.alert
    site = settings.ATTRIBUTION_SITE_URL.rstrip("/")
    data = {}
    if alert.article_id:
        data["article"] = site + _api_url("api:article-detail", alert.article_id)
    if alert.feed_id:
        data["feed"] = site + _api_url("api:feed-detail", alert.feed_id)
    if alert.claim_id:
        data["claim"] = site + _api_url("api:claim-detail", alert.claim_id)
    return {
        "id": delivery.pk,
        "type": alert.kind,
        "time": alert.created_at.isoformat(),
        "watchlist": site + _api_url("api:watchlist-detail", alert.watchlist_id),
        "data": data,
    }


def _api_url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]), from a pattern reversed once per process (and
    URL configuration and prefix): reversing was most of an event's time."""
    return _api_url_pattern(name, get_urlconf(), get_script_prefix()) % pk


@functools.lru_cache(maxsize=64)
def _api_url_pattern(name: str, urlconf: str | None, prefix: str) -> str:
    marker = 987654321
    reversed_url = reverse(name, args=[marker], urlconf=urlconf)
    return reversed_url.replace("%", "%%").replace(str(marker), "%d")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex, as the signature header has it."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def delivery_send(*, delivery_id: int) -> int | None:
    """Make one attempt at a delivery; the seconds to wait before the next one,
    or None when there is nothing more to do (delivered, given up, or another
    worker holds it). See deliveries_send."""
    return deliveries_send(delivery_ids=[delivery_id]).get(delivery_id)


def deliveries_send(*, delivery_ids: Iterable[int]) -> dict[int, int]:
    """Make one attempt at each of these deliveries; the seconds to wait before
    the next attempt of each that failed and has attempts left, and 0 for each
    the batch had no time left for (not attempted, to be sent again at once). The
    others are delivered, given up, or held by another worker, and are not named.

    Each webhook's deliveries go in order over one connection (in POSTs of up to
    WEBHOOK_BATCH_EVENTS for a webhook that takes batches, one each else), up to
    WEBHOOK_CONCURRENCY webhooks at once (threads that only post: the leasing
    before and the logging after are one transaction each, for the whole batch).
    No post starts after WEBHOOK_BATCH_SECONDS, so that the batch's lease is
    bounded whatever its size.

    A 2xx is delivered. Anything else (a status, a timeout, a refused address)
    is logged with its status code; after ALERTS_WEBHOOK_ATTEMPTS attempts the
    delivery gives up, and a webhook whose deliveries gave up
    ALERTS_WEBHOOK_MAX_FAILURES times in a row is disabled with the reason.
    """
    claimed = _deliveries_claim(sorted(set(delivery_ids)))
    if not claimed:
        return {}
    deadline = time.monotonic() + WEBHOOK_BATCH_SECONDS
    if len(claimed) == 1:
        posted = [_webhook_post(hook, batch, deadline) for hook, batch in claimed]
    else:
        posted = list(
            _posting_threads().map(
                lambda one: _webhook_post(one[0], one[1], deadline), claimed
            )
        )
    return _deliveries_record(
        [(hook, outcomes) for (hook, _), outcomes in zip(claimed, posted, strict=True)]
    )


_threads: tuple[int, ThreadPoolExecutor] | None = None
_threads_lock = threading.Lock()


def _posting_threads() -> ThreadPoolExecutor:
    """The WEBHOOK_CONCURRENCY threads batches post in, started once per process
    (a forked worker starts its own): starting them for every batch cost more
    than a batch's posts to a receiver that answers at once."""
    global _threads
    with _threads_lock:
        if _threads is None or _threads[0] != os.getpid():
            pool = ThreadPoolExecutor(
                WEBHOOK_CONCURRENCY, thread_name_prefix="webhooks"
            )
            _threads = (os.getpid(), pool)
        return _threads[1]


Outcome = tuple[Delivery, int | None, str | None]
"""A delivery, the status code it was answered with, and the error ("" when
delivered; None when it was not attempted, the batch's time being up)."""


def _webhook_post(
    hook: Webhook, deliveries: list[Delivery], deadline: float
) -> list[Outcome]:
    """Post one webhook's deliveries in order over one connection, each in a POST
    of its own or, for a webhook that takes batches, up to WEBHOOK_BATCH_EVENTS
    in one (each of them ends as its POST did). Runs in a thread of its own: it
    reads no database (the deliveries come with their alerts and webhook)."""
    size = WEBHOOK_BATCH_EVENTS if hook.batch else 1
    outcomes: list[Outcome] = []
    unreachable = ""  # once the URL could not be reached, the rest wait too
    session = _webhook_session()
    for start in range(0, len(deliveries), size):
        posted = deliveries[start : start + size]
        if unreachable:
            status_code, error = None, unreachable
        elif time.monotonic() > deadline:
            status_code, error = None, None
        else:
            status_code, error = _post(hook, posted, session)
            if status_code is None:
                unreachable = error
        outcomes += [(delivery, status_code, error) for delivery in posted]
    return outcomes


# One statement: the rows another worker is leasing now are skipped, not waited
# for; only the deliveries' rows are locked (a webhook's row is the log's lock).
_DELIVERIES_LEASE = """
UPDATE attribution_delivery
SET sending_until = %s, attempts = attempts + 1
WHERE id IN (
    SELECT d.id FROM attribution_delivery d
    JOIN attribution_webhook h ON h.id = d.webhook_id AND h.active
    WHERE d.id = ANY(%s) AND d.status = %s
        AND (d.sending_until IS NULL OR d.sending_until < %s)
    FOR UPDATE OF d SKIP LOCKED
)
RETURNING id
"""
# What a post reads of a delivery, its alert and its webhook.
_SENT_FIELDS = [
    "attempts",
    "webhook",
    "alert",
    "webhook__url",
    "webhook__secret",
    "webhook__batch",
    "alert__kind",
    "alert__created_at",
    "alert__article_id",
    "alert__feed_id",
    "alert__claim_id",
    "alert__watchlist_id",
]


def _deliveries_claim(ids: list[int]) -> list[tuple[Webhook, list[Delivery]]]:
    """Lease the pending deliveries among `ids` that no other worker holds, an
    attempt counted on each; grouped by webhook, in id order. The lease is
    WEBHOOK_LEASE however many they are: the batch's time is bounded."""
    if not ids:
        return []
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            pending = Delivery.Status.PENDING
            cursor.execute(_DELIVERIES_LEASE, [now + WEBHOOK_LEASE, ids, pending, now])
            free = [pk for (pk,) in cursor.fetchall()]
    else:  # make run's SQLite: one writer at a time
        with transaction.atomic():
            free = list(
                Delivery.objects.filter(
                    Q(sending_until__isnull=True) | Q(sending_until__lt=now),
                    pk__in=ids,
                    status=Delivery.Status.PENDING,
                    webhook__active=True,
                ).values_list("pk", flat=True)
            )
            Delivery.objects.filter(pk__in=free).update(
                sending_until=now + WEBHOOK_LEASE, attempts=F("attempts") + 1
            )
    grouped: dict[int, tuple[Webhook, list[Delivery]]] = {}
    claimed = (
        Delivery.objects.select_related("webhook", "alert")
        .only(*_SENT_FIELDS)
        .filter(pk__in=free)
    )
    for delivery in claimed.order_by("pk"):
        grouped.setdefault(delivery.webhook_id, (delivery.webhook, []))[1].append(
            delivery
        )
    return list(grouped.values())


_sessions = threading.local()


def _webhook_session() -> requests.Session:
    """This thread's session for webhooks, made once and kept (per process and
    loopback setting), so that a receiver's open connection serves the batches
    that follow: a new session and connection cost a post ten times its time.
    Each new connection's address is checked after DNS (ingestion.safe_session)."""
    key = (os.getpid(), settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK)
    kept = getattr(_sessions, "kept", None)
    if kept is None or kept[0] != key:
        if kept is not None and kept[0][0] == key[0]:
            kept[1].close()
        session = ingestion.safe_session(
            allow_loopback=key[1],
            timeout=WEBHOOK_TIMEOUT,
            user_agent="Attribution webhooks",
            never_redirect=True,
        )
        # No proxy or .netrc from the environment: the address checked after DNS
        # must be the receiver's own (a proxy would be the one checked), and
        # reading the environment again for every post was a fifth of its time.
        session.trust_env = False
        _sessions.kept = kept = (key, session)
    return kept[1]


def _post(
    hook: Webhook, deliveries: list[Delivery], session: requests.Session
) -> tuple[int | None, str]:
    """One POST of these deliveries: one event, or a batch for a webhook that
    takes batches (even of one, so that it is always sent the same shape)."""
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp}
    if hook.batch:
        body = batch_body(deliveries)
        headers |= {EVENT_HEADER: "batch", BATCH_HEADER: str(len(deliveries))}
    else:
        (delivery,) = deliveries
        body = delivery_body(delivery)
        headers |= {
            EVENT_HEADER: delivery.alert.kind,
            DELIVERY_HEADER: str(delivery.pk),
        }
    headers[SIGNATURE_HEADER] = sign(hook.secret, timestamp, body)
    loopback = settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK
    try:
        ingestion.check_url(hook.url, any_port=loopback)
        response = session.post(
            hook.url, data=body, headers=headers, allow_redirects=False
        )
        response.close()
    except ingestion.UnusableInput as exc:
        return None, str(exc)
    except InvalidIPAddress:
        return None, "The URL's host is a private or local address."
    except requests.RequestException as exc:
        return None, f"Could not reach the URL: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"Answered {response.status_code}."


def _deliveries_record(batches: list[tuple[Webhook, list[Outcome]]]) -> dict[int, int]:
    """Log each attempt of a batch, in one transaction: delivered, waiting for its
    next attempt (its wait returned), or given up; a delivery not attempted is
    released with its attempt uncounted (wait 0). Each webhook's count of
    deliveries given up in a row follows its deliveries in order, under its row
    lock (taken in id order), and the webhook is disabled when it reaches
    ALERTS_WEBHOOK_MAX_FAILURES. Attempts that ended alike are written by one
    UPDATE whatever their webhook, each log entry appended in the database."""
    now = timezone.now()
    waits: dict[int, int] = {}
    alike: dict[tuple, list[int]] = {}
    with transaction.atomic():
        state = {
            pk: (failures, active)
            for pk, failures, active in Webhook.objects.select_for_update()
            .filter(pk__in=[hook.pk for hook, _ in batches])
            .order_by("pk")
            .values_list("pk", "failures", "active")
        }
        changed: dict[int, dict] = {}
        for hook, outcomes in batches:
            failures, active = state[hook.pk]
            reason = ""
            for delivery, status_code, error in outcomes:
                status, wait, failures = _outcome(delivery, error, failures)
                if wait is not None:
                    waits[delivery.pk] = wait
                if status == Delivery.Status.FAILED and active and not reason:
                    reason = _disabled_reason(failures, error or "")
                key = (status, status_code, error, wait)
                alike.setdefault(key, []).append(delivery.pk)
            changes: dict = {"failures": failures}
            if reason:
                changes |= {"active": False, "disabled_reason": reason[:500]}
            if changes != {"failures": state[hook.pk][0]}:
                changed[hook.pk] = changes
        for (status, status_code, error, wait), ids in alike.items():
            Delivery.objects.filter(pk__in=ids).update(
                **_delivery_changes(now, status, status_code, error, wait)
            )
        for pk, changes in changed.items():
            Webhook.objects.filter(pk=pk).update(**changes)
    return waits


def _outcome(
    delivery: Delivery, error: str | None, failures: int
) -> tuple[str, int | None, int]:
    """(status, wait before the next attempt, the webhook's failures in a row)
    after this attempt at a delivery; a wait of 0 for one not attempted."""
    if error is None:
        return Delivery.Status.PENDING, 0, failures
    if not error:
        return Delivery.Status.DELIVERED, None, 0
    if delivery.attempts < settings.ALERTS_WEBHOOK_ATTEMPTS:
        # Capped: a retry waits unacknowledged in its worker (the visibility
        # timeout).
        wait = min(
            settings.ALERTS_WEBHOOK_BACKOFF * 2 ** (delivery.attempts - 1),
            settings.CELERY_TASK_MAX_RETRY_DELAY,
        )
        return Delivery.Status.PENDING, wait, failures
    return Delivery.Status.FAILED, None, failures + 1


def _disabled_reason(failures: int, error: str) -> str:
    """Why a webhook is disabled, or "" while its failures in a row are fewer than
    ALERTS_WEBHOOK_MAX_FAILURES."""
    if failures < settings.ALERTS_WEBHOOK_MAX_FAILURES:
        return ""
    return f"Disabled after {failures} deliveries failed in a row; last: {error}"


def _delivery_changes(
    now: datetime, status: str, status_code: int | None, error: str | None, wait
) -> dict[str, Any]:
    """The columns an attempt that ended so writes on its deliveries."""
    if error is None:  # not attempted: released, its attempt not counted
        return {"sending_until": None, "attempts": F("attempts") - 1}
    entry = {"at": now.isoformat(), "status": status_code, "error": error}
    return {
        "log": _log_appended(entry),
        "status": status,
        "status_code": status_code,
        "error": error,
        "sending_until": None,
        "next_attempt_at": None if wait is None else now + timedelta(seconds=wait),
        "delivered_at": now if status == Delivery.Status.DELIVERED else None,
    }


def _log_appended(entry: dict) -> RawSQL:
    """A delivery's log with `entry` appended, computed by the database (jsonb in
    PostgreSQL; SQLite's JSON functions under `make run`)."""
    if connection.vendor == "postgresql":
        return RawSQL("log || %s::jsonb", [json.dumps([entry])])
    return RawSQL("json_insert(log, '$[#]', json(%s))", [json.dumps(entry)])


def webhook_enable(*, user, webhook_id: int) -> Webhook:
    """Send to a disabled webhook again, its failure count cleared."""
    Webhook.objects.filter(pk=webhook_id, user=user).update(
        active=True, disabled_reason="", failures=0
    )
    return Webhook.objects.get(pk=webhook_id, user=user)


def deliveries_sweep() -> list[int]:
    """Send again the pending deliveries long overdue: their task never reached the
    broker, or the broker lost it. Run by celery beat, in one batch task; a
    delivery sent twice is attempted once at a time (deliveries_send's lease).
    Returns the ids sent."""
    overdue = timezone.now() - timedelta(minutes=settings.ALERTS_SWEEP_MINUTES)
    ids = list(
        Delivery.objects.filter(
            Q(sending_until__isnull=True) | Q(sending_until__lt=timezone.now()),
            status=Delivery.Status.PENDING,
            webhook__active=True,
            next_attempt_at__lt=overdue,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    if ids:  # one batch: posted to several webhooks at once, its time bounded
        enqueue.logged(enqueue.webhook_deliveries, delivery_ids=ids)
    return ids


def delivery_redeliver(*, user, webhook_id: int, delivery_id: int) -> Delivery:
    """Send one of the user's deliveries again, whatever became of it, with a
    fresh count of attempts (Delivery.DoesNotExist for another user's)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(
            pk=delivery_id, webhook_id=webhook_id, webhook__user=user
        )
        delivery.status, delivery.attempts = Delivery.Status.PENDING, 0
        delivery.next_attempt_at, delivery.sending_until = timezone.now(), None
        delivery.save(
            update_fields=["status", "attempts", "next_attempt_at", "sending_until"]
        )
        transaction.on_commit(
            lambda: enqueue.logged(enqueue.webhook_deliver, delivery_id=delivery_id)
        )
    return delivery
