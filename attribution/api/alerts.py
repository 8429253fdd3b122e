"""/api/v1/watchlists/ and /api/v1/webhooks/: what a user follows, and the URLs
their alerts are sent to. Each user sees and changes only their own."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from attribution import alert_selectors, alert_services
from attribution.models import (
    Alert,
    CanonicalClaim,
    Delivery,
    Outlet,
    Speaker,
    Watchlist,
    Webhook,
)


class WatchlistSerializer(serializers.ModelSerializer):
    speaker: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    outlet: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Watchlist
        fields = ["id", "kind", "name", "speaker", "outlet", "statement", "search"]
        fields += ["email", "digest", "created_at"]
        read_only_fields = fields


class WatchlistInputSerializer(serializers.Serializer):
    speaker = serializers.SlugRelatedField(
        slug_field="slug", queryset=Speaker.objects.all(), required=False
    )
    outlet = serializers.SlugRelatedField(
        slug_field="slug", queryset=Outlet.objects.all(), required=False
    )
    statement = serializers.PrimaryKeyRelatedField(
        queryset=CanonicalClaim.objects.all(), required=False
    )
    search = serializers.DictField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        help_text='The claim list\'s query parameters, e.g. {"q": "bridge"}.',
    )

    email = serializers.BooleanField(
        default=False, help_text="Email each new alert at once, too."
    )
    digest = serializers.BooleanField(
        default=False,
        help_text="With email: in one daily digest instead of at once.",
    )

    def validate(self, attrs):
        if len(set(attrs) - {"email", "digest"}) != 1:
            raise ValidationError(
                "Give exactly one of speaker (slug), outlet (slug), statement (id) "
                "or search."
            )
        return attrs


class WatchlistViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your watchlists: speakers, outlets, statements and searches you follow."""

    serializer_class = WatchlistSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema has no user
            return Watchlist.objects.none()
        return alert_selectors.watchlist_list(user=self.request.user)

    @extend_schema(
        request=WatchlistInputSerializer, responses={201: WatchlistSerializer}
    )
    def create(self, request):
        """Follow one thing; 200 with the watchlist when you already follow it."""
        serializer = WatchlistInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            watchlist, created = alert_services.watchlist_follow(
                user=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(WatchlistSerializer(watchlist).data, status=code)

    def perform_destroy(self, instance):
        alert_services.watchlist_unfollow(
            user=self.request.user, watchlist_id=instance.pk
        )


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "alert", "status", "attempts", "status_code", "error", "log"]
        fields += ["created_at", "delivered_at"]
        read_only_fields = fields


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ["id", "url", "kinds", "batch", "active", "disabled_reason"]
        fields += ["failures", "created_at"]
        read_only_fields = fields


class NewWebhookSerializer(WebhookSerializer):
    """The webhook as made, with the secret its deliveries are signed with:
    shown this once."""

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Alert.Kind.choices),
        default=[Alert.Kind.CLAIM_NEW],
        max_length=len(Alert.Kind.choices),
    )
    batch = serializers.BooleanField(
        default=False,
        help_text="Send the events of one batch in one POST (see the README).",
    )


class RedeliverSerializer(serializers.Serializer):
    delivery = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your webhooks: URLs your alerts are POSTed to, signed (see the README)."""

    serializer_class = WebhookSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Webhook.objects.none()
        return alert_selectors.webhook_list(user=self.request.user)

    @extend_schema(
        request=WebhookInputSerializer, responses={201: NewWebhookSerializer}
    )
    def create(self, request):
        """Register a URL; the answer holds the signing secret, shown once."""
        serializer = WebhookInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            hook = alert_services.webhook_create(
                user=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(NewWebhookSerializer(hook).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        alert_services.webhook_delete(user=self.request.user, webhook_id=instance.pk)

    @extend_schema(responses={200: DeliverySerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def deliveries(self, request, pk=None):
        """The webhook's latest deliveries, each with its attempts' status codes."""
        hook = get_object_or_404(self.get_queryset(), pk=pk)
        rows = alert_selectors.webhook_deliveries(webhook=hook)
        return Response(DeliverySerializer(rows, many=True).data)

    @extend_schema(request=None, responses={200: WebhookSerializer})
    @action(detail=True, methods=["post"])
    def enable(self, request, pk=None):
        """Send to a disabled webhook again."""
        hook = alert_services.webhook_enable(
            user=request.user, webhook_id=self.get_object().pk
        )
        return Response(WebhookSerializer(hook).data)

    @extend_schema(request=RedeliverSerializer, responses={202: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None):
        """Send one of the webhook's deliveries again, with a fresh count of tries."""
        hook = self.get_object()
        serializer = RedeliverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            delivery = alert_services.delivery_redeliver(
                user=request.user,
                webhook_id=hook.pk,
                delivery_id=serializer.validated_data["delivery"],
            )
        except Delivery.DoesNotExist:
            raise ValidationError(
                {"delivery": ["This webhook has no delivery of that id."]}
            ) from None
        return Response(
            DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED
        )
