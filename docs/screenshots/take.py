"""Screenshots of the main public pages at 390 px and 1280 px wide (Playwright + Debian's Chromium),
and of the page types of tests/browser/test_widths.py at 1024 px and in 长者模式 on a 390 px phone.

    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8301 docs/screenshots

Run against a server with the seed data loaded (migrate + load_seed). Very long pages are
cut at MAX_HEIGHT pixels to keep the files small; JPEG for the same reason.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

MAX_HEIGHT = 1600
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = [
    ("01-home", "/"),
    ("02-region", "/regions/aershan/"),
    ("03-catalogue", "/catalogues/aershan-zhen-2022/"),
    ("04-catalogue-domain", "/catalogues/aershan-zhen-2022/shehui-jiuzhu/"),
    ("05-domain-all-catalogues", "/domains/shehui-baoxian/"),
    ("06-item", "/items/29/"),
    ("07-search", "/search/?q=救助"),
    ("08-search-filtered", "/search/?q=救助&domain=shehui-jiuzhu&audience=public"),
    ("09-search-empty", "/search/?q=不存在的事项&domain=shehui-jiuzhu"),
    ("10-laws", "/laws/"),
    ("11-law", "/laws/12/"),
    ("12-publishers", "/publishers/"),
    ("13-publisher", "/publishers/17/"),
    ("14-not-found", "/items/999999/"),
    ("15-statistics", "/statistics/"),
]
# Also at 1024 px and in 长者模式 at 390 px: one page of each type the width test checks.
EXTRA = {"01-home", "02-region", "03-catalogue", "04-catalogue-domain", "05-domain-all-catalogues", "06-item",
         "07-search", "10-laws", "12-publishers", "15-statistics"}  # fmt: skip


def main(base: str, out: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in PAGES:
            shots = [(390, False), (1280, False)] + ([(1024, False), (390, True)] if name in EXTRA else [])
            for width, elder in shots:
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
                if elder:
                    context.add_cookies([{"name": "elder_mode", "value": "1", "url": base}])
                page = context.new_page()
                page.goto(base + path)
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                page.screenshot(
                    path=f"{out}/{name}-{width}{'-elder' if elder else ''}.jpg",
                    type="jpeg",
                    quality=60,
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": height},
                )
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
