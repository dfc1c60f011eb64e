"""A reviewer logs in, fixes a flagged item, publishes it and finds the change on the public page.

Drives Debian's Chromium through Playwright against the live server (the `browser` fixture
of tests/browser/conftest.py skips when Chromium or Playwright is missing).
"""

import pytest
from django.urls import reverse

from catalog.models import Item
from catalog.services import roles
from tests.admin.conftest import make_user
from tests.browser.conftest import arxan_item, log_in

# serialized_rollback: the flush after this test must not wipe what migrations created
# (vocabularies, the staff groups) for the browser tests that run after it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def flagged_item(db):
    item = arxan_item(
        needs_review=True,
        review_reasons=["二级事项疑似 OCR 错字"],
        source_file="000.txt",
        source_line=42,
        source_text="1 最低生活保障 低保对象认定结杲 ...",
    )
    make_user("reviewer", roles.REVIEWER, [item.catalogue.region])
    return item


def test_reviewer_fixes_publishes_and_sees_it_public(live_server, flagged_item, browser):
    corrected = "低保对象认定结果（已更正）"
    page = log_in(browser.new_page(locale="zh-CN"), live_server, "reviewer")

    # The review queue lists the item with its reason and source text.
    page.goto(f"{live_server.url}{reverse('admin:catalog_reviewitem_changelist')}")
    assert "二级事项疑似 OCR 错字" in page.content()
    with page.expect_navigation():
        page.click(f"text={flagged_item}")

    # The source line is shown beside the form; fix the name and give a reason.
    assert "低保对象认定结杲" in page.inner_text("aside")
    page.fill("#id_level2", corrected)
    page.fill("#id_change_reason", "更正 OCR 错字")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert "成功" in page.content()

    with page.expect_navigation():
        page.click("button[value=publish]")
    assert "已发布" in page.content()

    # History shows who changed what.
    page.goto(f"{live_server.url}{reverse('admin:catalog_item_history', args=[flagged_item.pk])}")
    history_text = page.inner_text("#history-table")
    assert corrected in history_text and "reviewer" in history_text and "更正 OCR 错字" in history_text

    # The public item page shows the corrected name.
    page.goto(f"{live_server.url}{reverse('catalog:item', args=[flagged_item.pk])}")
    assert corrected in page.inner_text("body")
    page.close()

    flagged_item.refresh_from_db()
    assert flagged_item.status == Item.Status.PUBLISHED and not flagged_item.needs_review
    assert corrected in flagged_item.search_text
