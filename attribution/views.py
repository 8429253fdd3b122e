"""Views that belong to no interface package: the health check and error pages."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
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

    For load balancers and monitoring. With ?workers=1 it also pings the Celery
    workers (waiting up to a second) and reports how many answered; no worker is
    no reason to take the web out of service, so that count never makes a 503.
    """
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
        try:
            report["workers"] = len(celery_app.control.ping(timeout=1.0))
        except Exception:  # a transport without broadcast
            report["workers"] = None
    healthy = report["database"] == report["broker"] == "ok"
    return JsonResponse(report, status=200 if healthy else 503)


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
