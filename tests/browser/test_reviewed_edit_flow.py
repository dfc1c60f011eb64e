"""An 编辑 edits a published item: the public page keeps the published text until a 审核
user approves the change from its diff; then the public page shows it."""

import pytest
from django.urls import reverse

from catalog.models import Item
from catalog.services import roles
from tests.admin.conftest import make_user
from tests.browser.conftest import arxan_item, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def published_item(db):
    item = arxan_item(status=Item.Status.PUBLISHED)
    make_user("editor", roles.EDITOR, [item.catalogue.region])
    make_user("reviewer", roles.REVIEWER, [item.catalogue.region])
    return item


def test_an_editors_change_is_public_only_after_a_reviewer_approves_it(live_server, published_item, browser):
    changed = "低保对象认定结果（编辑修改）"
    public_url = f"{live_server.url}{published_item.get_absolute_url()}"

    editor = log_in(browser.new_page(locale="zh-CN"), live_server, "editor")
    editor.goto(f"{live_server.url}{reverse('admin:catalog_item_change', args=[published_item.pk])}")
    editor.fill("#id_level2", changed)
    editor.fill("#id_change_reason", "名称补充说明")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    assert "已提交审核" in editor.content()
    assert editor.input_value("#id_level2") == "低保对象认定结果"  # the form shows what is published

    citizen = browser.new_page(locale="zh-CN")
    citizen.goto(public_url)
    assert "低保对象认定结果" in citizen.inner_text("h1") and changed not in citizen.content()

    reviewer = log_in(browser.new_page(locale="zh-CN"), live_server, "reviewer")
    reviewer.goto(f"{live_server.url}{reverse('admin:catalog_pendingrevision_changelist')}")
    with reviewer.expect_navigation():
        reviewer.click(f"text={published_item}")
    diff = reviewer.inner_text("#pending-diff")
    assert "二级事项" in diff and changed in diff
    with reviewer.expect_navigation():
        reviewer.click("button[value=approve]")
    assert "已通过并发布" in reviewer.content()

    citizen.goto(public_url)
    assert changed in citizen.inner_text("h1")

    reviewer.goto(f"{live_server.url}{reverse('admin:catalog_item_history', args=[published_item.pk])}")
    history_text = reviewer.inner_text("#history-table")
    assert "提交修改待审核" in history_text and "审核通过" in history_text and "editor" in history_text
