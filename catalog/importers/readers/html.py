"""A saved web page or a pasted <table> -> Document (lxml's HTML parser, which tolerates
the broken markup of real government sites).

Only innermost tables are data: old sites lay pages out with tables, and a catalogue sits
inside them. Tables before the first one with a catalogue header (navigation bars) are
page chrome. rowspan and colspan are placed as the HTML table model does (rowspan="0"
reaches the end of the table). When no table has a catalogue header, the page's text
goes to the text parser instead (pages that print the catalogue as text).

The page is streamed, never held as a tree nor as text: libxml2 reads the decoded text from
a file-like object a few KB at a time (its pull interface: the push parser, lxml's
HTMLPullParser and iterparse, keeps all it was fed, 9 MB for a 9 MB page), and gives each
start and end tag to a parser target that builds the tree (etree.TreeBuilder), hands the
element to the pass, and empties it once its end has been read. A table row goes to the
document as soon as it is complete, its merged cells placed by a sweep of the rowspans
still open above it. A target has no source lines, so the text given to libxml2 carries
them: each <tr> start tag gets its line as an attribute (`LINE`). That takes two passes
over the page: the first only finds out which tables are data (innermost, at or after
the first header) and how wide each is, which the second needs before its first row.
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


def read_html(data, *, name: str) -> Document:
    what = f"网页“{name}”"
    survey = _survey(data, what)
    first = next((i for i, table in enumerate(survey.tables) if table.innermost and table.header), None)
    if first is None:
        lines: list[str] = []
        _read_lines(data, what, survey, lines.append, data_from=None, builder=None)
        return Document(
            reader="网页（HTML）",
            title=pick_title(lines, survey.title),
            text="\n".join(lines),
            text_where="网页正文第 {line} 行",
        )
    builder = Builder("网页（HTML）", fallback_title=survey.title)
    _read_lines(data, what, survey, builder.text, data_from=first, builder=builder)
    return builder.finish()


# ---- the page as a stream of elements --------------------------------------------------------


LINE = "data-import-source-line"  # the attribute that carries a row's source line
ROW_TAG = re.compile(r"<tr(?=[\s>/])", re.IGNORECASE)


class _Text:
    """The page's text for libxml2 to read (`read`, UTF-8), decoded by the one text policy
    (catalog.files.text) piece by piece, each <tr> start tag given its line (`LINE`)."""

    def __init__(self, data, what: str):
        self.chunks = text_chunks(data, what=what, size=CHUNK)
        self.line = 1  # of the first character not yet given
        self.held = ""  # the end of the last piece, when it may be the start of a "<tr"
        self.first = True

    def read(self, size: int = -1) -> bytes:
        for chunk in self.chunks:
            if self.first:
                chunk, self.first = XML_DECLARATION.sub("", chunk), False
            text = self.held + chunk
            cut = text.rfind("<", max(0, len(text) - 3))
            cut = len(text) if cut < 0 else cut
            text, self.held = text[:cut], text[cut:]
            if text:
                return self._numbered(text)
        text, self.held = self.held, ""
        return self._numbered(text)

    def _numbered(self, text: str) -> bytes:
        pieces, start = [], 0
        for match in ROW_TAG.finditer(text):
            self.line += text.count("\n", start, match.end())
            pieces += [text[start : match.end()], f' {LINE}="{self.line}"']
            start = match.end()
        self.line += text.count("\n", start)
        pieces.append(text[start:])
        return "".join(pieces).encode()


class _Target:
    """lxml parser target: builds the tree (etree.TreeBuilder) and gives the pass each element
    at its start and at its end; once the pass is done with an element's end, its content is
    dropped and so are its earlier siblings: the tree keeps only the open elements and the
    last child of each (whose tail text may still grow)."""

    def __init__(self, on_start, on_end):
        self.tree = etree.TreeBuilder()
        self.on_start, self.on_end = on_start, on_end

    def start(self, tag, attrib):
        self.on_start(self.tree.start(tag, attrib))

    def end(self, tag):
        element = self.tree.end(tag)
        self.on_end(element)
        element.clear(keep_tail=True)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]

    def data(self, text):
        self.tree.data(text)

    def close(self):
        return self.tree.close()


def _parse(data, what: str, on_start, on_end) -> None:
    """Read the page, calling on_start and on_end with each element in document order."""
    # The text is decoded already (and given as UTF-8): a <meta charset> must not change that.
    parser = etree.HTMLParser(target=_Target(on_start, on_end), encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        etree.parse(_Text(data, what), parser)
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None
    except (etree.LxmlError, ValueError) as error:
        raise ImportFailed(f"无法解析该网页（{error}）：请另存为完整网页（.html）后再上传。") from None


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

    def run(self, data, what: str, sink) -> None:
        """Read the page; `sink` is given each line of page text (outside the data tables) in order."""

        def each(lines: Iterator[str]) -> None:
            for line in lines:
                sink(line)

        _parse(data, what, lambda element: each(self.start(element)), lambda element: each(self.end(element)))
        each(self.flush())

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
            line = int(element.get(LINE) or 0)
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


def _survey(data, what: str) -> _Survey:
    """The first pass: every table's width, whether it is innermost and whether a row of
    it is a catalogue header (asked only until the first such table is known)."""
    survey = _Survey()
    _Pass(survey).run(data, what, lambda line: None)
    survey.title = survey.title.strip()
    return survey


def _read_lines(data, what: str, survey: _Survey, sink, *, data_from: int | None, builder: Builder | None) -> None:
    """The second pass: the page's text lines outside the data tables, in order, to `sink`;
    each data table (the innermost ones from index `data_from` on) goes to `builder` row by
    row where it stands among them."""
    reader = _Pass(survey, data_from=data_from if data_from is not None else len(survey.tables))
    reader.builder = builder
    reader.run(data, what, sink)
