from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from attribution.api import alerts, exports, feeds, quote_check, views

app_name = "api"

router = DefaultRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("flags", views.FlagViewSet, basename="flag")
router.register("ratings", views.RatingViewSet, basename="rating")
router.register("relations", views.RelationViewSet, basename="relation")
router.register("feeds", feeds.FeedViewSet, basename="feed")
router.register("watchlists", alerts.WatchlistViewSet, basename="watchlist")
router.register("webhooks", alerts.WebhookViewSet, basename="webhook")
router.register(
    "canonical-claims", views.CanonicalClaimViewSet, basename="canonical-claim"
)

# Swagger UI from the sidecar's static files, its start-up script served by the same
# view (?script) rather than inline; the page's one <style> block is inline.
swagger_ui = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", swagger_ui, name="docs"),
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("auth/tokens/", views.TokenListView.as_view(), name="token-list"),
    path("auth/tokens/<int:pk>/", views.TokenDetailView.as_view(), name="token-detail"),
    path("quote-check/", quote_check.QuoteCheckView.as_view(), name="quote-check"),
    path("exports/claims.csv", exports.ClaimCsvExport.as_view(), name="export-csv"),
    path(
        "exports/claims.jsonl",
        exports.ClaimJsonLinesExport.as_view(),
        name="export-jsonl",
    ),
    path("claim-reviews/", exports.ClaimReviewFeed.as_view(), name="claim-review-list"),
    path(
        "claim-reviews/verdicts/",
        exports.VerdictReviewFeed.as_view(),
        name="verdict-review-list",
    ),
    path(
        "claim-reviews/verdicts/<int:pk>/",
        exports.VerdictReviewDetail.as_view(),
        name="verdict-review-detail",
    ),
    path(
        "claim-reviews/<int:pk>/",
        exports.ClaimReviewDetail.as_view(),
        name="claim-review-detail",
    ),
    *router.urls,
]
