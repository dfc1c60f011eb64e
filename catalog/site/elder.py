"""长者模式 (elder mode): larger text, higher contrast, simpler layout; no JavaScript needed.

The header link points to `elder_switch`, which sets or clears a cookie and redirects back
to the page the citizen came from. `next` is only followed when it is a local path, so
the switch cannot be used as an open redirect.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

COOKIE = "elder_mode"
MAX_AGE = 365 * 24 * 3600


def is_elder(request) -> bool:
    return request.COOKIES.get(COOKIE) == "1"


def safe_next(request) -> str:
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("catalog:home")


@require_GET
def elder_switch(request):
    response = HttpResponseRedirect(safe_next(request))
    if request.GET.get("on") == "1":
        response.set_cookie(COOKIE, "1", max_age=MAX_AGE, samesite="Lax", httponly=True, secure=request.is_secure())
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response


class VaryOnElderCookieMiddleware:
    """Pages differ by the elder-mode cookie: tell caches (and any CDN in front) so, and name
    the variant for the portal's page cache (portal.cache.page_variant), which runs after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import patch_vary_headers

        request.page_cache_variant = "elder" if is_elder(request) else "normal"
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["Cookie"])
        return response
