"""DRF's exception handler: every API error in the one envelope (errors.py)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from attribution.errors import error_body
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
    response.data = _envelope(exc, response.status_code)
    return response


def _envelope(exc: Exception, status_code: int) -> dict:
    if not isinstance(exc, exceptions.APIException):
        return error_body(status=status_code, code="error", message=str(exc))
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else str(exc.default_code)
    if isinstance(exc.detail, dict):
        return error_body(
            status=status_code,
            code=code,
            message="The request has invalid fields.",
            fields=exc.detail,
        )
    if isinstance(exc.detail, list):
        message = " ".join(str(item) for item in exc.detail)
    else:
        message = str(exc.detail)
    return error_body(status=status_code, code=code, message=message)
