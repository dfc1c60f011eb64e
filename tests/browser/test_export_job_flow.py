"""A citizen exports a long list: the export link lands at once on the job's page, which follows
the background export by itself (polling, no reload by hand) and then offers the file under its
Chinese name. The worker runs in the test between the steps."""

import pytest

from tests.browser.test_admin_pages import violations
from tests.workers import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_long_export_runs_as_a_job_and_the_page_offers_the_file(live_server, browser, world, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 1  # every list of two or more items is "long"
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    problems = []
    try:
        page.goto(f"{live_server.url}/search/")
        with page.expect_navigation():
            page.click("text=Excel（标准目录表格式）")
        assert "/exports/jobs/" in page.url
        assert page.inner_text("#job-state") == "排队中"
        problems += violations(page, "export job page (queued)")

        run_queued_jobs()  # the page polls its status and reloads itself when the job is done
        link = page.wait_for_selector("a.download", timeout=15000)
        assert page.inner_text("#job-state") == "已完成"
        assert link.inner_text().startswith("下载 政务公开事项_") and link.inner_text().endswith(".xlsx")
        problems += violations(page, "export job page (done)")
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.startswith("政务公开事项_")
        assert open(download.value.path(), "rb").read(4) == b"PK\x03\x04"
    finally:
        context.close()
    assert not problems, "\n".join(problems)
