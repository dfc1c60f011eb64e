"""The primary/replica router: public reads go to the replica, staff, writes and transactions to the primary."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connections
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import RequestFactory

from catalog.models import Item
from portal import db_router
from portal.db_router import REPLICA, PrimaryReplicaRouter, ReplicaForPublicReadsMiddleware
from portal.middleware import maintenance_response


@pytest.fixture
def replica_alias(tmp_path):
    """A "replica" connection. It starts as a SQLite file in a directory that does not exist, so
    connecting to it fails the way a stopped replica does; `configure(path)` points it elsewhere.
    The connection is set on the handler without a settings entry, so Django's test case does not
    fence it off as a database the test did not ask for."""

    def drop():
        if hasattr(connections._connections, REPLICA):
            connections[REPLICA].close()
            del connections[REPLICA]

    def configure(name):
        drop()
        config = connections.configure_settings(
            {"default": {}, REPLICA: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(name)}}
        )[REPLICA]
        connections[REPLICA] = load_backend(config["ENGINE"]).DatabaseWrapper(config, REPLICA)

    configure(tmp_path / "stopped" / "replica.sqlite3")
    db_router._replica_down_until = 0.0
    try:
        yield configure
    finally:
        drop()
        db_router._replica_down_until = 0.0


def route_during(request):
    """Which database a read of Item would use while `request` is being handled."""
    seen = {}

    def view(req):
        seen["read"] = PrimaryReplicaRouter().db_for_read(Item)
        return HttpResponse()

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
def test_reads_follow_the_kind_of_request(method, path, cookies, expected, replica_alias):
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
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, "
        "'portal.db_router.ReplicaForPublicReadsMiddleware' in s.MIDDLEWARE)"
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


def test_replica_uses_the_primarys_session_settings_and_a_short_connect_timeout():
    code = "from django.conf import settings as s; print(s.DATABASES['replica']['OPTIONS'])"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env.update(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/portal",
        PG_PARALLEL_WORKERS="1",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == (
        "{'options': '-c jit=off -c max_parallel_workers_per_gather=1 -c random_page_cost=1.1', 'connect_timeout': 2}"
    ), out.stderr


def reads_during(*requests):
    """Serve `requests` through the middleware with a view that reads as a page does (one query on
    the routed database) and answers 503 when that database cannot be reached, as
    DatabaseUnavailableMiddleware would. Returns the responses and, per view call, the database."""
    calls = []

    def view(request):
        alias = PrimaryReplicaRouter().db_for_read(Item)
        calls.append(alias)
        if alias == REPLICA:
            try:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM catalog_item")
            except OperationalError:
                return maintenance_response()
        return HttpResponse("页面")

    middleware = ReplicaForPublicReadsMiddleware(view)
    return [middleware(request) for request in requests], calls


def test_a_stopped_replica_is_read_from_the_primary_then_left_alone_for_a_while(
    django_db_blocker, settings, replica_alias
):
    settings.REPLICA_RETRY_SECONDS = 60
    get = RequestFactory().get
    with django_db_blocker.unblock():
        responses, calls = reads_during(get("/"), get("/items/1/"))
    assert [r.status_code for r in responses] == [200, 200]
    # first request: tried the replica, failed, answered again from the primary;
    # second request: straight to the primary, the replica is not tried again yet
    assert calls == ["replica", "default", "default"]
    assert db_router.replica_marked_down()


def test_after_the_retry_interval_the_replica_is_tried_again(django_db_blocker, settings, replica_alias, tmp_path):
    settings.REPLICA_RETRY_SECONDS = 60
    get = RequestFactory().get
    with django_db_blocker.unblock():
        reads_during(get("/"))
        assert db_router.replica_marked_down()
        # the replica is back (a database with the table), and the interval has passed
        replica_alias(tmp_path / "replica.sqlite3")
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("CREATE TABLE catalog_item (id integer)")
        db_router._replica_down_until = 0.0
        responses, calls = reads_during(get("/"))
    assert responses[0].status_code == 200
    assert calls == ["replica"]


def test_a_query_that_fails_on_a_reachable_replica_is_answered_from_the_primary(
    django_db_blocker, replica_alias, tmp_path
):
    # e.g. a query cancelled by a conflict with recovery: the replica itself is fine
    replica_alias(tmp_path / "empty.sqlite3")  # no catalog_item table: the query fails
    with django_db_blocker.unblock():
        responses, calls = reads_during(RequestFactory().get("/"))
    assert responses[0].status_code == 200
    assert calls == ["replica", "default"]
    assert not db_router.replica_marked_down()


def test_failures_that_do_not_come_from_the_replica_are_not_retried(replica_alias):
    calls = []

    def failing_view(request):
        calls.append(PrimaryReplicaRouter().db_for_read(Item))
        return maintenance_response()  # e.g. the primary is down

    for request in (RequestFactory().get("/"), RequestFactory().post("/search/")):
        assert ReplicaForPublicReadsMiddleware(failing_view)(request).status_code == 503
    assert calls == ["replica", "default"]  # each view ran once
    assert not db_router.replica_marked_down()


def test_replica_position_check_outside_public_reads_and_without_a_replica():
    # not a public read (management command, staff, writes): what was read came from the primary
    assert db_router.replica_has_reached("0/3000148") is True
    assert db_router.replica_has_reached(None) is True
    assert db_router.primary_position() is None  # no replica configured


def test_a_replica_that_cannot_say_how_far_it_is_counts_as_behind(django_db_blocker, replica_alias):
    seen = {}

    def view(request):
        seen["reached"] = db_router.replica_has_reached("0/3000148")
        return HttpResponse()

    with django_db_blocker.unblock():
        ReplicaForPublicReadsMiddleware(view)(RequestFactory().get("/"))
    assert seen["reached"] is False  # the replica is unreachable here
