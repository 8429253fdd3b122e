"""Sending work to the Celery workers, by task name.

The services decide what to enqueue and call this module; the tasks call the
services. Naming the task instead of importing it keeps the dependencies one way
(tasks -> services -> enqueue), with no import cycle hidden in a function body.
The app's registry resolves the name (apps.py fills it in every process), so
`task_always_eager` still runs the task inline where it is set (the tests), which
`app.send_task` would not.
"""

import logging

from attribution.celery import app

logger = logging.getLogger(__name__)

ARTICLE_PARSE = "attribution.tasks.article_parse"
ARTICLE_PARSE_BATCH = "attribution.tasks.article_parse_batch"
FEED_POLL = "attribution.tasks.feed_poll"
FEED_PAGE_FETCH = "attribution.tasks.feed_page_fetch"
FEED_PAGES_FETCH = "attribution.tasks.feed_pages_fetch"


def article_parse(*, article_id: int) -> None:
    """Send one article's parse to the workers; raises what the broker raises."""
    app.tasks[ARTICLE_PARSE].delay(article_id)


def article_parse_batch(*, article_ids: list[int]) -> None:
    """Send several articles' parse to one worker, to be parsed in one batch."""
    app.tasks[ARTICLE_PARSE_BATCH].delay(article_ids)


def feed_poll(*, feed_id: int, countdown: float = 0) -> None:
    """Send one feed's poll to the workers, due in `countdown` seconds."""
    app.tasks[FEED_POLL].apply_async((feed_id,), countdown=countdown or None)


def feed_page_fetch(*, page_id: int) -> None:
    """Send the fetch of one page a feed listed to the workers."""
    app.tasks[FEED_PAGE_FETCH].delay(page_id)


def feed_pages_fetch(*, page_ids: list[int], countdown: float = 0) -> None:
    """Send the fetch of several pages to one worker, due in `countdown` seconds."""
    app.tasks[FEED_PAGES_FETCH].apply_async((page_ids,), countdown=countdown or None)


ARTICLE_ALERTS = "attribution.tasks.article_alerts"
WEBHOOK_DELIVER = "attribution.tasks.webhook_deliver"
WEBHOOK_DELIVERIES = "attribution.tasks.webhook_deliveries"


def article_alerts(*, article_id: int, since: str | None) -> None:
    """Send the matching of an article's new claims against watchlists."""
    app.tasks[ARTICLE_ALERTS].delay(article_id, since)


def webhook_deliver(*, delivery_id: int) -> None:
    """Send one webhook delivery's next attempt to the workers."""
    app.tasks[WEBHOOK_DELIVER].delay(delivery_id)


def webhook_deliveries(*, delivery_ids: list[int]) -> None:
    """Send the first attempt of one webhook's new deliveries to the workers."""
    app.tasks[WEBHOOK_DELIVERIES].delay(delivery_ids)


VERDICT_ALERTS = "attribution.tasks.verdict_alerts"


def verdict_alerts(*, claim_id: int, kind: str, key: str) -> None:
    """Send the alerts of a verdict written on a claim to the workers."""
    app.tasks[VERDICT_ALERTS].delay(claim_id, kind, key)


ALERT_EMAIL = "attribution.tasks.alert_email"


def alert_email(*, alert_id: int) -> None:
    """Send the email of one alert to the workers."""
    app.tasks[ALERT_EMAIL].delay(alert_id)


def logged(send, **kwargs) -> None:
    """Call one of the functions above, logging instead of raising what the broker
    raised: for work that a sweep sends again, after a commit that must stand."""
    try:
        send(**kwargs)
    except Exception:  # the broker's errors vary by transport
        logger.exception("Could not enqueue %s %s", send.__name__, kwargs)
