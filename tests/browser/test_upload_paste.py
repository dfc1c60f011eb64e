"""A reviewer copies a catalogue table from a county's web page in Chromium (Ctrl+C), pastes it
into the upload form's 粘贴文本 box (Ctrl+V), sees the preview and confirms: the items are in
the admin, the original is the pasted text. At 390, 1024 and 1280 px, by keyboard, the box
found by its label; no serious axe violation, no sideways scrolling."""

from pathlib import Path

import pytest

from catalog.models import Catalogue, Region
from catalog.services import roles
from tests.admin.conftest import make_user
from tests.browser.conftest import log_in
from tests.browser.test_admin_pages import english_words, violations
from tests.workers import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASTED = Path(__file__).resolve().parents[1] / "data" / "pasted"
SOURCE = "http://localhost/county-page.html"  # the county's page (tests/data/pasted, made by rule)


def sideways(page, name) -> list[str]:
    sizes = page.evaluate(
        """() => { const d = document.documentElement, box = document.querySelector('#id_text');
        return {page: d.scrollWidth - d.clientWidth, box: box.getBoundingClientRect().right, width: innerWidth}; }"""
    )
    problems = []
    if sizes["page"] > 1:
        problems.append(f"{name}: the page scrolls sideways by {sizes['page']} px")
    if sizes["box"] > sizes["width"]:
        problems.append(f"{name}: the paste box ends at {sizes['box']:.0f} px of {sizes['width']}")
    return problems


@pytest.mark.parametrize("width", [390, 1024, 1280])
def test_a_table_copied_in_the_browser_is_pasted_previewed_and_imported(live_server, browser, width):
    region = Region.objects.create(code="arxan", name="阿尔山市", level=Region.Level.COUNTY)
    make_user("reviewer", roles.REVIEWER, [region])
    county_page = (PASTED / "yihang.html").read_text(encoding="utf-8")

    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", permissions=["clipboard-read", "clipboard-write"]
    )
    context.route(SOURCE, lambda route: route.fulfill(body=county_page, content_type="text/html"))
    page = context.new_page()
    problems = []
    try:
        # Copy the table with its title and the page's footer, as staff select it.
        page.goto(SOURCE)
        page.evaluate(
            """() => { const range = document.createRange(); range.selectNode(document.querySelector('#article'));
            getSelection().removeAllRanges(); getSelection().addRange(range); }"""
        )
        page.keyboard.press("Control+C")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert "最低生活保障" in copied and "\t" in copied

        log_in(page, live_server, "reviewer")
        page.goto(f"{live_server.url}/admin/catalog/importrun/upload/")

        # Nothing chosen: the form says what to do, in Chinese, and the page still fits.
        page.get_by_label("新目录名称").fill("阿尔山市社会救助目录")
        page.get_by_label("新目录网址标识").fill("aershan-paste")
        page.select_option("#id_region", label="阿尔山市")
        with page.expect_navigation():
            page.click("input[type=submit][value=预览]")
        assert "请选择要上传的目录文件，或在“粘贴文本”中粘贴" in page.inner_text("#content")
        problems += violations(page, f"upload form with errors at {width}px") + sideways(page, f"errors {width}px")

        # By keyboard: from the file field, Tab reaches the box the label names; Ctrl+V pastes.
        page.focus("#id_file")
        page.keyboard.press("Tab")
        box = page.get_by_label("粘贴文本")
        assert page.evaluate("() => document.activeElement.id") == "id_text" == box.get_attribute("id")
        page.keyboard.press("Control+V")
        assert box.input_value() == copied
        problems += sideways(page, f"pasted {width}px") + english_words(page, f"upload form {width}px")
        page.focus("input[type=submit][value=预览]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/admin/catalog/job/" in page.url

        run_queued_jobs()  # the job page follows the preview by itself
        page.wait_for_selector("#upload-summary", timeout=15000)
        assert "共 12 个事项" in page.inner_text("#upload-summary")
        assert "最低生活保障" in page.inner_text("#content")
        problems += violations(page, f"preview of a paste at {width}px")
        with page.expect_navigation():
            page.click("input[name=confirm]")
        run_queued_jobs()
        page.wait_for_selector("#import-report", timeout=15000)
        assert "已导入“阿尔山市社会救助目录”" in page.inner_text("#import-report")
        with page.expect_navigation():
            page.click("text=在后台查看该目录的事项")
        assert page.locator("#result_list tbody tr").count() == 12
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    catalogue = Catalogue.objects.get(slug="aershan-paste")
    assert catalogue.items.count() == 12 and catalogue.source_file == "粘贴文本.txt"
    with catalogue.original.open("rb") as original:
        assert original.read() == copied.encode("utf-8")


def test_a_paste_larger_than_a_form_field_may_carry_is_sent_as_the_file_it_would_be(live_server, browser, settings):
    # Form fields are held in memory up to DATA_UPLOAD_MAX_MEMORY_SIZE; made small here so that
    # this 5 KB copy is over the box's limit (the form refuses it so when sent as a field).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 + 2048
    region = Region.objects.create(code="arxan", name="阿尔山市", level=Region.Level.COUNTY)
    make_user("reviewer", roles.REVIEWER, [region])
    copied = (PASTED / "yihang.txt").read_text(encoding="utf-8")
    assert len(copied.encode("utf-8")) > 2048

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        log_in(page, live_server, "reviewer")
        page.goto(f"{live_server.url}/admin/catalog/importrun/upload/")
        page.fill("#id_title", "阿尔山市社会救助目录")
        page.fill("#id_slug", "aershan-paste")
        page.select_option("#id_region", label="阿尔山市")
        page.fill("#id_text", copied)
        with page.expect_navigation():
            page.click("input[type=submit][value=预览]")
        assert "/admin/catalog/job/" in page.url, page.inner_text("#content")
        run_queued_jobs()
        page.wait_for_selector("#upload-summary", timeout=15000)
        assert "共 12 个事项" in page.inner_text("#upload-summary")
        with page.expect_navigation():
            page.click("input[name=confirm]")
        run_queued_jobs()
        page.wait_for_selector("#import-report", timeout=15000)
    finally:
        context.close()
    catalogue = Catalogue.objects.get(slug="aershan-paste")
    assert catalogue.items.count() == 12 and catalogue.source_file == "粘贴文本.txt"
    with catalogue.original.open("rb") as original:
        assert original.read() == copied.encode("utf-8")
