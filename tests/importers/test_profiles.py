"""Layout profiles: a column mapping saved once, applied by name (--profile) or by header."""

import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command

from catalog.importers.headers import header_signature, map_columns
from catalog.importers.records import ImportFailed
from catalog.models import Catalogue, LayoutProfile, Region
from catalog.services.profiles import layout_profile_save
from catalog.services.roles import REVIEWER

pytestmark = pytest.mark.django_db

HEADER = ["序号", "工作项目", "办理科室", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
ROWS = [
    ["1", "最低生活保障审批", "救助股", "申请条件、办理流程", "《社会救助暂行办法》", "自信息形成之日起20个工作日内", "县民政局", "政府网站"],
    ["2", "特困人员认定", "救助股", "认定条件、认定结果", "《社会救助暂行办法》", "自信息形成之日起20个工作日内", "县民政局", "政府网站"],
]  # fmt: skip
OPTIONS = {"slug": "mou-xian-jiuzhu", "title": "某县社会救助", "region": "haidong", "domain": "shehui-jiuzhu"}


@pytest.fixture
def source(tmp_path):
    Region.objects.create(code="haidong", name="海东市", level=Region.Level.CITY)
    path = tmp_path / "gongzuo.txt"
    lines = ["某县社会救助领域基层政务公开标准目录", "\t".join(HEADER), *("\t".join(row) for row in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def save(name, mapping, header=HEADER):
    """A profile as the upload preview saves it: the file's header with staff's choices."""
    from catalog.importers.headers import apply_overrides

    return layout_profile_save(name=name, mappings=[apply_overrides(map_columns([header]), mapping)])[0]


def run(path, **options):
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out, **{**OPTIONS, **options})
    return out.getvalue()


def test_profile_by_name_reads_the_columns_it_names(source):
    save("某县救助表", {"工作项目": "level1", "办理科室": "office"})
    LayoutProfile.objects.filter(name="某县救助表").update(signature="0" * 64)  # not found by its header
    with pytest.raises(CommandError, match="“工作项目”"):
        run(source, dry_run=True)

    out = run(source, dry_run=True, profile="某县救助表")
    assert "使用版式：某县救助表" in out and "工作项目→一级事项（人工指定）" in out
    run(source, profile="某县救助表")
    items = Catalogue.objects.get(slug="mou-xian-jiuzhu").items.order_by("position")
    assert [(i.level1, i.responsible_office) for i in items] == [
        ("最低生活保障审批", "救助股"),
        ("特困人员认定", "救助股"),
    ]


def test_a_file_with_the_header_of_a_saved_profile_uses_it_without_being_told(source):
    save("某县救助表", {"工作项目": "level1"})
    out = run(source, dry_run=True)
    assert "使用版式：某县救助表" in out and "共 2 项" in out


def test_columns_win_over_the_profile_per_header(source):
    save("某县救助表", {"工作项目": "level1", "办理科室": "office"})
    out = run(source, dry_run=True, profile="某县救助表", columns="办理科室=ignore")
    assert "工作项目→一级事项" in out and "办理科室" not in out.split("列：")[1].split("\n")[0]


def test_a_profile_of_another_header_applies_to_the_columns_both_have(source):
    other = [*HEADER, "备注"]
    save("带备注的表", {"工作项目": "level1", "备注": "ignore"}, header=other)
    assert "使用版式：带备注的表" in run(source, dry_run=True, profile="带备注的表")


def test_an_unknown_profile_name_is_refused_with_the_saved_names(source):
    save("某县救助表", {"工作项目": "level1"})
    with pytest.raises(CommandError, match="没有名为“乙表”的表格版式。已保存的版式：某县救助表"):
        run(source, dry_run=True, profile="乙表")


def test_one_profile_a_header_and_one_header_a_name():
    first = save("甲", {"工作项目": "level1"})
    again = save("甲（改）", {"工作项目": "level2"})
    assert again.pk == first.pk and again.name == "甲（改）" and again.mapping["工作项目"] == "level2"
    assert again.headers == HEADER and again.signature == header_signature(map_columns([HEADER]))
    with pytest.raises(ImportFailed, match="已用于另一种表头"):
        save("甲（改）", {"工作项目": "level1"}, header=HEADER[:-1])
    assert LayoutProfile.objects.count() == 1


def test_reviewers_correct_a_profile_in_the_admin_with_a_select_a_column(client):
    profile = save("某县救助表", {"工作项目": "level1"})
    user = User.objects.create_user("reviewer", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER))
    assert Permission.objects.filter(group__name=REVIEWER, codename="change_layoutprofile").exists()
    client.force_login(user)
    url = f"/admin/catalog/layoutprofile/{profile.pk}/change/"
    html = client.get(url).content.decode()
    assert "第 2 列“工作项目”" in html and '<option value="level1" selected>一级事项</option>' in html
    data = {"name": "某县救助表", **{f"column_{i}": "other" for i in range(len(HEADER))}, "column_1": "level2"}
    assert client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.mapping["工作项目"] == "level2" and profile.mapping["公开依据"] == "other"
    assert client.get("/admin/catalog/layoutprofile/add/").status_code == 403


# A file of two domain tables whose headers differ: the second calls its names 事项类别 and
# prints a column 经办人 the first lacks.
OTHER_HEADER = ["序号", "事项类别", "经办人", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
OTHER_ROWS = [
    ["1", "养老保险待遇", "王某", "待遇标准、领取条件", "《社会保险法》", "自信息形成之日起20个工作日内", "县人社局", "政府网站"],
]  # fmt: skip


@pytest.fixture
def two_tables(tmp_path):
    Region.objects.create(code="haidong", name="海东市", level=Region.Level.CITY)
    path = tmp_path / "liangbiao.txt"
    lines = [
        "某县政务公开标准目录",
        "（一）社会救助领域基层政务公开标准目录",
        "\t".join(HEADER),
        *("\t".join(row) for row in ROWS),
        "（二）社会保险领域基层政务公开标准目录",
        "\t".join(OTHER_HEADER),
        *("\t".join(row) for row in OTHER_ROWS),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_save_profile_keeps_the_mapping_used_and_the_next_file_reads_with_it(source):
    out = run(source, columns="工作项目=level1,办理科室=office", save_profile="某县救助表")
    assert "已保存表格版式：某县救助表（1 种表头）" in out
    profile = LayoutProfile.objects.get(name="某县救助表")
    assert profile.headers == HEADER and profile.signature == header_signature(map_columns([HEADER]))
    assert profile.mapping["工作项目"] == "level1" and profile.mapping["办理科室"] == "office"
    # The same header again, without --columns: read with the profile.
    again = run(source, dry_run=True, slug="mou-xian-jiuzhu-2")
    assert "使用版式：某县救助表" in again and "办理科室→责任科室（人工指定）" in again


def test_save_profile_on_a_dry_run_saves_nothing(source):
    out = run(source, dry_run=True, columns="工作项目=level1", save_profile="某县救助表")
    assert "试运行：未保存表格版式“某县救助表”（1 种表头）" in out
    assert not LayoutProfile.objects.exists()


def test_a_refused_profile_name_imports_nothing(source):
    save("某县救助表", {"工作项目": "level1"}, header=HEADER[:-1])
    with pytest.raises(CommandError, match="已用于另一种表头"):
        run(source, columns="工作项目=level1", save_profile="某县救助表")
    assert not Catalogue.objects.filter(slug="mou-xian-jiuzhu").exists()


def test_a_file_of_tables_with_different_headers_saves_each_header_and_each_table_is_matched(two_tables):
    given = "工作项目=level1,办理科室=office,事项类别=level1,经办人=ignore"
    out = run(two_tables, dry_run=True, columns=given, slug="liangbiao", domain=None)
    assert "社会救助" in out and "社会保险" in out  # two tables read
    run(two_tables, columns=given, save_profile="某县两表", slug="liangbiao")
    rows = {p.signature: p for p in LayoutProfile.objects.filter(name="某县两表")}
    assert set(rows) == {header_signature(map_columns([HEADER])), header_signature(map_columns([OTHER_HEADER]))}
    other = rows[header_signature(map_columns([OTHER_HEADER]))]
    assert other.mapping["事项类别"] == "level1" and other.mapping["经办人"] == "ignore"
    assert "办理科室" not in other.mapping

    # Found per table, by each table's own header, without being told ...
    out = run(two_tables, dry_run=True, slug="liangbiao-2")
    assert "使用版式：某县两表" in out and "共 3 项" in out
    # ... and by name, each table with its own header's mapping.
    run(two_tables, profile="某县两表", slug="liangbiao-3")
    items = Catalogue.objects.get(slug="liangbiao-3").items.order_by("position")
    assert [(i.level1, i.responsible_office, dict(i.other_info).get("经办人")) for i in items] == [
        ("最低生活保障审批", "救助股", None),
        ("特困人员认定", "救助股", None),
        ("养老保险待遇", "", None),
    ]


def test_a_profile_name_of_another_file_is_refused_when_saving_a_different_file(two_tables):
    save("某县救助表", {"工作项目": "level1"}, header=HEADER[:-1])  # a header this file does not print
    with pytest.raises(CommandError, match="已用于另一种表头"):
        run(two_tables, columns="工作项目=level1,事项类别=level1", save_profile="某县救助表", slug="liangbiao")
    assert LayoutProfile.objects.filter(name="某县救助表").count() == 1
