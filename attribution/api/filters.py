"""Query parameters of the list endpoints (django-filter)."""

from datetime import UTC

import django_filters as filters

from attribution import selectors
from attribution.models import CanonicalClaim, Claim, ClaimFlag, ClaimRelation, Rating

MAX_ID = 2**63 - 1  # the largest id a database column holds


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 bound, compared in UTC (PostgreSQL refuses offsets over 15 h)."""

    def filter(self, qs, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return super().filter(qs, value)


class ClaimFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label="Full-text search")
    speaker = filters.CharFilter(field_name="speaker__slug", label="Speaker slug")
    outlet = filters.CharFilter(
        field_name="via_links__outlet__slug", label="Outlet slug anywhere in the via"
    )
    outermost_outlet = filters.CharFilter(
        method="outermost", label="Outlet slug first in the via chain"
    )
    article = filters.NumberFilter(
        field_name="article_id", min_value=1, max_value=MAX_ID
    )
    kind = filters.ChoiceFilter(choices=Claim.Kind.choices)
    review_status = filters.ChoiceFilter(choices=Claim.ReviewStatus.choices)
    contested = filters.BooleanFilter(help_text="A fact-check rating disputes it.")
    verified = filters.BooleanFilter(
        help_text="A fact-check rating confirms it and none disputes it."
    )
    published_after = UtcDateTimeFilter(
        field_name="article__published_at", lookup_expr="gte"
    )
    published_before = UtcDateTimeFilter(
        field_name="article__published_at", lookup_expr="lt"
    )
    created_after = UtcDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcDateTimeFilter(field_name="created_at", lookup_expr="lt")
    ordering = filters.OrderingFilter(
        fields=[
            ("created_at", "created_at"),
            ("confidence", "confidence"),
            ("article__published_at", "published_at"),
        ]
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def search(self, queryset, name, value):
        return selectors.claim_search(queryset, value)

    def outermost(self, queryset, name, value):
        return queryset.filter(via_links__position=0, via_links__outlet__slug=value)


class FlagFilter(filters.FilterSet):
    claim = filters.NumberFilter(field_name="claim_id", min_value=1, max_value=MAX_ID)
    verdict = filters.ModelChoiceFilter(
        queryset=Rating.objects.all(), to_field_name="slug", label="Rating slug"
    )

    class Meta:
        model = ClaimFlag
        fields: list[str] = []


class RelationFilter(filters.FilterSet):
    source = filters.NumberFilter(field_name="source_id", min_value=1, max_value=MAX_ID)
    target = filters.NumberFilter(field_name="target_id", min_value=1, max_value=MAX_ID)

    class Meta:
        model = ClaimRelation
        fields = ["kind"]


class CanonicalClaimFilter(filters.FilterSet):
    speaker = filters.CharFilter(field_name="speaker__slug", label="Speaker slug")
    altered = filters.BooleanFilter(help_text="Direct quotes of it differ in words.")
    contested = filters.BooleanFilter(help_text="One of its reports is contested.")
    reported_after = UtcDateTimeFilter(
        field_name="first_reported_at", lookup_expr="gte"
    )
    reported_before = UtcDateTimeFilter(
        field_name="first_reported_at", lookup_expr="lt"
    )
    ordering = filters.OrderingFilter(
        fields=[("first_reported_at", "first_reported_at"), ("report_count", "reports")]
    )

    class Meta:
        model = CanonicalClaim
        fields: list[str] = []
