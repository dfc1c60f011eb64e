"""axe-core on every page type at 390 px and 1280 px, normal and elder mode; keyboard-only use.

Playwright drives Debian's Chromium (/usr/bin/chromium); axe-core comes inside
axe-playwright-python, so nothing is fetched. Fails on any serious or critical violation.
"""

import pytest

from catalog.site.elder import COOKIE
from tests.citizen.site import build_site as build_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def build_site():
    """Transactional tests start from a flushed database: recreate what the data migrations made."""
    from importlib import import_module

    from django.apps import apps

    initial_data = import_module("catalog.migrations.0002_initial_data")
    initial_data.create_vocabulary(apps, None)
    initial_data.seed_synonyms(apps, None)
    return build_pages()


WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
BLOCKING = {"serious", "critical"}

# `browser` comes from tests/browser/conftest.py: function-scoped on purpose, so Playwright's
# event loop is closed before pytest-django flushes and restores the database after each test.


def new_page(browser, live_server, width, elder):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="zh-CN")
    if elder:
        context.add_cookies([{"name": COOKIE, "value": "1", "url": live_server.url}])
    return context, context.new_page()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_axe_violations_on_any_page_type(browser, live_server, width, elder):
    from axe_playwright_python.sync_playwright import Axe

    pages = build_site()
    axe = Axe()
    context, page = new_page(browser, live_server, width, elder)
    problems = []
    try:
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == "zh-Hans", name
            if elder:
                assert page.locator("body.elder").count() == 1, name
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation.get("impact") in BLOCKING:
                    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                    problems.append(
                        f"{name} {path}: [{violation['impact']}] {violation['id']}: {violation['help']} ({targets})"
                    )
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_elder_mode_makes_text_at_least_half_as_large_again(browser, live_server):
    build_site()
    sizes = {}
    for elder in (False, True):
        context, page = new_page(browser, live_server, "desktop", elder)
        page.goto(live_server.url + "/")
        sizes[elder] = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('main p, main li, main td')).fontSize)"
        )
        context.close()
    assert sizes[True] >= 1.5 * sizes[False]


def test_elder_switch_works_by_keyboard_without_javascript(browser, live_server):
    build_site()
    w, h = WIDTHS["desktop"]
    context = browser.new_context(viewport={"width": w, "height": h}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/statistics/")
        switch = page.get_by_role("link", name="长者模式（大字）")
        switch.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("body.elder").count() == 1
        page.goto(live_server.url + "/")  # remembered across pages
        assert page.locator("body.elder").count() == 1
        page.get_by_role("link", name="退出长者模式").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("body.elder").count() == 0
    finally:
        context.close()


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name'), href: e.getAttribute('href'),
                text: (e.innerText || '').trim(), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                shadow: s.boxShadow !== 'none'}; }"""
    )


def tab_until(page, predicate, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            assert element["outline"] or element["shadow"], f"focus is not visible on {element}"
            return element
    raise AssertionError(f"not reachable by keyboard within {limit} tabs (last focus: {element})")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_keyboard_only_search_filter_and_open_an_item(browser, live_server, width):
    build_site()
    context, page = new_page(browser, live_server, width, elder=False)
    try:
        page.goto(live_server.url + "/")
        first = tab_until(page, lambda e: True, limit=1)
        assert first["href"] == "#main"  # the skip link comes first
        page.goto(live_server.url + "/search/")
        tab_until(page, lambda e: e["id"] == "id_q")
        page.keyboard.type("低保")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=*")
        assert "也搜索了" in page.locator("main").inner_text()

        if page.locator("details.more-filters:not([open])").count():
            tab_until(page, lambda e: e["tag"] == "summary")  # 更多筛选条件 opens with Enter
            page.keyboard.press("Enter")
        tab_until(page, lambda e: e["name"] == "domain")
        chosen = ""
        for _ in range(60):  # arrow through the closed <select> to 社会救助
            page.keyboard.press("ArrowDown")
            chosen = page.evaluate("document.activeElement.value")
            if chosen == "shehui-jiuzhu":
                break
        assert chosen == "shehui-jiuzhu"
        tab_until(page, lambda e: e["tag"] == "button" and e["text"] == "检索")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**domain={chosen}*")

        result = tab_until(page, lambda e: "/items/" in (e["href"] or ""), limit=150)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{result['href']}")
        assert page.locator("h1").count() == 1
    finally:
        context.close()
