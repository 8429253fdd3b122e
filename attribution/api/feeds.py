"""/api/v1/feeds/: the feeds followed, their health, OPML in and out."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from attribution import feed_selectors, feed_services, feeds, ingestion
from attribution.api import docs
from attribution.api.permissions import EditorWrites
from attribution.models import Feed


class FeedSerializer(serializers.ModelSerializer):
    outlet: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "site_url",
            "outlet",
            "kind",
            "status",
            "paused_reason",
            "interval_seconds",
            "next_poll_at",
            "last_polled_at",
            "last_success_at",
            "last_new_item_at",
            "last_error_at",
            "last_error",
            "blocked",
            "failures",
            "created_at",
        ]
        read_only_fields = fields


class FeedInputSerializer(serializers.Serializer):
    url = serializers.URLField(
        max_length=2000, help_text="A feed's URL, or a site's home page to search."
    )
    title = serializers.CharField(max_length=300, required=False, default="")
    outlet = serializers.CharField(
        max_length=200, required=False, default="", help_text="Outlet name."
    )


class PauseSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, required=False, default="Paused by an editor."
    )


class HealthSerializer(serializers.Serializer):
    feed = serializers.IntegerField()
    status = serializers.CharField()
    paused_reason = serializers.CharField()
    last_success_at = serializers.DateTimeField(allow_null=True)
    last_error_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()
    items_per_day = serializers.DictField(child=serializers.IntegerField())
    articles_per_day = serializers.DictField(child=serializers.IntegerField())
    lag_median_seconds = serializers.FloatField(allow_null=True)
    lag_worst_seconds = serializers.FloatField(allow_null=True)
    pages_failed = serializers.IntegerField()
    silent = serializers.BooleanField()
    blocked = serializers.BooleanField()


class FeedViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Feeds and news sitemaps followed; editors add, pause and resume them."""

    serializer_class = FeedSerializer
    permission_classes = [EditorWrites]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return feed_selectors.feed_list()

    @extend_schema(request=FeedInputSerializer, responses={201: FeedSerializer})
    def create(self, request):
        """Follow a feed by its URL or a home page's <link rel="alternate">.

        201 with the feed; 200 with it when it is already followed.
        """
        data = _valid(FeedInputSerializer, request)
        try:
            feed, created = feed_services.feed_add(
                url=data["url"], title=data["title"], outlet_name=data["outlet"]
            )
        except (ingestion.UnusableInput, ingestion.FetchUnavailable) as exc:
            raise ValidationError({"url": [str(exc)]}) from None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(FeedSerializer(feed).data, status=code)

    @extend_schema(request=PauseSerializer, responses={200: FeedSerializer})
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        """Stop polling the feed, with a reason shown on it."""
        data = _valid(PauseSerializer, request)
        feed = feed_services.feed_pause(feed=self.get_object(), reason=data["reason"])
        return Response(FeedSerializer(feed).data)

    @extend_schema(request=None, responses={200: FeedSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Poll the feed again, now."""
        feed = feed_services.feed_resume(feed=self.get_object())
        return Response(FeedSerializer(feed).data)

    @extend_schema(responses={200: HealthSerializer})
    @action(detail=True, methods=["get"])
    def health(self, request, pk=None):
        """Last success and error, items and articles per day, lag, silent, blocked."""
        return Response(feed_selectors.feed_health(self.get_object()).as_dict())

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "attention", bool, description="Only silent or blocked feeds."
            )
        ],
        responses={200: HealthSerializer(many=True), **docs.BAD_REQUEST},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="health",
        pagination_class=None,
        filter_backends=[],
    )
    def dashboard(self, request):
        """The health of every feed, as the dashboard shows it.

        `?attention=true` keeps the feeds that need it: silent, or blocked by
        their site, as the dashboard lists them first.
        """
        # Empty is not given, as the claim list's filters read it.
        attention = serializers.BooleanField(required=False).to_internal_value(
            request.query_params.get("attention") or "false"
        )
        healths = feed_selectors.feeds_health()
        if attention:
            healths = feed_selectors.needing_attention(healths)
        return Response([h.as_dict() for h in healths])

    @extend_schema(request=None, responses={(200, "text/x-opml"): OpenApiTypes.STR})
    @action(
        detail=False,
        methods=["get"],
        url_path="opml",
        pagination_class=None,
        filter_backends=[],
    )
    def opml_export(self, request):
        """Every feed as OPML 2.0."""
        return HttpResponse(
            feed_selectors.feeds_opml(), content_type="text/x-opml; charset=utf-8"
        )

    @extend_schema(
        request={"multipart/form-data": {"type": "object"}},
        responses={201: FeedSerializer(many=True)},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="opml/import",
        parser_classes=[MultiPartParser],
    )
    def opml_import(self, request):
        """Follow every feed of an OPML file (multipart field `file`); none fetched."""
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Send the OPML file as `file`."]})
        ingestion.check_size(upload.size)
        try:
            created, refused = feed_services.feeds_import_opml(data=upload.read())
        except feeds.FeedError as exc:
            raise ValidationError({"file": [str(exc)]}) from None
        return Response(
            {"created": FeedSerializer(created, many=True).data, "refused": refused},
            status=status.HTTP_201_CREATED,
        )


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
