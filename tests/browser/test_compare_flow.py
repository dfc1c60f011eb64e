"""An auditor logs in, runs 对标核查 from the form, reads the groups and downloads the XLSX,
then opens the region page and follows a cell to its comparison; no serious axe-core
violations on either page."""

import io

import pytest
from django.contrib.auth.models import Permission, User

from catalog.models import Domain, Reference
from catalog.services import coverage
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "pw-审计-123"


@pytest.fixture
def pair(db):
    county = RegionFactory(name="某县", code="mou-xian")
    model = CatalogueFactory(title="某县示范目录", slug="model", region=county)
    town = CatalogueFactory(
        title="某镇目录",
        slug="town",
        region=RegionFactory(name="某镇", code="mou-zhen", level="township", parent=county),
    )
    site, board = ("zhengfu-wangzhan", "政府网站"), ("gongshilan", "公示栏")
    for name in ("最低生活保障", "特困人员供养", "临时救助"):
        ItemFactory(catalogue=model, level1="社会救助", level2=name, channels=(site, board), content="名单")
    ItemFactory(catalogue=town, level1="社会救助", level2="最低生活保障", channels=(site, board), content="名单")
    ItemFactory(catalogue=town, level1="社会救助", level2="特困人员供养", channels=(site,), content="名单")
    coverage.refresh_reference(
        Reference.objects.create(catalogue=model, domain=Domain.objects.get(slug="shehui-jiuzhu"))
    )
    user = User.objects.create_user("shenji", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="run_lateness_check"))
    return model, town


def test_auditor_compares_a_catalogue_with_its_reference(live_server, pair, browser):
    import openpyxl
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(locale="zh-CN", accept_downloads=True)
    page.goto(f"{live_server.url}/audit/compare/")
    assert "/audit/login/" in page.url
    page.fill("#id_username", "shenji")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/audit/compare/")

    page.get_by_label("被核查目录（网址标识）").fill("town")
    page.get_by_label("参照目录").select_option(label="某县示范目录")
    with page.expect_navigation():
        page.get_by_role("button", name="开始核查").click()
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "缺少（1）" in body and "覆盖但有差异（1）" in body and "已覆盖（1）" in body
    assert "临时救助" in page.inner_text("section:has(#group-missing)")
    assert "66.7%" in page.inner_text("#coverage")

    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == []

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert book.sheetnames[0] == "说明"

    # The region page: the township's cell links to the same comparison.
    page.goto(f"{live_server.url}/audit/coverage/")
    page.get_by_label("行政区划（代码）").fill("mou-xian")
    page.get_by_label("参照目录").select_option(label="某县示范目录")
    with page.expect_navigation():
        page.get_by_role("button", name="查看覆盖率").click()
    table = page.inner_text("#coverage-table")
    assert "某镇目录" in table and "66.7%" in table and "缺少 1" in table
    results = Axe().run(page)
    assert [v["id"] for v in results.response["violations"] if v.get("impact") in ("serious", "critical")] == []
    with page.expect_navigation():
        page.get_by_role("link", name="66.7%").click()
    assert "缺少（1）" in page.inner_text("body")
    page.close()
