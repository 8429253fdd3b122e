"""The data of alerts: what users follow, the alerts it produced, and the webhooks
that carry them to programs, with each delivery's log.

Imported by models.py, so that these are models of the one app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.http import urlencode


class Watchlist(models.Model):
    """One thing a user follows: a speaker, an outlet, a statement or a search; or,
    for an editor, the health of the feeds.

    A search is the claim list's query parameters (filters and search words) as the
    list had them; new claims are matched through the same filters the list uses.
    """

    class Kind(models.TextChoices):
        SPEAKER = "speaker", "Speaker"
        OUTLET = "outlet", "Outlet"
        STATEMENT = "statement", "Statement"
        SEARCH = "search", "Saved search"
        FEEDS = "feeds", "Feed health"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watchlists"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    speaker = models.ForeignKey(
        "attribution.Speaker",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watchlists",
    )
    outlet = models.ForeignKey(
        "attribution.Outlet",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watchlists",
    )
    statement = models.ForeignKey(
        "attribution.CanonicalClaim",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watchlists",
    )
    search = models.JSONField(
        default=dict,
        blank=True,
        help_text="The claim list's query parameters, name to value.",
    )
    name = models.CharField(max_length=300, help_text="How the inbox names it.")
    email = models.BooleanField(
        default=False, help_text="Email each new alert at once, too."
    )
    digest = models.BooleanField(
        default=False,
        help_text="With email: send its alerts once a day, in the user's digest, "
        "instead of at once.",
    )
    feed_token = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The secret in its Atom feed's URL; empty until first asked for.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="speaker", speaker__isnull=False)
                    | Q(kind="outlet", outlet__isnull=False)
                    | Q(kind="statement", statement__isnull=False)
                    | (Q(kind="search") & ~Q(search={}))
                    | Q(kind="feeds")
                ),
                name="watchlist_has_its_target",
            ),
            models.UniqueConstraint(
                fields=["user", "speaker"],
                condition=Q(kind="speaker"),
                name="watchlist_unique_speaker",
            ),
            models.UniqueConstraint(
                fields=["user", "outlet"],
                condition=Q(kind="outlet"),
                name="watchlist_unique_outlet",
            ),
            models.UniqueConstraint(
                fields=["user", "statement"],
                condition=Q(kind="statement"),
                name="watchlist_unique_statement",
            ),
            models.UniqueConstraint(
                fields=["user", "search"],
                condition=Q(kind="search"),
                name="watchlist_unique_search",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind="feeds"),
                name="watchlist_unique_feeds",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def search_query(self) -> str:
        """The saved search as the claim list's query string."""
        return urlencode(self.search)


class AlertQuerySet(models.QuerySet):
    def unread(self) -> "AlertQuerySet":
        return self.filter(read_at__isnull=True)


class Alert(models.Model):
    """One event for one watchlist, produced once.

    `key` names what happened by what survives a re-parse: for a claim's events,
    its article, span and a digest of its words, so that the claim a re-parse
    recreates is the same event; for a speaker's new outlet, the outlet; for a
    verdict, the flag and its version. The unique constraint on (watchlist, kind,
    key) decides between two workers. A feed's event (gone silent, failing) has
    a feed and no article, keyed by the episode: when the silence or the failures
    began, so that each is told once.
    """

    class Kind(models.TextChoices):
        CLAIM_NEW = "claim.new", "New claim"
        STATEMENT_REPORT = "statement.report", "New report of a statement"
        STATEMENT_ALTERED = "statement.altered", "Altered report of a statement"
        SPEAKER_OUTLET = "speaker.outlet", "Speaker quoted through a new outlet"
        VERDICT_ADDED = "verdict.added", "Verdict added"
        VERDICT_CHANGED = "verdict.changed", "Verdict changed"
        VERDICT_WITHDRAWN = "verdict.withdrawn", "Verdict withdrawn"
        FEED_SILENT = "feed.silent", "Feed gone silent"
        FEED_FAILING = "feed.failing", "Feed failing"

    watchlist = models.ForeignKey(
        Watchlist, on_delete=models.CASCADE, related_name="alerts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    article = models.ForeignKey(
        "attribution.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    feed = models.ForeignKey(
        "attribution.Feed",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    claim = models.ForeignKey(
        "attribution.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
        help_text="Empty while a re-parse replaces it; re-pointed by the next one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was emailed (watchlists with email)."
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="alert_unread",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["watchlist", "kind", "key"], name="alert_once_per_watchlist"
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=False) | Q(feed__isnull=False),
                name="alert_has_article_or_feed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.watchlist}"

    @property
    def feed_text(self) -> str:
        """What a feed's alert says (inbox, email, Atom): what is wrong, since when."""
        feed = self.feed
        if feed is None:
            return ""
        if self.kind == self.Kind.FEED_SILENT:
            when = feed.last_new_item_at or feed.created_at
            return f"{feed} has had no new item since {when:%Y-%m-%d %H:%M} UTC."
        reason = feed.paused_reason or feed.last_error or "its polls fail"
        return f"{feed} is failing: {reason}"


class Webhook(models.Model):
    """A URL a program registered to be told of its user's alerts.

    Each delivery is signed with `secret`; a run of `failures` deliveries that
    gave up in a row disables it, with the reason kept on the row.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=2000)
    kinds = models.JSONField(default=list, help_text="The alert kinds it wants.")
    batch = models.BooleanField(
        default=False,
        db_default=False,  # so that code from before it can still insert webhooks
        help_text="Send the deliveries sent together in one POST (a batch of events) "
        "instead of one POST each.",
    )
    secret = models.CharField(max_length=64, editable=False)
    active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    failures = models.PositiveIntegerField(
        default=0, help_text="Deliveries that gave up in a row."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active=True) | ~Q(disabled_reason=""),
                name="webhook_disabled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One alert sent to one webhook: its state, tries and their status codes.

    `log` holds every attempt, oldest first: {"at", "status", "error"}.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries"
    )
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    log = models.JSONField(default=list, blank=True)
    sending_until = models.DateTimeField(
        null=True, blank=True, help_text="The lease of the worker sending it."
    )
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the next attempt is due, while pending; the sweep sends "
        "again those long overdue (their task was lost).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "alert"], name="delivery_once_per_webhook"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} to {self.webhook_id}: {self.status}"
