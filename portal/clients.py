"""Who is asking: the one client identity for throttles, the login lockout and the page cache."""

from django.conf import settings


def client_ip(request) -> str:
    """The one client identity of the portal: the login lockout (django-axes), the API throttle,
    the export throttle and the page cache's per-client bound all use it.

    REMOTE_ADDR, or behind settings.TRUSTED_PROXY_COUNT proxies the address the outermost trusted
    proxy saw: counted from the right of X-Forwarded-For, the part the proxies appended, which a
    client cannot forge (whatever it sends itself stays on the left). With fewer entries than
    proxies the header did not come through the proxies, and REMOTE_ADDR is used."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
