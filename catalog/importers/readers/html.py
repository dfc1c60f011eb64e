"""A saved web page or a pasted <table> -> Document (lxml's HTML parser, which tolerates
the broken markup of real government sites).

Only innermost tables are data: old sites lay pages out with tables, and a catalogue sits
inside them. Tables before the first one with a catalogue header (navigation bars) are
page chrome. rowspan and colspan are placed on a grid as the HTML table model does
(rowspan="0" reaches the end of the table). When no table has a catalogue header, the
page's text goes to the text parser instead (pages that print the catalogue as text).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..records import ImportFailed
from . import Builder, Document, Row, clean_lines, looks_like_header, pick_title

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
SKIPPED = {"script", "style", "noscript", "template", "head", "title", "select", "option", "button"}
# HTML collapses these; NBSP and U+3000 are text, and a tab is kept as the cell break of
# a table pasted as text into a <pre> (the text parser's layout).
ASCII_SPACE = re.compile(r"[ \r\f\v]+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
MAX_COLUMNS = 200


def read_html(data: bytes, *, name: str) -> Document:
    from ..parse import decode

    text = XML_DECLARATION.sub("", decode(data, name=f"网页“{name}”"))
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ImportFailed(f"无法解析该网页（{error}）：请另存为完整网页（.html）后再上传。") from None
    tables = [table for table in root.iter("table") if not table.xpath(".//table")]
    grids = {table: _grid(table) for table in tables}
    first = next(
        (i for i, table in enumerate(tables) if any(looks_like_header(row.cells) for row in grids[table])), None
    )
    body = root.body if root.body is not None else root
    fallback = (root.findtext(".//title") or "").strip()
    if first is None:
        lines = clean_lines(_text(body))
        return Document(
            reader="网页（HTML）",
            title=pick_title(lines, fallback),
            text="\n".join(lines),
            text_where="网页正文第 {line} 行",
        )
    builder = Builder("网页（HTML）", fallback_title=fallback)
    data_tables = set(tables[first:])
    for kind, value in _stream(body, data_tables):
        if kind == "text":
            builder.text(value)
        else:
            builder.table(grids[value])
    return builder.finish()


def _stream(node, tables):
    """("text", line) and ("table", element) in document order."""
    buffer: list[str] = []

    def flush():
        for text in clean_lines("".join(buffer)):
            yield "text", ASCII_SPACE.sub(" ", text)
        buffer.clear()

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if element in tables:
            yield from flush()
            yield "table", element
            return
        if tag in SKIPPED or not tag:
            return
        if tag in BLOCKS:
            yield from flush()
        if tag == "br":
            buffer.append("\n")
        if element.text:
            buffer.append(element.text)
        for child in element:
            yield from walk(child)
            if child.tail:
                buffer.append(child.tail)
        if tag in BLOCKS:
            buffer.append("\n")

    yield from walk(node)
    yield from flush()


def _text(element) -> str:
    """An element's text as a browser lays it out: blocks and <br> break lines, runs of
    ASCII white space are one space."""
    parts: list[str] = []

    def walk(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in SKIPPED or not tag:
            return
        if tag in BLOCKS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in BLOCKS and tag != "br":
            parts.append("\n")

    walk(element)
    return "\n".join(ASCII_SPACE.sub(" ", line).strip(" ") for line in "".join(parts).split("\n"))


def _span(cell, name: str, limit: int) -> int:
    try:
        value = int(str(cell.get(name, "1")).strip().rstrip(";") or 1)
    except ValueError:
        return 1
    return limit if value == 0 and name == "rowspan" else max(1, min(value, limit))


def _grid(table) -> list[Row]:
    """One row per <tr>, spans placed on the table's grid; each cites its line in the page."""
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    occupied: dict[tuple[int, int], str | None] = {}  # None: covered by a span
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while (r, c) in occupied:
                c += 1
            if c >= MAX_COLUMNS:
                break
            rowspan = _span(cell, "rowspan", len(trs) - r)
            colspan = _span(cell, "colspan", MAX_COLUMNS - c)
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied[(r + dr, c + dc)] = None
            occupied[(r, c)] = " ".join(clean_lines(_text(cell)))
            c += colspan
    width = max((c + 1 for _, c in occupied), default=0)
    grid = []
    for r, tr in enumerate(trs):
        cells = [occupied.get((r, c)) for c in range(width)]
        covered = frozenset(c for c in range(width) if (r, c) in occupied and cells[c] is None)
        grid.append(Row(cells=[cell or "" for cell in cells], where=f"第 {tr.sourceline or 0} 行", covered=covered))
    return grid
