"""Project-level error views."""

import sys

from django.views.defaults import server_error as django_server_error

from portal.middleware import is_database_unavailable, maintenance_response


def server_error(request, template_name="500.html"):
    """500 handler that answers 503 with the maintenance page when the cause was the database
    being unreachable in a middleware (a session or user lookup), where no view could catch it."""
    if is_database_unavailable(sys.exc_info()[1]):
        return maintenance_response()
    return django_server_error(request, template_name=template_name)
