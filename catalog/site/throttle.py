"""A small per-client limiter for exports, kept in Django's cache.

Two limits: how many exports one client may run at once (and all clients together, so
exports cannot take every worker), and how many it may start per minute. The counters
live in the default cache; with several worker processes that cache must be shared
(database or Redis cache), or each process counts on its own.

The client is `portal.auth.client_ip` (the one client identity, honouring TRUSTED_PROXY_COUNT).
When the cache is unreachable (Redis down) the export is allowed, unthrottled: a cache outage
must not turn into an error page.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from portal.clients import client_ip

logger = logging.getLogger("catalog.throttle")

SLOT_TIMEOUT = 15 * 60  # a crashed worker's slot is forgotten after this many seconds


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class Throttled(Exception):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _incr(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _decr(key: str) -> None:
    try:
        if cache.decr(key) < 0:
            cache.set(key, 0, SLOT_TIMEOUT)
    except ValueError:
        pass
    except Exception as error:  # cache down: nothing to give back
        logger.warning("export throttle cache unavailable: %s", error.__class__.__name__)


@dataclass
class Slot:
    keys: tuple[str, ...]
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            for key in self.keys:
                _decr(key)


def acquire(request) -> Slot:
    """Take an export slot for this client, or raise Throttled with a Chinese message.

    With the cache unreachable the export goes ahead unthrottled (an empty slot)."""
    try:
        return _acquire(request)
    except Throttled:
        raise
    except Exception as error:
        logger.warning("export throttle cache unavailable, allowing: %s", error.__class__.__name__)
        return Slot(())


def _acquire(request) -> Slot:
    client = client_ip(request) or "unknown"
    per_minute = _setting("EXPORT_RATE_PER_MINUTE", 20)
    if _incr(f"exports:rate:{client}", 60) > per_minute:
        raise Throttled(f"导出过于频繁：每分钟最多 {per_minute} 次，请稍后再试。", retry_after=60)
    mine, everyone = f"exports:active:{client}", "exports:active"
    per_client = _setting("EXPORT_MAX_CONCURRENT_PER_CLIENT", 1)
    overall = _setting("EXPORT_MAX_CONCURRENT", 2)
    if _incr(mine, SLOT_TIMEOUT) > per_client:
        _decr(mine)
        raise Throttled(f"您已有 {per_client} 个导出正在进行，请等它完成后再试。", retry_after=30)
    if _incr(everyone, SLOT_TIMEOUT) > overall:
        _decr(everyone)
        _decr(mine)
        raise Throttled("当前导出请求较多，请稍后再试。", retry_after=30)
    return Slot((mine, everyone))
