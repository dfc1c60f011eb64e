"""Nothing printed is dropped: columns without a field (其他信息) and the page's document
metadata (索引号, 发布机构, 成文日期 …) are stored, shown and exported.

The page is tests/data/corpus/guangdong-xiashanxinyuan-gonggongwenhuafuwu.txt: its
table has a 相应领域 column (line 44) that maps to no field, and its page prints
来源 and 发布时间 above the table (lines 7-8).
"""

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from catalog.importers.load import import_record
from catalog.importers.pipeline import read_catalogue
from catalog.importers.records import CatalogueMeta
from catalog.models import Catalogue, Item

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
PAGE = "guangdong-xiashanxinyuan-gonggongwenhuafuwu.txt"


@pytest.fixture
def xiashan(db):
    meta = CatalogueMeta(slug="xiashan-wenhua", title="", region=[("xiashan", "霞山区", "county")])
    import_record(read_catalogue((CORPUS / PAGE).read_bytes(), name=PAGE, meta=meta))
    return Catalogue.objects.get(slug="xiashan-wenhua")


def test_other_columns_and_metadata_are_stored(xiashan):
    items = list(xiashan.items.in_catalogue_order())
    # line 52; rows 2-4 (77-99) print only 二级事项 and 公开依据, the rest is row 1's
    # (merged cells), 相应领域 included; line 107
    assert [item.other_info for item in items] == [[["相应领域", "公共文化服务"]]] * 4 + [[["相应领域", "公共文化"]]]
    assert ["来源", "霞山区人民政府办公室"] in xiashan.metadata
    assert all(item.source_where == f"第 {item.source_line} 行" for item in items)


def test_item_page_shows_other_info_and_catalogue_page_the_metadata(client, xiashan):
    item = xiashan.items.in_catalogue_order().first()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<dt>其他信息</dt>" in page and "<dt>相应领域</dt><dd>公共文化服务</dd>" in page
    page = client.get(xiashan.get_absolute_url()).content.decode()
    assert "文档信息（原文）" in page and "<dt>来源</dt><dd>霞山区人民政府办公室</dd>" in page


def test_exports_and_api_carry_other_info(client, xiashan):
    first = xiashan.items.in_catalogue_order().first()
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(reverse("exports:items", args=["csv"]), {"catalogue": xiashan.slug}).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    column = rows[0].index("其他信息")
    assert [row[column] for row in rows[1:]] == ["相应领域：公共文化服务"] * 4 + ["相应领域：公共文化"]

    response = client.get(reverse("exports:items", args=["json"]), {"catalogue": xiashan.slug})
    records = json.loads(b"".join(response.streaming_content))
    records = records.get("items", records) if isinstance(records, dict) else records
    assert records[0]["other_info"] == [{"label": "相应领域", "value": "公共文化服务"}]

    response = client.get(reverse("exports:items", args=["xlsx"]), {"catalogue": xiashan.slug})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book[book.sheetnames[1]]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in cells if "其他信息" in row)
    column = header.index("其他信息")
    assert [row[column] for row in cells if row[column] and row[column] != "其他信息"] == [
        *["相应领域：公共文化服务"] * 4,
        "相应领域：公共文化",
    ]

    assert client.get(f"/api/items/{first.pk}/").json()["other_info"] == [
        {"label": "相应领域", "value": "公共文化服务"}
    ]
    assert ["来源", "霞山区人民政府办公室"] in client.get(f"/api/catalogues/{xiashan.slug}/").json()["metadata"]
    assert not Item.objects.filter(other_info=[]).exists()
