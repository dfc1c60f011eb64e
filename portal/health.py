"""Health endpoints for Docker, load balancers and monitoring. Never cached, never redirected."""

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a database outage does not get
    healthy app containers killed and restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: the process can serve pages, i.e. the database answers a query."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": error.__class__.__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
