"""The anonymous page cache: pages are served from it, and an edit shows at once."""

from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction

from catalog.models import Item
from portal.cache import invalidate_pages, versioned


@contextmanager
def committed():
    """Do what COMMIT does to the on-commit callbacks queued in the block: run them and forget
    them. Tests run inside one transaction that never commits, so this stands in for it."""
    yield
    pending, connection.run_on_commit[:] = connection.run_on_commit[:], []
    for _sids, callback, _robust in pending:
        callback()


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_anonymous_pages_are_served_from_the_cache(client, page_cache, published_item):
    first = client.get("/")
    second = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Headers added outside the cache still come with a cached page.
    assert "Content-Security-Policy" in second and second["X-Content-Type-Options"] == "nosniff"


def test_the_parameters_a_page_uses_are_part_of_the_key(client, page_cache, published_item):
    client.get("/laws/?page=1")
    assert client.get("/laws/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/laws/?page=1")["X-Page-Cache"] == "hit"


def test_junk_parameters_do_not_make_new_entries(client, page_cache, published_item):
    """3,000 junk query strings once made 3,000 keys; a page is keyed only on what it reads."""
    statuses = [client.get(f"/?utm={n}")["X-Page-Cache"] for n in range(30)]
    assert statuses == ["miss"] + ["hit"] * 29
    assert client.get("/search/?q=低保&junk=1")["X-Page-Cache"] == "miss"
    assert client.get("/search/?q=低保")["X-Page-Cache"] == "hit"
    # The page is rendered from the parameters it is keyed on: nothing else leaks into its links.
    assert "junk" not in client.get("/search/?q=低保&junk=2").content.decode()


def test_the_query_is_normalised(client, page_cache, published_item):
    assert client.get("/search/?q=低保&domain=&sort=name")["X-Page-Cache"] == "miss"
    assert client.get("/search/?sort=name&q=+低保+")["X-Page-Cache"] == "hit"


def test_one_client_may_add_only_a_bounded_number_of_entries(client, page_cache, published_item, settings):
    settings.PAGE_CACHE_STORES_PER_CLIENT = 3
    stored = [client.get(f"/search/?q=词{n}", REMOTE_ADDR="10.0.0.1").get("X-Page-Cache") for n in range(6)]
    assert stored == ["miss", "miss", "miss", None, None, None]  # served, not stored
    assert client.get("/search/?q=词0", REMOTE_ADDR="10.0.0.1")["X-Page-Cache"] == "hit"  # reading is free
    assert client.get("/search/?q=别的", REMOTE_ADDR="10.0.0.2")["X-Page-Cache"] == "miss"


def test_elder_mode_pages_are_cached_apart_from_normal_ones(client, page_cache, published_item):
    normal = client.get("/")
    client.cookies["elder_mode"] = "1"
    elder = client.get("/")
    assert elder["X-Page-Cache"] == "miss"
    assert elder.content != normal.content
    assert client.get("/")["X-Page-Cache"] == "hit"
    del client.cookies["elder_mode"]
    again = client.get("/")
    assert again["X-Page-Cache"] == "hit" and again.content == normal.content


def test_an_item_edit_shows_at_once(client, page_cache, published_item):
    with committed():
        pass  # the fixture's rows
    item = published_item
    catalogue = item.catalogue
    client.get("/")  # warm the cache
    assert client.get("/")["X-Page-Cache"] == "hit"

    with committed():
        catalogue.title = "改名后的测试目录"
        catalogue.save()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "改名后的测试目录" in response.content.decode()

    with committed():
        item.status = Item.Status.DRAFT
        item.save()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_invalidation_waits_for_the_commit_and_happens_once(
    page_cache, published_item, django_capture_on_commit_callbacks
):
    from portal.cache import pages_version

    with committed():
        pass
    before = pages_version()
    with django_capture_on_commit_callbacks() as queued:
        for position in (2, 3, 4):
            Item.objects.create(
                catalogue=published_item.catalogue,
                section=published_item.section,
                domain=published_item.domain,
                position=position,
            )
        published_item.levels.set([])  # m2m change
        published_item.delete()
    assert pages_version() == before  # nothing before the commit
    assert len(queued) == 1  # once per transaction, however many rows
    with committed():
        pass
    assert pages_version() != before


def test_a_rolled_back_write_leaves_the_next_transaction_to_invalidate(
    page_cache, published_item, django_capture_on_commit_callbacks
):
    from portal.cache import pages_version

    with committed():
        pass
    with pytest.raises(RuntimeError), transaction.atomic():
        Item.objects.filter(pk=published_item.pk).first().save()
        raise RuntimeError("rolled back")
    before = pages_version()
    with django_capture_on_commit_callbacks() as queued:
        published_item.save()
    assert len(queued) == 1
    with committed():
        pass
    assert pages_version() != before


def test_m2m_change_invalidates(page_cache, published_item):
    from catalog.models import Level
    from portal.cache import pages_version

    with committed():
        pass
    before = pages_version()
    with committed():
        published_item.levels.add(Level.objects.first())
    assert pages_version() != before


def test_logged_in_staff_and_admin_are_never_cached(client, page_cache, published_item):
    user = get_user_model().objects.create_superuser("admin", "admin@example.gov.cn", "a-long-passphrase-1")
    client.force_login(user)
    assert "X-Page-Cache" not in client.get("/")
    assert "X-Page-Cache" not in client.get("/admin/")


def test_health_and_errors_are_not_cached(client, page_cache, db):
    assert "X-Page-Cache" not in client.get("/readyz")
    assert "X-Page-Cache" not in client.get("/no-such-page/")


def test_cache_off_by_default_without_redis(client, settings, published_item):
    assert settings.PAGE_CACHE_SECONDS == 0
    assert "X-Page-Cache" not in client.get("/")


def test_a_cache_outage_serves_pages_uncached(client, page_cache, published_item, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_versioned_values_follow_the_pages_version(page_cache):
    calls = []

    def facets():
        calls.append(1)
        return {"社会救助": len(calls)}

    assert versioned("facets", facets) == {"社会救助": 1}
    assert versioned("facets", facets) == {"社会救助": 1}
    invalidate_pages()
    assert versioned("facets", facets) == {"社会救助": 2}


def test_with_a_replica_each_version_carries_the_primarys_wal_position(page_cache, monkeypatch):
    import portal.cache

    monkeypatch.setattr(portal.cache, "primary_position", lambda: "0/3000148")
    invalidate_pages()
    assert portal.cache.pages_version().endswith("@0/3000148")
    monkeypatch.setattr(portal.cache, "primary_position", lambda: None)  # no replica
    invalidate_pages()
    assert "@" not in portal.cache.pages_version()


def test_what_a_lagging_replica_served_is_not_cached(client, page_cache, published_item, monkeypatch):
    """After an edit, a replica that has not replayed it yet gives the old rows: the page must not
    be stored under the edit's version, or the old page would outlive the edit in the cache."""
    import portal.cache

    monkeypatch.setattr(portal.cache, "primary_position", lambda: "0/3000148")
    invalidate_pages()
    asked = []
    reached = False

    def replica_has_reached(position):
        asked.append(position)
        return reached

    monkeypatch.setattr(portal.cache, "replica_has_reached", replica_has_reached)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200 and "X-Page-Cache" not in response  # rendered, not stored
    calls = []
    for _ in range(2):
        versioned("facets", lambda: calls.append(1) or len(calls))
    assert calls == [1, 1]  # computed each time, never stored
    assert set(asked) == {"0/3000148"}
    reached = True
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


@pytest.fixture
def redis_cache(settings):
    """The production backend (Django's RedisCache) on a DB number of our own, if Redis runs here."""
    import redis

    url = "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "portal-test",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_page_cache_on_redis_hits_and_invalidates(client, redis_cache, published_item):
    with committed():
        pass
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    with committed():
        published_item.catalogue.title = "经 Redis 失效的目录"
        published_item.catalogue.save()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "经 Redis 失效的目录" in response.content.decode()
