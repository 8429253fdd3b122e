"""The API's error envelope, built in one place for every answer under /api/:

{"error": {"status": 409, "code": "conflict", "message": "...", "fields": {...}}}

DRF's exception handler (api/errors.py), the request-level defences (security.py)
and the project's 404, 500 and 503 handlers (views.py) all answer through it, so
that the shape cannot drift between them.
"""

from typing import Any

from django.http import JsonResponse


def error_body(
    *, status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """The envelope as data; `fields` only when there are invalid fields to name."""
    error: dict[str, Any] = {"status": status, "code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    return {"error": error}


def error_response(*, status: int, code: str, message: str) -> JsonResponse:
    """A JSON response carrying the envelope, for code outside DRF's views."""
    return JsonResponse(
        error_body(status=status, code=code, message=message), status=status
    )
