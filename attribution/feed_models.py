"""The data of following outlets: feeds, their entries, the pages they point to,
the hosts they live on, and stories that several sites carry as wire copies.

Imported by models.py, so that these are models of the one app.
"""

from django.db import models
from django.db.models import Q


class FeedQuerySet(models.QuerySet):
    def active(self) -> "FeedQuerySet":
        return self.filter(status=Feed.Status.ACTIVE)


class Feed(models.Model):
    """An RSS or Atom feed, or a news sitemap, polled for new articles.

    Its poll state (next_poll_at, the validators, the failure count) lives on the
    row where editors can see it; polling_until is the lease a worker holds while
    it polls, so that two workers never poll one feed at once.
    """

    class Kind(models.TextChoices):
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        SITEMAP = "sitemap", "News sitemap"
        UNKNOWN = "unknown", "Not yet read"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    outlet = models.ForeignKey(
        "attribution.Outlet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feeds",
        help_text="The outlet whose articles it lists; their publisher.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UNKNOWN)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    paused_reason = models.CharField(max_length=500, blank=True)
    interval_seconds = models.PositiveIntegerField(default=900)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    polling_until = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_new_item_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    blocked = models.BooleanField(
        default=False, help_text="The last poll was refused (robots.txt, 401, 403)."
    )
    failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    polls = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="paused") | ~Q(paused_reason=""),
                name="feed_paused_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class FeedPage(models.Model):
    """One page, by normalised URL, however many feeds list it: fetched once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        FETCHED = "fetched", "Fetched"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=2000, unique=True)
    canonical_url = models.URLField(max_length=2000, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(blank=True)
    article = models.ForeignKey(
        "attribution.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_pages",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    fetching_until = models.DateTimeField(
        null=True, blank=True, help_text="The lease of the worker fetching it."
    )
    fetched_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its fetch task was due (sent, or sent for a later slot).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="feedpage_failed_has_error",
            ),
        ]

    def __str__(self) -> str:
        return self.url


class FeedEntry(models.Model):
    """An item of a feed as the feed gave it: its title, author, date and link."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=1000)
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True, db_index=True)
    page = models.ForeignKey(FeedPage, on_delete=models.PROTECT, related_name="entries")

    class Meta:
        ordering = ["-seen_at"]
        verbose_name_plural = "feed entries"
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="feedentry_unique"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Host(models.Model):
    """A web host the fetcher visits: its politeness slots and its robots.txt.

    last_request_at is when a request last went out; the next is let through (a
    conditional UPDATE) only a politeness interval later, so that all workers
    together make at most one request to the host per interval. next_request_at
    is the first slot nobody has reserved yet: a request refused by the interval
    reserves it (a locked UPDATE) and its task is sent back for that time.
    """

    name = models.CharField(max_length=300, unique=True)
    next_request_at = models.DateTimeField(null=True, blank=True)
    last_request_at = models.DateTimeField(null=True, blank=True)
    robots_txt = models.TextField(blank=True)
    robots_fetched_at = models.DateTimeField(null=True, blank=True)
    requests = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """One story several articles carry: wire copies, found by near-duplicate text."""

    agency = models.ForeignKey(
        "attribution.Outlet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text="The agency the copies credit, the outermost outlet of its claims.",
    )
    title = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"Story {self.pk}"


class StoryCopy(models.Model):
    """An article's place in a story, with the MinHash that placed it there."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="copies")
    article = models.OneToOneField(
        "attribution.Article", on_delete=models.CASCADE, related_name="story_copy"
    )
    signature = models.JSONField()
    similarity = models.FloatField(
        default=1.0, help_text="To the story's first copy (estimated Jaccard)."
    )

    class Meta:
        verbose_name_plural = "story copies"

    def __str__(self) -> str:
        return f"{self.article_id} in {self.story_id}"


class StoryBand(models.Model):
    """One LSH band key of a copy: copies of one story share at least one."""

    copy = models.ForeignKey(StoryCopy, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "key"], name="storyband_key")]

    def __str__(self) -> str:
        return f"band {self.band} of {self.copy_id}"
