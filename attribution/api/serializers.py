"""Output serializers (read-only by construction) and input serializers for writes.

Writes never go through a ModelSerializer's save(): an input serializer validates,
a service writes, an output serializer answers. So no field can be mass-assigned.
"""

from datetime import datetime

from django.core.validators import RegexValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.reverse import reverse

from attribution import selectors
from attribution.api import rows
from attribution.models import (
    ApiToken,
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimRelation,
    Outlet,
    Rating,
    Speaker,
    SpeakerChange,
)
from attribution.roles import Role, public_name

# Outputs ---------------------------------------------------------------------------


@extend_schema_field({"type": "string", "description": "Full name, or the role."})
class PublicNameField(serializers.Field):
    """A person as the public sees them (roles.public_name), never a username."""

    def __init__(self, role: Role, **kwargs):
        self.role = role
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user) -> str | None:
        return public_name(user, self.role)


class OutletRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:outlet-detail", lookup_field="slug"
    )

    class Meta:
        model = Outlet
        fields = ["id", "slug", "name", "url"]
        read_only_fields = fields


class SpeakerRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:speaker-detail", lookup_field="slug"
    )

    class Meta:
        model = Speaker
        fields = ["id", "slug", "name", "url"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    article: serializers.HyperlinkedRelatedField = serializers.HyperlinkedRelatedField(
        view_name="api:article-detail", read_only=True
    )
    speaker = SpeakerRefSerializer(read_only=True, allow_null=True)
    via = OutletRefSerializer(
        source="via_chain",
        many=True,
        read_only=True,
        help_text="Outlets the claim came through, outermost first.",
    )
    reviewed_by = PublicNameField(Role.EDITOR, allow_null=True)
    canonical: serializers.RelatedField = serializers.HyperlinkedRelatedField(
        view_name="api:canonical-claim-detail",
        read_only=True,
        allow_null=True,
        help_text="The statement this claim reports, with every other report of it.",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "article",
            "canonical",
            "text",
            "start",
            "end",
            "kind",
            "cue",
            "speaker",
            "speaker_name",
            "no_speaker_reason",
            "via",
            "confidence",
            "review_status",
            "contested",
            "verified",
            "version",
            "reviewed_by",
            "reviewed_at",
            "created_at",
        ]
        read_only_fields = fields


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["slug", "label", "effect", "value"]
        read_only_fields = fields


class FlagSerializer(serializers.ModelSerializer):
    claim: serializers.HyperlinkedRelatedField = serializers.HyperlinkedRelatedField(
        view_name="api:claim-detail", read_only=True
    )
    verdict: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="A rating's slug (/ratings/)."
    )
    effect = serializers.ChoiceField(
        source="verdict.effect",
        choices=Rating.Effect.choices,
        read_only=True,
        help_text="What the rating does to the claim: contests or verifies it.",
    )
    created_by = PublicNameField(Role.FACT_CHECKER)

    class Meta:
        model = ClaimFlag
        fields = [
            "id",
            "claim",
            "verdict",
            "effect",
            "note",
            "sources",
            "created_by",
            "created_at",
            "edited_at",
        ]
        read_only_fields = fields


class RelationSerializer(serializers.ModelSerializer):
    created_by = PublicNameField(Role.FACT_CHECKER)

    class Meta:
        model = ClaimRelation
        fields = ["id", "source", "target", "kind", "note", "created_by", "created_at"]
        read_only_fields = fields


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    status_url = serializers.HyperlinkedIdentityField(view_name="api:article-status")
    source_url = serializers.CharField(
        source="url",
        read_only=True,
        help_text="The page the app fetched this article from; empty for text a "
        "user submitted.",
    )
    claimed_url = serializers.CharField(
        read_only=True,
        help_text="Where the submitter says the text was published; unverified.",
    )
    submitted_by = PublicNameField(
        Role.CONTRIBUTOR,
        allow_null=True,
        help_text="Who submitted it (text, a file, or a URL for the app to "
        "fetch), as the public sees them; null for feeds, archives and commands.",
    )
    unverified = serializers.BooleanField(
        read_only=True,
        help_text="A user's submission that no page the app fetched has confirmed.",
    )
    publisher = OutletRefSerializer(read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "status_url",
            "title",
            "source_url",
            "origin",
            "claimed_url",
            "submitted_by",
            "unverified",
            "verified_at",
            "publisher",
            "published_at",
            "language",
            "status",
            "error",
            "claim_count",
            "created_at",
        ]
        read_only_fields = fields


class ArticleSubmittedSerializer(ArticleSerializer):
    """A submitted article and what happens next, in a sentence for people."""

    message = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "message"]
        read_only_fields = fields

    def get_message(self, article: Article) -> str:
        if self.context["created"]:
            # True even when the broker is down: the sweep enqueues it later.
            return "Saved and queued for parsing; follow status_url for progress."
        return "This article was already ingested; nothing new was queued."


class ArticleDetailSerializer(ArticleSerializer):
    claims = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "claims"]
        read_only_fields = fields

    def get_claims(self, article: Article) -> list[dict]:
        """The claims as the claim list gives them (api/rows.py): ClaimSerializer's
        JSON without its per-claim cost; with a format suffix, the serializer,
        whose links carry it."""
        claims, request = self.context["claims"], self.context.get("request")
        if request is None or self.context.get("format"):
            return ClaimSerializer(  # type: ignore[return-value]
                claims, many=True, context=self.context
            ).data
        return rows.claim_rows(
            rows.claim_values(claims), rows.Links.for_request(request)
        )


class ArticleStatusSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "status",
            "error",
            "attempts",
            "pipeline_version",
            "parse_started_at",
            "parsed_at",
            "parse_seconds",
            "claim_count",
        ]
        read_only_fields = fields


class SpeakerSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:speaker-detail", lookup_field="slug"
    )
    outlet = OutletRefSerializer(read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Speaker
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "aliases",
            "description",
            "outlet",
            "article",
            "claim_count",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "article": {"help_text": "Set when the speaker is known in one article."}
        }


class OutletCountSerializer(serializers.Serializer):
    outlet = serializers.DictField(allow_null=True)
    claims = serializers.IntegerField()


class MentionArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    claims = serializers.IntegerField()


class MentionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="A name the articles use for the speaker.")
    articles = MentionArticleSerializer(many=True)


class SpeakerDetailSerializer(SpeakerSerializer):
    claims_by_outlet = OutletCountSerializer(
        many=True, read_only=True, source="outlet_counts"
    )
    mentions = MentionSerializer(many=True, read_only=True)

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "claims_by_outlet", "mentions"]
        read_only_fields = fields


class SpeakerChangeSerializer(serializers.ModelSerializer):
    created_by = PublicNameField(Role.EDITOR, allow_null=True)

    class Meta:
        model = SpeakerChange
        fields = ["id", "action", "summary", "created_by", "created_at"]
        read_only_fields = fields


class SpeakerEditInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=200)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=100
    )
    kind = serializers.ChoiceField(choices=Speaker.Kind.choices, required=False)
    outlet = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Outlet.objects.all(),
        required=False,
        help_text="Link the speaker to this outlet (by slug): it is that outlet.",
    )


class SpeakerMergeInputSerializer(serializers.Serializer):
    into = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Speaker.objects.all(),
        help_text="The speaker that takes this one's claims; this one goes.",
    )


class SpeakerSplitInputSerializer(serializers.Serializer):
    articles = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(),
        many=True,
        allow_empty=False,
        help_text="The articles whose claims go to the new speaker.",
    )
    name = serializers.CharField(max_length=200)


class OutletSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:outlet-detail", lookup_field="slug"
    )
    homepage = serializers.CharField(read_only=True, help_text="May be empty.")
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Outlet
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "aliases",
            "homepage",
            "country",
            "needs_review",
            "claim_count",
        ]
        read_only_fields = fields


class QuotedSpeakerSerializer(SpeakerRefSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta(SpeakerRefSerializer.Meta):
        fields = [*SpeakerRefSerializer.Meta.fields, "claim_count"]
        read_only_fields = fields


class OutletDetailSerializer(OutletSerializer):
    speakers = QuotedSpeakerSerializer(many=True, read_only=True, source="quoted")

    class Meta(OutletSerializer.Meta):
        fields = [*OutletSerializer.Meta.fields, "speakers"]
        read_only_fields = fields


class CanonicalClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:canonical-claim-detail")
    timeline_url = serializers.HyperlinkedIdentityField(
        view_name="api:canonical-claim-timeline"
    )
    drift_url = serializers.HyperlinkedIdentityField(
        view_name="api:canonical-claim-drift"
    )
    speaker = SpeakerRefSerializer(read_only=True)
    report_count = serializers.IntegerField(read_only=True)
    article_count = serializers.IntegerField(read_only=True)
    contested = serializers.BooleanField(
        read_only=True, help_text="One of its reports is contested."
    )

    class Meta:
        model = CanonicalClaim
        fields = [
            "id",
            "url",
            "timeline_url",
            "drift_url",
            "speaker",
            "text",
            "altered",
            "contested",
            "report_count",
            "article_count",
            "first_reported_at",
        ]
        read_only_fields = fields


class ReportSerializer(ClaimSerializer):
    """One report of a canonical claim: the claim, where and when it appeared."""

    article_title = serializers.CharField(source="article.title", read_only=True)
    publisher = OutletRefSerializer(
        source="article.publisher", read_only=True, allow_null=True
    )
    reported_at = serializers.SerializerMethodField(
        help_text="When the article was published; null when that is unknown "
        "(such reports come last)."
    )

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "article_title",
            "publisher",
            "reported_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_reported_at(self, claim: Claim) -> datetime | None:
        return selectors.reported_at(claim)


class CanonicalClaimDetailSerializer(CanonicalClaimSerializer):
    reports = serializers.SerializerMethodField(
        help_text="Every report, earliest first."
    )

    class Meta(CanonicalClaimSerializer.Meta):
        fields = [*CanonicalClaimSerializer.Meta.fields, "reports"]
        read_only_fields = fields

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, canonical: CanonicalClaim) -> list[dict]:
        members = self.context["members"]
        return ReportSerializer(members, many=True, context=self.context).data  # type: ignore[return-value]


class CitationSerializer(serializers.Serializer):
    cited = serializers.CharField(help_text="Who passed the statement on.")
    by = serializers.CharField(help_text="Who carried it next.")
    articles = serializers.IntegerField(help_text="How many articles made this hop.")


class TimelineSerializer(serializers.Serializer):
    earliest = ReportSerializer(help_text="The earliest known report.")
    reports = ReportSerializer(
        many=True,
        help_text="Every independent report, earliest first; a wire story's copies "
        "count once.",
    )
    copies = serializers.DictField(
        child=ReportSerializer(many=True),
        help_text="By report claim id: the later wire copies of the same story.",
    )
    citations = CitationSerializer(many=True, help_text="Who cited whom.")


class DiffPartSerializer(serializers.Serializer):
    op = serializers.ChoiceField(
        choices=["same", "removed", "added", "unquoted"],
        help_text="unquoted: the reference's words outside the part this report "
        "quotes, or cut at an ellipsis; neither removed nor drift.",
    )
    text = serializers.CharField()


class DriftSerializer(serializers.Serializer):
    claim = ReportSerializer()
    drift = serializers.FloatField(
        help_text="0 for the reference's words or an excerpt of them, up to 1 for "
        "none in common; only words changed inside the part quoted count."
    )
    diff = DiffPartSerializer(many=True, help_text="Word-level, from the reference.")


class CanonicalDriftSerializer(serializers.Serializer):
    altered = serializers.BooleanField()
    reference = ReportSerializer(
        allow_null=True, help_text="The earliest direct quote."
    )
    versions = DriftSerializer(many=True, help_text="Each later direct quote.")


# Inputs ----------------------------------------------------------------------------


class ArticleInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="The article as plain text."
    )
    html = serializers.CharField(
        required=False, trim_whitespace=False, help_text="The article as an HTML page."
    )
    url = serializers.CharField(
        required=False,
        max_length=2000,
        help_text="A public http(s) page for the worker to fetch and parse.",
    )
    title = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Without one, the article takes its headline (the first line "
        "when it reads as one, or the HTML page's title).",
    )
    source_url = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Where text or HTML given here was published, as you say: kept "
        "as the article's claimed_url and shown as unverified, never as the URL's "
        "article. Not with 'url'.",
    )
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200)
    published_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, data):
        given = [key for key in ("text", "html", "url") if key in data]
        if len(given) != 1:
            raise serializers.ValidationError(
                "Give the article as exactly one of 'text', 'html' or 'url'."
            )
        return data


class ArticleEditInputSerializer(serializers.Serializer):
    """An editor's correction of an article's details; fields left out are kept."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    source_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Where the article was published; fixed for an article the app "
        "fetched from it.",
    )
    publisher = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The outlet's name; empty for none.",
    )
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="null when the date is unknown."
    )
    language = serializers.CharField(required=False, max_length=10)


class ReviewInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Claim.ReviewStatus.APPROVED, Claim.ReviewStatus.REJECTED]
    )
    version = serializers.IntegerField(
        required=False, help_text="The version you read; a stale one answers 409."
    )


class ClaimEditInputSerializer(serializers.Serializer):
    speaker = serializers.SlugRelatedField(
        slug_field="slug", queryset=Speaker.objects.all(), required=False
    )
    via = serializers.ListField(
        child=serializers.SlugRelatedField(
            slug_field="slug", queryset=Outlet.objects.all()
        ),
        required=False,
        help_text="Outlet slugs, outermost first.",
    )
    start = serializers.IntegerField(required=False, min_value=0)
    end = serializers.IntegerField(required=False, min_value=1)
    version = serializers.IntegerField(required=False)


class FlagInputSerializer(serializers.Serializer):
    verdict = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Rating.objects.all(),
        help_text="A rating's slug, as /ratings/ lists them.",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=ClaimFlag.NOTE_MAX_LENGTH
    )
    sources = serializers.ListField(
        child=serializers.URLField(max_length=ClaimFlag.SOURCE_MAX_LENGTH),
        required=False,
        max_length=ClaimFlag.SOURCES_MAX,
    )


class FlagEditInputSerializer(FlagInputSerializer):
    """A change to a flag: only the fields given change."""

    verdict = serializers.SlugRelatedField(
        slug_field="slug", queryset=Rating.objects.all(), required=False
    )


class MergeInputSerializer(serializers.Serializer):
    into = serializers.PrimaryKeyRelatedField(
        queryset=CanonicalClaim.objects.all(),
        help_text="The canonical claim that takes this one's reports.",
    )


class SplitInputSerializer(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(),
        help_text="The report to take out into a canonical claim of its own.",
    )


class RelationInputSerializer(serializers.Serializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())  # type: ignore[assignment]
    target = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    kind = serializers.ChoiceField(choices=ClaimRelation.Kind.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


def status_url(request, article: Article) -> str:
    return reverse("api:article-status", args=[article.pk], request=request)


# API tokens ------------------------------------------------------------------------


_NO_NUL = RegexValidator(r"^[^\x00]*$", "Null characters are not allowed.")


class TokenInputSerializer(AuthTokenSerializer):
    """A username and password (DRF's check, through the login lockout), and an
    optional name to tell the token apart by."""

    # The schema says what the validators refuse: no NUL characters, and no
    # username longer than an account can have (the lockout stores it in 255).
    username = serializers.CharField(
        write_only=True, max_length=150, validators=[_NO_NUL]
    )
    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        validators=[_NO_NUL],
    )
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class TokenCreatedSerializer(serializers.ModelSerializer):
    token = serializers.SerializerMethodField(help_text="The key; shown only now.")

    class Meta:
        model = ApiToken
        fields = ["token", "id", "name", "prefix", "created_at", "expires_at"]
        read_only_fields = fields

    def get_token(self, token) -> str:
        return self.context["key"]


class ApiTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(
        help_text="Whether this request was signed with it."
    )

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "current"]
        read_only_fields = fields

    def get_current(self, token) -> bool:
        request = self.context.get("request")
        return getattr(request, "auth", None) == token
