"""Admin login throttling (django-axes) and Argon2 password hashing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher

PASSWORD = "a-long-passphrase-1"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.gov.cn", PASSWORD)


def admin_login(client, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


def test_new_passwords_are_hashed_with_argon2(staff):
    assert identify_hasher(staff.password).algorithm == "argon2"


def test_admin_login_works(client, staff):
    response = admin_login(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_test_client_login_still_works(client, staff):
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_repeated_failures_lock_the_admin_login(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "wrong").status_code == 200  # the form again, with an error
    locked = admin_login(client, "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    # Locked means locked: even the right password is refused now.
    assert admin_login(client, PASSWORD).status_code == 429
    # Another address is not locked out (lockout is by username and address).
    assert admin_login(client, PASSWORD, address="10.0.0.2").status_code == 302


def test_client_address_behind_trusted_proxies(rf, settings):
    from portal.clients import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1  # nginx appended 1.2.3.4; 6.6.6.6 was sent by the client
    assert client_ip(request) == "1.2.3.4"
