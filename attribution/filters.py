"""Query parameters of the claim, flag, relation and statement lists (django-filter),
shared by the API and the web UI, below both."""

from datetime import UTC

import django_filters as filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from attribution import selectors
from attribution.models import CanonicalClaim, Claim, ClaimFlag, ClaimRelation

MAX_ID = 2**63 - 1  # the largest id a database column holds


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 bound, compared in UTC (PostgreSQL refuses offsets over 15 h)."""

    def filter(self, qs, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return super().filter(qs, value)


class NamedField(forms.CharField):
    """A speaker or outlet typed by name, alias or slug; cleans to the matching
    rows, and refuses a name nobody has (the API answers 400 naming the field)."""

    def __init__(self, *, find, noun: str, **kwargs):
        self.find, self.noun = find, noun
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        found = self.find(value)
        if not found:
            raise forms.ValidationError(f"No {self.noun} is called {value!r}.")
        return found


@extend_schema_field(OpenApiTypes.STR)
class NamedFilter(filters.Filter):
    field_class = NamedField

    def __init__(self, *, find, noun: str, suggest: str, **kwargs):
        widget = forms.TextInput(attrs={"data-suggest": suggest, "autocomplete": "off"})
        super().__init__(find=find, noun=noun, widget=widget, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.distinct and len(value) > 1:  # one outlet is linked once per claim
            qs = qs.distinct()
        return self.get_method(qs)(**{f"{self.field_name}__in": value})


class ClaimFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="search",
        label="Search",
        help_text='Web search syntax: "a phrase", or, -word. Also finds speakers '
        "and outlets by name.",
    )
    speaker = NamedFilter(
        field_name="speaker",
        find=selectors.speakers_named,
        noun="speaker",
        suggest="speakers",
        label="Speaker (name, alias or slug)",
    )
    outlet = NamedFilter(
        field_name="via_links__outlet",
        find=selectors.outlets_named,
        noun="outlet",
        suggest="outlets",
        distinct=True,
        label="Outlet anywhere in the via (name, alias or slug)",
    )
    outermost_outlet = NamedFilter(
        method="outermost",
        find=selectors.outlets_named,
        noun="outlet",
        suggest="outlets",
        label="Outlet first in the via chain (name, alias or slug)",
    )
    article = filters.NumberFilter(
        field_name="article_id", min_value=1, max_value=MAX_ID
    )
    kind = filters.ChoiceFilter(choices=Claim.Kind.choices)
    review_status = filters.ChoiceFilter(choices=Claim.ReviewStatus.choices)
    contested = filters.BooleanFilter()
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
        if not value:
            return queryset
        return queryset.filter(via_links__position=0, via_links__outlet__in=value)


class FlagFilter(filters.FilterSet):
    claim = filters.NumberFilter(field_name="claim_id", min_value=1, max_value=MAX_ID)

    class Meta:
        model = ClaimFlag
        fields = ["verdict"]


class RelationFilter(filters.FilterSet):
    source = filters.NumberFilter(field_name="source_id", min_value=1, max_value=MAX_ID)
    target = filters.NumberFilter(field_name="target_id", min_value=1, max_value=MAX_ID)

    class Meta:
        model = ClaimRelation
        fields = ["kind"]


class CanonicalClaimFilter(filters.FilterSet):
    speaker = NamedFilter(
        field_name="speaker",
        find=selectors.speakers_named,
        noun="speaker",
        suggest="speakers",
        label="Speaker (name, alias or slug)",
    )
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
