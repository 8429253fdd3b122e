"""Request-level defences that belong to no interface: the request size cap, and the
pieces of the login lockout that django-axes is configured with (its backend, the
client's address, the answer to a locked-out login).

Refusals answer in the API's error shape under /api/ and with an HTML page elsewhere.
"""

import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from attribution.errors import error_response
from attribution.ingestion import size_label


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error(request: HttpRequest, *, status: int, code: str, message: str, page: str):
    if _is_api(request):
        return error_response(status=status, code=code, message=message)
    return render(request, page, {"message": message}, status=status)


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over DATA_UPLOAD_MAX_MEMORY_SIZE.

    Checked on Content-Length before anything reads the body, so a large upload is
    neither parsed nor spooled to disk; the answer is a 413 naming the limit.
    Django's own check answers a bare 400 and, for uploaded files, never fires.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return _error(
                request,
                status=413,
                code="too_large",
                message=f"The request is larger than {size_label(limit)}, the limit; "
                "nothing was stored.",
                page="413.html",
            )
        return self.get_response(request)


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    Every web login (the login page, the admin, the token endpoint) passes its
    request. A call without one (the test client's login(), a shell) is no
    attempt from an address, so it is left to the other backends instead of
    failing as django-axes would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The address a login attempt came from, for django-axes.

    Behind the TLS proxy every request arrives from the proxy, so the address is
    the last one the proxy appended to X-Forwarded-For; earlier entries are the
    client's own word and are ignored. Without a proxy, REMOTE_ADDR.
    """
    if settings.ATTRIBUTION_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return (
        f"Too many failed logins: after {settings.AXES_FAILURE_LIMIT} wrong "
        "passwords this username is locked out from your address for "
        f"{minutes} minutes. Try again later, or ask an administrator to unlock it."
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: 429 with Retry-After."""
    response = _error(
        request,
        status=429,
        code="locked_out",
        message=lockout_message(),
        page="registration/locked_out.html",
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
