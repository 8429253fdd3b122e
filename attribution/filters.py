"""Query parameters of the claim, flag, relation and statement lists (django-filter),
shared by the API and the web UI, below both."""

from datetime import UTC

import django_filters as filters
from django import forms
from django_filters.fields import IsoDateTimeField
from django_filters.widgets import BooleanWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from attribution import selectors
from attribution.models import CanonicalClaim, Claim, ClaimFlag, ClaimRelation, Rating

MAX_ID = 2**63 - 1  # the largest id a database column holds


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A row id: a whole number from 1 to MAX_ID (others are a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, in UTC (PostgreSQL refuses offsets over 15 h).

    Converting is part of cleaning, so an instant that falls outside the years
    1 to 9999 in UTC (9999-12-31T23:59:59-23:59) is a 400 naming the parameter,
    not an OverflowError later.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or value.tzinfo is None:
            return value
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(
                "Out of range: give a date between the years 1 and 9999 in UTC.",
                code="out_of_range",
            ) from None


class StrictBooleanWidget(BooleanWidget):
    """django-filter's yes/no select, passing on a value it does not know (rather
    than reading it as "no filter") for the field to refuse."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        raw = data.get(name)
        if value is None and raw not in (None, ""):
            return raw
        return value


class StrictBooleanField(forms.NullBooleanField):
    """true or false (1 or 0), or empty for no filter; anything else is a 400."""

    widget = StrictBooleanWidget

    def to_python(self, value):
        if value is None or value is True or value is False:
            return value
        result = super().to_python(value)
        if result is None:
            raise forms.ValidationError("Give true or false.", code="invalid")
        return result

    def validate(self, value):
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 bound, compared in UTC."""

    field_class = UtcIsoDateTimeField


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
            # The name goes in as a parameter: a "%" in it is not a placeholder.
            raise forms.ValidationError(
                "No %(noun)s is called %(name)s.",
                code="unknown",
                params={"noun": self.noun, "name": repr(value)},
            )
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


class StatementOrderingFilter(filters.OrderingFilter):
    """Statements by first report, those of unknown date last in either direction:
    the sort keys canonical_list() annotates (plain fields, for cursor pages)."""

    def get_ordering_value(self, param: str) -> str:
        value = super().get_ordering_value(param)
        if value == "-first_reported_at":
            return "-reported_newest"
        if value == "first_reported_at":
            return "reported_oldest"
        return value


class ClaimFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="search",
        label="Search",
        help_text='Web search syntax: "a phrase", or, -word. Also finds speakers '
        "and outlets by name.",
    )
    quote = filters.CharFilter(
        method="lookup",
        label="Find a quote",
        max_length=1000,
        help_text="Words of a quote as you remember them, typos and all: the "
        f"{selectors.LOOKUP_RESULTS} closest claims, closest first (trigram "
        "similarity on PostgreSQL; a plain substring elsewhere).",
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
    article = IdFilter(field_name="article_id")
    kind = filters.ChoiceFilter(choices=Claim.Kind.choices)
    review_status = filters.ChoiceFilter(choices=Claim.ReviewStatus.choices)
    contested = BooleanFilter(help_text="A fact-check rating disputes it.")
    verified = BooleanFilter(
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

    def filter_queryset(self, queryset):
        """The other filters first, then the search, then the order: a search
        ranks the newest matches among the claims the other filters leave."""
        last = ("q", "quote", "ordering")
        values = self.form.cleaned_data
        names = [n for n in values if n not in last] + [n for n in last if n in values]
        for name in names:
            queryset = self.filters[name].filter(queryset, values[name])
        return queryset

    def search(self, queryset, name, value):
        return selectors.claim_search(queryset, value)

    def lookup(self, queryset, name, value):
        return selectors.claim_lookup(queryset, value)

    def outermost(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(via_links__position=0, via_links__outlet__in=value)


class ClaimExportFilter(ClaimFilter):
    """The claim list's filters for the exports: a search exports every match,
    not only the newest that a ranked list shows."""

    def search(self, queryset, name, value):
        return selectors.claim_search_matches(queryset, value)


class FlagFilter(filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    verdict = filters.ModelChoiceFilter(
        queryset=Rating.objects.all(), to_field_name="slug", label="Rating slug"
    )

    class Meta:
        model = ClaimFlag
        fields: list[str] = []


class RelationFilter(filters.FilterSet):
    source = IdFilter(field_name="source_id")
    target = IdFilter(field_name="target_id")

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
    altered = BooleanFilter(help_text="Direct quotes of it differ in words.")
    contested = BooleanFilter(help_text="One of its reports is contested.")
    reported_after = UtcDateTimeFilter(
        field_name="first_reported_at", lookup_expr="gte"
    )
    reported_before = UtcDateTimeFilter(
        field_name="first_reported_at", lookup_expr="lt"
    )
    ordering = StatementOrderingFilter(
        fields=[("first_reported_at", "first_reported_at"), ("report_count", "reports")]
    )

    class Meta:
        model = CanonicalClaim
        fields: list[str] = []
