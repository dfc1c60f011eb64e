"""A small per-client limiter for exports, kept in Django's cache.

Two limits: how many exports one client may run at once (and all clients together, so
exports cannot take every worker), and how many it may start per minute. The counters
live in the default cache; with several worker processes that cache must be shared
(database or Redis cache), or each process counts on its own.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

SLOT_TIMEOUT = 15 * 60  # a crashed worker's slot is forgotten after this many seconds


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def client_key(request) -> str:
    """The client's address: REMOTE_ADDR, or a header a trusted proxy sets (settings.EXPORT_CLIENT_IP_HEADER)."""
    header = getattr(settings, "EXPORT_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")) or "unknown"


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
    """Take an export slot for this client, or raise Throttled with a Chinese message."""
    client = client_key(request)
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
