"""Readers for document formats (catalog/importers/readers): each turns a file into rows of
cells with merged cells resolved, hands them to the shared rows step, and cites where each
item is in the original. The expected items are those of tests/admin/upload_files.py's
official-layout table (three items; 一级事项 merged over items 1 and 2)."""

import io

import docx
import pytest

from catalog.importers.normalise import normalise
from catalog.importers.readers import read_document, to_raw
from catalog.importers.records import ImportFailed
from tests.office import SOFFICE, soffice

from ..admin.upload_files import ROWS, SUB, TOP, xlsx_bytes

EXPECTED = [
    ("1", "最低生活保障", "低保审批结果", ["county", "township", "village"]),
    ("2", "最低生活保障", "低保政策", ["county"]),
    ("3", "特困人员救助供养", "特困人员认定", ["county", "township", "village"]),
]


def items(data: bytes, name: str):
    raw = to_raw(read_document(data, name=name))
    return raw, [item for section in normalise(raw) for item in section.items]


def summary(found):
    return [(i.number, i.level1, i.level2, i.levels) for i in found]


def cell(text, **attrs):
    spans = "".join(f' {key}="{value}"' for key, value in attrs.items())
    return f"<td{spans}>{text}</td>"


def html_table() -> str:
    """The official layout as a web page prints it: rowspan/colspan instead of blank cells."""
    top = cell("序号", rowspan=2) + "".join(cell(label, rowspan=2) for label in TOP[1:8])
    top += cell("公开对象", colspan=2) + cell("公开方式", colspan=2) + cell("公开层级", colspan=2)
    sub = "".join(cell(label) for label in SUB[8:])
    rows = []
    for index, row in enumerate(ROWS):
        cells = [cell(value or "") for value in row]
        if index == 0:
            cells[1] = cell(row[1], rowspan=2)  # 一级事项 shared with the row below
        if index == 1:
            del cells[1]
        rows.append("".join(cells))
    body = "".join(f"<tr>{row}</tr>\n" for row in [top, sub, *rows])
    return f"<table border=1>\n{body}</table>"


def test_a_pasted_html_table_reads_rowspan_and_colspan_as_merged_cells():
    raw, found = items(html_table().encode(), "pasted.html")
    assert summary(found) == EXPECTED
    assert raw.reader == "网页（HTML）"
    (section,) = raw.sections
    assert [c.key for c in section.columns][-4:] == ["mode_proactive", "mode_on_request", "level", "level"]
    assert section.rows[1].cells[1] == ""  # the covered 一级事项 position is blank, as in the sheet
    assert [row.where for row in section.rows] == ["第 4 行", "第 5 行", "第 6 行"]  # the <tr> lines


def test_a_saved_gbk_web_page_skips_navigation_chrome_and_takes_title_and_heading():
    page = f"""<html><head><meta charset="gb2312"><title>测试县人民政府网</title></head><body>
<table><tr><td>首页</td><td>政务公开</td><td>办事服务</td></tr></table>
<div class="crumbs">首页 &gt; 政务公开 &gt; 标准目录</div>
<h1>测试县社会救助领域基层政务公开标准目录</h1>
<p>索引号：11150000/2024-00012　发布机构：测试县民政局</p>
<p>（一）社会救助领域基层政务公开标准目录</p>
{html_table()}
<table><tr><td>版权所有：测试县人民政府</td><td>网站标识码</td></tr></table>
<script>var x = "<td>1</td>";</script>
</body></html>"""
    raw, found = items(page.encode("gb18030"), "saved.htm")
    assert summary(found) == EXPECTED
    assert raw.title == "测试县社会救助领域基层政务公开标准目录"
    assert raw.sections[0].domain_name == "社会救助"
    assert "索引号：11150000/2024-00012　发布机构：测试县民政局" in raw.page_text
    assert any("版权所有" in problem.message and "已跳过" in problem.message for problem in raw.problems)


def test_a_web_page_without_a_table_goes_to_the_text_parser():
    lines = [
        "测试目录",
        "（一）社会救助领域基层政务公开标准目录",
        "\t".join(c or "" for c in TOP),
        "\t".join(c or "" for c in SUB),
    ]
    lines += ["\t".join(c or "" for c in row) for row in ROWS]
    page = "<html><body><pre>" + "\n".join(lines) + "</pre></body></html>"
    document = read_document(page.encode(), name="a.html")
    assert document.text is not None and document.parts == []
    raw, found = items(page.encode(), "a.html")
    assert [i.level2 for i in found] == [row[2] for row in ROWS]
    assert raw.sections[0].rows[0].where == "网页正文第 5 行"


def word_document() -> bytes:
    word = docx.Document()
    word.add_paragraph("测试县政务公开标准目录")
    word.add_paragraph("（一）社会救助领域基层政务公开标准目录")
    table = word.add_table(rows=2 + len(ROWS), cols=len(TOP))
    for r, row in enumerate([TOP, SUB, *ROWS]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value or ""
    table.cell(0, 0).merge(table.cell(1, 0)).text = "序号"  # vMerge
    for first in (8, 10, 12):
        table.cell(0, first).merge(table.cell(0, first + 1))  # gridSpan
    table.cell(2, 1).merge(table.cell(3, 1)).text = "最低生活保障"
    word.add_paragraph("注：本目录由测试县民政局负责解释。")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_word_tables_read_gridspan_and_vmerge_as_merged_cells():
    document = read_document(word_document(), name="a.docx")
    rows = document.parts[0].rows
    assert rows[1].covered == frozenset({0}) and rows[0].covered == frozenset({9, 11, 13})
    assert rows[3].covered == frozenset({1}) and rows[3].cells[1] == ""
    raw, found = items(word_document(), "a.docx")
    assert summary(found) == EXPECTED
    assert raw.reader == "Word（.docx）" and raw.title == "测试县政务公开标准目录"
    assert raw.sections[0].domain_name == "社会救助"
    assert [row.where for row in raw.sections[0].rows] == ["表格 1 第 3 行", "表格 1 第 4 行", "表格 1 第 5 行"]
    assert raw.page_text == ["注：本目录由测试县民政局负责解释。"]


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"\xd0\xcf\x11\xe0old", "a.docx", "旧版 Word"),
        (b"PK\x03\x04broken", "a.docx", "无法读取该 Word 文件"),
        (b"%PDF-1.4 broken", "a.pdf", "无法读取该 PDF 文件"),
        (b"<html>x</html>", "a.pdf", "不是 PDF"),
        (b"<html><body><p>no table here</p></body></html>", "a.html", "未找到表头"),
        (b"data", "a.rtf", "不支持的文件类型"),
    ],
)
def test_unreadable_documents_say_why(data, name, message):
    with pytest.raises(ImportFailed, match=message):
        to_raw(read_document(data, name=name))


def test_a_word_file_without_tables_is_refused():
    word = docx.Document()
    word.add_paragraph("只有文字")
    out = io.BytesIO()
    word.save(out)
    with pytest.raises(ImportFailed, match="没有表格"):
        read_document(out.getvalue(), name="a.docx")


def test_a_scanned_pdf_without_a_text_layer_is_refused():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, format="PDF")
    with pytest.raises(ImportFailed, match="没有文字层"):
        read_document(out.getvalue(), name="scan.pdf")


def test_a_scan_with_only_page_numbers_stamped_on_is_refused_as_a_scan():
    """Tools that number or watermark pages put a little text on a scan: still a scan, refused
    with what to do (before: 未找到表头, as if a catalogue had been read)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image

    scan = io.BytesIO()
    pages = [Image.new("RGB", (400, 560), "white") for _ in range(3)]
    pages[0].save(scan, format="PDF", save_all=True, append_images=pages[1:])
    document = pdfium.PdfDocument(scan.getvalue())
    for number in range(len(document)):
        page = document[number]
        text = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 10.0)
        words = f"- {number + 1} -".encode("utf-16-le") + b"\0\0"
        pdfium_c.FPDFText_SetText(text, ctypes.cast(ctypes.c_char_p(words), ctypes.POINTER(ctypes.c_ushort)))
        pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, 180, 20)
        pdfium_c.FPDFPage_InsertObject(page.raw, text)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ImportFailed, match="几乎没有文字.*可能是扫描件.*文字识别"):
        read_document(out.getvalue(), name="scan.pdf")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: the PDF is made by it")
def test_a_pdf_table_across_pages_with_repeated_headers(tmp_path):
    """A bordered sheet of 60 items printed by LibreOffice over several pages, the header
    rows repeated on each: one section, every item once, each citing its page."""
    import xlsxwriter

    path = tmp_path / "long.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("社会救助")
    border = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    sheet.set_column(0, len(TOP) - 1, 16)
    sheet.write_row(0, 0, ["社会救助领域政务公开标准目录"])
    sheet.write_row(1, 0, [c or "" for c in TOP], border)
    sheet.write_row(2, 0, [c or "" for c in SUB], border)
    sheet.merge_range(1, 0, 2, 0, "序号", border)
    for first in (8, 10, 12):
        sheet.merge_range(1, first, 1, first + 1, TOP[first], border)
    for n in range(1, 61):
        row = list(ROWS[0])
        row[0], row[1], row[2] = str(n), "最低生活保障", f"低保审批结果第{n}批"
        sheet.set_row(2 + n, 45)  # room for the wrapped text (LibreOffice keeps the stored height)
        sheet.write_row(2 + n, 0, row, border)
    sheet.repeat_rows(1, 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    book.close()
    soffice(tmp_path, "--convert-to", "pdf", str(path))
    raw, found = items((tmp_path / "long.pdf").read_bytes(), "long.pdf")
    assert raw.reader == "PDF" and len(raw.sections) == 1
    assert raw.sections[0].domain_name == "社会救助"
    assert [i.level2 for i in found] == [f"低保审批结果第{n}批" for n in range(1, 61)]
    pages = {row.where for row in raw.sections[0].rows}
    assert len(pages) >= 2 and "第 1 页" in pages
    assert not any(i.review_reasons for i in found)


def test_xlsx_rows_cite_their_sheet_when_there_are_several():
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes()))
    book.create_sheet("说明").append(["本表由测试县民政局编制"])
    out = io.BytesIO()
    book.save(out)
    raw, found = items(out.getvalue(), "a.xlsx")
    assert summary(found) == EXPECTED
    assert raw.sections[0].rows[0].where == "工作表“社会救助”第 5 行"
    assert any("工作表“说明”" in p.message and "已跳过" in p.message for p in raw.problems)


METADATA_GRID = [("索引号：", "11150000/2024-00012"), ("发布机构：", "测试县民政局"), ("成文日期：", "2024-03-01")]
KEPT_METADATA = [("索引号", "11150000/2024-00012"), ("发布机构", "测试县民政局"), ("成文日期", "2024-03-01")]


def test_a_web_pages_metadata_grid_keeps_each_value_printed_in_the_cell_after_its_key():
    """Government CMS pages print 索引号/发布机构/成文日期 as a table, key and value in cells of their own."""
    grid = "".join(f"<tr><td>{key}</td><td>{value}</td></tr>" for key, value in METADATA_GRID)
    page = f"<html><body><table class=meta>{grid}</table><h1>测试县政务公开标准目录</h1>{html_table()}</body></html>"
    raw, found = items(page.encode(), "saved.html")
    assert summary(found) == EXPECTED
    assert raw.metadata == KEPT_METADATA
    assert raw.issuer == "测试县民政局" and str(raw.issued_date) == "2024-03-01"


def test_a_word_files_metadata_table_is_read_for_metadata_not_skipped_whole():
    word = docx.Document(io.BytesIO(word_document()))
    meta = word.add_table(rows=1, cols=2 * len(METADATA_GRID))
    for i, (key, value) in enumerate(METADATA_GRID):
        meta.cell(0, 2 * i).text, meta.cell(0, 2 * i + 1).text = key, value
    body = word.element.body
    body.insert(0, meta._tbl)  # above the title, as a page saved from a CMS prints it
    out = io.BytesIO()
    word.save(out)
    raw, found = items(out.getvalue(), "a.docx")
    assert summary(found) == EXPECTED
    assert raw.metadata == KEPT_METADATA
    assert raw.issuer == "测试县民政局"


def browser_copy(rows: list[list[str | None]]) -> str:
    """A table whose cells hold paragraphs (<td><p>…</p></td>, as CMS editors write them) as
    Chromium copies it (innerText): each cell's text between blank lines, a line holding only
    a tab between cells, an NBSP for an empty cell; a cell under a rowspan or colspan is not
    printed at all (None here)."""
    return "\n".join("\t".join(f"\n\n{cell or chr(0xA0)}\n\n" for cell in row if cell is not None) for row in rows)


def test_a_table_copied_from_a_browser_with_paragraphs_in_its_cells_keeps_its_ticks_in_their_columns():
    header = [[c for c in TOP], [c for c in SUB if c is not None]]
    # Channels ticked as the page prints them (■): a bare "政务服务中心" one paragraph below
    # "阿尔山市民政局" reads as a second publisher in a layout of paragraphs.
    rows = [[f"■{cell}" if j == 7 else cell for j, cell in enumerate(row)] for row in ROWS]
    text = "测试县社会救助领域基层政务公开标准目录\n\n" + browser_copy([*header, *rows])
    raw, found = items(text.encode(), "pasted.txt")
    assert summary(found) == EXPECTED
    assert [(i.audience_public, i.audience_specific, i.mode_proactive, i.mode_on_request) for i in found] == [
        (True, False, True, False)
    ] * 3
    assert not any(i.review_reasons for i in found)


def test_a_blank_cell_of_a_web_page_is_empty_and_only_a_merged_one_takes_the_value_above():
    """HTML marks its merges (rowspan): a blank <td> is an empty cell. An unknown 备注 column
    filled on one row only must not be copied down to the rows under it (other counties'
    catalogues mostly leave 备注 blank), nor a blank 公开依据 take the basis of the row above."""
    header = "<tr><td>序号</td><td>一级事项</td><td>公开内容</td><td>公开依据</td><td>公开主体</td><td>备注</td></tr>"
    body = (
        '<tr><td>1</td><td>低保审批</td><td>审批结果</td><td rowspan="2">《社会救助暂行办法》</td>'
        "<td>测试县民政局</td><td>每季度更新</td></tr>"
        "<tr><td>2</td><td>低保政策</td><td>政策文件</td><td>测试县民政局</td><td>&nbsp;</td></tr>"
        "<tr><td>3</td><td>临时救助</td><td>救助对象</td><td></td><td>测试县民政局</td><td></td></tr>"
    )
    page = f"<html><body><h1>测试县社会救助领域政务公开目录</h1><table>{header}{body}</table></body></html>"
    raw, found = items(page.encode(), "a.html")
    assert [i.other_info for i in found] == [[("备注", "每季度更新")], [], []]
    assert [i.legal_basis_text for i in found] == ["《社会救助暂行办法》", "《社会救助暂行办法》", ""]
    # A CSV (saved from a sheet, merges lost) still reads a blank as the merged cell above.
    csv_text = "\n".join(
        [
            "序号,一级事项,公开内容,公开依据,公开主体,备注",
            "1,低保审批,审批结果,《社会救助暂行办法》,测试县民政局,每季度更新",
            "2,低保政策,政策文件,,测试县民政局,",
        ]
    )
    _, from_csv = items(csv_text.encode(), "a.csv")
    assert [i.legal_basis_text for i in from_csv] == ["《社会救助暂行办法》"] * 2


@pytest.mark.parametrize(
    "name, advice",
    [("目录.xls", "另存为 .xlsx"), ("目录.doc", "另存为 .docx"), ("目录.et", "另存为 .xlsx"), ("目录.mht", "仅 HTML")],
)
def test_formats_counties_publish_but_the_readers_do_not_take_say_how_to_save_them(name, advice):
    with pytest.raises(ImportFailed, match=advice):
        read_document(b"\xd0\xcf\x11\xe0 old office file", name=name)


def test_a_page_downloaded_with_its_servers_suffix_reads_as_a_web_page():
    """wget or 另存为 keeps post_2102400.shtml: it is the same HTML page."""
    raw, found = items(f"<html><body>{html_table()}</body></html>".encode(), "post_2102400.shtml")
    assert raw.reader == "网页（HTML）" and summary(found) == EXPECTED


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: the PDF is made by it")
def test_a_pdf_exported_from_word_keeps_the_first_line_of_each_cell_and_rows_cut_by_a_page(tmp_path):
    """Word draws its table without cell padding and lets a row break across pages: the first
    wrapped line of a cell must not be lost, and the rest of a row printed at the top of the next
    page (under the repeated header, no 序号, no name) belongs to the row above."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = docx.Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    word.add_paragraph("测试县社会救助领域基层政务公开标准目录")
    header = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
    content = "申请条件、办理流程、审批结果、保障金额、保障人数、救助标准、资金发放情况（第{n}项）"
    table = word.add_table(rows=1 + 12, cols=len(header))
    table.style = "Table Grid"
    for c, label in enumerate(header):
        table.cell(0, c).text = label
    for n in range(1, 13):
        row = [str(n), "最低生活保障", f"低保事项{n}", content.format(n=n) * 3, "《社会救助暂行办法》",
               "信息形成之日起20个工作日内", "测试县民政局", "■政府网站 ■公示栏"]  # fmt: skip
        for c, value in enumerate(row):
            table.cell(n, c).text = value
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    path = tmp_path / "word.docx"
    word.save(str(path))
    soffice(tmp_path, "--convert-to", "pdf", str(path))
    raw, found = items((tmp_path / "word.pdf").read_bytes(), "word.pdf")
    assert len({row.where for row in raw.sections[0].rows}) >= 2  # the table goes over pages
    assert [i.number for i in found] == [str(n) for n in range(1, 13)]
    assert [i.content for i in found] == [content.format(n=n) * 3 for n in range(1, 13)]
    assert [i.deadline_days for i in found] == [20] * 12


def test_a_later_table_under_a_numbered_heading_of_its_own_is_its_own_section():
    """A page with two tables of different headers: the second, under "（二）部门主动公开基本目录",
    is not put in the domain of the page title (社会救助); it is a section named by its heading,
    whose domain the importer must be told (--domain, the upload's 领域) instead of guessing."""
    second = (
        "<table><tr><td>序号</td><td>一级目录</td><td>二级目录</td><td>公开内容</td><td>公开依据</td></tr>"
        "<tr><td>1</td><td>机关信息</td><td>机构职能</td><td>主要职责、内设机构</td><td>《政府信息公开条例》</td></tr></table>"
    )
    page = (
        f"<html><body><h1>测试县社会救助领域政务公开标准目录</h1>{html_table()}"
        f"<h2>（二）部门主动公开基本目录</h2>{second}</body></html>"
    )
    raw, found = items(page.encode(), "a.html")
    assert [(s.heading, s.domain_name) for s in raw.sections] == [
        ("测试县社会救助领域政务公开标准目录", "社会救助"),
        ("（二）部门主动公开基本目录", ""),
    ]
    assert [i.level1 for i in found][-1] == "机关信息"
    assert "（二）部门主动公开基本目录" not in raw.page_text


def test_rows_of_a_table_written_on_one_line_cite_different_places():
    """A CMS page often writes its table on one source line: its rows are cited by table and row
    (as Word's are), not all as 第 1 行; a table whose rows have lines of their own keeps them."""
    page = "<html><body><h1>测试县政务公开标准目录</h1>" + html_table().replace("\n", "") + "</body></html>"
    raw, found = items(page.encode(), "a.html")
    assert [row.where for row in raw.sections[0].rows] == ["表格 1 第 3 行", "表格 1 第 4 行", "表格 1 第 5 行"]
    assert len(found) == 3 and len({item.source_where for item in found}) == 3
