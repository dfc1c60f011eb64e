"""The XLSX layout follows each catalogue's printed header (the seed catalogues, as imported)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.search.filters import filter_items

from .helpers import csv_rows, sheet_ids, workbook


@pytest.fixture
def seed(db):
    call_command("load_seed", stdout=open("/dev/null", "w"))


def headers(sheet):
    return [cell.value for cell in sheet[2]], [cell.value for cell in sheet[3]]


def test_sheets_follow_each_catalogues_printed_header(client, seed):
    """One test, one seed load (loading the seed takes a while)."""
    check_genhe(client)
    check_xiangyuan(client)
    check_aershan(client)
    check_filtered_list(client, {"domain": "shehui-baoxian", "sort": "name"})


def check_genhe(client):
    """Three item levels and 责任科室; no 公开依据 or 公开层级. No 公开方式 column either, but a
    主动公开目录 is 主动 throughout, so the export prints the column ticked."""
    book = workbook(client.get(reverse("exports:items", args=["xlsx"]), {"catalogue": "genhe-minzheng"}))
    (name,) = book.sheetnames[1:]
    top, sub = headers(book[name])
    assert top == ["序号", "公开事项", None, None, "公开内容（要素）", "公开时限", "公开主体", "公开渠道和载体",
                   "公开对象", None, "公开方式", None, "责任科室", "存疑", "存疑说明", "所属目录", "事项ID",
                   "网址"]  # fmt: skip
    assert sub[1:4] == ["一级事项", "二级事项", "三级事项"]
    assert sub[8:12] == ["全社会", "特定群众", "主动", "依申请公开"]
    ticks = {row[10:12] for row in book[name].iter_rows(min_row=4, values_only=True)}
    assert ticks == {("√", None)}


def check_xiangyuan(client):  # its own 公开层级 labels; no 公开对象 or 公开方式
    book = workbook(client.get(reverse("exports:items", args=["xlsx"]), {"catalogue": "xiangyuan-chaoyang-shequ"}))
    (name,) = book.sheetnames[1:]
    top, sub = headers(book[name])
    assert top[:11] == ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                        "公开层级", None, None]  # fmt: skip
    assert sub[8:11] == ["县级", "乡镇", "社区"]
    ticks = [row[8:11] for row in book[name].iter_rows(min_row=4, values_only=True)]
    assert any("√" in row for row in ticks)


def check_aershan(client):  # each domain table as printed
    book = workbook(client.get(reverse("exports:items", args=["xlsx"]), {"catalogue": "aershan-zhen-2022"}))
    top, sub = headers(book["义务教育"])
    assert top[:15] == ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                        "公开对象", None, "公开方式", None, "公开层级", None, "存疑"]  # fmt: skip
    assert sub[8:14] == ["全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"]
    top, _ = headers(book["重大建设项目"])  # this table prints no 公开层级
    assert "公开层级" not in top and "公开方式" in top


def check_filtered_list(client, params):
    expected = [item.pk for item in filter_items(params)[1]]
    assert len(expected) > 20
    assert [
        int(row["事项ID"]) for row in csv_rows(client.get(reverse("exports:items", args=["csv"]), params))
    ] == expected
    book = workbook(client.get(reverse("exports:items", args=["xlsx"]), params))
    assert sorted(pk for name in book.sheetnames[1:] for pk in sheet_ids(book[name])) == sorted(expected)
