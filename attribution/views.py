"""Views that belong to no interface package: the health check."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found


@require_GET
def health(request):
    """200 when the database answers, 503 otherwise; for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


def not_found(request, exception):
    """API paths answer 404 in the API's error shape; pages get the HTML page."""
    if request.path.startswith("/api/"):
        error = {"status": 404, "code": "not_found", "message": "No such resource."}
        return JsonResponse({"error": error}, status=404)
    return page_not_found(request, exception)
