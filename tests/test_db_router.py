"""The primary/replica router: public reads go to the replica, staff, writes and transactions to the primary."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from catalog.models import Item
from portal.db_router import PrimaryReplicaRouter, ReplicaForPublicReadsMiddleware


def route_during(request):
    """Which database a read of Item would use while `request` is being handled."""
    seen = {}

    def view(req):
        seen["read"] = PrimaryReplicaRouter().db_for_read(Item)
        return None

    ReplicaForPublicReadsMiddleware(view)(request)
    return seen["read"]


@pytest.mark.parametrize(
    "method,path,cookies,expected",
    [
        ("get", "/", {}, "replica"),
        ("get", "/items/1/", {}, "replica"),
        ("get", "/admin/catalog/item/", {}, "default"),
        ("get", "/", {"sessionid": "abc"}, "default"),  # signed-in staff see their own edits
        ("post", "/admin/login/", {}, "default"),
    ],
)
def test_reads_follow_the_kind_of_request(method, path, cookies, expected):
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    assert route_during(request) == expected


def test_outside_requests_everything_uses_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Item) == "default"
    assert router.db_for_write(Item) == "default"
    assert router.allow_migrate("default", "catalog") is True
    assert router.allow_migrate("replica", "catalog") is False


def test_replica_is_configured_only_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, 'portal.db_router.ReplicaForPublicReadsMiddleware' in s.MIDDLEWARE)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    run = lambda extra: subprocess.run(  # noqa: E731
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=60,
    )
    off = run({})
    assert off.stdout.strip() == "['default'] [] False", off.stderr
    on = run({"DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/portal"})
    assert on.stdout.strip() == "['default', 'replica'] ['portal.db_router.PrimaryReplicaRouter'] True", on.stderr
