"""A saved web page or a pasted <table> -> Document (lxml's HTML parser, which tolerates
the broken markup of real government sites).

Only innermost tables are data: old sites lay pages out with tables, and a catalogue sits
inside them. Tables before the first one with a catalogue header (navigation bars) are
page chrome. rowspan and colspan are placed as the HTML table model does (rowspan="0"
reaches the end of the table). When no table has a catalogue header, the page's text
goes to the text parser instead (pages that print the catalogue as text).

The page is streamed, never held as a tree: lxml's pull parser is fed the decoded text in
pieces, each element is emptied as soon as its end has been read, and a table row goes
to the document as soon as it is complete, its merged cells placed by a sweep of the
rowspans still open above it. That takes two passes over the page: the first only
finds out which tables are data (innermost, at or after the first header) and how wide
each is, which the second needs before its first row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from catalog.files import UnreadableFile
from catalog.files.text import text_chunks

from ..records import ImportFailed
from . import Builder, Document, Sweep, clean_lines, looks_like_header, pick_title

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
CHUNK = 64 * 1024  # bytes of the page fed to the parser at a time
SECTIONS = {"thead", "tbody", "tfoot"}


def read_html(data: bytes, *, name: str) -> Document:
    what = f"网页“{name}”"
    survey = _survey(data, what)
    first = next((i for i, table in enumerate(survey.tables) if table.innermost and table.header), None)
    if first is None:
        lines = list(_lines(data, what, survey, data_from=None, builder=None))
        return Document(
            reader="网页（HTML）",
            title=pick_title(lines, survey.title),
            text="\n".join(lines),
            text_where="网页正文第 {line} 行",
        )
    builder = Builder("网页（HTML）", fallback_title=survey.title)
    for line in _lines(data, what, survey, data_from=first, builder=builder):
        builder.text(line)
    return builder.finish()


# ---- the page as a stream of elements --------------------------------------------------------


def _events(data: bytes, what: str) -> Iterator[tuple[str, etree._Element]]:
    """("start" | "end", element) in document order. Once the consumer is done with an
    element's end, its content is dropped and so are its earlier siblings: the tree keeps
    only the open elements and the last child of each (whose tail text may still grow)."""
    parser = etree.HTMLPullParser(events=("start", "end"), remove_comments=True, remove_pis=True)
    try:
        first = True
        for chunk in text_chunks(data, what=what, size=CHUNK):
            if first:
                chunk, first = XML_DECLARATION.sub("", chunk), False
            parser.feed(chunk)
            yield from _drain(parser)
        parser.close()
        yield from _drain(parser)
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None
    except (etree.LxmlError, ValueError) as error:
        raise ImportFailed(f"无法解析该网页（{error}）：请另存为完整网页（.html）后再上传。") from None


def _drain(parser) -> Iterator[tuple[str, etree._Element]]:
    for event, element in parser.read_events():
        yield event, element
        if event == "end":
            element.clear(keep_tail=True)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]


def _tag(element) -> str:
    return element.tag if isinstance(element.tag, str) else ""


def _layout(text: str) -> str:
    """Text as a browser lays it out: runs of ASCII white space are one space."""
    return "\n".join(ASCII_SPACE.sub(" ", line).strip(" ") for line in text.split("\n"))


# ---- rows and their merged cells --------------------------------------------------------------


def _span(cell, name: str) -> int:
    """rowspan or colspan as browsers read it; rowspan="0" reaches the table's end."""
    try:
        value = int(str(cell.get(name, "1")).strip().rstrip(";") or 1)
    except ValueError:
        return 1
    return 1 << 30 if value == 0 and name == "rowspan" else max(1, value)


# ---- the two passes ----------------------------------------------------------------------------


@dataclass
class _Table:
    innermost: bool = True
    header: bool = False
    width: int = 0
    # Rows that start on one source line (a table written on one line, as CMS pages often are)
    # cannot be cited by line: its rows are cited as 表格 n 第 r 行, as Word's are.
    last_line: int = -1
    lines_shared: bool = False


@dataclass
class _Survey:
    title: str = ""  # the page's <title>
    tables: list[_Table] = field(default_factory=list)  # in the order they open


class _Pass:
    """One pass over the page's events. Each open element has a mode: "page" (<html>),
    "text" (read as page text), "skip" (head, script …: not read), "table", "section"
    (thead/tbody/tfoot), "row" and "cell" (a table's own rows and cells, as the HTML
    table model has them), "in-cell" (inside a cell, read as its text) or "other".

    Text is taken as the tree gives it in document order: an element's text and the
    tails of its children, each read once it can no longer grow (at the start of the
    next sibling, at the end of the parent), so nothing needs the elements already read.
    """

    def __init__(self, survey: _Survey, data_from: int | None = None):
        self.survey = survey
        self.data_from = data_from  # None: the first pass, which finds the tables
        self.modes: list[str] = []
        self.tables: list[tuple[_Table, Sweep]] = []  # the open tables
        self.index = -1
        self.page: list[str] = []  # page text not yet made into lines
        self.cell: list[str] = []  # the current cell's text
        self.row_where = ""
        self.opened = 0  # the data tables opened so far (second pass)
        self.found = False  # first pass: a data table has been seen whole
        self.builder: Builder | None = None

    def run(self, data: bytes, what: str) -> Iterator[str]:
        for event, element in _events(data, what):
            if event == "start":
                yield from self.start(element)
            else:
                yield from self.end(element)
        yield from self.flush()

    def flush(self) -> Iterator[str]:
        for text in clean_lines("".join(self.page)):
            yield ASCII_SPACE.sub(" ", text)
        self.page.clear()

    def start(self, element) -> Iterator[str]:
        tag = _tag(element)
        parent = self.modes[-1] if self.modes else "root"
        if parent in ("text", "cell", "in-cell"):
            previous = element.getprevious()
            before = element.getparent().text if previous is None else previous.tail
            if before:
                (self.page if parent == "text" else self.cell).append(before)
        if tag == "table":
            self.index += 1
        mode = self.mode_of(element, tag, parent)
        self.modes.append(mode)
        if mode == "table":
            if self.data_from is None and self.tables:
                self.tables[-1][0].innermost = False
            table = self.survey.tables[self.index] if self.data_from is not None else _Table()
            if self.data_from is None:
                self.survey.tables.append(table)
            self.tables.append((table, Sweep()))
            if self.builder is not None:
                self.opened += 1
                yield from self.flush()
                self.builder.open_table()
        elif mode == "row":
            table, sweep = self.tables[-1]
            sweep.start_row()
            line = element.sourceline or 0
            if self.data_from is None:
                table.lines_shared = table.lines_shared or line == table.last_line
                table.last_line = line
            self.row_where = f"表格 {self.opened} 第 {sweep.rows} 行" if table.lines_shared else f"第 {line} 行"
        elif mode == "cell":
            self.cell = ["\n"]
        elif mode == "in-cell" and tag in BLOCKS:
            self.cell.append("\n")
        elif mode == "text" and tag in BLOCKS:
            yield from self.flush()
            if tag == "br":
                self.page.append("\n")

    def mode_of(self, element, tag: str, parent: str) -> str:
        if parent == "root":
            return "page"
        if tag == "table":
            if self.data_from is None:  # the first pass reads every table (as the old tree's did)
                return "table"
            if parent == "text" and self.index >= self.data_from and self.survey.tables[self.index].innermost:
                return "table"
        if parent in ("page", "skip"):
            return "text" if parent == "page" and tag == "body" else "skip"
        if parent in ("text", "cell", "in-cell"):
            if tag in SKIPPED or not tag:
                return "skip"
            return "text" if parent == "text" else "in-cell"
        if parent in ("table", "section") and tag == "tr":
            return "row"
        if parent == "table" and tag in SECTIONS:
            return "section"
        if parent == "row" and tag in ("td", "th"):
            return "cell"
        return "other"

    def end(self, element) -> Iterator[str]:
        tag = _tag(element)
        mode = self.modes.pop()
        if mode in ("text", "cell", "in-cell"):
            last = element[-1] if len(element) else None
            closing = element.text if last is None else last.tail
            into = self.page if mode == "text" else self.cell
            if closing:
                into.append(closing)
            if tag in BLOCKS and (tag != "br" or mode == "text"):
                into.append("\n")
        if mode == "cell":
            needed = self.data_from is not None or not (self.found or self.tables[-1][0].header)
            text = " ".join(clean_lines(_layout("".join(self.cell)))) if needed else ""
            self.tables[-1][1].cell(text, rowspan=_span(element, "rowspan"), colspan=_span(element, "colspan"))
            self.cell = []
        elif mode == "row":
            table, sweep = self.tables[-1]
            if self.builder is not None:
                self.builder.row(sweep.row(table.width, self.row_where))
            elif not self.found and not table.header and table.innermost:
                table.header = looks_like_header(list(sweep.cells.values()))  # those placed
        elif mode == "table":
            table, sweep = self.tables.pop()
            if self.builder is not None:
                self.builder.close_table()
            else:
                table.width = sweep.width
                self.found = self.found or (table.innermost and table.header)
        elif tag == "title" and self.data_from is None and not self.survey.title:
            self.survey.title = (element.text or "").strip() or " "  # " ": the first <title> was read
        return iter(())


def _survey(data: bytes, what: str) -> _Survey:
    """The first pass: every table's width, whether it is innermost and whether a row of
    it is a catalogue header (asked only until the first such table is known)."""
    survey = _Survey()
    for _ in _Pass(survey).run(data, what):
        pass
    survey.title = survey.title.strip()
    return survey


def _lines(data: bytes, what: str, survey: _Survey, *, data_from: int | None, builder: Builder | None) -> Iterator[str]:
    """The second pass: the page's text lines outside the data tables, in order; each data
    table (the innermost ones from index `data_from` on) goes to `builder` row by row
    where it stands among them."""
    reader = _Pass(survey, data_from=data_from if data_from is not None else len(survey.tables))
    reader.builder = builder
    return reader.run(data, what)
