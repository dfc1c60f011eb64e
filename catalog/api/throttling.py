"""The API's rate limit: DRF's anonymous throttle keyed on the portal's one client identity.

DRF's own `get_ident` trusts the whole client-supplied X-Forwarded-For unless NUM_PROXIES is
set, so a client sending a fresh value each time was never limited; this keys on
`portal.auth.client_ip` (settings.TRUSTED_PROXY_COUNT) like the login lockout and the exports.
With the cache unreachable (Redis down) requests are allowed rather than answered with a 500.
"""

import logging

from rest_framework.throttling import AnonRateThrottle

from portal.clients import client_ip

logger = logging.getLogger("catalog.throttle")


class ClientRateThrottle(AnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request) or "unknown"

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache is down: allow, unthrottled
            logger.warning("API throttle cache unavailable, allowing: %s", error.__class__.__name__)
            return True
