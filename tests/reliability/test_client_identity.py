"""One client identity (portal.clients.client_ip) for every throttle, the login lockout and the
page cache's per-client bound; and the throttles allow, unthrottled, when Redis is down."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

PROXY = "127.0.0.1"  # nginx, as the portal sees it behind TRUSTED_PROXY_COUNT=1


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_rate(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


def api(client, forwarded, remote="10.9.9.9"):
    return client.get("/api/items/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote).status_code


def test_a_fresh_forwarded_header_each_time_does_not_step_around_the_api_throttle(client, db, api_rate, settings):
    settings.TRUSTED_PROXY_COUNT = 0  # direct clients: the header is the client's own invention
    statuses = [api(client, f"203.0.113.{n}") for n in range(6)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429, 429]


def test_behind_one_proxy_the_api_throttle_keys_on_the_address_nginx_appended(client, db, api_rate, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forged = [api(client, f"198.51.100.{n}, 192.0.2.7", remote=PROXY) for n in range(4)]
    assert forged[3] == 429  # the forged left part changes, the client does not
    assert api(client, "192.0.2.8", remote=PROXY) == 200  # another citizen behind the same nginx


def export(client, forwarded):
    return client.get("/exports/items.csv", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=PROXY)


def test_behind_nginx_each_citizen_has_their_own_export_limit(client, published_item, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.EXPORT_RATE_PER_MINUTE = 2
    for _ in range(2):
        response = export(client, "192.0.2.1")
        assert response.status_code == 200
        b"".join(response.streaming_content)  # the test client closes it (releasing the slot) at the end
    assert export(client, "spoofed, 192.0.2.1").status_code == 429
    # Before: every citizen behind nginx was REMOTE_ADDR 127.0.0.1, one shared limit.
    other = export(client, "192.0.2.2")
    assert other.status_code == 200
    b"".join(other.streaming_content)


def test_spoofed_forwarding_headers_do_not_escape_the_login_lockout(client, settings, django_user_model):
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_superuser("editor", "editor@example.gov.cn", "a-long-passphrase-1")
    statuses = [
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.1.1.{n}, 192.0.2.9",
            REMOTE_ADDR=PROXY,
        ).status_code
        for n in range(settings.AXES_FAILURE_LIMIT + 2)
    ]
    assert statuses[-1] == 429


@pytest.fixture
def redis_down(settings):
    """A Redis cache on a port where nothing listens: every cache call fails at once."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    yield


@pytest.mark.parametrize(
    "url",
    [
        "/api/items/",
        "/api/catalogues/",
        "/exports/items.csv",
        "/exports/items.json",
        "/",
        "/search/?q=低保",
        "/feeds/items.atom",
    ],
)
def test_with_redis_down_api_exports_and_pages_answer_uncached(client, published_item, redis_down, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    if response.streaming:
        b"".join(response.streaming_content)
