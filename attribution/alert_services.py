"""Writes of alerts: following things, producing alerts from new claims and feed
health, and reading them.

Alerts are produced in the worker once an article's claims are committed
(`article_alerts_after_parse` registers it); each is stored once per watchlist,
the database deciding between workers and re-parses (Alert's unique key). What
is sent of them lives by channel: alert_webhooks (deliveries to webhooks) and
alert_emails (at once, or the daily digest); their services are re-exported
here, so that callers name one module.
"""

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from attribution import (
    alert_emails,
    alert_matching,
    alert_selectors,
    alert_webhooks,
    enqueue,
    feed_selectors,
)
from attribution.alert_emails import alert_email_send, digests_send
from attribution.alert_webhooks import (
    deliveries_send,
    deliveries_sweep,
    delivery_body,
    delivery_redeliver,
    delivery_send,
    sign,
    webhook_create,
    webhook_delete,
    webhook_enable,
)
from attribution.filters import ClaimFilter
from attribution.models import (
    Alert,
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimVia,
    Feed,
    Outlet,
    Speaker,
    Watchlist,
)
from attribution.roles import Role, has_role

__all__ = [
    "watchlist_follow",
    "search_clean",
    "watchlist_set_email",
    "watchlist_set_digest",
    "watchlist_feed_token",
    "watchlist_unfollow",
    "article_alerts_after_parse",
    "claim_key",
    "article_alerts_produce",
    "verdict_alerts_after",
    "verdict_alerts_produce",
    "feed_alerts_produce",
    "alert_open",
    "alerts_mark_read",
    # the channels' services, re-exported
    "alert_email_send",
    "deliveries_send",
    "deliveries_sweep",
    "delivery_body",
    "delivery_redeliver",
    "delivery_send",
    "digests_send",
    "sign",
    "webhook_create",
    "webhook_delete",
    "webhook_enable",
]

# The claim list's parameters that are not part of what a search finds.
SEARCH_IGNORED = {"page", "ordering"}
SEARCH_VALUE_MAX = 500


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
        lambda: enqueue.logged(
            enqueue.article_alerts, article_id=article_id, since=since
        )
    )


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
    altered = alert_selectors.claims_altered(
        claims=claims, statement_ids={w.statement_id for w in followed}
    )
    for watchlist in followed:
        for claim in claims:
            if claim.canonical_id != watchlist.statement_id:
                continue
            key = claim_key(claim)
            yield watchlist, Alert.Kind.STATEMENT_REPORT, key, claim
            if claim.pk in altered:
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
        lambda: enqueue.logged(
            enqueue.verdict_alerts, claim_id=claim_id, kind=kind, key=key
        )
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


# The new alerts come back with what sending them needs (whether their watchlist
# emails each at once), so that they are not read again.
_ALERTS_INSERT = """
WITH stored AS (
    INSERT INTO attribution_alert
        (watchlist_id, user_id, kind, key, article_id, claim_id, created_at)
    SELECT * FROM unnest(
        %s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::bigint[], %s::bigint[]
    ), now()
    ON CONFLICT (watchlist_id, kind, key) DO UPDATE SET claim_id = EXCLUDED.claim_id
        WHERE attribution_alert.claim_id IS NULL
    RETURNING id, watchlist_id, user_id, kind, xmax = 0 AS inserted
)
SELECT s.id, s.watchlist_id, s.user_id, s.kind, w.email AND NOT w.digest
FROM stored s JOIN attribution_watchlist w ON w.id = s.watchlist_id
WHERE s.inserted
ORDER BY s.id
"""

Stored = tuple[Alert, bool]
"""A new alert (its id, watchlist, user and kind) and whether to email it now."""


def _alerts_store(events: list[tuple[Watchlist, str, str, Claim]]) -> list[Stored]:
    """Store each (watchlist, kind, key, claim) event once, in one INSERT ... ON
    CONFLICT: an event stored before (a re-parse, or another worker now) is not
    stored again, but is pointed at the claim a re-parse made if its claim went.
    Returns the new alerts, in id order."""
    if not events:
        return []
    if connection.vendor != "postgresql":  # make run's SQLite: one insert each
        return _stored(_alerts_store_one_by_one(events))
    rows = {
        (w.pk, w.user_id, kind, key): (c.article_id, c.pk)
        for w, kind, key, c in reversed(events)  # the first claim of a key wins
    }
    columns = list(zip(*(key + claim for key, claim in rows.items()), strict=True))
    with connection.cursor() as cursor:
        cursor.execute(_ALERTS_INSERT, [list(column) for column in columns])
        return [
            (Alert(pk=pk, watchlist_id=w, user_id=user_id, kind=kind), email)
            for pk, w, user_id, kind, email in cursor.fetchall()
        ]


def _stored(alert_ids: list[int]) -> list[Stored]:
    alerts = Alert.objects.filter(pk__in=alert_ids).select_related("watchlist")
    return [
        (alert, alert.watchlist.email and not alert.watchlist.digest)
        for alert in alerts.order_by("pk")
    ]


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


def _alerts_send(created: list[Stored]) -> None:
    """After commit, the new alerts' webhook deliveries and immediate emails."""
    alert_webhooks.deliveries_create([alert for alert, _ in created])
    alert_emails.emails_enqueue([alert.pk for alert, now in created if now])


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
        created = [
            (alert, alert.watchlist.email and not alert.watchlist.digest)
            for alert in stored
            if alert is not None
        ]
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
