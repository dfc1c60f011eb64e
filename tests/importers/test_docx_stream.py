"""The Word reader streams (catalog/importers/readers/docx.py): the body is read with
iterparse, rows leave as soon as they are complete, merged cells (gridSpan, vMerge) are
placed by the readers' shared sweep, and the tree never holds more than the row being read.

The documents here are written as WordprocessingML by hand (a minimal package: content
types, relationships, the body), so that every construct is exactly the one named."""

import io
import zipfile
from xml.sax.saxutils import escape

import pytest

from catalog.importers.readers import docx as word_reader
from catalog.importers.readers import read_document
from catalog.importers.records import ImportFailed

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)
HEADER = ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "主动", "依申请"]


CORE = (
    '<Relationship Id="rId2" Target="docProps/core.xml" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"/>'
)


def package(body: str, document: str | None = None, title: str | None = None) -> bytes:
    """A .docx holding `body` (the children of <w:body>), or `document` as its main part;
    with core properties holding `title` if one is given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "_rels/.rels", RELS if title is None else RELS.replace("</Relationships>", CORE + "</Relationships>")
        )
        archive.writestr("word/document.xml", document or f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        if title is not None:
            archive.writestr(
                "docProps/core.xml",
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{escape(title)}</dc:title></cp:coreProperties>',
            )
    return out.getvalue()


def p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def tc(*paragraphs: str, span: int = 1, merge: str | None = None) -> str:
    properties = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        "" if merge is None else "<w:vMerge/>" if merge == "continue" else f'<w:vMerge w:val="{merge}"/>'
    )
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{''.join(paragraphs) or p()}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0) -> str:
    grid = (f'<w:gridBefore w:val="{before}"/>' if before else "") + (
        f'<w:gridAfter w:val="{after}"/>' if after else ""
    )
    return f"<w:tr><w:trPr>{grid}</w:trPr>{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"


def merges_document(rows: int) -> tuple[bytes, list[tuple[list[str], frozenset]]]:
    """A table whose 一级事项 (column 1) is merged down (vMerge) over groups of 1 to 7 rows,
    whose 公开依据 and 主动 (columns 4, 5) are one gridSpan=2 cell in every third row, whose
    公开内容 holds two paragraphs and a line break; with the cells and covered positions
    each row must come out with, worked out from that rule alone."""
    body, expected = [tr(*(tc(p(t(label))) for label in HEADER))], []
    group_left = 0
    for n in range(rows):
        cells, want, covered = [tc(p(t(str(n + 1))))], [str(n + 1)], set()
        if group_left == 0:
            group_left = n % 7 + 1
            cells.append(tc(p(t(f"组{n}")), merge="restart"))
            want.append(f"组{n}")
        else:
            cells.append(tc(p(), merge="continue"))
            want.append("")
            covered.add(1)
        group_left -= 1
        cells += [tc(p(t(f"事项{n}"))), tc(p(t(f"内容{n}"), "<w:r><w:br/></w:r>", t("第二行")), p(t(f"要素{n}")))]
        want += [f"事项{n}", f"内容{n} 第二行 要素{n}"]
        if n % 3 == 0:
            cells.append(tc(p(t(f"依据{n}")), span=2))
            want += [f"依据{n}", ""]
            covered.add(5)
        else:
            cells += [tc(p(t(f"依据{n}"))), tc(p(t("√")))]
            want += [f"依据{n}", "√"]
        cells.append(tc(p()))
        want.append("")
        body.append(tr(*cells))
        expected.append((want, frozenset(covered)))
    return package(p(t("测试县政务公开标准目录")) + tbl(*body) + "<w:sectPr/>"), expected


def test_vmerge_and_gridspan_are_swept_across_many_rows():
    data, expected = merges_document(600)
    document = read_document(data, name="merges.docx")
    (part,) = document.parts
    rows = list(part.rows)
    assert rows[0].cells == HEADER and document.title == "测试县政务公开标准目录"
    assert [(row.cells, row.covered) for row in rows[1:]] == expected
    assert rows[-1].where == "表格 1 第 601 行"


def test_the_parser_never_holds_the_whole_table(monkeypatch):
    """At the end of every row, the rows before it in the tree iterparse builds are gone, but
    for the one just read, emptied; the rows it holds are that one and those parsed ahead of
    the one being read (lxml parses the part in pieces before it gives their events): never
    the whole table."""
    data, _ = merges_document(600)
    before, held = [], []
    events = word_reader._events

    def counting(stream):
        for event, element in events(stream):
            if event == "end" and element.tag == word_reader.TR:
                before.append([len(row) for row in element.itersiblings(word_reader.TR, preceding=True)])
                held.append(sum(1 for _ in element.getroottree().iter(word_reader.TR)))
            yield event, element

    monkeypatch.setattr(word_reader, "_events", counting)
    read_document(data, name="merges.docx")
    assert len(held) == 601
    assert before[0] == [] and all(rows == [0] for rows in before[1:]) and max(held) < 100


def test_rows_that_start_or_end_inside_the_grid_keep_their_positions():
    """gridBefore/gridAfter leave grid positions blank (not covered); a continuation takes the
    width of the cell it continues; one with no cell above it (a malformed document) is read
    as a cell of its own instead of failing."""
    body = tbl(
        tr(tc(p(t("甲")), span=2, merge="restart"), tc(p(t("乙"))), tc(p(t("丙")))),
        tr(tc(p(), merge="continue"), tc(p(t("丁"))), after=1),
        tr(tc(p(t("戊"))), tc(p(t("己")), merge="continue"), before=1, after=1),
    )
    rows = list(read_document(package(body), name="grid.docx").parts[0].rows)
    assert [(row.cells, row.covered) for row in rows] == [
        (["甲", "", "乙", "丙"], frozenset({1})),
        (["", "", "丁", ""], frozenset({0, 1})),
        (["", "戊", "己", ""], frozenset()),
    ]


def test_cell_and_body_text_as_word_shows_it():
    """A cell's paragraphs and line breaks are joined with spaces; tabs, hyperlinks and
    non-breaking hyphens are text, and so is a table nested in the cell, its
    paragraphs after those before it; page breaks and tracked deletions are not; the body's paragraphs are lines of page text, a heading opens a section."""
    cell = (
        p(t("申请条件"), "<w:r><w:tab/><w:t>办理流程</w:t><w:br/><w:t>结果</w:t></w:r>")
        + p("<w:hyperlink><w:r><w:t>《社会救助暂行办法》</w:t></w:r></w:hyperlink>", "<w:r><w:noBreakHyphen/></w:r>")
        + p(
            '<w:r><w:br w:type="page"/><w:t>第</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del>',
            t("二页"),
        )
        + tbl(tr(tc(p(t("嵌套表格")))))
    )
    header = tr(*(tc(p(t(label))) for label in HEADER[:4]))
    row = tr(tc(p(t("1"))), tc(p(t("最低生活保障"))), tc(p(t("低保审批结果"))), tc(cell))
    body = (
        p(t("测试县政务公开标准目录"))
        + p(t("发布机构：测试县民政局"), "<w:r><w:br/></w:r>", t("成文日期：2024-03-01"))
        + p(t("（一）社会救助领域基层政务公开标准目录"))
        + tbl(header, row)
        + p(t("注："), "<w:r><w:tab/></w:r>", t("由民政局解释"))
    )
    document = read_document(package(body), name="text.docx")
    (part,) = document.parts
    rows = list(part.rows)
    assert len(rows) == 2 and rows[1].cells[3] == "申请条件\t办理流程 结果 《社会救助暂行办法》- 第二页 嵌套表格"
    assert part.heading == "（一）社会救助领域基层政务公开标准目录"
    assert document.page_text == ["发布机构：测试县民政局", "成文日期：2024-03-01", "注：\t由民政局解释"]


def test_the_title_in_the_documents_properties_is_the_fallback_title():
    """The title printed above the first table comes first; without one, the title in the
    document's properties (File > Properties); without properties, none is made up."""
    table = tbl(tr(*(tc(p(t(label))) for label in HEADER[:3])))
    printed = p(t("测试县政务公开标准目录")) + table
    assert read_document(package(printed, title="属性中的标题"), name="a.docx").title == "测试县政务公开标准目录"
    assert read_document(package(table, title="属性中的标题"), name="a.docx").title == "属性中的标题"
    assert read_document(package(table), name="a.docx").title == ""


def test_entities_are_not_expanded():
    """A DOCTYPE in an uploaded document declares entities; none is read (no file, no network)."""
    document = (
        f'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY f "展开">]><w:document {NS}><w:body>'
        + tbl(tr(tc(p("<w:r><w:t>&e;&f;</w:t></w:r>")), tc(p(t("序号")))))
        + "</w:body></w:document>"
    )
    (row,) = read_document(package("", document=document), name="a.docx").parts[0].rows
    assert row.cells == ["", "序号"]


@pytest.mark.parametrize(
    "data",
    [
        package("", document=f"<w:document {NS}><w:body><w:p><w:r><w:t>未闭合</w:t></w:r></w:body></w:document>"),
        package("", document='<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
    ],
    ids=["broken XML", "not a Word document"],
)
def test_a_broken_word_file_is_refused_with_what_to_do(data):
    with pytest.raises(ImportFailed, match="无法读取该 Word 文件.*另存为 .docx"):
        read_document(data, name="a.docx")


def ins(*runs: str) -> str:
    return '<w:ins w:id="1" w:author="县政府办" w:date="2024-03-01T00:00:00Z">' + "".join(runs) + "</w:ins>"


def deleted(text: str) -> str:
    return f'<w:del w:id="2" w:author="县政府办"><w:r><w:delText>{escape(text)}</w:delText></w:r></w:del>'


def tracked_row(mark: str, *cells: str) -> str:
    """A row whose insertion or deletion is tracked (w:trPr/w:ins or w:trPr/w:del)."""
    return f'<w:tr><w:trPr><w:{mark} w:id="3" w:author="县政府办"/></w:trPr>{"".join(cells)}</w:tr>'


def test_tracked_changes_are_read_as_accepted():
    """A document saved with track changes on reads as Word shows it with the changes
    accepted: inserted text (w:ins around runs, in a hyperlink too) and inserted rows are read,
    deleted text (w:del, w:delText) is not, and a row whose deletion is tracked is no row."""
    header = tr(*(tc(p(t(label))) for label in HEADER[:4]))
    edited = tr(
        tc(p(t("1"))),
        tc(p(t("最低"), ins(t("生活")), t("保障"))),
        tc(p(ins(t("低保审批结果")), deleted("旧事项"))),
        tc(p("<w:hyperlink>" + ins(t("《社会救助暂行办法》")) + "</w:hyperlink>")),
    )
    inserted = tracked_row("ins", *(tc(p(ins(t(text)))) for text in ("2", "特困供养", "供养审批", "新增内容")))
    gone = tracked_row("del", *(tc(p(deleted(text))) for text in ("3", "临时救助", "救助审批", "删去内容")))
    rows = list(read_document(package(tbl(header, edited, inserted, gone)), name="a.docx").parts[0].rows)
    assert [row.cells for row in rows[1:]] == [
        ["1", "最低生活保障", "低保审批结果", "《社会救助暂行办法》"],
        ["2", "特困供养", "供养审批", "新增内容"],
    ]


def sdt(*content: str) -> str:
    """A content control (w:sdt) around `content`, at whatever level it is placed."""
    return (
        '<w:sdt><w:sdtPr><w:alias w:val="填写区"/></w:sdtPr><w:sdtContent>'
        + "".join(content)
        + "</w:sdtContent></w:sdt>"
    )


def test_content_controls_are_read_as_what_they_hold():
    """Templates wrap paragraphs, tables, rows, cells and runs in content controls (w:sdt) or
    custom XML (w:customXml); what they hold is read where it stands, nothing is dropped."""
    header = tr(*(tc(p(t(label))) for label in HEADER[:4]))
    plain = tr(tc(p(t("1"))), tc(p(t("最低生活保障"))), tc(p(t("低保审批结果"))), tc(p(t("内容甲"))))
    wrapped_cells = tr(
        tc(p(t("2"))),
        sdt(tc(p(t("特困供养")))),
        "<w:customXml w:element='x'>" + tc(p(t("供养审批"))) + "</w:customXml>",
        tc(p(t("内容"), sdt(t("乙")))),
    )
    wrapped_rows = sdt(
        tr(tc(p(t("3"))), tc(p(t("临时救助"))), tc(p(t("救助审批"))), tc(p(t("内容丙")))),
        tr(tc(p(t("4"))), tc(p(t("医疗救助"))), tc(p(t("医疗审批"))), tc(p(t("内容丁")))),
    )
    body = sdt(p(t("测试县政务公开标准目录")), p(t("发布机构：测试县民政局"))) + sdt(
        tbl(header, plain, wrapped_cells, wrapped_rows)
    )
    document = read_document(package(body), name="a.docx")
    (first,) = document.parts
    assert document.title == "测试县政务公开标准目录" and document.page_text == ["发布机构：测试县民政局"]
    assert [row.cells for row in first.rows][1:] == [
        ["1", "最低生活保障", "低保审批结果", "内容甲"],
        ["2", "特困供养", "供养审批", "内容乙"],
        ["3", "临时救助", "救助审批", "内容丙"],
        ["4", "医疗救助", "医疗审批", "内容丁"],
    ]


def test_a_table_nested_in_a_cell_is_text_of_that_cell():
    """A table inside a cell neither vanishes nor adds rows or columns to the table holding
    it: its cells' paragraphs are more paragraphs of that cell, joined with spaces in document
    order, through content controls too; the rows after it keep their cells."""
    header = tr(*(tc(p(t(label))) for label in HEADER[:4]))
    inner = tbl(tr(tc(p(t("申请人"))), tc(p(t("户籍所在地")))), tr(tc(p(t("审批机关"))), sdt(tc(p(t("县民政局"))))))
    nested = tr(
        tc(p(t("1"))), tc(p(t("最低生活保障"))), tc(p(t("低保审批结果"))), tc(p(t("要素：")), inner, p(t("等")))
    )
    after = tr(tc(p(t("2"))), tc(p(t("特困供养"))), tc(p(t("供养审批"))), tc(p(t("内容乙"))))
    rows = list(read_document(package(tbl(header, nested, after)), name="a.docx").parts[0].rows)
    assert [row.cells for row in rows[1:]] == [
        ["1", "最低生活保障", "低保审批结果", "要素： 申请人 户籍所在地 审批机关 县民政局 等"],
        ["2", "特困供养", "供养审批", "内容乙"],
    ]


def test_a_main_part_too_large_when_unzipped_is_refused_before_it_is_parsed(monkeypatch):
    """The uncompressed size the package declares for its main part is checked against a
    bound sized from the upload limit before any XML is read (a zip bomb costs no parsing)."""
    data, _ = merges_document(50)
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size
    assert word_reader.MAX_MAIN_PART >= 10 * word_reader.MAX_BYTES
    monkeypatch.setattr(word_reader, "MAX_MAIN_PART", size)
    assert len(list(read_document(data, name="a.docx").parts[0].rows)) == 51
    monkeypatch.setattr(word_reader, "MAX_MAIN_PART", size - 1)
    monkeypatch.setattr(word_reader, "_events", lambda stream: pytest.fail("parsed"))
    with pytest.raises(
        ImportFailed, match=r"Word 文件过大或结构异常（正文解压后约 0 MB，上限为 0 MB），无法读取：请删去多余的内容"
    ):
        read_document(data, name="a.docx")


def test_a_main_part_that_inflates_far_more_than_word_writes_is_refused():
    """Over 1 MB, a main part deflated more than 100:1 (Excel's bound, Apache POI's default)
    is refused unread: one row repeated; the same table with its rows told apart is read."""
    row = tr(*(tc(p(t(label))) for label in HEADER))
    varied = merges_document(3000)[0]
    main = zipfile.ZipFile(io.BytesIO(varied)).read("word/document.xml")
    for document, refused in (
        (main, False),
        (f"<w:document {NS}><w:body>{tbl(row * 20000)}</w:body></w:document>", True),
    ):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("_rels/.rels", RELS)
            archive.writestr("word/document.xml", document)
        info = zipfile.ZipFile(out).getinfo("word/document.xml")
        assert info.file_size > 1024 * 1024 and (info.file_size > 100 * info.compress_size) == refused
        if refused:
            with pytest.raises(ImportFailed, match="Word 文件过大或结构异常（压缩比异常），无法读取"):
                read_document(out.getvalue(), name="a.docx")
        else:
            assert len(list(read_document(out.getvalue(), name="a.docx").parts[0].rows)) == 3001


def placeholder(*content: str, showing: str | None = "") -> str:
    """A content control as Word writes an empty one: its placeholder text shown in
    the PlaceholderText style and flagged w:showingPlcHdr (`showing`=None: no flag, filled)."""
    flag = "" if showing is None else "<w:showingPlcHdr/>" if showing == "" else f'<w:showingPlcHdr w:val="{showing}"/>'
    return (
        '<w:sdt><w:sdtPr><w:id w:val="-1"/><w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/>'
        f"</w:placeholder>{flag}</w:sdtPr><w:sdtContent>" + "".join(content) + "</w:sdtContent></w:sdt>"
    )


def hint(text: str = "单击或点击此处输入文字。") -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>{escape(text)}</w:t></w:r>'


def test_an_empty_content_control_reads_as_empty_not_as_its_placeholder():
    """A template's fill-in fields left empty show Word's prompt (单击或点击此处输入文字。) in
    grey: the field is empty, whether the control holds runs, a paragraph or the whole cell
    (the cell keeps its place); a control that was filled in (no w:showingPlcHdr, or one
    set off) is read, and so is text beside an empty control."""
    header = tr(*(tc(p(t(label))) for label in HEADER[:4]))
    row = tr(
        tc(p(t("1"))),
        tc(p(t("最低生活保障"), placeholder(hint()))),
        placeholder(tc(p(hint("单击或点击此处输入日期。")))),
        tc(placeholder(p(hint())), p(t("内容甲"))),
    )
    filled = tr(
        tc(p(t("2"))),
        tc(p(placeholder(t("特困供养"), showing=None))),
        tc(p(placeholder(t("供养审批"), showing="0"))),
        placeholder(tc(p(t("内容乙"))), showing="false"),
    )
    body = p(t("测试县政务公开标准目录")) + placeholder(p(hint("输入发布机构。"))) + tbl(header, row, filled)
    document = read_document(package(body), name="a.docx")
    assert document.page_text == []
    assert [row.cells for row in document.parts[0].rows][1:] == [
        ["1", "最低生活保障", "", "内容甲"],
        ["2", "特困供养", "供养审批", "内容乙"],
    ]


def tracked_cell(mark: str, text: str) -> str:
    """A cell whose insertion or deletion is tracked (w:tcPr/w:cellIns or w:cellDel)."""
    body = t(text) if mark == "cellIns" else deleted(text)
    return f'<w:tc><w:tcPr><w:{mark} w:id="5" w:author="县政府办"/></w:tcPr>{p(body)}</w:tc>'


def test_cells_inserted_or_deleted_with_track_changes_are_read_as_accepted():
    """Accepting a deleted cell removes it and moves the cells after it left (Word's
    "delete cells, shift left"); an inserted cell is a cell. A cell merged down from a row
    whose deletion is tracked is not covered by whatever stood above that row: it goes on as
    a cell of its own (empty here: the deleted row's text is tracked as deleted too); a
    continuation in a row under a deleted continuation is still covered by the cell both
    continue. A merge tracked as such (w:cellMerge) is read as merged."""
    header = tr(*(tc(p(t(label))) for label in HEADER[:4]))
    shifted = tr(tc(p(t("1"))), tc(p(t("最低生活保障"))), tracked_cell("cellDel", "旧列"), tc(p(t("低保审批"))),
                 tc(p(t("内容甲"))))  # fmt: skip
    added = tr(tc(p(t("2"))), tracked_cell("cellIns", "特困供养"), tc(p(t("供养审批"))), tc(p(t("内容乙"))))
    group = tr(tc(p(t("3"))), tc(p(t("临时救助")), merge="restart"), tc(p(t("救助审批"))), tc(p(t("内容丙"))))
    gone_inside = tracked_row("del", tc(p(deleted("4"))), tc(p(), merge="continue"), tc(p(deleted("删去"))),
                              tc(p(deleted("删去"))))  # fmt: skip
    still = tr(tc(p(t("5"))), tc(p(), merge="continue"), tc(p(t("救助公示"))), tc(p(t("内容丁"))))
    gone_start = tracked_row("del", tc(p(deleted("6"))), tc(p(deleted("医疗救助")), merge="restart"),
                             tc(p(deleted("删去"))), tc(p(deleted("删去"))))  # fmt: skip
    orphan = tr(tc(p(t("7"))), tc(p(), merge="continue"), tc(p(t("医疗审批"))), tc(p(t("内容戊"))))
    tracked_merge = tr(
        tc(p(t("8"))),
        '<w:tc><w:tcPr><w:cellMerge w:id="6" w:author="县政府办" w:vMerge="cont"/></w:tcPr><w:p/></w:tc>',
        tc(p(t("医疗公示"))),
        tc(p(t("内容己"))),
    )
    table = tbl(header, shifted, added, group, gone_inside, still, gone_start, orphan, tracked_merge)
    rows = list(read_document(package(table), name="a.docx").parts[0].rows)
    assert [(row.cells, sorted(row.covered)) for row in rows[1:]] == [
        (["1", "最低生活保障", "低保审批", "内容甲"], []),
        (["2", "特困供养", "供养审批", "内容乙"], []),
        (["3", "临时救助", "救助审批", "内容丙"], []),
        (["5", "", "救助公示", "内容丁"], [1]),
        (["7", "", "医疗审批", "内容戊"], []),
        (["8", "", "医疗公示", "内容己"], [1]),
    ]


MC_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def text_box(content: str, *, fallback: bool = True, choice: bool = True) -> str:
    """A run holding a text box as Word 2010 and later writes one: the drawing (mc:Choice,
    wps:txbx) and, for older readers, the same content again as a VML shape (mc:Fallback)."""
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="5400000" cy="2000000"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" cy="2000000"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    vml = (
        '<w:pict><v:shape type="#_x0000_t202" style="position:absolute;width:425pt;height:157pt">'
        f"<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    parts = (f'<mc:Choice Requires="wps">{drawing}</mc:Choice>' if choice else "") + (
        f"<mc:Fallback>{vml}</mc:Fallback>" if fallback else ""
    )
    return f"<w:r><mc:AlternateContent {MC_NS}>{parts}</mc:AlternateContent></w:r>"


def test_a_table_in_a_text_box_is_read_once_where_the_box_stands():
    """A catalogue laid out in a text box: its table is a table of the document, read once
    (not again from the copy written for older readers), in the place of the paragraph the
    box is anchored in, its heading with it; a VML-only box (older Word, WPS) is read too; a
    text box in a cell is more text of that cell (LibreOffice shows this document so)."""
    header = tr(*(tc(p(t(label))) for label in HEADER[:4]))
    rows = [tr(tc(p(t(str(n)))), tc(p(t(f"事项{n}"))), tc(p(t(f"审批{n}"))), tc(p(t(f"内容{n}")))) for n in (1, 2)]
    boxed = p(t("（一）社会救助领域")) + tbl(header, *rows)
    in_cell = tr(tc(p(t("3"))), tc(p(t("事项3"))), tc(p(t("审批3"))), tc(p(t("内容"), text_box(p(t("见附表"))))))
    old_style = tbl(header, tr(tc(p(t("4"))), tc(p(t("事项4"))), tc(p(t("审批4"))), tc(p(t("内容4")))))
    body = (
        p(t("测试县政务公开标准目录"))
        + p(t("锚点"), text_box(boxed))
        + tbl(header, in_cell)
        + p(text_box(p(t("（二）临时救助领域")) + old_style, choice=False))
    )
    document = read_document(package(body), name="a.docx")
    first, second = document.parts  # the table after the box goes on under the same header: same part
    assert first.heading == "（一）社会救助领域" and second.heading == "（二）临时救助领域"
    assert [row.cells for row in first.rows] == [
        HEADER[:4],
        ["1", "事项1", "审批1", "内容1"],
        ["2", "事项2", "审批2", "内容2"],
        HEADER[:4],
        ["3", "事项3", "审批3", "内容 见附表"],  # after the text of the paragraph holding the box
    ]
    assert [row.cells for row in second.rows][1:] == [["4", "事项4", "审批4", "内容4"]]
    assert document.page_text == ["锚点"]
