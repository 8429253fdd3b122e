"""Celery tasks: thin wrappers that take ids and call services."""

import logging
import smtplib
from datetime import datetime

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError

from attribution import alert_services, feed_services, services
from attribution.ingestion import FetchUnavailable, UnusableInput

logger = logging.getLogger(__name__)

# Errors worth another try: the database (deadlocks included), or the site an
# article is fetched from, was briefly unavailable; or another worker stored the
# same new row (a speaker, an outlet) at the same moment, which the next try finds.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, IntegrityError, FetchUnavailable)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=settings.ATTRIBUTION_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=settings.CELERY_TASK_MAX_RETRY_DELAY,
    retry_jitter=True,
    # Each try counts as one of the article's parse attempts: the task gives up
    # (with the last reason) when the article has used them all.
    max_retries=settings.ATTRIBUTION_MAX_PARSE_ATTEMPTS - 1,
)
def article_parse(self, article_id: int) -> None:
    """Parse one article into claims; failures end on the article with a reason.

    A failure that may pass (the site or the database briefly away) is tried
    again, the reason kept on the article meanwhile; the last try that fails ends
    the article with it. Any other failure ends the article at once.
    """
    try:
        services.article_extract_claims(article_id=article_id)
    except TRANSIENT_ERRORS as exc:
        tries = self.request.retries + 1
        if self.request.retries >= self.max_retries:
            services.article_fail_parse(
                article_id=article_id, error=f"Gave up after {tries} attempts: {exc}"
            )
            return
        services.article_note_retry(article_id=article_id, error=str(exc))
        raise
    except Exception as exc:
        _parse_failed(article_id, exc)


@shared_task(autoretry_for=(OperationalError, InterfaceError), max_retries=3)
def article_parse_batch(article_ids: list[int]) -> None:
    """Parse several waiting articles with one batched pass of spaCy.

    Each article's failure is its own: one whose failure may pass goes to
    article_parse (the next of its attempts, tried again as that task does), any
    other ends that article with its reason; the rest of the batch is stored.
    """
    failures = services.articles_extract_claims(article_ids=article_ids)
    for article_id, exc in failures.items():
        if isinstance(exc, TRANSIENT_ERRORS):
            services.article_note_retry(article_id=article_id, error=str(exc))
            services.article_enqueue_parse(article_id=article_id)
        else:
            _parse_failed(article_id, exc)


def _parse_failed(article_id: int, exc: Exception) -> None:
    """End an article whose parse failed for good with a reason people can read."""
    if isinstance(exc, UnusableInput):
        error = str(exc)
    elif isinstance(exc, SoftTimeLimitExceeded):
        error = (
            f"Parsing took longer than the {settings.CELERY_TASK_SOFT_TIME_LIMIT}"
            " s limit; split the article or shorten it."
        )
    else:
        logger.error("Parsing article %s failed", article_id, exc_info=exc)
        error = f"The extractor failed on this article: {exc}"
    services.article_fail_parse(article_id=article_id, error=error)


@shared_task
def articles_sweep() -> int:
    """Run by celery beat: enqueue again the articles no worker is going to get to."""
    sweep = services.articles_sweep()
    if sweep.waiting:
        logger.warning("%s articles still wait for the broker", len(sweep.waiting))
    return len(sweep.enqueued)


# Following outlets -----------------------------------------------------------------


@shared_task
def feeds_dispatch() -> int:
    """Run by celery beat: hand each due feed to one poll task."""
    return len(feed_services.feeds_dispatch())


@shared_task(bind=True, autoretry_for=(OperationalError, InterfaceError), max_retries=3)
def feed_poll(self, feed_id: int) -> str:
    """Poll one feed; a busy host sends the poll back for after its slot."""
    try:
        return feed_services.feed_poll(feed_id=feed_id)["status"]
    except feed_services.HostBusy as busy:
        feed_poll.apply_async((feed_id,), countdown=busy.wait)
        return "waiting"


@shared_task(bind=True, max_retries=None)
def feed_page_fetch(self, page_id: int) -> None:
    """Fetch one page feeds listed into an article; failures end on the page."""
    try:
        feed_services.feed_page_fetch(page_id=page_id)
    except Exception as exc:
        _page_fetch_failed(page_id, exc, tries=self.request.retries)


@shared_task
def feed_pages_fetch(page_ids: list[int]) -> None:
    """Fetch several pages feeds listed, their articles parsed in batches; each
    page's failure is handled as feed_page_fetch handles it."""
    failures = feed_services.feed_pages_fetch(page_ids=page_ids)
    for page_id, exc in failures.items():
        _page_fetch_failed(page_id, exc, tries=0)


def _page_fetch_failed(page_id: int, exc: Exception, *, tries: int) -> None:
    """A busy host sends the page back for its slot; a failure that may pass is
    tried again later (up to the page's attempts); any other ends the page."""
    if isinstance(exc, feed_services.HostBusy):
        feed_services.page_release(page_id=page_id, wait=exc.wait)
        feed_page_fetch.apply_async((page_id,), countdown=exc.wait)
    elif isinstance(exc, TRANSIENT_ERRORS):
        wait = 5 * 2**tries
        if feed_services.page_retry_later(page_id=page_id, error=str(exc), wait=wait):
            feed_page_fetch.apply_async((page_id,), countdown=wait)
    else:
        logger.error("Fetching feed page %s failed", page_id, exc_info=exc)
        feed_services.page_fail(
            page_id=page_id, error=f"Could not read the page: {exc}"
        )


@shared_task
def feed_pages_sweep() -> int:
    """Run by celery beat: send again the page fetches whose task was lost."""
    return len(feed_services.feed_pages_sweep())


# Alerts ----------------------------------------------------------------------------


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=settings.CELERY_TASK_MAX_RETRY_DELAY,
    max_retries=4,
)
def article_alerts(article_id: int, since: str | None = None) -> int:
    """Match an article's committed claims against watchlists; idempotent."""
    return alert_services.article_alerts_produce(
        article_id=article_id,
        since=datetime.fromisoformat(since) if since else None,
    )


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=settings.CELERY_TASK_MAX_RETRY_DELAY,
    max_retries=4,
)
def verdict_alerts(claim_id: int, kind: str, key: str) -> int:
    """Tell the followers of a claim of a verdict written on it; idempotent."""
    return alert_services.verdict_alerts_produce(claim_id=claim_id, kind=kind, key=key)


@shared_task(autoretry_for=(OperationalError, InterfaceError), max_retries=3)
def webhook_deliver(delivery_id: int) -> None:
    """One attempt at a webhook delivery; the next is sent after its backoff."""
    wait = alert_services.delivery_send(delivery_id=delivery_id)
    if wait is not None:
        webhook_deliver.apply_async((delivery_id,), countdown=wait)


@shared_task(autoretry_for=(OperationalError, InterfaceError), max_retries=3)
def webhook_deliveries(delivery_ids: list[int]) -> int:
    """An attempt at each of these deliveries, each webhook's over one connection;
    those that failed alike are tried again together after their backoff (so a
    webhook that takes batches is sent them in one POST again), and those the
    batch had no time for go again at once."""
    waits = alert_services.deliveries_send(delivery_ids=delivery_ids)
    again: dict[int, list[int]] = {}
    for delivery_id, wait in waits.items():
        again.setdefault(wait, []).append(delivery_id)
    for wait, ids in sorted(again.items()):
        webhook_deliveries.apply_async((ids,), countdown=wait or None)
    return len(delivery_ids) - len(waits)


@shared_task
def feed_alerts() -> int:
    """Run by celery beat: tell the editors who follow the feeds' health of each
    feed gone silent or failing, once per episode."""
    return alert_services.feed_alerts_produce()


@shared_task
def alert_digests() -> int:
    """Run daily by celery beat: each user's digest of the day's alerts."""
    return alert_services.digests_send()


@shared_task
def deliveries_sweep() -> int:
    """Run by celery beat: send again the webhook deliveries whose task was lost."""
    return len(alert_services.deliveries_sweep())


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError),
    retry_backoff=30,
    retry_backoff_max=settings.CELERY_TASK_MAX_RETRY_DELAY,
    max_retries=5,
)
def alert_email(alert_id: int) -> bool:
    """Email one alert; sent once, retried while the mail server refuses."""
    return alert_services.alert_email_send(alert_id=alert_id)
