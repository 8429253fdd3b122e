"""Request-level defences that belong to no interface: the request size cap, the
client's address (for the login lockout and the API's throttles alike), and the
pieces of the login lockout that django-axes is configured with (its backend, the
answer to a locked-out login).

Refusals answer in the API's error shape under /api/ and with an HTML page elsewhere.
"""

import ipaddress
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


class NulInPathMiddleware:
    """Refuse a path holding a NUL byte (`/api/v1/speakers/%00/`) with a 400.

    Every slug and text a path carries ends up in a query, and PostgreSQL refuses
    NUL in text: without this such a path was a 500 wherever a view looked it up.
    Query strings and bodies need no such check: Django's and DRF's text fields
    refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return _error(
                request,
                status=400,
                code="invalid",
                message="The path holds a NUL character, which no resource has.",
                page="400.html",
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
    """The address a request came from: for django-axes and the API's throttles.

    X-Forwarded-For is written by whoever sends the request, so only the entries
    that trusted proxies appended count, read from the right:

    - TRUSTED_PROXIES (addresses or networks): from REMOTE_ADDR leftwards, every
      address of a trusted proxy is skipped; the first other one is the client.
      A request that did not come from a trusted proxy is its REMOTE_ADDR.
    - else TRUSTED_PROXY_COUNT = N: the Nth entry from the right, the one the
      outermost proxy appended; REMOTE_ADDR when there are fewer entries.
    - else (no proxy) REMOTE_ADDR, whatever the header says.

    Always a valid IP address (django-axes stores it as one) or None.
    """
    remote = _ip(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if settings.TRUSTED_PROXIES:
        return _first_untrusted([*hops, remote or ""], settings.TRUSTED_PROXIES)
    count = settings.TRUSTED_PROXY_COUNT
    if count and len(hops) >= count:
        return _ip(hops[-count]) or remote
    return remote


def _first_untrusted(chain: list[str], trusted: list) -> str | None:
    """Walking from the right, the first address not of a trusted proxy.

    An entry that is no address ends the walk at the trusted proxy to its right,
    which is the last address anyone trustworthy wrote.
    """
    nearest = None
    for hop in reversed(chain):
        address = _ip(hop)
        if address is None:
            return nearest
        if not any(ipaddress.ip_address(address) in net for net in trusted):
            return address
        nearest = address
    return nearest


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


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
