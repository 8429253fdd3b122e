"""Reads of alerts: a user's watchlists, inbox and webhooks, and what the pages
need to show a Follow button."""

import hmac
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet

from attribution import clustering, selectors
from attribution.models import Alert, Claim, Delivery, Watchlist, Webhook

INBOX_SIZE = 100
DELIVERIES_SHOWN = 50


def watchlist_list(*, user) -> QuerySet[Watchlist]:
    """The user's watchlists, newest first, with what each follows."""
    return Watchlist.objects.filter(user=user).select_related(
        "speaker", "outlet", "statement"
    )


def watchlist_of(*, user, **target) -> Watchlist | None:
    """The user's watchlist of one speaker, outlet or statement, if any; None for
    a user not logged in (the page shows a Follow button, or Following)."""
    if not user.is_authenticated:
        return None
    return Watchlist.objects.filter(user=user, **target).first()


def alert_inbox(*, user) -> QuerySet[Alert]:
    """The user's latest alerts, newest first, with their claims' display."""
    return (
        Alert.objects.filter(user=user)
        .select_related("watchlist", "article", "feed", "claim__speaker")
        .order_by("-created_at", "-id")[:INBOX_SIZE]
    )


class AlertsMenu(NamedTuple):
    follows: int  # watchlists
    unread: int  # alerts


def alerts_menu(*, user) -> AlertsMenu:
    """What the menu shows: whether the user follows anything (only then is
    there an Inbox to show) and the unread alerts, in one query."""
    counts = Watchlist.objects.filter(user=user).aggregate(
        follows=Count("pk", distinct=True),
        unread=Count("alerts", filter=Q(alerts__read_at__isnull=True)),
    )
    return AlertsMenu(counts["follows"], counts["unread"])


def webhook_list(*, user) -> QuerySet[Webhook]:
    return Webhook.objects.filter(user=user)


def webhook_deliveries(*, webhook: Webhook) -> QuerySet[Delivery]:
    return webhook.deliveries.order_by("-created_at", "-id")[:DELIVERIES_SHOWN]


def watchlist_by_feed_token(*, watchlist_id: int, token: str):
    """The watchlist whose Atom feed URL this is, or None (a wrong or rotated
    token), compared in constant time."""
    watchlist = Watchlist.objects.filter(pk=watchlist_id).exclude(feed_token="").first()
    if watchlist is None or not hmac.compare_digest(watchlist.feed_token, token):
        return None
    return watchlist


def feed_alerts(watchlist, limit: int = 50) -> list:
    """The watchlist's newest alerts, as its Atom feed shows them."""
    return list(
        watchlist.alerts.select_related("article", "feed", "claim__speaker").order_by(
            "-created_at", "-id"
        )[:limit]
    )


def claims_altered(*, claims: Iterable[Claim], statement_ids: set[int]) -> set[int]:
    """The ids of those of `claims` in `statement_ids` whose words drift from the
    earliest quoted report of their statement (what the statement page shows as
    drift above 0: selectors.canonical_drift), measured for these claims only,
    the statements' reports read in one query with only what ordering needs."""
    if not statement_ids:
        return set()
    reports = (
        Claim.objects.filter(canonical_id__in=statement_ids, kind__in=selectors.QUOTED)
        .select_related("article")
        .only(
            "canonical_id",
            "kind",
            "text",
            "start",
            "article__published_at",
            "article__created_at",
        )
    )
    earliest: dict[int, Claim] = {}
    for report in selectors.in_order_of_appearance(reports):
        earliest.setdefault(report.canonical_id or 0, report)
    altered = set()
    for claim in claims:
        reference = earliest.get(claim.canonical_id or 0)
        if reference is None or reference.pk == claim.pk:
            continue
        if claim.kind not in selectors.QUOTED:
            continue
        words = claim.text
        if claim.kind == Claim.Kind.MIXED:
            words = clustering.quoted_part(words)
        if clustering.drift(reference.text, words) > 0:
            altered.add(claim.pk)
    return altered
