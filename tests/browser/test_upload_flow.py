"""A reviewer uploads a catalogue: the page returns at once to the job page, which follows the
background preview by itself (polling, no reload by hand), shows the preview, and after 确认导入
the import job's report. The worker runs in the test between the steps."""

import pytest

from catalog.models import Catalogue, Region
from catalog.services import roles
from tests.admin.conftest import make_user
from tests.admin.upload_files import xlsx_bytes
from tests.browser.conftest import log_in
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
        log_in(page, live_server, "reviewer")

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


SAVED_PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>海城市民政局社会救助领域政务公开事项目录_海城市人民政府</title></head><body>
<table class="nav"><tr><td><a href="/">首页</a></td><td>政务公开</td><td>设为首页 | 加入收藏</td></tr></table>
<div>当前位置：首页 &gt; 政府信息公开 &gt; 目录</div>
<table><tr><td>索引号：</td><td>11210381MB0000000X/2023-00005</td><td>发布机构：</td><td>海城市民政局</td></tr>
<tr><td>成文日期：</td><td>2023-05-10</td><td>文号：</td><td>无</td></tr></table>
<h1>海城市民政局社会救助领域政务公开事项目录</h1><div>浏览次数：321 【字体：大 中 小】 打印</div>
<table border="1"><tr><td>序号</td><td>工作项目</td><td>公开内容</td><td>公开依据</td><td>公开时限</td><td>公开主体</td><td>公开渠道</td><td>备注</td></tr>
<tr><td>1</td><td>最低生活保障审批</td><td>申请条件、办理流程、审批结果</td><td rowspan="2">《社会救助暂行办法》</td><td>信息形成之日起20个工作日内</td><td>海城市民政局</td><td>■政府网站 ■公示栏</td><td>每季度更新</td></tr>
<tr><td>2</td><td>特困人员认定</td><td>认定条件、认定结果</td><td>同上</td><td>海城市民政局</td><td>同上</td><td>&nbsp;</td></tr>
<tr><td>3</td><td>临时救助</td><td>救助对象、救助金额</td><td>《国务院关于全面建立临时救助制度的通知》</td><td>信息形成之日起20个工作日内</td><td>海城市民政局、各镇人民政府</td><td>■政府网站</td><td>按月公开</td></tr>
</table><p>附件：<a href="/u/1.xls">社会救助事项目录.xls</a></p></body></html>"""


def test_a_saved_web_page_for_a_county_the_portal_has_never_seen(live_server, browser, tmp_path):
    """The newcomer's path through the admin: a GBK web page saved from another province's site,
    a region path from the province down, the unknown name column mapped in the preview's select,
    确认导入, and the public catalogue page with its items, metadata and 原件."""
    make_user("admin", superuser=True)
    page_file = tmp_path / "海城市社会救助目录.html"
    page_file.write_bytes(SAVED_PAGE.encode("gbk"))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        log_in(page, live_server, "admin")
        page.goto(f"{live_server.url}/admin/catalog/importrun/upload/")
        page.set_input_files("#id_file", str(page_file))
        page.fill("#id_title", "海城市民政局社会救助目录")
        page.fill("#id_slug", "haicheng-jiuzhu")
        page.fill("#id_new_region_name", "辽宁省/鞍山市/海城市")
        page.check("#id_publish")
        with page.expect_navigation():
            page.click("input[type=submit][value=预览]")

        run_queued_jobs()
        page.wait_for_selector("#upload-fatal", timeout=15000)
        assert "“工作项目”" in page.inner_text("#upload-fatal")
        page.select_option("#upload-columns tr:has-text('工作项目') select", "level1")
        with page.expect_navigation():
            page.click("input[name=remap]")
        run_queued_jobs()
        page.wait_for_selector("#upload-summary", timeout=15000)
        assert "共 3 个事项" in page.inner_text("#upload-summary")
        assert "辽宁省 › 鞍山市 › 海城市" in page.inner_text("#upload-place")
        assert not Region.objects.filter(name="海城市").exists()

        with page.expect_navigation():
            page.click("input[name=confirm]")
        run_queued_jobs()
        page.wait_for_selector("#import-report", timeout=15000)

        page.goto(f"{live_server.url}/catalogues/haicheng-jiuzhu/")
        shown = page.inner_text("main")
        assert "辽宁省 › 鞍山市 › 海城市" in shown and "11210381MB0000000X/2023-00005" in shown
        assert "3 项" in shown and "下载原件（海城市社会救助目录.html）" in shown
        original = page.request.get(f"{live_server.url}/catalogues/haicheng-jiuzhu/original/")
        assert original.status == 200 and original.body() == page_file.read_bytes()
    finally:
        context.close()
    catalogue = Catalogue.objects.get(slug="haicheng-jiuzhu")
    items = list(catalogue.items.order_by("position"))
    assert [item.level1 for item in items] == ["最低生活保障审批", "特困人员认定", "临时救助"]
    assert [item.other_info for item in items] == [[["备注", "每季度更新"]], [], [["备注", "按月公开"]]]
    assert items[1].deadline_text == "信息形成之日起20个工作日内"  # 同上
