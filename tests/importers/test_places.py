"""A new place: --region takes an existing code or a new region's name under --parent."""

import io

import pytest
from django.core.management import CommandError, call_command

from catalog.importers.places import new_region_chain, resolve_region
from catalog.importers.records import ImportFailed
from catalog.models import Catalogue, Region

from .test_load import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    province = Region.objects.create(code="qinghai", name="青海省", level=Region.Level.PROVINCE)
    city = Region.objects.create(code="haidong", name="海东市", level=Region.Level.CITY, parent=province)
    return {"province": province, "city": city}


def test_an_existing_region_by_code_or_by_its_only_name(places):
    assert resolve_region("haidong")[-1] == ("haidong", "海东市", "city")
    assert resolve_region("海东市") == [("qinghai", "青海省", "province"), ("haidong", "海东市", "city")]


def test_a_new_region_under_a_parent_with_a_level_and_a_code(places):
    assert resolve_region("互助土族自治县", parent="haidong")[-1] == ("haidong-1", "互助土族自治县", "county")
    assert resolve_region("互助 土族自治县", parent="haidong", level="县级", code="huzhu")[-1] == (
        "huzhu",
        "互助土族自治县",
        "county",
    )
    assert not Region.objects.filter(name="互助土族自治县").exists()  # the import creates it, in its transaction


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text": "互助县"}, "请用 --parent"),
        ({"text": "互助县", "parent": "nowhere"}, "上级区划代码“nowhere”不存在"),
        ({"text": "互助县", "parent": "haidong", "level": "市级"}, "层级须低于上级区划"),
        ({"text": "互助县", "parent": "haidong", "level": "大区"}, "层级“大区”无法识别"),
        ({"text": "互助县", "parent": "haidong", "code": "Hu Zhu"}, "区划代码“Hu Zhu”无效"),
        ({"text": "互助县", "parent": "haidong", "code": "haidong"}, "已被使用"),
    ],
)
def test_what_is_wrong_with_a_place_is_said_in_chinese(places, kwargs, message):
    with pytest.raises(ImportFailed, match=message):
        resolve_region(kwargs.pop("text"), **kwargs)


def test_two_regions_of_one_name_must_be_told_apart_by_code(places):
    Region.objects.create(code="other-haidong", name="海东市", level=Region.Level.CITY)
    with pytest.raises(ImportFailed, match="请用代码指明"):
        resolve_region("海东市")


def test_an_existing_child_of_that_name_is_reused(places):
    Region.objects.create(code="huzhu", name="互助县", level=Region.Level.COUNTY, parent=places["city"])
    assert new_region_chain(name="互助县", parent=places["city"])[-1][0] == "huzhu"


def test_the_command_creates_the_region_with_the_catalogue_and_not_on_a_dry_run(places):
    args = [str(DATA / "gbk.txt")]
    options = dict(slug="huzhu-test", title="互助县测试目录", region="互助县", parent="haidong", domain="shehui-jiuzhu")
    out = io.StringIO()
    call_command("import_catalogue", *args, dry_run=True, stdout=out, **options)
    assert "将新建行政区划：互助县（代码 haidong-1，县级），上级：海东市" in out.getvalue()
    assert not Region.objects.filter(name="互助县").exists() and not Catalogue.objects.exists()
    out = io.StringIO()
    call_command("import_catalogue", *args, stdout=out, **options)
    assert "已新建行政区划：互助县" in out.getvalue()
    assert Catalogue.objects.get(slug="huzhu-test").region == Region.objects.get(
        code="haidong-1", parent=places["city"]
    )
    with pytest.raises(CommandError, match="请用 --parent"):
        call_command("import_catalogue", *args, **{**options, "region": "乐都区", "parent": ""})


def test_columns_option_names_a_column_the_vocabulary_does_not_know(places, tmp_path):
    """A header the importer cannot place (工作项目) is refused with the header quoted and the
    --columns spelling to use; given that option, the same file imports."""
    source = tmp_path / "gongzuo.txt"
    source.write_text(
        "某县社会救助领域基层政务公开标准目录\n"
        "序号\t工作项目\t公开内容（要素）\t公开依据\t公开时限\t公开主体\t公开渠道和载体\n"
        "1\t最低生活保障审批\t申请条件、办理流程\t《社会救助暂行办法》\t自信息形成之日起20个工作日内\t县民政局\t政府网站\n"
        "2\t特困人员认定\t认定条件、认定结果\t《社会救助暂行办法》\t自信息形成之日起20个工作日内\t县民政局\t政府网站\n",
        encoding="utf-8",
    )
    options = {"slug": "mou-xian-jiuzhu", "title": "某县社会救助", "region": "haidong", "domain": "shehui-jiuzhu"}
    with pytest.raises(CommandError) as refused:
        call_command("import_catalogue", str(source), stdout=io.StringIO(), **options)
    assert "“工作项目”" in str(refused.value) and '--columns "工作项目=level1"' in str(refused.value)
    assert not Catalogue.objects.filter(slug="mou-xian-jiuzhu").exists()

    call_command("import_catalogue", str(source), columns="工作项目=level1", stdout=io.StringIO(), **options)
    catalogue = Catalogue.objects.get(slug="mou-xian-jiuzhu")
    assert sorted(catalogue.items.values_list("level1", flat=True)) == ["最低生活保障审批", "特困人员认定"]

    with pytest.raises(CommandError, match="“事项名称”不在这张表的表头中"):
        call_command("import_catalogue", str(source), columns="事项名称=level1", stdout=io.StringIO(), **options)


def test_a_table_whose_heading_names_no_domain_asks_for_the_domain(places, tmp_path):
    """A page's second table under a heading of its own that names no 领域: the refusal says to
    give the domain (--domain, the upload's 领域), not to add a domain "（未载明）" in the admin;
    given the domain, the same file imports."""
    table = (
        "<table><tr><td>序号</td><td>一级目录</td><td>二级目录</td><td>公开内容</td><td>公开依据</td></tr>"
        "<tr><td>1</td><td>机关信息</td><td>机构职能</td><td>主要职责、内设机构</td><td>《政府信息公开条例》</td></tr>"
        "</table>"
    )
    source = tmp_path / "bumen.html"
    source.write_text(f"<html><body><h1>（二）部门主动公开基本目录</h1>{table}</body></html>", encoding="utf-8")
    options = {"slug": "mou-xian-bumen", "title": "某县部门目录", "region": "haidong"}
    with pytest.raises(CommandError) as refused:
        call_command("import_catalogue", str(source), stdout=io.StringIO(), **options)
    assert "没有载明领域" in str(refused.value) and "--domain" in str(refused.value)
    assert "不在领域表中" not in str(refused.value)
    assert not Catalogue.objects.filter(slug="mou-xian-bumen").exists()

    call_command("import_catalogue", str(source), domain="shehui-jiuzhu", stdout=io.StringIO(), **options)
    assert list(Catalogue.objects.get(slug="mou-xian-bumen").items.values_list("level1", flat=True)) == ["机关信息"]


def test_a_county_in_a_province_the_portal_has_never_seen_is_made_with_its_province_and_city(places):
    """--region 辽宁省/营口市/盖州市: every level the portal lacks is made, each a level below the
    one above; parts it has are reused (青海省/海东市/互助县 makes only the county)."""
    chain = resolve_region("辽宁省/营口市/盖州市")
    assert [(name, level) for _, name, level in chain] == [
        ("辽宁省", "province"),
        ("营口市", "city"),
        ("盖州市", "county"),
    ]
    assert len({code for code, _, _ in chain}) == 3
    assert resolve_region("青海省／海东市／互助县", code="huzhu") == [
        ("qinghai", "青海省", "province"),
        ("haidong", "海东市", "city"),
        ("huzhu", "互助县", "county"),
    ]
    assert resolve_region("营口市/盖州市", parent="qinghai")[1:] == [
        ("qinghai-1", "营口市", "city"),
        ("qinghai-1-1", "盖州市", "county"),
    ]
    with pytest.raises(ImportFailed, match="没有名为“营口市”的顶级区划"):
        resolve_region("营口市/盖州市")
    # A path may start at a region of a unique name, at any level.
    assert resolve_region("海东市/互助县")[1:] == [("haidong", "海东市", "city"), ("haidong-1", "互助县", "county")]
    elsewhere = Region.objects.create(code="elsewhere", name="某省", level=Region.Level.PROVINCE)
    Region.objects.create(code="other-haidong", name="海东市", level=Region.Level.CITY, parent=elsewhere)
    with pytest.raises(ImportFailed, match="有多个区划名为“海东市”"):
        resolve_region("海东市/互助县")
    assert not Region.objects.filter(name__in=["辽宁省", "营口市", "盖州市"]).exists()


def test_the_command_makes_a_new_province_city_and_county_with_the_catalogue(places):
    options = dict(slug="gaizhou-test", title="盖州市测试目录", region="辽宁省/营口市/盖州市", domain="shehui-jiuzhu")
    out = io.StringIO()
    call_command("import_catalogue", str(DATA / "gbk.txt"), stdout=out, **options)
    assert "已新建行政区划：辽宁省（代码 region-1，省级）（顶级）" in out.getvalue()
    assert "已新建行政区划：盖州市（代码 region-1-1-1，县级），上级：营口市" in out.getvalue()
    region = Catalogue.objects.get(slug="gaizhou-test").region
    assert [r.name for r in [*region.ancestors(), region]] == ["辽宁省", "营口市", "盖州市"]


def test_the_dry_run_report_lists_each_row_to_review_with_its_line_and_reasons(capsys):
    """The newcomer's dry run names the flagged rows, not only how many: numbered as the plan
    numbers them (across sections), with the line of the original and the reasons."""
    from catalog.importers.load import PLAN_LIMIT
    from catalog.importers.pipeline import read_catalogue

    from .seeds import S000, SOURCES

    record = read_catalogue((SOURCES / S000).read_bytes(), name=S000)
    expected, n = [], 0
    for section in record.sections:
        flagged = []
        for item in section.items:
            n += 1
            if item.needs_review:
                flagged.append((n, item))
        expected += flagged[:PLAN_LIMIT]
    assert len(record.sections) > 1 and expected
    call_command("import_catalogue", str(SOURCES / S000), dry_run=True)
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if line.strip().startswith("待复核 第")]
    assert len(listed) == len(expected)
    n, item = expected[-1]
    assert f"待复核 第 {n} 条（原文第 {item.source_line} 行）" in out and item.review_reasons[0] in out
    assert "写入数据库" not in out and "检查完毕（试运行，未写入）" in out
