"""Bulk exports (CSV, JSON Lines) and schema.org ClaimReview of the verdicts.

The exports honour the claim list's filters and stream row by row, so a large export
never holds every claim in memory. The JSON ones escape <, > and & inside strings,
so a page may paste them into a <script type="application/ld+json"> as they are:
a quote holding "</script>" cannot end the script early.
"""

import csv
import itertools
import json
from collections.abc import Iterator

from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from attribution import selectors
from attribution.api import docs
from attribution.api.serializers import ClaimSerializer
from attribution.filters import ClaimExportFilter
from attribution.models import Claim, ClaimFlag

CSV_COLUMNS = [
    "id",
    "article_id",
    "article_title",
    "publisher",
    "published_at",
    "article_url",
    "text",
    "kind",
    "speaker",
    "via",
    "cue",
    "start",
    "end",
    "confidence",
    "review_status",
    "contested",
    "verified",
    "verdict",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters that can end or open markup, and the two line separators that end a
# JavaScript string in older engines: all written as JSON \u escapes.
_SCRIPT_SAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_safe_json(data) -> str:
    """JSON that is also safe inside an HTML <script> element."""
    return json.dumps(data, ensure_ascii=False, default=str).translate(_SCRIPT_SAFE)


class ScriptSafeJSONRenderer(JSONRenderer):
    """DRF's JSON renderer with script_safe_json's escapes."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rendered = super().render(data, accepted_media_type, renderer_context)
        return rendered.decode("utf-8").translate(_SCRIPT_SAFE).encode("utf-8")


def csv_safe(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula.

    Booleans read true/false, floats are rounded to 3 places (0.95, never
    0.9500000000000001), datetimes are ISO 8601, None is empty.
    """
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = str(round(value, 3))
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def latest_verdict(claim: Claim) -> str:
    """The slug of the claim's newest current flag's rating ("" with no flag);
    uses the flags prefetched newest first."""
    flags = list(claim.flags.all())
    return flags[0].verdict_id if flags else ""


class _Export(APIView):
    filterset_class = ClaimExportFilter

    def claims(self, request) -> Iterator[Claim]:
        claims = ClaimExportFilter(request.GET, queryset=selectors.claim_export())
        if not claims.is_valid():
            raise ValidationError(claims.errors)
        rows = claims.qs.order_by("id").iterator(chunk_size=500)
        # The first row is read before the response starts, so that a database
        # that is down answers 503 rather than 200 and a header row alone.
        first = next(rows, None)
        return rows if first is None else itertools.chain([first], rows)


class _Echo:
    def write(self, value: str) -> str:
        return value


class ClaimCsvExport(_Export):
    """Claims as CSV, with the list's filters; cells are formula-safe."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        writer = csv.writer(_Echo())
        claims = self.claims(request)

        def rows():
            yield writer.writerow(CSV_COLUMNS)
            for claim in claims:
                yield writer.writerow(
                    csv_safe(cell)
                    for cell in [
                        claim.pk,
                        claim.article_id,
                        claim.article.title,
                        claim.article.publisher.name if claim.article.publisher else "",
                        claim.article.published_at,
                        claim.article.url,
                        claim.text,
                        claim.kind,
                        claim.speaker.name if claim.speaker else "",
                        " > ".join(o.name for o in claim.via_chain),
                        claim.cue,
                        claim.start,
                        claim.end,
                        claim.confidence,
                        claim.review_status,
                        claim.contested,
                        claim.verified,
                        latest_verdict(claim),
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="claims.csv"'
        return response


class ClaimJsonLinesExport(_Export):
    """Claims as JSON Lines (one claim object per line), with the list's filters."""

    @extend_schema(responses={(200, "application/x-ndjson"): OpenApiTypes.STR})
    def get(self, request):
        context = {"request": request}
        claims = self.claims(request)

        def lines():
            for claim in claims:
                data = ClaimSerializer(claim, context=context).data
                yield script_safe_json(data) + "\n"

        response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
        response["Content-Disposition"] = 'attachment; filename="claims.jsonl"'
        return response


def claim_review(claim: Claim, flag: ClaimFlag, request) -> dict:
    """The schema.org ClaimReview of one verdict (flag) on a claim.

    Its author is the reviewing organisation (ATTRIBUTION_REVIEW_ORGANISATION),
    its url the claim's page, its citations the fact-checker's sources.
    """
    rating = flag.verdict
    article = claim.article
    speaker = claim.speaker
    appearance = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.published_at:
        appearance["datePublished"] = article.published_at.date().isoformat()
    review_rating: dict[str, object] = {
        "@type": "Rating",
        "alternateName": rating.label,
    }
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=5, worstRating=1)
    author: dict[str, object] = {
        "@type": "Organization",
        "name": settings.ATTRIBUTION_REVIEW_ORGANISATION,
    }
    if settings.ATTRIBUTION_REVIEW_ORGANISATION_URL:
        author["url"] = settings.ATTRIBUTION_REVIEW_ORGANISATION_URL
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": request.build_absolute_uri(reverse("web:claim-detail", args=[claim.pk])),
        "author": author,
        "claimReviewed": claim.text,
        "datePublished": flag.created_at.date().isoformat(),
        "reviewBody": flag.note,
        "citation": [{"@type": "CreativeWork", "url": link} for link in flag.sources],
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Organization" if speaker and speaker.outlet_id else "Person",
                "name": speaker.name if speaker else None,
            },
            "appearance": appearance,
        },
        "reviewRating": review_rating,
    }


def disputed_review(claim: Claim, request) -> dict:
    """A contested claim's ClaimReview, from its newest disputing flag (the
    flags prefetched newest first)."""
    flag = next(f for f in claim.flags.all() if f.verdict.disputes)
    return claim_review(claim, flag, request)


class ClaimReviewFeed(generics.GenericAPIView):
    """Contested claims (a rating disputes them) as schema.org ClaimReview objects,
    newest dispute first. /claim-reviews/verdicts/ has every verdict."""

    renderer_classes = [ScriptSafeJSONRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return selectors.contested_claims()

    @extend_schema(
        operation_id="claim_reviews_list", responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([disputed_review(c, request) for c in page])


class ClaimReviewDetail(generics.GenericAPIView):
    """One contested claim as a schema.org ClaimReview."""

    renderer_classes = [ScriptSafeJSONRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return selectors.contested_claims()

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **docs.NOT_FOUND})
    def get(self, request, pk: int):
        return Response(disputed_review(self.get_object(), request))


class VerdictReviewFeed(generics.GenericAPIView):
    """Every current verdict, whatever its rating ("True" included), as a
    schema.org ClaimReview, newest first."""

    renderer_classes = [ScriptSafeJSONRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return selectors.verdict_reviews()

    @extend_schema(
        operation_id="claim_reviews_verdicts_list",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            [claim_review(flag.claim, flag, request) for flag in page]
        )


class VerdictReviewDetail(generics.GenericAPIView):
    """One verdict (by its flag's id) as a schema.org ClaimReview."""

    renderer_classes = [ScriptSafeJSONRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return selectors.verdict_reviews()

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **docs.NOT_FOUND})
    def get(self, request, pk: int):
        flag = self.get_object()
        return Response(claim_review(flag.claim, flag, request))
