"""What the OpenAPI schema says beyond the serializers: errors and examples."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="not_found, invalid, conflict, throttled...")
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Per-field messages, for invalid input."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error(description: str, code: str, message: str) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description,
        examples=[
            OpenApiExample(
                code,
                value={"error": {"status": 0, "code": code, "message": message}},
                response_only=True,
            )
        ],
    )


NOT_FOUND = {404: error("No such resource.", "not_found", "Not found.")}
BAD_REQUEST = {
    400: error(
        "Invalid input; error.fields says which.",
        "invalid",
        "The request has invalid fields.",
    )
}
UNAUTH = {
    401: error(
        "No credentials, or a token that is invalid or expired "
        "(with WWW-Authenticate: Token).",
        "not_authenticated",
        "Authentication credentials were not provided.",
    )
}
THROTTLED = {
    429: error(
        "Too many requests; see Retry-After.",
        "throttled",
        "Request was throttled. Expected available in 42 seconds.",
    )
}
WRITE_ERRORS = {
    **BAD_REQUEST,
    **UNAUTH,
    403: error(
        "The account lacks the role.",
        "permission_denied",
        "Reviewing claims needs the editor role.",
    ),
    **NOT_FOUND,
    **THROTTLED,
}
TOO_LARGE = {
    413: error(
        "The request or the article is over the size limit, which the message names.",
        "too_large",
        "The request is larger than 5 MB, the limit; nothing was stored.",
    )
}
CONFLICT = {
    409: error(
        "The claim changed since the given version.",
        "conflict",
        "Claim 7 changed since version 2; it is now at version 3.",
    )
}

CLAIM_EXAMPLE = OpenApiExample(
    "A direct quote via CNN",
    response_only=True,
    value={
        "id": 7,
        "url": "https://attribution.example.org/api/v1/claims/7/",
        "article": "https://attribution.example.org/api/v1/articles/3/",
        "text": "I am afraid for my life,",
        "start": 3012,
        "end": 3036,
        "kind": "direct",
        "cue": "was quoted as saying by",
        "speaker": {
            "id": 2,
            "slug": "andrey-medvedev",
            "name": "Andrey Medvedev",
            "url": "https://attribution.example.org/api/v1/speakers/andrey-medvedev/",
        },
        "via": [
            {
                "id": 9,
                "slug": "cnn",
                "name": "CNN",
                "url": "https://attribution.example.org/api/v1/outlets/cnn/",
            }
        ],
        "confidence": 0.95,
        "review_status": "approved",
        "contested": False,
        "version": 2,
        "reviewed_by": "editor",
        "reviewed_at": "2026-11-25T10:00:00Z",
        "created_at": "2026-11-25T09:58:00Z",
    },
)
ARTICLE_INPUT_EXAMPLES = [
    OpenApiExample(
        "Pasted text",
        request_only=True,
        value={
            "text": '"We are ready," the union leader told Reuters on Monday.',
            "title": "Port strike ends",
            "publisher": "Reuters",
        },
    ),
    OpenApiExample(
        "Pasted text you say came from a page (kept as its claimed_url)",
        request_only=True,
        value={
            "text": "Port strike ends\n\nDock workers voted to end the strike.",
            "source_url": "https://www.example.org/news/port-strike-ends",
            "published_at": "2026-03-03T09:00:00Z",
        },
    ),
    OpenApiExample(
        "A URL to fetch",
        request_only=True,
        value={"url": "https://www.example.org/news/port-strike-ends"},
    ),
]
REVIEW_EXAMPLE = OpenApiExample(
    "Approve what you read at version 1",
    request_only=True,
    value={"status": "approved", "version": 1},
)
EDIT_EXAMPLE = OpenApiExample(
    "Correct speaker and via",
    request_only=True,
    value={"speaker": "vladimir-osechkin", "via": ["bbc"], "version": 1},
)
FLAG_EXAMPLE = OpenApiExample(
    "Mark as false",
    request_only=True,
    value={
        "verdict": "false",
        "note": "Border records show no crossing that night.",
        "sources": ["https://www.example.org/records"],
    },
)
RELATION_EXAMPLE = OpenApiExample(
    "One claim contradicts another",
    request_only=True,
    value={"source": 7, "target": 12, "kind": "contradicts", "note": ""},
)
