"""Bulk exports (CSV, JSON Lines) and schema.org ClaimReview for contested claims.

The exports honour the claim list's filters and stream row by row, so a large export
never holds every claim in memory. The JSON ones escape <, > and & inside strings,
so a page may paste them into a <script type="application/ld+json"> as they are:
a quote holding "</script>" cannot end the script early.
"""

import csv
import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from attribution import selectors
from attribution.api import docs
from attribution.api.serializers import ClaimSerializer
from attribution.filters import ClaimFilter
from attribution.models import Claim, Verdict

CSV_COLUMNS = [
    "id",
    "article_id",
    "article_title",
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
    """A cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Export(APIView):
    filterset_class = ClaimFilter

    def claims(self, request) -> Iterator[Claim]:
        claims = ClaimFilter(request.GET, queryset=selectors.claim_list())
        if not claims.is_valid():
            raise ValidationError(claims.errors)
        return claims.qs.order_by("id").iterator(chunk_size=500)


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


def claim_review(claim: Claim, request) -> dict:
    """The schema.org ClaimReview of a contested claim, from its latest flag."""
    flag = claim.flags.all()[0]
    verdict = Verdict(flag.verdict)
    article = claim.article
    speaker = claim.speaker
    appearance = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    rating: dict[str, object] = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.rating is not None:
        rating.update(ratingValue=verdict.rating, bestRating=5, worstRating=1)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": reverse("api:claim-review-detail", args=[claim.pk], request=request),
        "claimReviewed": claim.text,
        "datePublished": flag.created_at.date().isoformat(),
        "reviewBody": flag.note,
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Organization" if speaker and speaker.outlet_id else "Person",
                "name": speaker.name if speaker else None,
            },
            "appearance": appearance,
        },
        "reviewRating": rating,
    }


class ClaimReviewFeed(generics.GenericAPIView):
    """Contested claims as schema.org ClaimReview objects, newest verdict first."""

    renderer_classes = [ScriptSafeJSONRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return selectors.contested_claims()

    @extend_schema(
        operation_id="claim_reviews_list", responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([claim_review(c, request) for c in page])


class ClaimReviewDetail(generics.GenericAPIView):
    """One contested claim as a schema.org ClaimReview."""

    renderer_classes = [ScriptSafeJSONRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return selectors.contested_claims()

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **docs.NOT_FOUND})
    def get(self, request, pk: int):
        return Response(claim_review(self.get_object(), request))
