"""A reviewer uploads a catalogue: the page returns at once to the job page, which follows the
background preview by itself (polling, no reload by hand), shows the preview, and after 确认导入
the import job's report. The worker runs in the test between the steps."""

import pytest

from catalog.models import Catalogue, Region
from catalog.services import roles
from tests.admin.conftest import PASSWORD, make_user
from tests.admin.upload_files import xlsx_bytes
from tests.browser.test_admin_pages import english_words, violations
from tests.workers import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_preview_and_confirm_run_as_jobs_the_page_follows(live_server, browser, tmp_path):
    region = Region.objects.create(code="arxan", name="阿尔山市", level=Region.Level.COUNTY)
    make_user("reviewer", roles.REVIEWER, [region])
    workbook = tmp_path / "阿尔山市目录.xlsx"
    workbook.write_bytes(xlsx_bytes())

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    problems = []
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "reviewer")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("input[type=submit]")

        page.goto(f"{live_server.url}/admin/catalog/importrun/upload/")
        page.set_input_files("#id_file", str(workbook))
        page.fill("#id_title", "阿尔山市上传测试目录")
        page.fill("#id_slug", "aershan-upload")
        page.select_option("#id_region", label="阿尔山市")
        with page.expect_navigation():
            page.click("input[type=submit][value=预览]")
        assert "/admin/catalog/job/" in page.url
        assert page.inner_text("#job-state") == "排队中"
        problems += violations(page, "job page (queued)") + english_words(page, "job page (queued)")

        run_queued_jobs()  # the page polls its status and reloads itself when the job is done
        page.wait_for_selector("#upload-summary", timeout=15000)
        assert "共 3 个事项" in page.inner_text("#upload-summary")
        assert page.inner_text("#job-state") == "已完成" and page.inner_text("#job-count") == "3/3（100%）"
        problems += violations(page, "job page (preview)") + english_words(page, "job page (preview)")

        with page.expect_navigation():
            page.click("input[name=confirm]")
        assert page.inner_text("#job-state") == "排队中"
        assert not Catalogue.objects.filter(slug="aershan-upload").exists()

        run_queued_jobs()
        page.wait_for_selector("#import-report", timeout=15000)
        assert "已导入“阿尔山市上传测试目录”" in page.inner_text("#import-report")
        problems += violations(page, "job page (import)")
        with page.expect_navigation():
            page.click("text=在后台查看该目录的事项")
        assert page.locator("#result_list tbody tr").count() == 3
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert Catalogue.objects.get(slug="aershan-upload").items.count() == 3
