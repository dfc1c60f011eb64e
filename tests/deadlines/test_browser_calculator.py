"""The calculator in a real browser: with JavaScript the result appears in place; the GET form
still works with JavaScript switched off."""

import pytest

from catalog.models import Item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def item(new_item):
    return new_item(
        level1="社会救助",
        level2="最低生活保障",
        deadline_text="信息形成或者变更之日起20个工作日内",
        deadline_kind=Item.DeadlineKind.WORKING_DAYS,
        deadline_days=20,
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_calculator(browser, live_server, item, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/items/{item.pk}/deadline/")
    page.get_by_label("信息形成或变更日期").fill("2025-10-04")
    page.get_by_role("button", name="计算截止日期").click()
    page.wait_for_selector("time[datetime='2025-11-04']")
    assert "国庆节" in page.locator(".deadline-result").inner_text()
    # With JavaScript the page did not navigate; without it the GET form put the date in the URL.
    assert ("formed=2025-10-04" in page.url) is (not javascript)
    context.close()
