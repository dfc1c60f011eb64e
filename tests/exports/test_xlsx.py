"""The XLSX export in the official table layout, read back with openpyxl."""

import datetime
import io
import zipfile
from array import array

import openpyxl
import pytest
import xlsxwriter
from django.urls import reverse

from catalog.exports.xlsx import (
    MAX_ROW_HEIGHT,
    Column,
    SheetPlan,
    add_row_heights,
    columns,
    header_spans,
    label_levels,
    pixels,
    row_height,
    sheet_name,
    store_row_heights,
)

from .helpers import workbook


@pytest.fixture
def book(client, world):
    return workbook(client.get(reverse("exports:items", args=["xlsx"])))


def merges(sheet) -> set[str]:
    return {str(rng) for rng in sheet.merged_cells.ranges}


def test_domain_sheet_has_the_official_two_row_header_with_merges(book):
    sheet = book["社会救助"]  # 阿尔山市 sections print 县级 | 乡、村级; one item has 三级事项 and 责任科室
    top = [cell.value for cell in sheet[2]]
    sub = [cell.value for cell in sheet[3]]
    assert top[:16] == [
        "序号", "公开事项", None, None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
        "公开对象", None, "公开方式", None, "公开层级", None, "责任科室",
    ]  # fmt: skip
    assert sub[:16] == [
        None, "一级事项", "二级事项", "三级事项", None, None, None, None, None,
        "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级", None,
    ]  # fmt: skip
    assert top[16:] == ["存疑", "存疑说明", "所属目录", "事项ID", "网址"]
    assert {
        "A2:A3",
        "B2:D2",
        "E2:E3",
        "F2:F3",
        "G2:G3",
        "H2:H3",
        "I2:I3",
        "J2:K2",
        "L2:M2",
        "N2:O2",
        "P2:P3",
    } <= merges(sheet)
    assert "A1:U1" in merges(sheet)
    assert sheet["A1"].value == "社会救助领域政务公开标准目录"


def test_tick_columns_carry_a_check_mark(book):
    sheet = book["社会救助"]
    first = [cell.value for cell in sheet[4]]  # 全社会, 主动, 县级 and 乡镇 (乡、村级)
    assert first[9:15] == ["√", None, "√", None, "√", "√"]
    second = [cell.value for cell in sheet[5]]  # 特定群众, 依申请公开, 村 (乡、村级)
    assert second[9:15] == [None, "√", None, "√", None, "√"]
    assert second[3] == "办理结果" and second[15] == "社会救助股"
    assert first[5] == "《中华人民共和国政府信息公开条例》、《社会救助暂行办法》"


def test_level_columns_follow_the_labels_each_catalogue_prints(book):
    sheet = book["社会保险"]  # 襄垣县 prints 县级 | 乡镇 | 社区; no 三级事项 or 责任科室 here
    top = [cell.value for cell in sheet[2]]
    sub = [cell.value for cell in sheet[3]]
    assert top[1:3] == ["公开事项", None] and sub[1:3] == ["一级事项", "二级事项"]
    assert top[12:15] == ["公开层级", None, None] and sub[12:15] == ["县级", "乡镇", "社区"]
    assert "M2:O2" in merges(sheet)
    assert [cell.value for cell in sheet[4]][12:15] == [None, "√", None]
    assert [cell.value for cell in sheet[5]][12:15] == [None, None, "√"]


def test_sheets_are_set_up_for_printing(book):
    sheet = book["社会救助"]
    assert sheet.print_title_rows == "$2:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide (Excel's default width 1) …
    assert sheet.page_setup.fitToHeight == 0  # … and as many pages long as needed
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["E"].width > 30  # 公开内容 is wide
    assert sheet["E4"].alignment.wrap_text


def test_rows_are_as_tall_as_their_wrapped_text(book):
    # LibreOffice keeps the stored height: without one, a printed or PDF-converted sheet
    # let long cells run into their neighbours (found by the LibreOffice round trip).
    sheet = book["社会救助"]
    heights = {row: sheet.row_dimensions[row].height for row in range(4, sheet.max_row + 1)}
    assert all(height and height >= 13.5 for height in heights.values())
    longest = max(range(4, sheet.max_row + 1), key=lambda row: len(str(sheet.cell(row, 6).value or "")))
    assert heights[longest] > 13.5  # the two laws of the first item need more than one line


def test_row_height_doctest():
    import doctest

    from catalog.exports import xlsx

    assert doctest.testmod(xlsx).failed == 0


def test_about_sheet_says_when_what_and_where_from(book, world):
    about = book["说明"]
    values = {row[0]: row[1] for row in about.iter_rows(min_row=3, max_col=2, values_only=True) if row[0]}
    assert values["筛选条件"] == "无（全部已发布事项）"
    assert values["事项数"] == 5
    assert "（Asia/Shanghai）" in values["导出时间"] or "（CST）" in values["导出时间"]
    assert values["分表"] == "社会救助（2 项）、户籍管理（1 项）、社会保险（2 项）"
    sources = [row for row in about.iter_rows(values_only=True) if row[1] in (world.a.title, world.b.title)]
    assert [row[2] for row in sources] == [world.a.region.name, world.b.region.name]
    # the catalogues' files are the project's, not the reader's: no file name or path
    assert not any(".txt" in str(cell) for row in about.iter_rows(values_only=True) for cell in row)


def test_about_sheet_rows_are_as_tall_as_their_wrapped_text(book, world):
    about = book["说明"]
    rows = {about.cell(row, 1).value: row for row in range(1, about.max_row + 1) if about.cell(row, 1).value}
    # 分表 names three sheets: more than a line of its 28-wide column, in the default 11-point font
    assert about.row_dimensions[rows["分表"]].height >= 2 * 15
    assert about.row_dimensions[rows["导出时间"]].height is None  # one line: the default height
    sources = [row for row in range(rows["来源目录"] + 1, about.max_row + 1) if about.cell(row, 2).value]
    assert len(sources) == 2 and all(about.row_dimensions[row].height >= 13.5 for row in sources)


def test_label_levels_maps_printed_labels_to_normalised_levels():
    assert label_levels("县级") == {"county"}
    assert label_levels("乡、村级") == {"township", "village"}
    assert label_levels("乡镇") == {"township"}
    assert label_levels("社区") == {"village"}
    # The importer's reading of the same labels: 州 is a city-level region, 村（社区） one level.
    assert label_levels("州级县级") == {"city", "county"}
    assert label_levels("村（社区）") == {"village"}
    assert label_levels("公开对象") == frozenset()


def test_header_spans_group_the_merged_headers():
    spans = header_spans(columns(SheetPlan(levels=(("县级", frozenset({"county"})),))))
    assert spans[1] == ("公开事项", "公开事项", 1, 2)
    assert ("公开层级", "公开层级", 12, 12) in spans  # one label: no merge needed


def test_sheet_names_are_valid_and_unique():
    taken = {"说明"}
    assert sheet_name("社会救助", taken) == "社会救助"
    assert sheet_name("社会救助", taken) == "社会救助（2）"
    assert sheet_name("a/b:c*d?" + "长" * 40, taken) == ("abcd" + "长" * 40)[:28]


def _sheet_with_rows(path, texts, heights_by_set_row: bool):
    """A one-sheet workbook whose row n (from row 2) holds texts[n], tall enough for it:
    by XlsxWriter's set_row(), or by store_row_heights() after closing."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    # One creation time for both files: docProps/core.xml holds it to the second.
    book.set_properties({"created": datetime.datetime(2026, 1, 1)})
    sheet = book.add_worksheet("领域")
    wrap = book.add_format({"text_wrap": True})
    sheet.set_column(0, 0, 10)
    sheet.set_row(0, 28)
    sheet.write_string(0, 0, "标题")
    heights = array("H")
    for offset, text in enumerate(texts):
        height = row_height([(text, Column(None, "x", 10, str))])
        if heights_by_set_row:
            sheet.set_row(2 + offset, height)
        heights.append(pixels(height))
        sheet.write_string(2 + offset, 0, text, wrap)
    book.close()
    if not heights_by_set_row:
        store_row_heights(str(path), {"领域": heights}, 2)


def test_stored_row_heights_are_the_xml_set_row_writes(tmp_path):
    texts = ["短", "公开" * 9, '<row r="3">' * 5, "", "政务公开标准目录" * 40, "a\nb\nc"]
    _sheet_with_rows(tmp_path / "set_row.xlsx", texts, heights_by_set_row=True)
    _sheet_with_rows(tmp_path / "stored.xlsx", texts, heights_by_set_row=False)
    with zipfile.ZipFile(tmp_path / "set_row.xlsx") as expected, zipfile.ZipFile(tmp_path / "stored.xlsx") as stored:
        assert expected.namelist() == stored.namelist()
        for name in expected.namelist():
            assert stored.read(name) == expected.read(name), name
    sheet = openpyxl.load_workbook(tmp_path / "stored.xlsx")["领域"]
    assert sheet.row_dimensions[1].height == 27.75  # 28 points in whole pixels, as set_row() keeps it
    assert [sheet.row_dimensions[row].height for row in range(3, 9)] == [13.5, 54, 94.5, 13.5, 408.75, 40.5]
    # the longest text stops at Excel's largest row height (409 points, 545 pixels)
    assert pixels(MAX_ROW_HEIGHT) == 545


@pytest.mark.parametrize("chunk_size", [1, 2, 5, 13, 1 << 20])
def test_row_heights_are_added_whatever_the_chunks(chunk_size):
    xml = (
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;row r="2"&gt;</t></is></c></row>'
        b'<row r="2"><c r="A2"/></row><row r="3"><c r="A3"/></row><row r="4"><c r="A4"/></row></sheetData>'
    )
    out = io.BytesIO()
    add_row_heights(io.BytesIO(xml), out, array("H", [18, 54]), 1, chunk_size=chunk_size)
    assert out.getvalue() == xml.replace(b'<row r="2">', b'<row r="2" ht="13.5" customHeight="1">').replace(
        b'<row r="3">', b'<row r="3" ht="40.5" customHeight="1">'
    )
