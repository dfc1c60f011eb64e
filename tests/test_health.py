"""/healthz (process up), /readyz (database reachable), and the 503 page when the database is down."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper


def unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def database_down(db):
    """Every new cursor fails as it does while PostgreSQL restarts."""
    with mock.patch.object(BaseDatabaseWrapper, "cursor", unreachable):
        yield


def test_healthz_answers_without_the_database(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readyz_is_503_when_the_database_is_down(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_public_page_is_a_chinese_maintenance_page_when_the_database_is_down(client, database_down):
    response = client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "系统维护中" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response


def test_database_failure_in_a_middleware_also_gives_the_maintenance_page(client, database_down):
    # A session cookie makes the session/auth middleware query the database before any view runs.
    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/admin/")
    assert response.status_code == 503
    assert "系统维护中" in response.content.decode()


@pytest.mark.django_db
def test_pages_recover_when_the_database_is_back(client):
    with mock.patch.object(BaseDatabaseWrapper, "cursor", unreachable):
        assert client.get("/").status_code == 503
    assert client.get("/").status_code == 200


def test_other_errors_are_not_disguised_as_maintenance(client, db, settings):
    from django.db import IntegrityError

    from portal.middleware import is_database_unavailable

    assert not is_database_unavailable(IntegrityError("duplicate key"))
    assert not is_database_unavailable(ValueError("x"))
    assert is_database_unavailable(OperationalError("server closed the connection unexpectedly"))
    assert not is_database_unavailable(None)


@pytest.mark.django_db
def test_a_raw_driver_error_also_gives_the_maintenance_page(client):
    """Seen in bench/fault.py: closing a server-side cursor while PostgreSQL restarts raises the
    driver's own OperationalError, not Django's wrapped one."""
    from django.db import connection

    from portal.middleware import is_database_unavailable

    raw = connection.Database.OperationalError("consuming input failed: server closed the connection unexpectedly")
    assert is_database_unavailable(raw)

    def failing(*args, **kwargs):
        raise raw

    with mock.patch.object(BaseDatabaseWrapper, "cursor", failing):
        response = client.get("/")
    assert response.status_code == 503
    assert "系统维护中" in response.content.decode()
