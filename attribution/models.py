"""The data: outlets, speakers, articles and the claims extracted from them.

The database enforces the invariants (unique slugs and hashes, ordered via chains,
offsets that make a span, confidences between 0 and 1), so that no interface or
worker can store a claim that breaks them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from attribution.slugs import name_slug


class Outlet(models.Model):
    """A news organisation a claim can travel through: newspaper, wire, NGO site..."""

    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", "Newspaper"
        BROADCASTER = "broadcaster", "Broadcaster"
        WIRE_SERVICE = "wire_service", "Wire service"
        MAGAZINE = "magazine", "Magazine"
        WEBSITE = "website", "Website"
        NGO = "ngo", "NGO / rights group"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names articles use for it."
    )
    homepage = models.URLField(blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code")
    needs_review = models.BooleanField(
        default=False,
        help_text="Created from an article's text because no known outlet matched; "
        "an editor should confirm or merge it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = name_slug(self.name, "outlet")
        super().save(*args, **kwargs)


class Speaker(models.Model):
    """A person or body whose statements are reported: one entity, many names.

    When an outlet speaks for itself ("According to The Guardian, ...") its speaker
    row points at the outlet, so one organisation is one speaker and one outlet.
    A speaker with an `article` is known only within that article (a surname, a
    description, an unnamed group such as "police"): it never gathers claims of
    other articles unless an editor merges it. `attribution.identity` places claims
    on speakers; editors' merges and splits are kept as SpeakerDecision rows.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        OUTLET = "outlet", "Outlet"
        GROUP = "group", "Unnamed group"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSON)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names articles use for them."
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="Short role, e.g. 'lawyer'."
    )
    contexts = models.JSONField(
        default=list,
        blank=True,
        help_text="Roles, organisations and places the articles give them; two "
        "people with one name are told apart by these.",
    )
    outlet = models.OneToOneField(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="speaker",
        help_text="Set when this speaker is an outlet speaking for itself.",
    )
    article = models.ForeignKey(
        "Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_speakers",
        help_text="Set when the speaker is known only within this article.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outlet__isnull=True) | Q(kind="outlet"),
                name="speaker_outlet_is_outlet_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SpeakerName(models.Model):
    """A full name under which claims of other articles join the speaker.

    Derived from the speaker's name and aliases by attribution.identity (keys are
    normalised: no case, titles or leading "the"); only speakers without an article
    have them. Several speakers may share a key: same-name strangers.
    """

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "key"], name="speakername_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Article(models.Model):
    """One ingested article and the state of its parse job.

    `url` is the article's identity, and only the app sets it, for pages it
    fetched (or an operator ingested). Text a user pasted or uploaded is their
    submission: the URL they said it came from is `claimed_url`, it stays
    unverified until a page the app fetched has exactly its text, and it never
    answers for that URL.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PARSING = "parsing", "Parsing"
        PARSED = "parsed", "Parsed"
        FAILED = "failed", "Failed"

    class Origin(models.TextChoices):
        FETCHED = "fetched", "Fetched by the app from its URL"
        SUBMITTED = "submitted", "Submitted by a user (text, HTML or a file)"
        FEED = "feed", "Fetched from a followed feed"
        ARCHIVE = "archive", "Read from a web archive"
        COMMAND = "command", "Ingested by an operator's command"

    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(
        max_length=2000,
        blank=True,
        help_text="Where the app fetched it; empty for submitted text.",
    )
    origin = models.CharField(
        max_length=10, choices=Origin.choices, default=Origin.SUBMITTED
    )
    claimed_url = models.URLField(
        max_length=2000,
        blank=True,
        help_text="Where the submitter says the text was published; unverified.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_articles",
    )
    verified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a page the app fetched had exactly this submission's text.",
    )
    publisher = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_articles",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=10, default="en")
    body = models.TextField(
        blank=True, help_text="Cleaned text; claim offsets point into it."
    )
    original_html = models.TextField(
        blank=True, help_text="The HTML as given, sanitised."
    )
    # NULL until a submitted URL is fetched: NULLs, unlike "", stay unique.
    content_hash = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        editable=False,
        help_text="Of the body; empty until a submitted URL has been fetched.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    error = models.TextField(blank=True)
    pipeline_version = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the parse task last reached the broker; empty until it has.",
    )
    parse_started_at = models.DateTimeField(null=True, blank=True)
    parsed_at = models.DateTimeField(null=True, blank=True)
    parse_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The record of the metadata (title, URLs, publisher, date, language) and of
    # its provenance, each version with who saved it; not the body nor the parse
    # state.
    history = HistoricalRecords(
        excluded_fields=[
            "body",
            "original_html",
            "status",
            "error",
            "pipeline_version",
            "attempts",
            "queued_at",
            "parse_started_at",
            "parsed_at",
            "parse_seconds",
            "created_at",
            "updated_at",
        ],
        cascade_delete_history=True,
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["url"], name="article_url"),
            models.Index(fields=["claimed_url"], name="article_claimed_url"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error=""),
                name="article_failed_has_error",
            ),
            models.CheckConstraint(
                condition=Q(content_hash__isnull=False) | ~Q(url=""),
                name="article_has_text_or_url",
            ),
            # One row per URL waiting to be fetched, so that the same URL submitted
            # twice at once is stored once.
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(content_hash__isnull=True),
                name="article_unique_unfetched_url",
            ),
            # One article per text among those the app read, and one among users'
            # submissions: a fetched page is stored even when a submission already
            # has its text (that submission is then verified).
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(origin="submitted"),
                name="article_unique_text",
            ),
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=Q(origin="submitted"),
                name="article_unique_submitted_text",
            ),
            models.CheckConstraint(
                condition=~Q(origin="submitted") | Q(url=""),
                name="article_submission_has_no_url",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    @property
    def unverified(self) -> bool:
        """A user's submission no page the app fetched has confirmed."""
        return self.origin == self.Origin.SUBMITTED and self.verified_at is None


class ClaimQuerySet(models.QuerySet):
    def unreviewed(self) -> "ClaimQuerySet":
        return self.filter(review_status=Claim.ReviewStatus.UNREVIEWED)

    def contested(self) -> "ClaimQuerySet":
        return self.filter(contested=True)

    def with_attribution(self) -> "ClaimQuerySet":
        """Fetch what a claim's display touches: speaker, article, ordered via."""
        return self.select_related("speaker", "article").prefetch_related(
            models.Prefetch(
                "via_links",
                # By the claim's id: ClaimVia's default ordering by claim would
                # join the claims and their articles for Claim's own ordering.
                queryset=ClaimVia.objects.select_related("outlet").order_by(
                    "claim_id", "position"
                ),
            )
        )


class CanonicalClaim(models.Model):
    """One statement by one speaker, however many articles reported it.

    Its member claims are the reports; `text` is the earliest report's wording and
    `altered` is set when direct quotes of the statement differ in their words.
    """

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="canonical_claims"
    )
    text = models.TextField()
    altered = models.BooleanField(
        default=False, help_text="Direct quotes of it differ in their words."
    )
    first_reported_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the earliest known report appeared; empty when no report's "
        "date is known.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Newest first; statements whose reports have no known date last.
        ordering = [models.F("first_reported_at").desc(nulls_last=True), "-id"]
        verbose_name = "canonical claim"

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:70]}"


class ClaimRecord(models.Model):
    """What each historical version of a claim adds to its fields: the via chain.

    The chain lives in ClaimVia rows, which the claim's history does not track, so
    every version keeps the outlets' names, outermost first, as they were when it
    was recorded. A record saved without one reads the claim's current links.
    """

    via_chain = models.JSONField(
        null=True, blank=True, help_text="Outlet names, outermost first."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.via_chain is None:
            self.via_chain = list(
                ClaimVia.objects.filter(claim_id=self.id)  # type: ignore[attr-defined]
                .order_by("position")
                .values_list("outlet__name", flat=True)
            )
        super().save(*args, **kwargs)


class Claim(models.Model):
    """A statement the article attributes to a speaker, possibly via outlets."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        INDIRECT = "indirect", "Indirect"
        MIXED = "mixed", "Mixed"

    class ReviewStatus(models.TextChoices):
        UNREVIEWED = "unreviewed", "Unreviewed"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        EDITED = "edited", "Edited"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims"
    )
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the text in the body.")
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    cue = models.CharField(max_length=200, blank=True)
    speaker = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    speaker_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the article says spoke, as it names them; the speaker "
        "decision for this name in this article applies on every re-parse.",
    )
    speaker_role = models.CharField(max_length=300, blank=True)
    no_speaker_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the claim has no speaker, when it has none.",
    )
    via: "models.ManyToManyField[Outlet, ClaimVia]" = models.ManyToManyField(
        Outlet, through="ClaimVia", related_name="claims_carried", blank=True
    )
    confidence = models.FloatField(default=1.0)
    canonical = models.ForeignKey(
        CanonicalClaim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The statement this claim reports, shared with other articles.",
    )
    embedding = models.BinaryField(
        null=True,
        blank=True,
        editable=False,
        help_text="Sentence vector of the text (embeddings.to_bytes).",
    )
    embedded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="When `embedding` was stored: the vector index catches up by it.",
    )
    review_status = models.CharField(
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.UNREVIEWED,
        db_index=True,
    )
    contested = models.BooleanField(
        default=False,
        db_index=True,
        help_text="A current fact-check flag disputes it (services keep this).",
    )
    verified = models.BooleanField(
        default=False,
        help_text="Current fact-check flags confirm it and none disputes it.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every review change; stale writes get a 409."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "created_at",
            "updated_at",
            "canonical",
            "embedding",
            "embedded_at",
        ],
        cascade_delete_history=True,
        bases=[ClaimRecord],
    )

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="claim_unique_span"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="claim_span"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="claim_confidence_range",
            ),
            models.CheckConstraint(
                condition=~Q(contested=True, verified=True),
                name="claim_not_contested_and_verified",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def via_chain(self) -> list[Outlet]:
        """Outlets outermost first (uses the prefetch of with_attribution())."""
        return [link.outlet for link in self.via_links.all()]


class ClaimVia(models.Model):
    """One link of a claim's via chain; position 0 is the outermost outlet."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="via_links")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["claim", "position"]
        verbose_name = "via link"
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "position"], name="claimvia_unique_position"
            ),
            models.UniqueConstraint(
                fields=["claim", "outlet"], name="claimvia_unique_outlet"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.outlet}"


class Rating(models.Model):
    """One step of the fact-checkers' rating scale ("False", "Mostly true", ...).

    The scale is data, seeded by a migration and kept by editors in the admin: a
    newsroom names its own ratings and says which of them dispute a claim (the
    claim becomes contested) and which confirm it (the claim becomes verified).
    """

    class Effect(models.TextChoices):
        DISPUTES = "disputes", "Disputes the claim: it is contested"
        CONFIRMS = "confirms", "Confirms the claim: it is verified"
        NEITHER = "neither", "Neither"

    slug = models.SlugField(
        max_length=40,
        unique=True,
        help_text="The name the API and exports use; fixed once flags use it.",
    )
    label = models.CharField(max_length=100)
    effect = models.CharField(
        max_length=10, choices=Effect.choices, default=Effect.NEITHER
    )
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The ClaimReview ratingValue, 1 (false) to 5 (true); empty when "
        "the rating is not on that scale (e.g. unverifiable).",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Where it is listed, lowest first."
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="rating_value_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def disputes(self) -> bool:
        return self.effect == self.Effect.DISPUTES


class Authored(models.Model):
    """A record someone made on purpose: who made it and when, newest first."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class ClaimFlag(Authored):
    """A fact-checker's verdict on a claim, a rating of the scale.

    A claim with a current flag whose rating disputes it is contested; one whose
    flags confirm it, and none disputes it, is verified. Its author or an editor
    may change or withdraw it (services.flag_edit, services.flag_withdraw); every
    version is kept in its history.
    """

    # The limits of a flag, for the API, the UI and the services alike.
    NOTE_MAX_LENGTH = 5000
    SOURCES_MAX = 20
    SOURCE_MAX_LENGTH = 2000

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags")
    verdict = models.ForeignKey(
        Rating,
        to_field="slug",
        db_column="verdict",
        on_delete=models.PROTECT,
        related_name="flags",
    )
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    sources = models.JSONField(
        default=list, blank=True, help_text="Links to the evidence."
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    def __str__(self) -> str:
        return f"{self.verdict_id}: {self.claim}"


class ClaimRelation(Authored):
    """A link a fact-checker draws between two claims."""

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", "Contradicts"
        SUPPORTS = "supports", "Supports"
        SAME_CLAIM = "same_claim", "Same claim"

    source = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="relations_from"
    )
    target = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="relations_to"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True)

    class Meta(Authored.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class ClusterDecision(Authored):
    """An editor's ruling that the claim at a place in an article reports a statement.

    Keyed by the claim's span rather than the claim, so that it applies again to the
    claim a re-parse creates at the same place. Merges and splits write these.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="cluster_decisions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    canonical = models.ForeignKey(
        CanonicalClaim, on_delete=models.CASCADE, related_name="decisions"
    )

    class Meta(Authored.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="cluster_decision_unique_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.start}-{self.end} -> {self.canonical_id}"


class SpeakerDecision(Authored):
    """An editor's ruling that the name `name_key` in an article means a speaker.

    Keyed by the article and the normalised name the article uses, not by claims,
    so that it applies again to the claims a re-parse creates. Merges and splits
    write these; placement reads them before any rule.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="speaker_decisions"
    )
    name_key = models.CharField(max_length=200)
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="decisions"
    )

    class Meta(Authored.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["article", "name_key"], name="speaker_decision_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.name_key} -> {self.speaker_id}"


class SpeakerChange(Authored):
    """One editor's change to speaker identity, for the speaker's history."""

    class Action(models.TextChoices):
        MERGE = "merge", "Merged"
        SPLIT = "split", "Split"
        RENAME = "rename", "Renamed"
        ALIASES = "aliases", "Aliases edited"
        KIND = "kind", "Kind set"
        OUTLET = "outlet", "Linked to outlet"
        RELINK = "relink", "Re-linked under new rules"

    speaker = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    summary = models.CharField(max_length=500)
    # Empty for changes a command made (manage.py relink_speakers).
    created_by = models.ForeignKey(  # type: ignore[assignment]
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return self.summary


# Following outlets (feeds, pages, hosts, wire stories) live in their own module.
# Watchlists, alerts and webhooks live in their own module.
from attribution.alert_models import Alert, Delivery, Watchlist, Webhook  # noqa: E402, F401
from attribution.feed_models import (  # noqa: E402, F401
    Feed,
    FeedEntry,
    FeedPage,
    Host,
    Story,
    StoryBand,
    StoryCopy,
)


class ApiToken(models.Model):
    """A key a program signs in to the API with (`Authorization: Token <key>`).

    Only the key's SHA-256 digest is stored, with its first characters to tell
    tokens apart; the key itself is shown once, when it is made. A token is bound
    to the password its user had then (password_fingerprint), so a password change
    ends every token made before it; it may also expire (API_TOKEN_DAYS).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    password_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'})"
