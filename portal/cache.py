"""Cache of anonymous public pages, dropped at once when catalogue data changes.

Every cached page is stored under a key holding the current *pages version*. Any save, delete
or many-to-many change of a `catalog` model (items, catalogues, domains, vocabularies…) sets a
new version once its transaction commits, so every page cached before the edit stops being
found: an edit shows on the next request, on every worker and app server sharing the cache.
Code that writes without signals (`QuerySet.update`, `bulk_create`, raw SQL) calls
`invalidate_pages()` itself.

With Redis down the portal serves uncached pages; a cache error never becomes an error page.
"""

import hashlib
import logging
import threading
import uuid
import weakref

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict

from portal.clients import client_ip
from portal.db_router import primary_position, replica_has_reached

logger = logging.getLogger("portal.cache")

VERSION_KEY = "pages:version"
CACHED_APPS = {"catalog"}


def _cache_call(method, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception as error:  # a cache outage must not take pages down
        logger.warning("page cache unavailable: %s", error.__class__.__name__)
        raise _CacheDown from error


class _CacheDown(Exception):
    pass


def pages_version() -> str:
    """The current pages version, created on first use (and after Redis lost it)."""
    version = _cache_call("get", VERSION_KEY)
    if version is None:
        _cache_call("add", VERSION_KEY, uuid.uuid4().hex, None)
        version = _cache_call("get", VERSION_KEY)
    return version


def invalidate_pages() -> None:
    """Forget every cached page now (cheap: old entries are simply never read again and expire).

    With a read replica, the version also holds the primary's WAL position after the change
    ("<uuid>@<lsn>"): what is computed from the replica is stored under it only once the replica
    has replayed that far (`_current_enough`)."""
    version = uuid.uuid4().hex
    try:
        position = primary_position()
    except DatabaseError:
        position = None
    if position:
        version += f"@{position}"
    try:
        _cache_call("set", VERSION_KEY, version, None)
    except _CacheDown:
        pass


def _current_enough(version: str) -> bool:
    """Whether what this request read may be cached under `version` (see invalidate_pages)."""
    return replica_has_reached(version.partition("@")[2] or None)


# This thread's queued invalidation (a weak reference to the on-commit callback). Only the
# transaction's list of callbacks holds the callback: when the transaction commits it runs and
# clears this; when it rolls back Django drops the callback, the reference reads None, and the
# next write queues a new one. No private state of Django's connection is read.
_queued = threading.local()


def invalidate_pages_on_commit(**kwargs) -> None:
    """Signal receiver: invalidate once the writing transaction commits, once per transaction.

    Not before the commit: a page rendered from the old rows and stored under the new version
    would otherwise stay stale. Once: a 100,000-item import must not set the version 100,000 times.
    """
    sender = kwargs.get("sender")
    if sender is not None and sender._meta.app_label not in CACHED_APPS:
        return
    queued = getattr(_queued, "callback", None)
    if queued is not None and queued() is not None:
        return  # this transaction will invalidate on commit already

    def invalidate_once_committed():
        _queued.callback = None
        invalidate_pages()

    _queued.callback = weakref.ref(invalidate_once_committed)
    transaction.on_commit(invalidate_once_committed)


def connect_invalidation() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(invalidate_pages_on_commit, dispatch_uid=f"portal.cache.{signal!r}")


def versioned(name: str, compute, timeout: int | None = None):
    """Cache `compute()` (e.g. facet counts) under `name` until the next data change.

    Switched by settings.DATA_CACHE_SECONDS, which follows PAGE_CACHE_SECONDS unless set: the
    two are apart so that pages can be rendered per request with only their aggregates cached.
    """
    if timeout is None:
        timeout = settings.DATA_CACHE_SECONDS
        timeout = settings.PAGE_CACHE_SECONDS if timeout is None else timeout
    if not timeout:
        return compute()
    try:
        version = pages_version()
        key = f"data:{version}:{name}"
        value = _cache_call("get", key)
        if value is None:
            value = compute()
            if _current_enough(version):
                _cache_call("set", key, value, timeout)
        return value
    except _CacheDown:
        return compute()


# kept_in_process: the pages version the values below were computed under, and the values.
_process_values: dict = {"version": None, "values": {}}
_process_lock = threading.Lock()
# More names than this under one version (a value per region, say) and the oldest are dropped.
PROCESS_VALUES_LIMIT = 2_000


def kept_in_process(name: str, compute):
    """`compute()` kept in this process's memory until the next data change (a new pages version).

    For small values every page reads (the search form's options, the synonym table, the words a
    search that found nothing is relaxed with): on a hit they cost one read of the version from
    the shared cache instead of their statements, and nothing is unpickled. Switched by
    settings.PROCESS_DATA_CACHE, on where the version is shared by every process (Redis); with a
    per-process cache an edit made in another worker would not reach this one, so there the
    value is computed every time. Values are shared by the requests of this process: never
    mutate one.
    """
    if not settings.PROCESS_DATA_CACHE:
        return compute()
    try:
        version = pages_version()
    except _CacheDown:
        return compute()
    if version is None:
        return compute()
    with _process_lock:
        if _process_values["version"] == version and name in _process_values["values"]:
            return _process_values["values"][name]
    value = compute()
    if _current_enough(version):
        with _process_lock:
            if _process_values["version"] != version:
                _process_values["version"], _process_values["values"] = version, {}
            values = _process_values["values"]
            values[name] = value
            while len(values) > PROCESS_VALUES_LIMIT:
                del values[next(iter(values))]
    return value


def page_variant(request) -> str:
    """Which rendering of the URL this request gets, for pages that differ by more than the URL.

    A middleware earlier in the chain names it in `request.page_cache_variant` (长者模式 is a
    cookie, not the URL: catalog.site.elder.VaryOnElderCookieMiddleware sets "elder" or
    "normal"); each variant is cached apart.
    """
    return getattr(request, "page_cache_variant", "")


def page_params(*names: str):
    """Declare the query parameters a view reads: its cached pages are keyed on these alone.

        @page_params("page")
        def region(request, code): ...

    Any other parameter is dropped from request.GET before the view runs (for visitors served
    through the page cache), so what is cached depends on nothing the key does not hold, and
    junk parameters cannot create new entries. A view class (a Feed, a DRF view) may set the
    attribute `page_cache_params` instead. Views that declare nothing are keyed on their whole
    query string, normalised.
    """

    def decorate(view):
        view.page_cache_params = frozenset(names)
        return view

    return decorate


def declared_params(view) -> frozenset | None:
    for holder in (view, getattr(view, "cls", None), getattr(view, "view_class", None)):
        params = getattr(holder, "page_cache_params", None)
        if params is not None:
            return frozenset(params)
    return None


def normalised_query(query: QueryDict, params: frozenset | None) -> QueryDict:
    """The query the page is rendered from and keyed on: only the declared parameters (all of them
    when none are declared), values stripped, empty values dropped, in a fixed order."""
    kept = QueryDict(mutable=True)
    for name in sorted(query):
        if params is not None and name not in params:
            continue
        values = sorted({value.strip() for value in query.getlist(name)} - {""})
        if values:
            kept.setlist(name, values)
    kept._mutable = False
    return kept


def client_may_store(request) -> bool:
    """The per-client bound: at most settings.PAGE_CACHE_STORES_PER_CLIENT new entries a minute.

    Beyond it the client's pages are served uncached, so one client sending endless distinct
    searches cannot flood the cache (and push out other entries)."""
    limit = settings.PAGE_CACHE_STORES_PER_CLIENT
    if not limit:
        return True
    key = f"pages:stores:{client_ip(request) or 'unknown'}"
    _cache_call("add", key, 0, 60)
    try:
        return _cache_call("incr", key) <= limit
    except _CacheDown as down:
        if isinstance(down.__cause__, ValueError):  # expired between add and incr
            return True
        raise


class AnonymousPageCacheMiddleware:
    """Serves GET pages to visitors without a session from the cache (settings.PAGE_CACHE_SECONDS).

    Keyed on host, path and the query parameters the view declares (`page_params`), normalised;
    the lookup happens once the URL is resolved (process_view), so the key knows the view. Only
    plain 200 responses that set no cookie are stored: pages with a CSRF token, a session or a
    message are never shared between visitors. Each client may add a bounded number of entries
    a minute (`client_may_store`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not self._cacheable_request(request):
            return self.get_response(request)
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(request, "_page_cache_hit", False) or not self._cacheable_response(response):
            return response
        headers = [(name, value) for name, value in response.items() if name.lower() != "x-page-cache"]
        try:
            if _current_enough(request._page_cache_version) and client_may_store(request):
                _cache_call("set", key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        except _CacheDown:
            pass
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_SECONDS or not self._cacheable_request(request):
            return None
        query = normalised_query(request.GET, declared_params(view_func))
        request.GET = query  # the view and its links see exactly what the key holds
        request.META["QUERY_STRING"] = query.urlencode()
        try:
            request._page_cache_version = version = pages_version()
            key = "page:%s:%s:%s" % (
                version,
                page_variant(request),
                hashlib.sha256(f"{request.get_host()}{request.path}?{query.urlencode()}".encode()).hexdigest(),
            )
            cached = _cache_call("get", key)
        except _CacheDown:
            return None
        request._page_cache_key = key
        if cached is None:
            return None
        request._page_cache_hit = True
        status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _cacheable_request(request) -> bool:
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
            and not request.path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        )

    @staticmethod
    def _cacheable_response(response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )
