"""One error shape for every API error.

{"error": {"status": 409, "code": "conflict", "message": "...", "fields": {...}}}
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from attribution.ingestion import TooLarge, UnusableInput
from attribution.services import StaleWrite


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "The request is too large."


class LockedOut(exceptions.Throttled):
    default_code = "locked_out"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The resource changed since you read it."


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, StaleWrite):
        exc = Conflict(str(exc))
    elif isinstance(exc, TooLarge):
        exc = PayloadTooLarge(str(exc))
    elif isinstance(exc, UnusableInput):
        exc = exceptions.ValidationError({"body": [str(exc)]})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {"error": _shape(exc, response.status_code)}
    return response


def _shape(exc, status_code: int) -> dict:
    error = {"status": status_code, "code": "error", "message": str(exc)}
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        error["code"] = codes if isinstance(codes, str) else exc.default_code
        if isinstance(exc.detail, dict):
            error["message"] = "The request has invalid fields."
            error["fields"] = exc.detail
        elif isinstance(exc.detail, list):
            error["message"] = " ".join(str(item) for item in exc.detail)
        else:
            error["message"] = str(exc.detail)
    return error
