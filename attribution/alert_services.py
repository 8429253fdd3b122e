"""Writes of alerts: following things, producing alerts from new claims, reading
them, and delivering them to webhooks.

Alerts are produced in the worker once an article's claims are committed
(`article_alerts_after_parse` registers it); each is stored once per watchlist,
the database deciding between workers and re-parses (Alert's unique key).
Webhook deliveries are sent by a Celery task per webhook, one attempt at a time
over one connection, with exponential backoff between a delivery's attempts.
"""

import hashlib
import hmac
import json
import logging
import secrets
import smtplib
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from requests_hardened.ip_filter import InvalidIPAddress

from attribution import alert_matching, enqueue, feed_selectors, ingestion, selectors
from attribution.filters import ClaimFilter
from attribution.models import (
    Alert,
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimVia,
    Delivery,
    Feed,
    Outlet,
    Speaker,
    Watchlist,
    Webhook,
)
from attribution.roles import Role, has_role

logger = logging.getLogger(__name__)

# The claim list's parameters that are not part of what a search finds.
SEARCH_IGNORED = {"page", "ordering"}
SEARCH_VALUE_MAX = 500
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


# Watchlists -------------------------------------------------------------------------


def watchlist_follow(
    *,
    user,
    speaker: Speaker | None = None,
    outlet: Outlet | None = None,
    statement: CanonicalClaim | None = None,
    search: Mapping[str, str] | None = None,
    feeds: bool = False,
    email: bool = False,
    digest: bool = False,
) -> tuple[Watchlist, bool]:
    """Follow one thing; following it again returns the watchlist there is.

    Give exactly one of speaker, outlet, statement, search (the claim list's
    query parameters, cleaned by search_clean) or, for an editor, feeds (their
    health: a feed gone silent or failing); `email` sends each new alert by
    email too, at once or, with `digest`, in the daily digest. Returns
    (watchlist, created).
    """
    if not user.is_authenticated:
        raise PermissionDenied("Log in to follow.")
    given = [v for v in (speaker, outlet, statement, search) if v is not None]
    if len(given) + feeds != 1:
        raise ValueError(
            "Follow exactly one speaker, outlet, statement, search or the feeds."
        )
    if feeds:
        if not has_role(user, Role.EDITOR):
            raise PermissionDenied("Following the feeds' health is for editors.")
        target: dict[str, Any] = {"kind": Watchlist.Kind.FEEDS}
        name = "Feed health: feeds gone silent or failing"
    elif speaker is not None:
        target = {"kind": Watchlist.Kind.SPEAKER, "speaker": speaker}
        name = f"Speaker: {speaker.name}"
    elif outlet is not None:
        target = {"kind": Watchlist.Kind.OUTLET, "outlet": outlet}
        name = f"Outlet: {outlet.name}"
    elif statement is not None:
        target = {"kind": Watchlist.Kind.STATEMENT, "statement": statement}
        name = f"Statement #{statement.pk}: {statement.text[:80]}"
    else:
        cleaned = search_clean(search or {})
        target = {"kind": Watchlist.Kind.SEARCH, "search": cleaned}
        name = "Search: " + ", ".join(f"{k}={v}" for k, v in cleaned.items())
    try:
        with transaction.atomic():
            return Watchlist.objects.get_or_create(
                user=user,
                **target,
                defaults={"name": name[:300], "email": email, "digest": digest},
            )
    except IntegrityError:  # the same follow, at the same moment
        return Watchlist.objects.get(user=user, **target), False


def search_clean(params: Mapping[str, str]) -> dict[str, str]:
    """The claim list's filters and search words as a watchlist keeps them.

    Paging and order are dropped, empty values too; a value the claim list
    would refuse is a ValidationError naming its parameter.
    """
    known = set(ClaimFilter.base_filters) - SEARCH_IGNORED
    cleaned = {
        name: str(value).strip()
        for name, value in params.items()
        if name in known and str(value).strip()
    }
    if not cleaned:
        raise ValidationError(
            {"search": "Set a filter or search words before following the search."}
        )
    for name, value in cleaned.items():
        if len(value) > SEARCH_VALUE_MAX:
            raise ValidationError({name: f"At most {SEARCH_VALUE_MAX} characters."})
    claims = ClaimFilter(cleaned, queryset=Claim.objects.none())
    if not claims.is_valid():
        raise ValidationError(
            {name: [str(e) for e in errors] for name, errors in claims.errors.items()}
        )
    return dict(sorted(cleaned.items()))


def watchlist_set_email(*, user, watchlist_id: int, email: bool) -> bool:
    """Email the watchlist's new alerts, or stop; False when the user has no such
    watchlist."""
    return bool(
        Watchlist.objects.filter(pk=watchlist_id, user=user).update(email=email)
    )


def watchlist_set_digest(*, user, watchlist_id: int, digest: bool) -> bool:
    """Email the watchlist's alerts in the daily digest, or at once again; False
    when the user has no such watchlist."""
    return bool(
        Watchlist.objects.filter(pk=watchlist_id, user=user).update(digest=digest)
    )


def watchlist_feed_token(*, user, watchlist_id: int, rotate: bool = False) -> str:
    """The secret of the watchlist's Atom feed URL, made on first use; `rotate`
    replaces it, so that the old URL stops working (Watchlist.DoesNotExist for
    another user's watchlist)."""
    with transaction.atomic():
        watchlist = Watchlist.objects.select_for_update().get(
            pk=watchlist_id, user=user
        )
        if rotate or not watchlist.feed_token:
            watchlist.feed_token = secrets.token_urlsafe(32)
            watchlist.save(update_fields=["feed_token"])
    return watchlist.feed_token


def watchlist_unfollow(*, user, watchlist_id: int) -> bool:
    """Stop following; False when the user has no such watchlist. Its alerts go."""
    deleted, _ = Watchlist.objects.filter(pk=watchlist_id, user=user).delete()
    return bool(deleted)


# Producing alerts -------------------------------------------------------------------


def article_alerts_after_parse(*, article: Article) -> None:
    """Call in the transaction that stores an article's claims, before it marks
    the article parsed: once it commits, the alerts task matches them.

    The article's previous parse time is passed on, so that a re-parse alerts
    only the watchlists that were there when the claims were first seen; a
    first parse passes its own time, so that a follow made while the alerts task
    waits in the queue is not told of claims that were there before it.
    """
    since = (article.parsed_at or timezone.now()).isoformat()
    article_id = article.pk
    transaction.on_commit(
        lambda: _enqueue(enqueue.article_alerts, article_id=article_id, since=since)
    )


def _enqueue(send, **kwargs) -> None:
    try:
        send(**kwargs)
    except Exception:  # the broker's errors vary by transport
        logger.exception("Could not enqueue alerts work %s", kwargs)


def claim_key(claim: Claim) -> str:
    """What names a claim across re-parses: its article, span and words."""
    digest = hashlib.sha256(claim.text.encode()).hexdigest()[:20]
    return f"{claim.article_id}:{claim.start}-{claim.end}:{digest}"


def article_alerts_produce(*, article_id: int, since: datetime | None = None) -> int:
    """Store an alert for each watchlist each of the article's claims matches.

    Idempotent: an alert already stored for the claim (by claim_key) is not
    stored again, but is pointed at the claim a re-parse made. With `since` (the
    article's previous parse), watchlists made after it are left out: the claims
    were there before they were followed. Deliveries to the users' webhooks are
    enqueued after commit. Returns how many alerts were new.
    """
    claims = list(
        Claim.objects.filter(article_id=article_id)
        .select_related("speaker")
        .prefetch_related("via_links__outlet")
    )
    if not claims:
        return 0
    index = alert_matching.watchlist_index()
    events = [
        *_direct_matches(claims, index, since),
        *_statement_events(claims, index, since),
        *_new_outlet_events(claims, index, since),
        *(
            (w, Alert.Kind.CLAIM_NEW, claim_key(c), c)
            for w, c in _search_matches(claims, index.searching(since))
        ),
    ]
    with transaction.atomic():
        created = _alerts_store(events)
        _alerts_send(created)
    return len(created)


def _direct_matches(claims: list[Claim], index, since) -> Iterable[tuple]:
    """claim.new for the followers of each claim's speaker and of its outlets."""
    outlets = {c.pk: {v.outlet_id for v in c.via_links.all()} for c in claims}
    speakers = {c.speaker_id for c in claims if c.speaker_id}
    followed = sorted(
        index.following(Watchlist.Kind.SPEAKER, speakers, since)
        + index.following(Watchlist.Kind.OUTLET, set().union(*outlets.values()), since),
        key=lambda w: w.pk,
    )
    for watchlist in followed:
        for claim in claims:
            if (watchlist.speaker_id and watchlist.speaker_id == claim.speaker_id) or (
                watchlist.outlet_id and watchlist.outlet_id in outlets[claim.pk]
            ):
                yield watchlist, Alert.Kind.CLAIM_NEW, claim_key(claim), claim


def _statement_events(claims: list[Claim], index, since) -> Iterable[tuple]:
    """statement.report for each new report of a followed statement, and
    statement.altered too when its words differ from the earliest quote's (the
    drift the statement page shows, above 0). Drift is measured only for the
    statements someone follows."""
    canonical_ids = {c.canonical_id for c in claims if c.canonical_id}
    followed = index.following(Watchlist.Kind.STATEMENT, canonical_ids, since)
    if not followed:
        return
    drift_of: dict[int, float] = {}
    for canonical in CanonicalClaim.objects.filter(
        pk__in={w.statement_id for w in followed}
    ):
        members = selectors.canonical_members(canonical)
        drift_of |= {d.claim.pk: d.drift for d in selectors.canonical_drift(members)}
    for watchlist in followed:
        for claim in claims:
            if claim.canonical_id != watchlist.statement_id:
                continue
            key = claim_key(claim)
            yield watchlist, Alert.Kind.STATEMENT_REPORT, key, claim
            if drift_of.get(claim.pk, 0) > 0:
                yield watchlist, Alert.Kind.STATEMENT_ALTERED, key, claim


def _new_outlet_events(claims: list[Claim], index, since) -> Iterable[tuple]:
    """speaker.outlet for the followers of a speaker quoted through an outlet
    that carried none of the speaker's claims in any other article. Keyed by the
    outlet, so that it is told once per watchlist, whichever article came first."""
    carried = {
        (c.speaker_id, v.outlet_id)
        for c in claims
        if c.speaker_id
        for v in c.via_links.all()
    }
    if not carried:
        return
    speakers = {s for s, _ in carried}
    followed = index.following(Watchlist.Kind.SPEAKER, speakers, since)
    if not followed:
        return
    before = set(
        ClaimVia.objects.filter(
            claim__speaker_id__in={s for s, _ in carried},
            outlet_id__in={o for _, o in carried},
        )
        .exclude(claim__article_id=claims[0].article_id)
        .values_list("claim__speaker_id", "outlet_id")
        .distinct()
    )
    for watchlist in followed:
        seen: set[int] = set()
        for claim in claims:
            if claim.speaker_id != watchlist.speaker_id:
                continue
            for via in claim.via_links.all():
                pair = (claim.speaker_id, via.outlet_id)
                if pair in before or via.outlet_id in seen:
                    continue
                seen.add(via.outlet_id)
                key = f"outlet:{via.outlet_id}"
                yield watchlist, Alert.Kind.SPEAKER_OUTLET, key, claim


def _search_matches(
    claims: list[Claim], searched: list[Watchlist]
) -> Iterable[tuple[Watchlist, Claim]]:
    """Every saved search run over these claims by the claim list's filters, in
    one query (alert_matching)."""
    by_id = {c.pk: c for c in claims}
    if connection.vendor != "postgresql":  # make run's SQLite: one search at a time
        yield from _search_matches_one_by_one(by_id, searched)
        return
    found = alert_matching.searches_matching(
        article_id=claims[0].article_id,
        claims=claims,
        searches=[(w.pk, w.search) for w in searched],
    )
    matched = {w.pk: w for w in searched}
    for search_id, claim_id in found:
        yield matched[search_id], by_id[claim_id]


def _search_matches_one_by_one(by_id: dict[int, Claim], searches) -> Iterable[tuple]:
    """Each saved search run by the claim list's own filters over these claims."""
    article_claims = Claim.objects.filter(pk__in=by_id)
    for watchlist in searches:
        found = ClaimFilter(watchlist.search, queryset=article_claims)
        if not found.is_valid():  # a speaker it named was merged away, say
            continue
        for claim_id in found.qs.order_by().values_list("pk", flat=True).distinct():
            yield watchlist, by_id[claim_id]


def verdict_alerts_after(*, claim_id: int, flag_id: int, kind: str) -> None:
    """Call in the transaction that adds, changes or withdraws a flag, after the
    write: once it commits, the alerts task tells the followers of the claim.

    The event is keyed by the flag's history row of this write, so that a
    retried task stores it once and each later change is an event of its own.
    """
    version = (
        ClaimFlag.history.filter(id=flag_id)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    key = f"flag:{flag_id}:{version}"
    transaction.on_commit(
        lambda: _enqueue(enqueue.verdict_alerts, claim_id=claim_id, kind=kind, key=key)
    )


def verdict_alerts_produce(*, claim_id: int, kind: str, key: str) -> int:
    """Store a verdict event (`kind`, one of verdict.*) for each watchlist that
    follows the claim: the followers of its statement, and every watchlist that
    was alerted of the claim itself. Returns how many alerts were new."""
    claim = Claim.objects.filter(pk=claim_id).first()
    if claim is None:  # gone with a re-parse before the task ran
        return 0
    following = Q(pk__in=Alert.objects.filter(claim_id=claim_id).values("watchlist"))
    if claim.canonical_id:
        following |= Q(kind=Watchlist.Kind.STATEMENT, statement_id=claim.canonical_id)
    watchlists = Watchlist.objects.filter(following).order_by("pk")
    with transaction.atomic():
        created = _alerts_store([(w, kind, key, claim) for w in watchlists])
        _alerts_send(created)
    return len(created)


_ALERTS_INSERT = """
INSERT INTO attribution_alert
    (watchlist_id, user_id, kind, key, article_id, claim_id, created_at)
SELECT * FROM unnest(
    %s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::bigint[], %s::bigint[]
), now()
ON CONFLICT (watchlist_id, kind, key) DO UPDATE SET claim_id = EXCLUDED.claim_id
    WHERE attribution_alert.claim_id IS NULL
RETURNING id, xmax = 0
"""


def _alerts_store(events: list[tuple[Watchlist, str, str, Claim]]) -> list[Alert]:
    """Store each (watchlist, kind, key, claim) event once, in one INSERT ... ON
    CONFLICT: an event stored before (a re-parse, or another worker now) is not
    stored again, but is pointed at the claim a re-parse made if its claim went.
    Returns the new alerts, with their watchlists."""
    if not events:
        return []
    if connection.vendor != "postgresql":  # make run's SQLite: one insert each
        created = _alerts_store_one_by_one(events)
    else:
        rows = {
            (w.pk, w.user_id, kind, key): (c.article_id, c.pk)
            for w, kind, key, c in reversed(events)  # the first claim of a key wins
        }
        columns = list(zip(*(key + claim for key, claim in rows.items()), strict=True))
        with connection.cursor() as cursor:
            cursor.execute(_ALERTS_INSERT, [list(column) for column in columns])
            created = [pk for pk, inserted in cursor.fetchall() if inserted]
    return list(Alert.objects.filter(pk__in=created).select_related("watchlist"))


def _alerts_store_one_by_one(
    events: list[tuple[Watchlist, str, str, Claim]],
) -> list[int]:
    created = []
    for watchlist, kind, key, claim in events:
        alert = _alert_store(
            watchlist, kind, key, article_id=claim.article_id, claim=claim
        )
        if alert is None:  # seen before (a re-parse), or by another worker now
            Alert.objects.filter(
                watchlist=watchlist, kind=kind, key=key, claim__isnull=True
            ).update(claim=claim)
        else:
            created.append(alert.pk)
    return created


def _alert_store(watchlist: Watchlist, kind: str, key: str, **what) -> Alert | None:
    """Store one event for one watchlist; None when it was stored before."""
    try:
        with transaction.atomic():
            user_id = watchlist.user_id
            return Alert.objects.create(
                watchlist=watchlist, user_id=user_id, kind=kind, key=key, **what
            )
    except IntegrityError:
        return None


def _alerts_send(created: list[Alert]) -> None:
    """After commit, the new alerts' webhook deliveries and immediate emails."""
    _deliveries_create(created)
    _emails_enqueue(
        [a.pk for a in created if a.watchlist.email and not a.watchlist.digest]
    )


def _emails_enqueue(alert_ids: list[int]) -> None:
    if not alert_ids:
        return

    def send() -> None:
        for alert_id in alert_ids:
            _enqueue(enqueue.alert_email, alert_id=alert_id)

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


# Feed health --------------------------------------------------------------------------


def feed_alerts_produce() -> int:
    """Tell the editors who follow the feeds' health of each feed gone silent (no
    new item for several times its usual gap) or failing (blocked by its site, or
    ALERTS_FEED_FAILURES polls failed in a row). Run by celery beat; each episode
    is told once (keyed by when the silence or the failures began), and a feed
    that recovers and fails again is a new episode. Returns how many alerts were
    new."""
    followers = list(Watchlist.objects.filter(kind=Watchlist.Kind.FEEDS))
    if not followers:
        return 0
    events: list[tuple[Watchlist, str, str, Feed]] = []
    for health in feed_selectors.feeds_health():
        for kind, episode in _feed_episodes(health):
            key = f"feed:{health.feed.pk}:{episode}"
            events += [(w, kind, key, health.feed) for w in followers]
    with transaction.atomic():
        stored = (
            _alert_store(w, kind, key, feed=feed) for w, kind, key, feed in events
        )
        created = [alert for alert in stored if alert is not None]
        _alerts_send(created)
    return len(created)


def _feed_episodes(health: feed_selectors.Health) -> list[tuple[str, str]]:
    """(alert kind, when its episode began) for what is wrong with a feed now."""
    feed = health.feed
    episodes: list[tuple[str, str]] = []
    if health.silent:
        quiet = feed.last_new_item_at or feed.created_at
        episodes.append((Alert.Kind.FEED_SILENT, f"silent:{quiet.isoformat()}"))
    failing = feed.failing_since
    if failing is not None and (
        feed.blocked or feed.failures >= settings.ALERTS_FEED_FAILURES
    ):
        episodes.append((Alert.Kind.FEED_FAILING, f"failing:{failing.isoformat()}"))
    return episodes


# Reading alerts ---------------------------------------------------------------------


def alert_open(*, user, alert_id: int) -> Alert:
    """The user's alert, marked read now if it was unread (Alert.DoesNotExist for
    another user's)."""
    alert = Alert.objects.select_related("claim").get(pk=alert_id, user=user)
    if alert.read_at is None:
        alert.read_at = timezone.now()
        Alert.objects.filter(pk=alert.pk, read_at__isnull=True).update(
            read_at=alert.read_at
        )
    return alert


def alerts_mark_read(*, user) -> int:
    """Mark every unread alert of the user read; returns how many."""
    return Alert.objects.filter(user=user).unread().update(read_at=timezone.now())


# Webhooks ---------------------------------------------------------------------------


def webhook_create(*, user, url: str, kinds: Iterable[str]) -> Webhook:
    """Register a URL to be sent the user's alerts of `kinds`, with a new secret.

    The URL is held to the rules of URL ingestion (ingestion.check_url) now, and
    its address is checked after DNS at every delivery.
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
        user=user, url=url, kinds=wanted, secret=secrets.token_hex(32)
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


def _deliveries_create(alerts: list[Alert]) -> None:
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
            lambda: _enqueue(enqueue.webhook_deliveries, delivery_ids=ids)
        )


def delivery_body(delivery: Delivery) -> bytes:
    """The JSON a webhook is sent: the event type, time and API URLs of it."""
    alert = delivery.alert
    site = settings.ATTRIBUTION_SITE_URL.rstrip("/")
    data = {}
    if alert.article_id:
        data["article"] = site + reverse("api:article-detail", args=[alert.article_id])
    if alert.feed_id:
        data["feed"] = site + reverse("api:feed-detail", args=[alert.feed_id])
    if alert.claim_id:
        data["claim"] = site + reverse("api:claim-detail", args=[alert.claim_id])
    event = {
        "id": delivery.pk,
        "type": alert.kind,
        "time": alert.created_at.isoformat(),
        "watchlist": site + reverse("api:watchlist-detail", args=[alert.watchlist_id]),
        "data": data,
    }
    return json.dumps(event, sort_keys=True).encode()


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

    Each webhook's deliveries go in order over one connection, up to
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
    workers = min(WEBHOOK_CONCURRENCY, len(claimed))
    if workers == 1:
        posted = [_webhook_post(hook, batch, deadline) for hook, batch in claimed]
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="webhooks") as pool:
            posted = list(
                pool.map(lambda one: _webhook_post(one[0], one[1], deadline), claimed)
            )
    return _deliveries_record(
        [(hook, outcomes) for (hook, _), outcomes in zip(claimed, posted, strict=True)]
    )


Outcome = tuple[Delivery, int | None, str | None]
"""A delivery, the status code it was answered with, and the error ("" when
delivered; None when it was not attempted, the batch's time being up)."""


def _webhook_post(
    hook: Webhook, deliveries: list[Delivery], deadline: float
) -> list[Outcome]:
    """Post one webhook's deliveries in order over one connection. Runs in a
    thread of its own: it reads no database (the deliveries come with their
    alerts and webhook)."""
    outcomes: list[Outcome] = []
    unreachable = ""  # once the URL could not be reached, the rest wait too
    with _webhook_session() as session:
        for delivery in deliveries:
            if unreachable:
                outcomes.append((delivery, None, unreachable))
            elif time.monotonic() > deadline:
                outcomes.append((delivery, None, None))
            else:
                status_code, error = _post(delivery, session)
                outcomes.append((delivery, status_code, error))
                if status_code is None:
                    unreachable = error
    return outcomes


def _deliveries_claim(ids: list[int]) -> list[tuple[Webhook, list[Delivery]]]:
    """Lease the pending deliveries among `ids` that no other worker holds, an
    attempt counted on each; grouped by webhook, in id order. The lease is
    WEBHOOK_LEASE however many they are: the batch's time is bounded."""
    if not ids:
        return []
    now = timezone.now()
    with transaction.atomic():
        free = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                Q(sending_until__isnull=True) | Q(sending_until__lt=now),
                pk__in=ids,
                status=Delivery.Status.PENDING,
                webhook__active=True,
            )
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=free).update(
            sending_until=now + WEBHOOK_LEASE, attempts=F("attempts") + 1
        )
    grouped: dict[int, tuple[Webhook, list[Delivery]]] = {}
    claimed = Delivery.objects.select_related("webhook", "alert").filter(pk__in=free)
    for delivery in claimed.order_by("pk"):
        grouped.setdefault(delivery.webhook_id, (delivery.webhook, []))[1].append(
            delivery
        )
    return list(grouped.values())


def _webhook_session() -> requests.Session:
    session = ingestion.safe_session(
        allow_loopback=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK,
        timeout=WEBHOOK_TIMEOUT,
        user_agent="Attribution webhooks",
        never_redirect=True,
    )
    # No proxy or .netrc from the environment: the address checked after DNS must
    # be the receiver's own (a proxy would be the one checked), and reading the
    # environment again for every post was a fifth of a post's time.
    session.trust_env = False
    return session


def _post(delivery: Delivery, session: requests.Session) -> tuple[int | None, str]:
    hook = delivery.webhook
    body = delivery_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        EVENT_HEADER: delivery.alert.kind,
        DELIVERY_HEADER: str(delivery.pk),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(hook.secret, timestamp, body),
    }
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
        _enqueue(enqueue.webhook_deliveries, delivery_ids=ids)
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
            lambda: _enqueue(enqueue.webhook_deliver, delivery_id=delivery_id)
        )
    return delivery
