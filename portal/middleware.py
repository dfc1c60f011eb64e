"""Response headers and failure handling for every page."""

import logging
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string

logger = logging.getLogger("portal.availability")

# Errors that mean "the database cannot be reached", not "this query is wrong".
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def maintenance_response() -> HttpResponse:
    """The Chinese 503 page. Rendered without a request: no context processor may touch the database."""
    response = HttpResponse(render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


def _driver_errors() -> tuple[type, ...]:
    """The database driver's own connection errors: a few code paths (closing a server-side
    cursor, for one) let psycopg's OperationalError through without Django's wrapper."""
    from django.db import connections

    found = []
    for alias in connections:
        database = getattr(connections[alias], "Database", None)
        found += [getattr(database, name) for name in ("OperationalError", "InterfaceError") if hasattr(database, name)]
    return tuple(found)


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether this exception, or one it was raised from, means the database cannot be reached."""
    unavailable = UNAVAILABLE_ERRORS + _driver_errors()
    for _ in range(5):  # the exception and a few of its causes
        if error is None:
            return False
        if isinstance(error, unavailable):
            return True
        error = error.__cause__ or error.__context__
    return False


class RequestSizeLimitMiddleware:
    """A request body over settings.MAX_REQUEST_BYTES is refused with a Chinese 413 from its
    Content-Length, before anything reads it (Django's own limits apply to form fields, not to
    files). The proxy in front has the same limit (client_max_body_size in docker/nginx.conf)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_REQUEST_BYTES // 1024 // 1024
            message = f"提交的内容过大（约 {length / 1024 / 1024:.0f} MB），上限为 {limit} MB：请拆分文件后分批上传。"
            response = HttpResponse(
                render_to_string("400.html", {"message": message}, request=request),
                status=413,
                content_type="text/html; charset=utf-8",
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class StripNulMiddleware:
    """NUL characters are removed from the query string before any view reads it, and a path
    holding one is a 400 with a Chinese page.

    No page has a use for NUL, and PostgreSQL refuses it in a text parameter: an admin list
    filter or search with %00 in it was a 500. Other control characters are harmless in a query
    (searches drop them, see catalog.search.parse_terms) and are never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponse(render_to_string("400.html", request=request), status=400)
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            pairs = parse_qsl(query, keep_blank_values=True)
            request.META["QUERY_STRING"] = urlencode([(k.replace("\x00", ""), v.replace("\x00", "")) for k, v in pairs])
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with the maintenance page, not a 500.

    Recovery needs nothing here: with CONN_HEALTH_CHECKS, the next request checks its persistent
    connection and opens a new one once the database is back. Failures raised by other
    middleware (sessions, auth) reach `portal.urls.handler500`, which gives the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.error("database unavailable: %s", exception.__class__.__name__, extra={"path": request.path})
        return maintenance_response()


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header from settings.CONTENT_SECURITY_POLICY.

    The policy allows no inline script or style: templates load /static/ files only.
    CSP_REPORT_ONLY=1 in the environment sends it as Content-Security-Policy-Report-Only.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header_value = "; ".join(
            f"{directive} {' '.join(sources)}" for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )
        self.header_name = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(self.header_name, self.header_value)
        return response


# Text worth compressing: pages, API JSON, Atom feeds, CSV exports, the API schema.
COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/vnd.oai.openapi",
    "application/atom+xml",
    "application/rss+xml",
    "application/xml",
    "application/javascript",
    "image/svg+xml",
)


class CompressTextMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text responses only (see docs/deploy.md, "Compression").

    XLSX, PDF, images and other already-compressed bodies are sent as they are: gzip would cost
    CPU and save nothing. BREACH: forms carry Django's CSRF token masked anew on every response
    (the secret never appears twice the same), the session id travels only in a cookie, and
    Django's gzip adds 0–100 random bytes to each response ("Heal the BREACH") — so pages with
    forms are compressed too.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
