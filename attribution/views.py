"""Views that belong to no interface package: the health check and error pages."""

import hmac
import sys
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from django.views.defaults import bad_request as default_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import permission_denied as default_permission_denied
from django.views.defaults import server_error as default_server_error

from attribution.celery import app as celery_app
from attribution.errors import error_response

DATABASE_UNAVAILABLE = (
    "The database is unavailable, so this request could not be completed. "
    "Try again in a minute."
)


@require_GET
def health(request):
    """200 when the database and the broker answer, 503 otherwise.

    For load balancers and monitoring, and cheap: one query and one broker
    connection. With ?workers=1 and the operators' token (HEALTH_WORKERS_TOKEN, as
    `Authorization: Bearer ...`) it also reports how many Celery workers answer a
    ping; anyone else asking for it gets 403. No worker is no reason to take the
    web out of service, so that count never makes a 503.
    """
    if request.GET.get("workers") == "1" and not _is_operator(request):
        return error_response(
            status=403,
            code="permission_denied",
            message="The worker count is for operators: send the health token.",
        )
    report = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        report["database"] = "unavailable"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # any transport's connection error
        report["broker"] = "unavailable"
    if request.GET.get("workers") == "1":
        report["workers"] = _worker_count()
    healthy = report["database"] == report["broker"] == "ok"
    return JsonResponse(report, status=200 if healthy else 503)


def _is_operator(request) -> bool:
    """Whether the request carries HEALTH_WORKERS_TOKEN; never when none is set."""
    expected = settings.HEALTH_WORKERS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


_pinged: dict[str, Any] = {"at": -1e9, "count": None}
_ping_lock = threading.Lock()


def _worker_count() -> int | None:
    """Workers answering a ping, remembered for HEALTH_WORKERS_CACHE_SECONDS.

    A ping holds the web worker for up to a second, so callers within the window
    (and those waiting on the lock meanwhile) share one; None when the transport
    cannot broadcast.
    """
    with _ping_lock:
        if time.monotonic() - _pinged["at"] >= settings.HEALTH_WORKERS_CACHE_SECONDS:
            try:
                _pinged["count"] = len(celery_app.control.ping(timeout=1.0))
            except Exception:  # a transport without broadcast
                _pinged["count"] = None
            _pinged["at"] = time.monotonic()
        return _pinged["count"]


def bad_request(request, exception):
    """Django's own 400s (a Host not allowed, a malformed request) answer in the
    API's error shape under /api/, as DRF's do; pages get the HTML page."""
    if request.path.startswith("/api/"):
        return error_response(status=400, code="bad_request", message="Bad request.")
    return default_bad_request(request, exception)


def permission_denied(request, exception):
    """Django's own 403s (outside DRF's views) in the API's error shape under
    /api/; pages get the HTML page."""
    if request.path.startswith("/api/"):
        return error_response(
            status=403,
            code="permission_denied",
            message="You do not have permission to perform this action.",
        )
    return default_permission_denied(request, exception)


def not_found(request, exception):
    """API paths answer 404 in the API's error shape; pages get the HTML page."""
    if request.path.startswith("/api/"):
        return error_response(status=404, code="not_found", message="No such resource.")
    return page_not_found(request, exception)


def server_error(request):
    """Django's 500 handler: a 503 when the database is unavailable, else a 500.

    Django calls it while handling the exception, so sys.exc_info() names the
    error, wherever it was raised (a view, a serializer, a middleware). The
    database's errors answer 503 with Retry-After; under /api/ both answer in the
    API's error shape.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    if request.path.startswith("/api/"):
        return error_response(status=500, code="server_error", message="Server error.")
    return default_server_error(request)


def database_unavailable(request) -> HttpResponse:
    """503 in the API's error shape, or an HTML page that needs no database.

    The page is rendered without the request, so that neither the session nor the
    user (both in the database) is loaded.
    """
    if request.path.startswith("/api/"):
        response: HttpResponse = error_response(
            status=503, code="database_unavailable", message=DATABASE_UNAVAILABLE
        )
    else:
        try:
            page: str = render_to_string("503.html", {"message": DATABASE_UNAVAILABLE})
        except Exception:  # the error page must not fail in turn
            page = f"<!doctype html><h1>Unavailable</h1><p>{DATABASE_UNAVAILABLE}</p>"
        response = HttpResponse(page, status=503)
    response["Retry-After"] = "60"
    return response
