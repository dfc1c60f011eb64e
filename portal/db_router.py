"""PostgreSQL primary + read replica: public page reads from the replica, everything else from the primary.

Off by default. With DATABASE_REPLICA_URL set, settings add a "replica" database, this router and
`ReplicaForPublicReadsMiddleware`. Only anonymous GET/HEAD requests outside /admin/ read from the
replica; staff (who must see their own edits at once, whatever the replication lag), every write,
every transaction and every management command use the primary.

A replica that fails does not take the public pages down: a public read that failed on the replica
is answered again from the primary, and while the replica cannot be reached (connection refused,
timed out, dropped) this process sends public reads to the primary for `REPLICA_RETRY_SECONDS`
before it tries the replica again. bench/replica_check.py shows all of this on a real replica.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
_public_read = ContextVar("portal_public_read", default=False)
# Until this time (time.monotonic()), the replica is treated as down by this process.
_replica_down_until = 0.0

logger = logging.getLogger("portal.availability")


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def primary_position() -> str | None:
    """The primary's WAL position now, when public reads may come from a replica (else None).

    portal.cache stamps it on each new pages version: a page or aggregate computed from the
    replica is cached only once the replica has replayed that far (`replica_has_reached`)."""
    if REPLICA not in connections or connections["default"].vendor != "postgresql":
        return None
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return cursor.fetchone()[0]


def replica_has_reached(position: str | None) -> bool:
    """Whether what this request has read is at least as new as the primary was at `position`.

    Always, unless this request reads from a replica that has not yet replayed up to `position`
    (or cannot tell). A replica behind an edit would otherwise put the old data into the cache
    under the version the edit created, for as long as the cache keeps it."""
    if not position or not _public_read.get() or connections["default"].in_atomic_block:
        return True
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() >= %s::pg_lsn ELSE true END",
                [position],
            )
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        return False


def replica_marked_down() -> bool:
    return time.monotonic() < _replica_down_until


def mark_replica_down() -> None:
    global _replica_down_until
    _replica_down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS


class ReplicaForPublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not replica_marked_down()
        )
        if not public:
            return self._respond(request, public=False)

        replica = connections[REPLICA]
        # Django sets this flag on any database error except DataError/IntegrityError and clears it
        # only on a successful connect or health check; start each request with it clear.
        replica.errors_occurred = False
        response = self._respond(request, public=True)
        if response.status_code < 500 or response.streaming or not replica.errors_occurred:
            return response
        # The replica failed this read: unreachable, or a query cancelled by a conflict with
        # recovery. A GET changes nothing, so it is answered again from the primary.
        unreachable = replica.connection is None or not replica.is_usable()
        if unreachable:
            mark_replica_down()
        logger.warning(
            "replica %s: read again from the primary%s",
            "unreachable" if unreachable else "query failed",
            f" for the next {settings.REPLICA_RETRY_SECONDS:g} s" if unreachable else "",
            extra={"path": request.path},
        )
        return self._respond(request, public=False)

    def _respond(self, request, public: bool):
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
