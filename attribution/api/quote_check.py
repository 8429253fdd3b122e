"""POST /api/v1/quote-check/: which statements a pasted quote matches.

A read that takes its input in a body, as a paste is (up to QUOTE_MAX_LENGTH
characters): anyone may ask, within the API's usual throttles.
"""

from django.core.validators import RegexValidator
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from attribution import quote_check
from attribution.api import docs
from attribution.api import serializers as s


class _Text(serializers.CharField):
    """Text only: DRF's CharField would take a number or a boolean as its
    string, where the schema says a string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class QuoteCheckInputSerializer(serializers.Serializer):
    quote = _Text(
        max_length=quote_check.QUOTE_MAX_LENGTH,
        help_text="The words as you read them, quotation marks or not.",
        validators=[
            RegexValidator(r"[^\W_]", message="The quote has no words to look for.")
        ],
    )
    speaker = _Text(
        max_length=quote_check.SPEAKER_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Who is said to have said it: a name, an alias or a slug.",
    )


class QuoteReportSerializer(serializers.Serializer):
    claim = s.ReportSerializer(help_text="The report, with its via chain.")
    drift = serializers.FloatField(
        help_text="How far the pasted words are from this report's: 0 when they "
        "are its words or an excerpt of them."
    )
    diff = s.DiffPartSerializer(
        many=True,
        help_text="The pasted words against the report's: removed and added are "
        "changes; unquoted, the report's words the paste leaves out.",
    )


class QuoteMatchSerializer(serializers.Serializer):
    statement = s.CanonicalClaimSerializer()
    score = serializers.FloatField(
        help_text="0-100, the matcher's similarity of the quote and the closest "
        "report; a match is at least the threshold."
    )
    reason = serializers.CharField(
        help_text="Why a close statement is not the same one: 'number', 'name' or "
        "'negation' when the quote states another; empty otherwise."
    )
    earliest = s.ReportSerializer(
        allow_null=True, help_text="The earliest known report."
    )
    reports = QuoteReportSerializer(
        many=True, help_text="Every report, earliest first."
    )
    verdicts = s.FlagSerializer(
        many=True, help_text="Fact-checkers' ratings of its reports, newest first."
    )


class QuoteCheckSerializer(serializers.Serializer):
    quote = serializers.CharField(help_text="The quote, white space tidied.")
    speaker = serializers.CharField(help_text="The speaker as given, or empty.")
    speakers = s.SpeakerRefSerializer(
        many=True, help_text="The speakers that name means; empty when none is known."
    )
    found = serializers.BooleanField(help_text="Whether any statement matches.")
    threshold = serializers.SerializerMethodField(help_text="The score a match needs.")
    matches = QuoteMatchSerializer(many=True, help_text="Best first.")
    nearest = QuoteMatchSerializer(
        many=True,
        help_text="The closest statements that do not match: below the threshold, "
        "another number, name or negation (see reason), or said by someone else.",
    )

    def get_threshold(self, check) -> float:
        return quote_check.MATCH_AT


EXAMPLE = OpenApiExample(
    "A quote and its speaker",
    value={"quote": "I'm not against the mine", "speaker": "Ana Lindqvist"},
    request_only=True,
)


@extend_schema(
    request=QuoteCheckInputSerializer,
    responses={200: QuoteCheckSerializer, **docs.BAD_REQUEST, **docs.THROTTLED},
    examples=[EXAMPLE],
)
class QuoteCheckView(APIView):
    """Did they really say it, and where did it first appear?

    The statements matching a pasted quote, best first, each with its earliest
    known source, every report with its outlet chain and how the pasted words
    differ from it, and any verdict given. With no match, `found` is false and
    `nearest` holds the closest statements and their scores.
    """

    permission_classes = [AllowAny]

    def post(self, request):
        serializer = QuoteCheckInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check = quote_check.quote_check(**serializer.validated_data)
        context = {"request": request}
        return Response(QuoteCheckSerializer(check, context=context).data)
