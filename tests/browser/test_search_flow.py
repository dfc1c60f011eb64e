"""Search 低保, narrow to a domain, open an item: what a citizen does, in a real browser."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_search_filter_and_open_an_item(browser, live_server, world):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(live_server.url + "/")
    page.get_by_label("检索事项").fill("低保")
    page.get_by_role("button", name="检索").click()

    assert page.get_by_role("heading", level=1).inner_text() == "“低保”的检索结果"
    assert "共找到 4 项事项" in page.get_by_role("status").inner_text()
    # synonyms searched (最低生活保障) are marked too; the literal term must be among the marks
    assert "低保" in page.locator(".results-list mark").all_inner_texts()

    facets = page.get_by_role("complementary")
    facets.get_by_role("link", name=re.compile("^社会救助")).click()
    assert "domain=shehui-jiuzhu" in page.url
    assert "共找到 2 项事项" in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="取消条件：领域 社会救助").is_visible()

    page.get_by_role("link", name="最低生活保障 / 低保金发放").click()
    assert page.get_by_role("heading", level=1).inner_text() == "最低生活保障 / 低保金发放"
    fields = page.locator("dl.fields").inner_text()
    for text in (
        "发放标准",
        "《社会救助暂行办法》",
        "阿尔山市民政局",
        "白狼镇人民政府",
        "特定群众（低保对象）",
        "依申请公开",
        "10个工作日内",
    ):
        assert text in fields
    page.get_by_role("link", name="《社会救助暂行办法》").click()
    assert page.get_by_role("heading", level=1).inner_text() == "《社会救助暂行办法》"


def test_domain_table_becomes_cards_on_a_phone_and_skip_link_works(browser, live_server, world):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page.goto(live_server.url + "/catalogues/bailang/shehui-jiuzhu/")
    card = page.locator("table.official tbody tr").first
    cells = card.locator("th, td")
    assert cells.count() == 11
    # a card: the visible fields are stacked one below the other, not side by side; 序号 and the
    # 一级事项 (its own cells hidden) lead the card in its heading line
    boxes = [box for box in (cells.nth(i).bounding_box() for i in range(cells.count())) if box]
    assert len(boxes) == 9
    assert len({round(box["y"]) for box in boxes}) == len(boxes)
    head = card.locator(".card-head")
    assert head.is_visible() and "最低生活保障" in head.inner_text()
    top_of_fields = min(box["y"] for box in boxes[1:])  # boxes[0] is the heading line's own cell
    assert head.bounding_box()["y"] < top_of_fields
    assert (
        not page.locator("table.official thead").is_visible()
        or page.locator("table.official thead").bounding_box()["width"] <= 1
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
