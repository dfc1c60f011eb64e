"""The web page reader streams (catalog/importers/readers/html.py): rows leave as soon as
they are complete, merged cells are placed by a sweep of the rowspans still open, and
the parser's tree never holds more than the row being read."""

import pytest

from catalog.importers.readers import html, read_document

from .test_readers import EXPECTED, html_table, items, summary

HEADER = "<tr><th>序号</th><th>一级事项</th><th>二级事项</th><th>公开内容</th><th>公开依据</th><th>主动</th><th>依申请</th></tr>"


def spans_page(rows: int) -> tuple[str, list[tuple[list[str], frozenset]]]:
    """A table whose 一级事项 (column 1) is merged down over groups of 1 to 7 rows, whose
    公开依据 and 主动 (columns 4, 5) are one colspan=2 cell in every third row, and whose
    last column is one rowspan="0" cell from row 10 to the end; with the cells and the
    covered positions each row must come out with, worked out from that rule alone."""
    body, expected = [], []
    group_left = 0
    for n in range(rows):
        cells, want, covered = [f"<td>{n + 1}</td>"], [str(n + 1)], set()
        if group_left == 0:
            group_left = n % 7 + 1
            cells.append(f'<td rowspan="{group_left}">组{n}</td>')
            want.append(f"组{n}")
        else:
            want.append("")
            covered.add(1)
        group_left -= 1
        cells += [f"<td>事项{n}</td>", f"<td>内容{n}<br>第二行&nbsp;{n}</td>"]
        want += [f"事项{n}", f"内容{n} 第二行\u00a0{n}"]
        if n % 3 == 0:
            cells.append(f'<td colspan="2">依据{n}</td>')
            want += [f"依据{n}", ""]
            covered.add(5)
        else:
            cells += [f"<td>依据{n}</td>", "<td>√</td>"]
            want += [f"依据{n}", "√"]
        if n == 9:
            cells.append('<td rowspan="0">全表</td>')
            want.append("全表")
        elif n > 9:
            want.append("")
            covered.add(6)
        else:
            cells.append("<td></td>")
            want.append("")
        body.append("<tr>" + "".join(cells) + "</tr>")
        expected.append((want, frozenset(covered)))
    page = f"<html><body><h1>测试县目录</h1><table>{HEADER}\n" + "\n".join(body) + "</table></body></html>"
    return page, expected


def test_rowspans_and_colspans_are_swept_across_many_rows():
    page, expected = spans_page(600)
    document = read_document(page.encode(), name="spans.html")
    (part,) = document.parts
    rows = list(part.rows)
    assert rows[0].cells == ["序号", "一级事项", "二级事项", "公开内容", "公开依据", "主动", "依申请"]
    assert [(row.cells, row.covered) for row in rows[1:]] == expected
    assert rows[-1].where == "第 601 行"


def test_the_parser_never_holds_the_whole_table(monkeypatch):
    """At the end of every <tr>, the tree the parser target builds holds that row and the row
    before it (whose tail text may still grow): never more, however long the table. (lxml's
    pull parser, HTMLPullParser, held the rows of each piece fed to it, and libxml2 kept
    every piece: 9 MB for a 9 MB page.)"""
    page, _ = spans_page(400)
    held = []
    end = html._Pass.end

    def counting(reader, element):
        if element.tag == "tr":
            held.append(sum(1 for _ in element.getroottree().iter("tr")))
        return end(reader, element)

    monkeypatch.setattr(html._Pass, "end", counting)
    document = read_document(page.encode(), name="spans.html")
    assert len(document.parts[0].rows) == 401
    assert len(held) == 2 * 401  # both passes
    assert max(held) <= 2


def test_a_catalogue_inside_a_layout_table_with_text_around_it():
    """Old sites lay the page out with a table: the catalogue is the innermost table, the
    layout's own cells are page text, in the order they stand."""
    page = f"""<html><head><title>测试县人民政府</title></head><body>
<table><tr><td>首页</td><td>政务公开</td></tr>
<tr><td colspan=2><p>测试县社会救助领域基层政务公开标准目录</p>
<div>索引号：0001&nbsp;&nbsp;发布机构：测试县民政局</div><!-- 正文 -->
{html_table()}
<p>注：本目录<br>由测试县民政局负责解释。</p></td></tr></table>
</body></html>"""
    raw, found = items(page.encode(), "layout.html")
    assert summary(found) == EXPECTED
    assert raw.title == "测试县社会救助领域基层政务公开标准目录"
    assert raw.page_text == [
        "首页",
        "政务公开",
        "索引号：0001\u00a0\u00a0发布机构：测试县民政局",
        "注：本目录",
        "由测试县民政局负责解释。",
    ]
    assert [row.where for row in raw.sections[0].rows] == ["第 8 行", "第 9 行", "第 10 行"]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_long_page_in_either_encoding_comes_back_whole(monkeypatch, encoding):
    """Decoded in pieces: a character or a \\r\\n cut between two pieces is read whole."""
    monkeypatch.setattr(html, "CHUNK", 97)
    page, expected = spans_page(50)
    document = read_document(page.replace("\n", "\r\n").encode(encoding), name="a.htm")
    assert [(row.cells, row.covered) for row in document.parts[0].rows[1:]] == expected
    assert [row.where for row in document.parts[0].rows] == [f"第 {n} 行" for n in range(1, 52)]


def test_each_row_is_cited_by_its_line_wherever_the_pieces_are_cut(monkeypatch):
    """The parser target has no source lines: the reader counts them in the text it gives
    libxml2 and marks each <tr> with its line, also when a piece ends inside "<tr"."""
    page, _ = spans_page(12)
    page = page.replace("<tr>", "<TR\n>", 3)  # a start tag in capitals and over two lines
    lines = [page.count("\n", 0, start) + 1 for start in range(len(page)) if page.startswith(("<tr", "<TR"), start)]
    assert len(lines) == 13
    for size in range(40, 72):  # cut at every offset of a "<tr" at least once
        monkeypatch.setattr(html, "CHUNK", size)
        document = read_document(page.encode(), name="a.html")
        assert [row.where for row in document.parts[0].rows] == [f"第 {n} 行" for n in lines], size
