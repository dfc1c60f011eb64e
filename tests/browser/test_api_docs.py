"""The API docs page (/api/docs/): Chinese, a way back to the portal, no serious axe violation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}


def blocking(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"[{v['impact']}] {v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_api_docs_page_is_chinese_accessible_and_links_back(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/api/docs/")
        page.locator(".opblock-summary-control").first.wait_for()
        assert page.locator("html").get_attribute("lang").lower() == "zh-hans"
        assert page.title().startswith("开放数据接口文档")
        back = page.get_by_role("link", name="返回政务公开标准目录首页")
        assert back.get_attribute("href") == "/"
        assert page.locator("h1").count() == 1 and "开放数据接口" in page.locator("h1").inner_text()
        problems = blocking(page)

        page.locator(".opblock-summary-control").first.click()  # open one operation
        page.get_by_role("button", name="试一试").wait_for()
        assert page.get_by_text("参数", exact=True).count() >= 1
        assert page.get_by_text("Try it out", exact=True).count() == 0
        page.get_by_role("button", name="试一试").click()
        page.get_by_role("button", name="执行").click()
        page.get_by_text("服务器响应", exact=True).wait_for()
        problems += blocking(page)

        back.click()
        page.wait_for_url(live_server.url + "/")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
