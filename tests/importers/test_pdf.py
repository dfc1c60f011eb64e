"""PDFs as LibreOffice prints a ruled official XLSX: every row the sheet holds comes back, with
the same fields as the XLSX itself imports.

The sheet is made by rule from the seed catalogues' items (fixtures/sources, in catalogue
order, 二级事项 numbered so that no row repeats), in the official layout: two header rows,
公开对象 / 公开方式 / 公开层级 merged over their ticks, 一级事项 merged down over its run of
rows, every cell ruled and wrapped, rows as high as their text. Its runs of 一级事项 are long
enough that merged cells go on over page breaks, which LibreOffice prints without a top or a
bottom rule on the next page (the case that made the table fall apart).

A PDF keeps no trace of whether a wrapped line ended in a space, so the text fields are
compared without whitespace (tests/importers/test_roundtrip.squeezed)."""

import re
from pathlib import Path

import pytest

from catalog.importers.cleaners import CJK
from catalog.importers.records import CatalogueMeta, ImportFailed
from catalog.importers.spreadsheets import read_upload
from tests.office import SOFFICE, soffice

from .test_roundtrip import differences, read_back, squeezed

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: the PDFs are made by it"
)
SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
TOP = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
       "公开对象", "", "公开方式", "", "公开层级", ""]  # fmt: skip
SUB = ["", "", "", "", "", "", "", "", "全社会", "特定群众", "主动", "依申请公开", "县级", "乡、村级"]
WIDTHS = [6, 14, 16, 30, 30, 20, 18, 20, 6, 6, 6, 6, 6, 6]
META = CatalogueMeta(
    slug="pdf-rows", title="PDF", region=[("pdf", "PDF 县", "county")], domain=("社会救助", "shehui-jiuzhu")
)


def seed_rows(size: int) -> list[list[str]]:
    from catalog.importers.pipeline import read_catalogue

    found = []
    for path in sorted(SOURCES.glob("*.txt")):
        found += read_catalogue(path.read_bytes(), name=path.name).items
    tick = lambda flag: "√" if flag else ""  # noqa: E731
    rows = []
    for n in range(size):
        item = found[n % len(found)]
        rows.append([
            str(n + 1), item.level1, f"{item.level2}（{n + 1}）", item.content, item.legal_basis_text,
            item.deadline_text, item.publisher_text, "、".join(ref.detail for ref in item.channels) or item.channel_text,
            tick(item.audience_public), tick(item.audience_specific), tick(item.mode_proactive),
            tick(item.mode_on_request), tick("county" in item.levels), tick("township" in item.levels),
        ])  # fmt: skip
    return rows


def ruled_sheet(
    path: Path,
    rows: list[list[str]],
    *,
    landscape: bool,
    repeat_header: bool,
    borders: bool = True,
    note: str = "",
    valign: str = "top",
    cover: tuple[str, ...] = (),
    top: list[str] = TOP,
) -> None:
    """The official XLSX as a county prints it (see the module's docstring); without `borders`,
    no cell is ruled; a `note` is written under the table, a row apart; `valign` "vcenter"
    centres every cell in its height; the `cover` lines are printed under the title on a page of
    their own, before the table; `top` the labels of the header's first row."""
    import xlsxwriter

    from catalog.exports.xlsx import DEFAULT_FONT_LINE_HEIGHT, Column, row_height

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("社会救助")
    grid = book.add_format({"border": int(borders), "text_wrap": True, "valign": valign})
    columns = [Column(None, "", width, str) for width in WIDTHS]
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, ["测试县社会救助领域政务公开标准目录"])
    for n, line in enumerate(cover, start=1):
        sheet.write_row(n, 0, [line])
    head = 1 + len(cover)
    if cover:
        sheet.set_h_pagebreaks([head])
    sheet.write_row(head, 0, top, grid)
    sheet.write_row(head + 1, 0, SUB, grid)
    sheet.set_row(head + 1, row_height(zip(SUB, columns), DEFAULT_FONT_LINE_HEIGHT))
    for col in range(8):
        sheet.merge_range(head, col, head + 1, col, top[col], grid)
    for col in (8, 10, 12):
        sheet.merge_range(head, col, head, col + 1, top[col], grid)
    start, body = 0, head + 2
    for n, row in enumerate(rows):
        sheet.set_row(body + n, row_height(zip(row, columns), DEFAULT_FONT_LINE_HEIGHT))
        sheet.write_row(body + n, 0, [cell if n == start or c != 1 else "" for c, cell in enumerate(row)], grid)
        if n + 1 == len(rows) or rows[n + 1][1] != row[1]:
            if n > start:
                sheet.merge_range(body + start, 1, body + n, 1, row[1], grid)
            start = n + 1
    if note:
        sheet.write(body + len(rows) + 1, 0, note)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    if repeat_header:
        sheet.repeat_rows(head, head + 1)
    book.close()


def to_pdf(tmp: Path, *paths: Path, options: str = "") -> None:
    """Each file printed to a PDF beside it by LibreOffice, with `options` its PDF export options
    (JSON filter options, LibreOffice 7.4+) when given."""
    soffice(tmp, "--convert-to", f"pdf:calc_pdf_Export:{options}" if options else "pdf", *map(str, paths))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{(landscape, repeat_header): (xlsx, pdf)}, 150 rows each, in one LibreOffice run."""
    tmp = tmp_path_factory.mktemp("pdfrows")
    rows = seed_rows(150)
    files = {}
    for landscape, repeat_header in ((True, True), (True, False), (False, False)):
        path = tmp / f"rows-{'landscape' if landscape else 'portrait'}-{'header' if repeat_header else 'once'}.xlsx"
        ruled_sheet(path, rows, landscape=landscape, repeat_header=repeat_header)
        files[landscape, repeat_header] = path
    to_pdf(tmp, *files.values())
    return {key: (path, path.with_suffix(".pdf")) for key, path in files.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "landscape, repeat_header",
    [(True, True), (True, False), (False, False)],
    ids=["landscape-header-repeated", "landscape", "portrait"],
)
def test_every_row_of_a_printed_sheet_comes_back_as_the_sheet_itself_imports(printed, landscape, repeat_header):
    import pdfplumber

    xlsx, pdf = printed[landscape, repeat_header]
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 4  # the rows go on over several pages
    expected = [read_back(item) for item in read_upload(xlsx.read_bytes(), name=xlsx.name, meta=META).items]
    record = read_upload(pdf.read_bytes(), name=pdf.name, meta=META)
    got = [read_back(item) for item in record.items]
    assert [row["names"][1] for row in got] == [row["names"][1] for row in expected]
    assert len(expected) == 150
    assert differences(squeezed(expected), squeezed(got)) == []


@pytest.mark.django_db
def test_a_sheet_printed_without_borders_comes_back_as_the_sheet_itself_imports(tmp_path):
    """The official XLSX printed with no cell ruled (150 rows over several pages, wrapped
    cells whose texts run up to the next column's with no space between them, rows broken
    over pages, 一级事项 printed once over its run of rows): its columns are where no
    character of its rows stands. Before, its text went to the text parser laid out in
    columns, where a Chinese character counts one column: the columns ran together and the
    wrapped lines became rows (the same layout at 2,000 rows came in as 2,940 items). A note
    under the table is page text, not a row."""
    rows = seed_rows(150)
    xlsx = tmp_path / "unruled.xlsx"
    note = "注：本目录由测试县民政局负责解释，未尽事项按有关规定执行。"
    ruled_sheet(xlsx, rows, landscape=True, repeat_header=False, borders=False, note=note)
    to_pdf(tmp_path, xlsx)
    pdf = xlsx.with_suffix(".pdf")
    same = tmp_path / "same.xlsx"  # without the note (the XLSX reader reads it as a row)
    ruled_sheet(same, rows, landscape=True, repeat_header=False, borders=False)
    expected = [read_back(item) for item in read_upload(same.read_bytes(), name=same.name, meta=META).items]
    got = [read_back(item) for item in read_upload(pdf.read_bytes(), name=pdf.name, meta=META).items]
    assert [row["names"][1] for row in got] == [row["names"][1] for row in expected]
    assert len(expected) == 150
    from catalog.importers.readers import read_document

    assert note in read_document(pdf.read_bytes(), name=pdf.name).page_text
    assert differences(squeezed(expected), squeezed(got)) == []


COVER = ("索引号：000014349/2026-00001", "发布机构：测试县人民政府办公室", "成文日期：2026年01月05日")


@pytest.mark.django_db
@pytest.mark.parametrize("valign", ["vcenter", "top"], ids=["centred", "top"])
def test_a_borderless_sheet_after_a_title_page_with_its_header_on_every_page_comes_back(tmp_path, valign):
    """The official XLSX printed without borders, its header repeated on every page, after a
    title page with the document's 索引号, 发布机构 and 成文日期, and (centred) every cell
    centred in its height, as LibreOffice and Word print merged cells and many counties print
    all: 一级事项 stands in the middle of its run of rows, half of it on the next page where
    the run goes on over a page break, or all of it there. Before, the title page made the PDF
    go to the text parser (no 序号 on page 1) and the repeated header read as a second table
    (refused); centred, the lines of a cell above its 序号 went to the row above and 一级事项
    to the row in the middle of its run (491 fields wrong of 60 rows)."""
    rows = seed_rows(150)
    xlsx = tmp_path / f"{valign}.xlsx"
    ruled_sheet(xlsx, rows, landscape=True, repeat_header=True, borders=False, valign=valign, cover=COVER)
    to_pdf(tmp_path, xlsx)
    data = xlsx.with_suffix(".pdf").read_bytes()
    expected = [read_back(item) for item in read_upload(xlsx.read_bytes(), name=xlsx.name, meta=META).items]
    got = [read_back(item) for item in read_upload(data, name="plain.pdf", meta=META).items]
    assert len(expected) == 150
    assert [row["names"] for row in got] == [row["names"] for row in expected]
    assert differences(squeezed(expected), squeezed(got)) == []
    from catalog.importers.readers import read_document

    document = read_document(data, name="plain.pdf")
    assert document.text is None and all(line in document.page_text for line in COVER)


@pytest.mark.django_db
def test_quoted_labels_of_a_borderless_header_read_whole(tmp_path):
    """Labels merged over columns with full-width quotes in them (“公开对象”, 公开“方式”), in a
    header printed without borders, its labels centred: LibreOffice prints the quotes in its
    Latin font and PDFium generates a space at each change of font. Before, the header's labels
    were cut there, and the pieces went to the columns they began in (公开对象“ | ” and
    方式公开“ | ”): the ticks under them were read against the wrong labels."""
    rows = seed_rows(20)
    top = [*TOP]
    top[8], top[10] = "“公开对象”", "公开“方式”"
    xlsx = tmp_path / "quoted.xlsx"
    ruled_sheet(xlsx, rows, landscape=True, repeat_header=False, borders=False, valign="vcenter", top=top)
    to_pdf(tmp_path, xlsx)
    from catalog.importers.readers import read_document

    pdf = xlsx.with_suffix(".pdf").read_bytes()
    header = [row.cells for part in read_document(pdf, name="quoted.pdf").parts for row in part.rows][:2]
    assert header == [top, SUB]
    expected = [read_back(item) for item in read_upload(xlsx.read_bytes(), name=xlsx.name, meta=META).items]
    got = [read_back(item) for item in read_upload(pdf, name="quoted.pdf", meta=META).items]
    assert len(expected) == 20
    assert differences(squeezed(expected), squeezed(got)) == []


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    """{"open": a PDF that needs a password to open, "owner": one that opens but restricts copying}."""
    tmp = tmp_path_factory.mktemp("protected")
    files = {}
    for kind, options in (
        ("open", '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"mima"}}'),
        ("owner", '{"RestrictPermissions":{"type":"boolean","value":"true"},"PermissionPassword":{"type":"string","value":"mima"},'
         '"EnableCopyingOfContent":{"type":"boolean","value":"false"}}'),
    ):  # fmt: skip
        xlsx = tmp / f"{kind}.xlsx"
        ruled_sheet(xlsx, seed_rows(30), landscape=True, repeat_header=True)
        to_pdf(tmp, xlsx, options=options)
        files[kind] = xlsx.with_suffix(".pdf")
    assert b"/Encrypt" in files["open"].read_bytes() and b"/Encrypt" in files["owner"].read_bytes()
    return files


def test_a_pdf_with_an_open_password_is_refused_saying_what_to_do(protected):
    from catalog.importers.readers import read_document

    with pytest.raises(ImportFailed, match="打开密码.*去除密码"):
        read_document(protected["open"].read_bytes(), name="locked.pdf")


@pytest.mark.django_db
def test_a_pdf_that_only_restricts_copying_is_read(protected):
    """Counties often publish with 禁止复制 set (an owner password only): the text is there to read."""
    record = read_upload(protected["owner"].read_bytes(), name="owner.pdf", meta=META)
    assert [item.number for item in record.items] == [str(n) for n in range(1, 31)]


@pytest.mark.django_db
def test_a_pdf_with_a_text_layer_and_no_ruling_lines_is_read_by_its_columns(tmp_path):
    """A sheet printed without cell borders has no ruled table: its columns are found from
    where its characters stand (before, its text went to the text parser as space-separated
    columns)."""
    import xlsxwriter

    rows = seed_rows(12)
    path = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("社会救助")
    keep = [0, 1, 2, 5, 6]  # 序号 一级事项 二级事项 公开时限 公开主体: one line each
    for col, width in enumerate([6, 20, 40, 40, 30]):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, ["测试县社会救助领域政务公开标准目录"])
    sheet.write_row(1, 0, [TOP[c] for c in keep])
    for n, row in enumerate(rows):
        sheet.write_row(2 + n, 0, [row[c] for c in keep])
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    book.close()
    to_pdf(tmp_path, path)
    data = path.with_suffix(".pdf").read_bytes()
    from catalog.importers.readers import read_document

    document = read_document(data, name="plain.pdf")
    assert document.text is None and document.parts  # no ruled table, a table all the same
    record = read_upload(data, name="plain.pdf", meta=META)
    assert [(item.number, item.level2) for item in record.items] == [(row[0], row[2]) for row in rows]


def web_page(rows: list[list[str]], *, thead: bool = False, collapse: bool = False) -> str:
    """The official layout as a web page prints it: a bordered <table>, 一级事项 as rowspans;
    with `thead` its two header rows in a <thead> (which a browser prints again at the top of
    every page), with `collapse` the borders collapsed (border-collapse: collapse: one rule
    between two cells instead of each cell's own, a cell spacing apart)."""
    from html import escape

    top = "".join(f"<td rowspan=2>{escape(label)}</td>" for label in TOP[:8])
    top += "<td colspan=2>公开对象</td><td colspan=2>公开方式</td><td colspan=2>公开层级</td>"
    lines = [f"<tr>{top}</tr>", "<tr>" + "".join(f"<td>{label}</td>" for label in SUB[8:]) + "</tr>"]
    for n, row in enumerate(rows):
        cells = [f"<td>{escape(cell)}</td>" for cell in row]
        if n and rows[n - 1][1] == row[1]:
            cells[1] = ""
        else:
            span = next((k for k in range(n + 1, len(rows)) if rows[k][1] != row[1]), len(rows)) - n
            cells[1] = f"<td rowspan={span}>{escape(row[1])}</td>"
        lines.append("<tr>" + "".join(cells) + "</tr>")
    if thead:
        lines = ["<thead>", *lines[:2], "</thead><tbody>", *lines[2:], "</tbody>"]
    body = "\n".join(lines)
    style = " style='border-collapse: collapse'" if collapse else ""
    return (
        "<html><head><meta charset='utf-8'></head><body><h1>测试县社会救助领域政务公开标准目录</h1>"
        f"<table border=1{style}>{body}</table></body></html>"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "thead, collapse", [(False, False), (True, False), (True, True)], ids=["plain", "thead", "thead-collapsed"]
)
def test_a_web_page_printed_by_a_browser_comes_back_row_for_row(browser, tmp_path, thead, collapse):
    """Chromium prints a bordered table with rows broken over pages, the broken cells open (no
    rule where they go on) and the 一级事项 rowspans open at the page's foot. Before: the pages
    fell apart (31 items of 80, 7 序号 lost); then the rest of a row broken over a page came in
    as an item of its own (83 items). Every field is compared with the XLSX of the same rows,
    the publishers without where they were split: a browser does not print the space at which
    it wrapped a line, so "阿尔山市教育局 阿尔山市督导…" cannot be told from one long name.
    With a <thead>, the header is printed again at the top of every page, above the rest of
    the broken row: before, that rest came in as an item of its own (85 items of 80, either
    way the borders are drawn), or, where a 一级事项 rowspan ended a few points above the
    page's foot, was joined to an empty sliver under it instead of its row."""
    rows = seed_rows(80)
    page = browser.new_page()
    page.set_content(web_page(rows, thead=thead, collapse=collapse))
    data = page.pdf(format="A4")
    ruled_sheet(tmp_path / "same.xlsx", rows, landscape=True, repeat_header=False)
    expected = read_upload((tmp_path / "same.xlsx").read_bytes(), name="same.xlsx", meta=META).items
    got = read_upload(data, name="printed.pdf", meta=META).items
    assert [item.number for item in got] == [str(n) for n in range(1, 81)]

    def fields(items):
        return [{**row, "publishers": "".join(row["publishers"])} for row in squeezed([read_back(i) for i in items])]

    assert fields(got) == fields(expected)


def placed(source: Path, out: Path, *, rotate: bool) -> None:
    """Each page of `source` drawn as a form XObject on a new page, as PDF tools that stamp,
    merge or print pages do: scaled to 80 % (stamped), or turned a quarter to the left on a
    portrait page that is shown turned back by /Rotate 90 (as print drivers make landscape pages)."""
    import pypdfium2 as pdfium

    original, copy = pdfium.PdfDocument(source), pdfium.PdfDocument.new()
    for index in range(len(original)):
        width, height = original[index].get_size()
        form = original.page_as_xobject(index, copy).as_pageobject()
        if rotate:
            page = copy.new_page(height, width)
            form.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
        else:
            page = copy.new_page(width, height)
            form.transform(pdfium.PdfMatrix().scale(0.8, 0.8).translate(40, 30))
        page.insert_obj(form)
        page.gen_content()
        if rotate:
            page.set_rotation(90)
    copy.save(out)


@pytest.mark.django_db
@pytest.mark.parametrize("rotate", [True, False], ids=["rotated-page", "stamped-page"])
def test_pages_drawn_as_forms_or_turned_by_rotate_read_as_shown(printed, tmp_path, rotate):
    """Before, with pdfplumber (which ignores /Rotate), the turned pages gave 116 items of 150."""
    xlsx, pdf = printed[True, False]
    out = tmp_path / "placed.pdf"
    placed(pdf, out, rotate=rotate)
    expected = [read_back(item) for item in read_upload(xlsx.read_bytes(), name=xlsx.name, meta=META).items]
    got = [read_back(item) for item in read_upload(out.read_bytes(), name=out.name, meta=META).items]
    assert squeezed(got) == squeezed(expected)


def test_a_pdf_whose_fonts_map_to_no_text_is_refused_saying_so(printed):
    """A PDF whose fonts carry no ToUnicode map (old typesetting and printer drivers) gives glyph
    numbers, not text: copied out it is garbage. Made here by breaking the map's name in the
    printed sheet (same length, so the file's offsets hold). Before: 未找到表头…不像是一份政务公开目录."""
    from catalog.importers.readers import read_document

    data = printed[False, False][1].read_bytes()
    assert b"/ToUnicode" in data
    with pytest.raises(ImportFailed, match="文字读不出来.*乱码"):
        read_document(data.replace(b"/ToUnicode", b"/ToUnicodX"), name="garbled.pdf")


def test_chinese_wrapped_by_a_browser_is_joined_without_spaces(browser):
    """A browser wraps Chinese anywhere but never begins a line with 、，。）》 nor ends one
    with （《: it moves the character before such a mark down with it, so a line can end
    short of the cell's edge although the text goes on without a space ("办理条" +
    "件、办理流程"). Before, such a line read as ended by a space ("办理条 件"). The texts
    are the seed catalogues' 公开内容 written in Chinese characters alone (no space, digit or
    Latin letter in them), each printed in columns of seven widths: each cell reads as its text."""
    texts = []
    for row in seed_rows(400):
        if all(char >= "\u2e80" for char in row[3]) and row[3] not in texts:
            texts.append(row[3])
    texts = texts[:12]
    widths = [70, 90, 110, 130, 150, 170, 190]
    cells = "".join(
        "<tr>" + "".join(f"<td style='width:{w}px'>{text}</td>" for w in widths) + "</tr>" for text in texts
    )
    page = browser.new_page()
    page.set_content(
        "<html><head><meta charset='utf-8'></head><body><table border=1 style='table-layout:fixed'>"
        f"<tr>{''.join(f'<td>{w}</td>' for w in widths)}</tr>{cells}</table></body></html>"
    )
    from catalog.importers.readers import read_document

    rows = [row.cells for part in read_document(page.pdf(format="A4"), name="wrapped.pdf").parts for row in part.rows]
    assert len(texts) >= 6 and rows[1:] == [[text] * len(widths) for text in texts]


HAN_LATIN = re.compile(rf"[{CJK}] ?[0-9A-Za-z]|[0-9A-Za-z] ?[{CJK}]")


def test_latin_or_digits_wrapped_against_chinese_keep_the_space_the_cell_was_written_with(tmp_path):
    """A digit or Latin word meeting a Chinese character where LibreOffice wrapped the line
    ("…相关信息" + "2. 公众参与", "之日起20" + "个工作日内") reads as the cell is written
    where it is not wrapped: with the space when the cell writes its digits apart from the
    Chinese ("信息 2."), without when it writes them together ("3个工作日"). Each text of the
    seed catalogues with two such meetings or more (where a wrap takes the only one, nothing
    printed tells whether a space was there) is printed, ruled, in columns of seven widths:
    every cell reads as the text. Before, every such wrap joined without a space ("信息2. 公众")."""

    spaced, tight = [], []
    for row in seed_rows(2000):
        for text in row[3:8]:
            text = " ".join(text.split())
            found = HAN_LATIN.findall(text)
            quoted = any(mark in text for mark in "“”‘’")  # printed apart from their words: not this case
            long_word = any(len(word) > 8 for word in re.findall(r"[0-9A-Za-z./:]+", text))  # a URL, broken anywhere
            if len(found) >= 2 and not quoted and not long_word and text not in spaced + tight:
                (spaced if all(" " in pair for pair in found) else tight).append(text)
    texts = spaced[:8] + tight[:8]
    widths = [8, 10, 12, 14, 17, 20, 24]
    rows = printed_cells(tmp_path, texts, widths)
    assert len(spaced) >= 4 and len(tight) >= 4
    assert rows == [[text] * len(widths) for text in texts]


def printed_cells(tmp_path: Path, texts: list[str], widths: list[int]) -> list[list[str]]:
    """Each text printed by LibreOffice in a ruled, wrapped cell of each width (a row per text,
    a column per width), read back: the cells of the rows under the widths' row."""
    import xlsxwriter

    from catalog.exports.xlsx import DEFAULT_FONT_LINE_HEIGHT, Column, row_height

    columns = [Column(None, "", width, str) for width in widths]
    path = tmp_path / "cells.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("x")
    grid = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, [str(width) for width in widths], grid)
    for n, text in enumerate(texts, start=1):
        sheet.set_row(n, row_height(zip([text] * len(widths), columns), DEFAULT_FONT_LINE_HEIGHT))
        sheet.write_row(n, 0, [text] * len(widths), grid)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    book.close()
    to_pdf(tmp_path, path)
    from catalog.importers.readers import read_document

    document = read_document(path.with_suffix(".pdf").read_bytes(), name="cells.pdf")
    return [row.cells for part in document.parts for row in part.rows][1:]


FULL_WIDTH = "\u2018-\u201d\u2e80-\uffff"  # Chinese, its punctuation and the quotes ‘’“”


def test_full_width_quotes_and_brackets_against_chinese_read_without_spaces(tmp_path):
    """LibreOffice prints “ ” ‘ ’ in a font whose glyphs are narrow with a wide advance, so a
    gap shows between the quote and the Chinese next to it; before, the cell read
    "按 “ 领导小组成立 ” 文件", even on a line that was not wrapped. The texts are the seed
    catalogues' fields cut into their runs of Chinese and full-width punctuation (a Latin letter
    or digit has a rule of its own), those holding a quote mark, printed in columns of five
    widths: each cell reads as its text."""
    texts = []
    for row in seed_rows(2000):
        for text in row[3:8]:
            for run in re.findall(f"[{FULL_WIDTH}]+", text):
                if any(mark in run for mark in "“‘") and run not in texts:
                    texts.append(run)
    texts = texts[:10]
    widths = [10, 14, 20, 30, 60]
    assert len(texts) >= 3
    assert printed_cells(tmp_path, texts, widths) == [[text] * len(widths) for text in texts]


URL = re.compile(r"(?:https?://|www\.)[!-~]+|[!-~]+@[!-~]+")


def address_texts() -> list[str]:
    """The seed catalogues' fields (公开内容 to 公开渠道) holding an address, spaces folded, once each."""
    texts = []
    for row in seed_rows(2000):
        for text in row[3:8]:
            text = " ".join(text.split())
            if URL.search(text) and text not in texts:
                texts.append(text)
    return texts


def test_an_address_wrapped_in_a_narrow_cell_reads_without_spaces(tmp_path):
    """LibreOffice breaks a web or e-mail address too long for its cell at its marks
    ("http://nm." + "12348.gov" + ".cn/"); before, each break read as a space. The texts are
    the seed catalogues' fields holding an address, printed in columns of six widths: each cell
    reads as its text. (An address alone in a cell is not wrapped but cut off at its edge.)"""
    texts = address_texts()
    widths = [6, 8, 10, 12, 16, 24]
    assert texts
    assert printed_cells(tmp_path, texts, widths) == [[text] * len(widths) for text in texts]


@pytest.mark.django_db
def test_an_address_a_browser_breaks_in_a_narrow_cell_and_over_a_page_reads_whole(browser):
    """A web page's narrow columns break an address anywhere (overflow-wrap: anywhere, as pages
    set for long words), with no mark to tell where ("http:" + "//nm.", "48.g" + "ov.c",
    "index.ht" + "m"), and rows go on over page breaks, so a break may fall inside an address
    on one page and its rest be on the next. The texts are the seed catalogues' fields holding
    an address that ends the text or a run of Latin (where a browser wraps at a space after an
    address, nothing printed tells that a space was there), printed in columns of four widths,
    a row for each text six times over, over several pages: each cell's addresses read whole.
    Before, "http://nm.12348.gov.c n/fzxc/in dex.ht m", "http: //nm." and, across a page, a
    space where the page broke the address."""
    from html import escape

    from catalog.importers.readers import read_document

    texts = [text for text in address_texts() if not re.search(f"(?:{URL.pattern}) [!-~]", text)]
    widths = [40, 55, 70, 90]
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(text)}</td>" for _ in widths) + "</tr>" for _ in range(6) for text in texts
    )
    page = browser.new_page()
    page.set_content(
        "<html><head><meta charset='utf-8'><style>td { overflow-wrap: anywhere }</style></head><body>"
        "<table border=1 style='table-layout:fixed'><tr>"
        + "".join(f"<td style='width:{w}px'>{w}</td>" for w in widths)
        + f"</tr>{rows}</table></body></html>"
    )
    document = read_document(page.pdf(format="A4"), name="addresses.pdf")
    got = [row.cells for part in document.parts for row in part.rows][1:]
    assert texts and len({row.where for part in document.parts for row in part.rows}) >= 3
    assert [[URL.findall(cell) for cell in row] for row in got] == [
        [URL.findall(text)] * len(widths) for _ in range(6) for text in texts
    ]


@pytest.mark.django_db
def test_an_address_cut_at_its_cells_edge_is_flagged_with_what_was_printed(tmp_path):
    """LibreOffice does not wrap a word with no place to break it, such as an address alone in a
    cell: it prints what fits and cuts the rest at the cell's edge (clipped), so the PDF holds
    only "http://nm.12348.gov.cn/fz" and nothing printed tells that more was there. Such a cell
    is flagged on its item, quoting what was printed. The rows are the seed catalogues' first
    rows up to the third holding an address; each such row's 公开渠道和载体 is the longest address
    in them, alone. Before, the cut address came in as if whole, unflagged."""
    rows = seed_rows(400)
    holding = [n for n, row in enumerate(rows) if any(URL.search(cell) for cell in row)][:3]
    rows = rows[: holding[-1] + 1]
    address = max((found for row in rows for found in URL.findall(" ".join(row))), key=len)
    for n in holding:
        rows[n][7] = address
    xlsx = tmp_path / "cut.xlsx"
    ruled_sheet(xlsx, rows, landscape=True, repeat_header=False)
    to_pdf(tmp_path, xlsx)
    items = read_upload(xlsx.with_suffix(".pdf").read_bytes(), name="cut.pdf", meta=META).items
    assert [item.number for item in items] == [row[0] for row in rows]
    cut = {item.number: [r for r in item.review_reasons if "被单元格的边缘截断" in r] for item in items}
    assert {number for number, reasons in cut.items() if reasons} == {rows[n][0] for n in holding}
    for n in holding:
        printed = cut[rows[n][0]][0].split("“")[1].split("”")[0]
        assert rows[n][7].startswith(printed) and printed != rows[n][7]
