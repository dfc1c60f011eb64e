"""Staff export a long selection from the admin's item list: the action lands at once on the
admin's job page, which follows the background export by itself and then offers the file."""

import pytest

from tests.admin.conftest import make_user
from tests.browser.conftest import log_in
from tests.browser.test_admin_pages import english_words, violations
from tests.workers import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_long_selection_is_exported_by_a_job_the_admin_page_follows(live_server, browser, world, settings, tmp_path):
    settings.EXPORT_DIRECT_MAX_ROWS, settings.MEDIA_ROOT = 1, tmp_path  # a selection of two or more is "long"
    make_user("admin", superuser=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    problems = []
    try:
        log_in(page, live_server, "admin")

        page.goto(f"{live_server.url}/admin/catalog/item/")
        page.check("#action-toggle")
        page.select_option("select[name=action]", "export_csv")
        with page.expect_navigation():
            page.click("button[name=index]")
        assert "/admin/catalog/job/" in page.url
        assert page.inner_text("#job-state") == "排队中"
        problems += violations(page, "admin export job (queued)") + english_words(page, "admin export job (queued)")

        run_queued_jobs()  # the page polls its status and reloads itself when the job is done
        link = page.wait_for_selector("a.download", timeout=15000)
        assert page.inner_text("#job-state") == "已完成"
        problems += violations(page, "admin export job (done)") + english_words(page, "admin export job (done)")
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.endswith(".csv")
        assert "事项ID" in open(download.value.path(), encoding="utf-8-sig").readline()
    finally:
        context.close()
    assert not problems, "\n".join(problems)
