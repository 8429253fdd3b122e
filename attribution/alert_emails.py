"""Writes of alert emails: each alert at once, or a user's daily digest.

An alert is marked emailed by the transaction that claims it, so that two
workers, or two runs of the digest, send it once.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from attribution import enqueue
from attribution.models import Alert

logger = logging.getLogger(__name__)


def emails_enqueue(alert_ids: list[int]) -> None:
    """After commit, the emails of these alerts (sent one by one, by a task each)."""
    if not alert_ids:
        return

    def send() -> None:
        for alert_id in alert_ids:
            enqueue.logged(enqueue.alert_email, alert_id=alert_id)

    transaction.on_commit(send)


def alert_email_send(*, alert_id: int) -> bool:
    """Email one alert to its user, once: False when it was sent already, its
    watchlist does not email, or the user has no address.

    The alert is marked emailed before sending (a conditional UPDATE, so two
    workers send it once) and unmarked when the mail server refuses, so that
    the task's retry sends it; the error propagates for that retry.
    """
    claimed = (
        Alert.objects.filter(
            pk=alert_id,
            emailed_at__isnull=True,
            watchlist__email=True,
            watchlist__digest=False,
        )
        .exclude(user__email="")
        .update(emailed_at=timezone.now())
    )
    if not claimed:
        return False
    alert = Alert.objects.select_related(
        "user", "watchlist", "article", "claim__speaker"
    ).get(pk=alert_id)
    try:
        send_mail(
            f"[Attribution] {alert.watchlist.name}"[:200],
            _email_text(alert),
            None,
            [alert.user.email],
        )
    except (smtplib.SMTPException, OSError):
        Alert.objects.filter(pk=alert_id).update(emailed_at=None)
        raise
    return True


def digests_send() -> int:
    """Email each user one digest of the last day's alerts not yet emailed, from
    their watchlists that email in the digest. Run daily by celery beat.

    Each user's alerts are locked (skipping those another run holds) and marked
    emailed in the transaction that sends them, so that two runs send each once
    and a refused send leaves them for the next run. Returns the emails sent.
    """
    since = timezone.now() - timedelta(days=1)
    due = (
        Alert.objects.filter(
            emailed_at__isnull=True,
            watchlist__email=True,
            watchlist__digest=True,
            created_at__gte=since,
        )
        .exclude(user__email="")
        .order_by()
    )
    sent = 0
    for user_id in due.values_list("user_id", flat=True).distinct():
        with transaction.atomic():
            ids = list(
                due.filter(user_id=user_id)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)
            )
            if not ids:
                continue
            alerts = list(
                Alert.objects.filter(pk__in=ids)
                .select_related("user", "watchlist", "article", "claim__speaker")
                .order_by("created_at", "pk")
            )
            Alert.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
            try:
                send_mail(
                    f"[Attribution] Your daily digest: {len(alerts)} alerts",
                    "\n\n---\n\n".join(_email_text(a) for a in alerts),
                    None,
                    [alerts[0].user.email],
                )
            except (smtplib.SMTPException, OSError):
                logger.exception("Could not send the digest of user %s", user_id)
                transaction.set_rollback(True)
                continue
        sent += 1
    return sent


def _email_text(alert: Alert) -> str:
    site = settings.ATTRIBUTION_SITE_URL.rstrip("/")
    claim = alert.claim
    if alert.feed_id is not None:
        what = alert.feed_text
        link = site + reverse("web:feed-detail", args=[alert.feed_id])
    elif claim is None:
        what = f"A claim of {alert.article}"
        link = site + reverse("web:article-detail", args=[alert.article_id])
    else:
        speaker = claim.speaker.name if claim.speaker else "Someone"
        what = f"{speaker}: “{claim.text}”\n\nin {alert.article}"
        link = site + reverse("web:claim-detail", args=[claim.pk])
    return (
        f"{alert.get_kind_display()} for {alert.watchlist.name}:\n\n"
        f"{what}\n\n{link}\n\n"
        f"Stop these emails under Following: {site}{reverse('web:watchlist-list')}\n"
    )
