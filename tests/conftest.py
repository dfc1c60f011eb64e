from pathlib import Path

import pytest
from playwright import sync_api

# The one reason a test may be skipped on SQLite; .ci/check_skips.py allows no other.
POSTGRESQL_ONLY = "PostgreSQL only (run with DATABASE_URL=postgres://…, e.g. make test-pg)"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` are skipped on SQLite, with POSTGRESQL_ONLY as the reason."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=POSTGRESQL_ONLY)
    for item in items:
        if item.get_closest_marker("postgresql"):
            item.add_marker(skip)


@pytest.fixture
def vocabulary(db):
    """The vocabularies the data migration creates (channels, levels, standard domains)."""
    from catalog.models import Channel, Domain, Level

    return {"channels": Channel.objects.all(), "levels": Level.objects.all(), "domains": Domain.objects.all()}


@pytest.fixture
def published_item(db):
    """One published item in a small catalogue (for pages, caches and headers)."""
    from catalog.models import Catalogue, Domain, Item, Region, Section

    region = Region.objects.create(code="test-county", name="测试县", level=Region.Level.COUNTY)
    catalogue = Catalogue.objects.create(slug="test-catalogue", title="测试县政务公开标准目录", region=region)
    domain = Domain.objects.order_by("pk").first()
    section = Section.objects.create(catalogue=catalogue, domain=domain, position=1)
    return Item.objects.create(
        catalogue=catalogue,
        section=section,
        domain=domain,
        position=1,
        level1="最低生活保障",
        content="申请条件、办理流程",
        status=Item.Status.PUBLISHED,
    )


# Browser tests (tests/browser, tests/deadlines/test_browser_calculator.py): Python Playwright
# driving Debian's Chromium against pytest-django's live_server.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip("未找到 /usr/bin/chromium：浏览器测试已跳过（Debian 上可用 apt-get install chromium 安装）。")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures
    # (data set-up and the flush afterwards) are still synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Stored files (the originals of imported catalogues) go to a temporary folder, never into the project."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield
