"""Phone journeys on the seed catalogues: jump to a 一级事项 in a long table, cards that say which
一级事项 they belong to, and search facets reachable before the results."""

import pytest

from catalog.site.elder import COOKIE
from tests.browser.test_widths import load_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TABLE = "/catalogues/aershan-zhen-2022/shehui-baoxian/"


def test_phone_journeys(browser, live_server):
    load_seed()
    for elder in (False, True):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        if elder:
            context.add_cookies([{"name": COOKIE, "value": "1", "url": live_server.url}])
        page = context.new_page()
        try:
            check_jump_list_and_cards(page, live_server.url + TABLE)
            check_search_facets_before_results(page, live_server.url)
        finally:
            context.close()


def check_jump_list_and_cards(page, url):
    page.goto(url)
    # the groups of this page of the table, from the table's own row-group headers (hidden on cards)
    level1s = [text.strip() for text in page.locator("table.official th.level1").all_text_contents()]
    assert len(level1s) > 3
    jump = page.get_by_role("navigation", name="按一级事项跳转")
    assert [link.split()[0] for link in jump.locator("li").all_inner_texts()] == level1s
    # the jump list comes before the table and is near the top: within the first two screens
    assert jump.bounding_box()["y"] < 2 * 844
    assert page.locator("table.official tbody tr .card-head").first.is_visible()  # cards on a phone
    # Every card names its 一级事项 (not only the first of its group).
    for group, level1 in enumerate(level1s, start=1):
        rows = page.locator(f"table.official tbody:nth-of-type({group}) tr")
        for text in rows.locator(".card-head").all_inner_texts():
            assert level1 in text, (level1, text)
    target = level1s[len(level1s) // 2]
    jump.get_by_role("link", name=target, exact=True).click()
    page.wait_for_function("location.hash.startsWith('#l1-')")
    group = page.locator(page.evaluate("location.hash"))
    top = group.bounding_box()["y"]
    assert -2 <= top < 100, top  # the chosen group is at the top of the screen
    assert target in group.locator(".card-head").first.inner_text()


def check_search_facets_before_results(page, base):
    page.goto(base + "/search/?q=%E7%94%B3%E8%AF%B7")  # 申请: many results
    panel = page.locator("details.filter-panel")
    results = page.locator("#results-heading")
    assert panel.bounding_box()["y"] < results.bounding_box()["y"]  # reachable before the results
    assert panel.get_attribute("open") is None  # collapsed on a phone
    assert not page.locator(".facets section a").first.is_visible()
    panel.locator("summary").click()
    assert page.locator(".facets section a").first.is_visible()
    page.get_by_role("link", name="跳到检索结果").click()
    page.wait_for_function("location.hash === '#results-heading'")
    assert -2 <= results.bounding_box()["y"] < 100
