"""Celery tasks: thin wrappers that take ids and call services."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError

from attribution import services
from attribution.ingestion import FetchUnavailable, UnusableInput

logger = logging.getLogger(__name__)

# Errors worth another try: the database (deadlocks included), or the site an
# article is fetched from, was briefly unavailable; or another worker stored the
# same new row (a speaker, an outlet) at the same moment, which the next try finds.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, IntegrityError, FetchUnavailable)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=settings.CELERY_TASK_MAX_RETRY_DELAY,
    retry_jitter=True,
    max_retries=4,
)
def article_parse(self, article_id: int) -> None:
    """Parse one article into claims; failures end on the article with a reason."""
    try:
        services.article_extract_claims(article_id=article_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.article_fail_parse(
                article_id=article_id,
                error=f"Gave up after {self.max_retries + 1} attempts: {exc}",
            )
        raise
    except UnusableInput as exc:
        services.article_fail_parse(article_id=article_id, error=str(exc))
    except SoftTimeLimitExceeded:
        services.article_fail_parse(
            article_id=article_id,
            error=f"Parsing took longer than the {settings.CELERY_TASK_SOFT_TIME_LIMIT}"
            " s limit; split the article or shorten it.",
        )
    except Exception as exc:
        logger.exception("Parsing article %s failed", article_id)
        services.article_fail_parse(
            article_id=article_id, error=f"The extractor failed on this article: {exc}"
        )


@shared_task
def articles_sweep() -> int:
    """Run by celery beat: enqueue again the articles no worker is going to get to."""
    sweep = services.articles_sweep()
    if sweep.waiting:
        logger.warning("%s articles still wait for the broker", len(sweep.waiting))
    return len(sweep.enqueued)
