"""PostgreSQL primary + read replica: public page reads from the replica, everything else from the primary.

Off by default. With DATABASE_REPLICA_URL set, settings add a "replica" database, this router and
`ReplicaForPublicReadsMiddleware`. Only anonymous GET/HEAD requests outside /admin/ read from the
replica; staff (who must see their own edits at once, whatever the replication lag), every write,
every transaction and every management command use the primary.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_public_read = ContextVar("portal_public_read", default=False)


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


class ReplicaForPublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
