"""Browser tests: Python Playwright driving Debian's Chromium against pytest-django's live_server."""

from pathlib import Path

import pytest

from tests.catalog.conftest import world  # noqa: F401  (the shared sample data)

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
    sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright：浏览器测试已跳过。")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures
    # (data set-up and the flush afterwards) are still synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
