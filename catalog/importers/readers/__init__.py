"""Readers: one source file -> a `Document` (rows of cell text in document order).

Every format ends in the same place: the rows go to the shared rows -> RawCatalogue step
(`parse.parse_rows`), text goes to the text parser (`parse.parse`), and normalise and load
never know which reader ran. A reader resolves merged cells as real merges: a merged
range's text sits in its top-left position, every other position it covers is blank and
listed in `Row.covered` (an HTML rowspan/colspan, a Word gridSpan/vMerge, a PDF cell that
spans grid lines, an XLSX merged range). It also says where each row came from in the
original (`Row.where`: the HTML line, the Word table and row, the PDF page, the sheet
row), which items cite.

Text outside the tables is never made into items: domain headings ("（一）…领域…") go
with the rows, because they open sections; the catalogue title is taken from the lines
above the first table; everything else is kept in `Document.page_text` (metadata such
as 索引号 or 发布机构 is read from there).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from catalog.files import UnreadableFile
from catalog.files.source import Source, is_blank, opened, size
from catalog.files.spool import Spool
from catalog.files.text import text_lines
from catalog.models.controls import strip_controls

from ..headers import Corrections, as_corrections
from ..records import ImportFailed, MissingNames, NoTableFound, Problem, RawCatalogue, Severity

MAX_BYTES = 10 * 1024 * 1024
CUT_NOTE = (
    "“{text}”在 PDF 中被单元格的边缘截断（文字比单元格宽，超出的部分没有印出来，如一个长网址）："
    "请对照原件补全，或上传原始的 Excel、Word 文件"
)


@dataclass
class Row:
    cells: list[str]
    where: str  # in the original, in Chinese: "第 12 行", "第 3 页", "表格 2 第 5 行"
    covered: frozenset[int] = frozenset()  # columns hidden under a merged cell (blank here)
    page_break_before: bool = False
    cut: frozenset[int] = frozenset()  # columns whose text the file cuts at the cell's edge (a PDF)


@dataclass
class Part:
    """Rows read against their own headers: a worksheet, or the tables under one heading."""

    label: str  # how messages name it: 工作表“社会救助”, 第 12 行起的表格
    rows: Spool = field(default_factory=Spool)  # as pickles: a long table is not held as objects
    heading: str = ""  # the domain heading printed above it, if any


@dataclass
class Document:
    reader: str  # the format as staff know it: 文本, 网页（HTML）, Word（.docx）, PDF, XLSX, CSV
    parts: list[Part] = field(default_factory=list)
    title: str = ""
    text: str | None = None  # sources read as text (also a web page or PDF without a table)
    lines: Spool | None = None  # a text file's lines (.txt), read from it piece by piece
    text_where: str = "第 {line} 行"  # how a line of `text` is cited
    page_text: list[str] = field(default_factory=list)
    # The format marks merged cells (rowspan/colspan, gridSpan/vMerge, merged ranges): a blank
    # cell outside `Row.covered` is empty. Not so for CSV (a saved sheet loses its merges) nor
    # PDF (a merged cell cut by a page goes on blank, uncovered, on the next page).
    merges_known: bool = False

    def convert_text(self, convert: Callable[[str], str]) -> None:
        """Pass every text of the document (title, lines, page text, headings, cells) through `convert`."""

        def convert_row(row: Row) -> None:
            row.cells = [convert(cell) if isinstance(cell, str) else cell for cell in row.cells]

        self.title = convert(self.title)
        if self.text is not None:
            self.text = convert(self.text)
        if self.lines is not None:
            self.lines = Spool(convert(line) for line in self.lines)
        self.page_text = [convert(line) for line in self.page_text]
        for part in self.parts:
            part.label, part.heading = convert(part.label), convert(part.heading)
            part.rows.rewrite(convert_row)


# Suffix -> (reader module name, what the suffix is called in messages)
FORMATS = {
    ".txt": "文本",
    ".html": "网页（HTML）",
    ".htm": "网页（HTML）",
    ".shtml": "网页（HTML）",  # a page downloaded from a government site keeps its server's suffix
    ".xhtml": "网页（HTML）",
    ".docx": "Word（.docx）",
    ".pdf": "PDF",
    ".xlsx": "XLSX",
    ".csv": "CSV",
}
ACCEPTED = "、".join(dict.fromkeys(FORMATS))
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
# Formats counties publish in that the readers do not take, and how to save them as one they do.
CONVERT = {
    ".doc": "旧版 Word 文件（.doc）：请在 Word 或 WPS 中另存为 .docx",
    ".wps": "WPS 文字文件（.wps）：请在 WPS 中另存为 .docx",
    ".xls": "旧版 Excel 文件（.xls）：请在 Excel 或 WPS 中另存为 .xlsx",
    ".et": "WPS 表格文件（.et）：请在 WPS 中另存为 .xlsx",
    ".mht": "单个文件网页（.mht）：请在浏览器中另存为“网页，仅 HTML”（.html）",
    ".mhtml": "单个文件网页（.mhtml）：请在浏览器中另存为“网页，仅 HTML”（.html）",
}


def read_document(source: Source, *, name: str) -> Document:
    """The document in a file (a path, an open binary file or bytes: catalog.files.source),
    chosen by its suffix and checked against its bytes, without C0 control characters
    (catalog.models.controls). The file is read in pieces, never held whole. Raises ImportFailed."""
    with opened(source) as file:
        return _without_controls(_read_document(file, name=name))


def _without_controls(document: Document) -> Document:
    document.convert_text(strip_controls)
    return document


def _read_document(file, *, name: str) -> Document:
    document = _read_format(file, name=name)
    document.merges_known = Path(name).suffix.lower() in (*HTML_SUFFIXES, ".docx", ".xlsx")
    return document


def _read_format(file, *, name: str) -> Document:
    suffix = Path(name).suffix.lower()
    if suffix in CONVERT:
        raise ImportFailed(f"暂不能直接读取{CONVERT[suffix]} 后再上传。")
    if suffix not in FORMATS:
        raise ImportFailed(f"不支持的文件类型“{suffix or name}”：请上传 {ACCEPTED} 文件。")
    if is_blank(file):
        raise ImportFailed("文件是空的。")
    length = size(file)
    if length > MAX_BYTES:
        raise ImportFailed(f"文件过大（{length / 1024 / 1024:.1f} MB），上限为 {MAX_BYTES // 1024 // 1024} MB。")
    if suffix in HTML_SUFFIXES:
        from .html import read_html

        return read_html(file, name=name)
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(file)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(file)
    if suffix in (".xlsx", ".csv"):
        from .sheets import read_workbook

        return read_workbook(file, name=name)
    try:
        lines = Spool(text_lines(file, what=f"文件“{Path(name).name}”"))
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None
    return Document(reader=FORMATS[suffix], lines=lines)


# ---- what the readers share ---------------------------------------------------------------

NUMBERED_HEADING = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*\S.*领域")
DOMAIN_TITLE = re.compile(r"^\s*[^\s，。；:：]{2,20}领域\S{0,30}(目录|清单)\s*$")
DOMAIN_RE = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[)）])?\s*(.+?)领域")
# "（二）部门主动公开基本目录": a numbered list heading that names no domain.
NUMBERED_LIST = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*\S.{0,40}(目录|清单)\s*$")


def is_heading(line: str) -> bool:
    """A domain table's heading: "（四）社会保险领域基层政务公开标准目录", or a title that
    names a domain ("社会救助领域政务公开标准目录", as the official XLSX prints each sheet)."""
    return bool(NUMBERED_HEADING.match(line) or DOMAIN_TITLE.match(line))


def looks_like_header(cells: list[str]) -> bool:
    """A row that names at least two catalogue columns (序号, 一级事项, 公开内容…)."""
    from ..headers import is_label, normal

    return len({normal(cell) for cell in cells if cell and cell.strip() and is_label(cell)}) >= 2


BREADCRUMB = re.compile(r"[>›»]|当前位置|您的位置")


def pick_title(lines: list[str], fallback: str = "") -> str:
    """The catalogue title among the lines above the first table: the first that names a
    目录 or 清单 and is not a breadcrumb ("首页 > 政务公开 > 标准目录")."""
    for line in lines:
        if (
            ("目录" in line or "清单" in line)
            and not NUMBERED_HEADING.match(line)
            and not BREADCRUMB.search(line)
            and len(line) <= 120
        ):
            return line.strip()
    return fallback.strip()


def clean_lines(text: str) -> list[str]:
    """The non-blank lines, trimmed of spaces (not of tabs: a tab is a cell break in text)."""
    return [line.strip(" \r\f\v") for line in text.split("\n") if line.strip()]


MAX_COLUMNS = 200  # grid positions a reader places in a row; a span beyond them is cut


class Sweep:
    """A table's rows one at a time, each cell at its grid position: the positions that
    rowspans from the rows above still cover are skipped (and listed as covered), a
    colspan covers the positions to its right. HTML gives each merged cell's spans
    (`cell`); Word repeats a vertically merged cell in each row it covers, as a
    continuation (`cover`), and may leave grid positions before a row's first cell (`skip`)."""

    def __init__(self):
        self.below: dict[int, int] = {}  # column -> rows below the current one that a rowspan covers
        self.cells: dict[int, str] = {}
        self.covered: set[int] = set()
        self.width = 0
        self.rows = 0  # rows started so far

    def start_row(self) -> None:
        self.rows += 1
        self.covered = set(self.below)
        self.below = {column: rows - 1 for column, rows in self.below.items() if rows > 1}
        self.cells = {}
        self.column = 0

    def _next(self) -> int:
        while self.column in self.covered or self.column in self.cells:
            self.column += 1
        return self.column

    def cell(self, text: str, *, rowspan: int = 1, colspan: int = 1) -> None:
        c = self._next()
        if c >= MAX_COLUMNS:
            return
        colspan = min(colspan, MAX_COLUMNS - c)
        for column in range(c, c + colspan):
            if rowspan > 1:
                self.below[column] = max(self.below.get(column, 0), rowspan - 1)
            if column != c:
                self.covered.add(column)
        self.cells[c] = text
        self.column = c + colspan
        self._widen()

    def cover(self, count: int) -> None:
        c = self._next()
        self.covered.update(range(c, min(c + count, MAX_COLUMNS)))
        self.column = min(c + count, MAX_COLUMNS)
        self._widen()

    def skip(self, count: int) -> None:
        self.column = min(self._next() + count, MAX_COLUMNS)

    def _widen(self) -> None:
        self.width = max(self.width, self.column, max(self.covered, default=-1) + 1)

    def row(self, width: int, where: str) -> Row:
        cells = [self.cells.get(column, "") for column in range(width)]
        return Row(cells=cells, where=where, covered=frozenset(c for c in self.covered if c < width))


class Builder:
    """Assembles a document from text lines and tables in the order a reader meets them.

    Lines above the first table give the title; a domain heading (above a table, or in a
    one-cell row at its top) starts a new part; a table continues the part above it when it has as many columns (a table cut by a page,
    or a Word table split in two) and starts its own otherwise; all other text outside
    tables is page text."""

    def __init__(self, reader: str, *, fallback_title: str = ""):
        self.document = Document(reader=reader)
        self.fallback_title = fallback_title
        self.pending: list[str] = []
        self.width: int | None = None

    def text(self, line: str) -> None:
        self.pending.append(line)

    def table(self, rows: Iterable[Row]) -> None:
        self.open_table()
        for row in rows:
            self.row(row)
        self.close_table()

    # A table read row by row (a web page is streamed): its first rows wait until the first
    # one with more than one filled cell, since a heading printed in a one-cell row above the
    # header decides which part the table belongs to.
    def open_table(self) -> None:
        self.head: list[Row] = []
        self.headings = [line for line in self.pending if is_heading(line)]
        if self.document.parts and not self.headings:
            # A later table under a numbered heading of its own ("（二）部门主动公开基本目录") is a
            # section of its own, not one more table in the domain of the catalogue's title.
            self.headings = [line for line in self.pending if NUMBERED_LIST.match(line)]
        self.rows: Spool | None = None

    def row(self, row: Row) -> None:
        if self.rows is not None:
            self.rows.append(row)
            return
        self.head.append(row)
        filled = [cell for cell in row.cells if cell.strip()]
        if len(filled) > 1:
            self._start_part()
        elif filled and is_heading(filled[0]):  # a title row inside the table (the official XLSX)
            self.headings.append(filled[0])

    def close_table(self) -> None:
        if self.rows is None and self.head:
            self._start_part()
        self.head, self.rows = [], None

    def _start_part(self) -> None:
        document, first = self.document, self.head[0]
        if not document.parts and not document.title:
            document.title = pick_title(self.pending, self.fallback_title)
        document.page_text += [line for line in self.pending if line not in self.headings and line != document.title]
        self.pending = []
        width = len(first.cells)
        if self.headings or not document.parts or width != self.width:
            label = f"{first.where}起的表格"
            document.parts.append(Part(label=label, heading=self.headings[-1] if self.headings else ""))
        self.rows = document.parts[-1].rows
        self.rows += self.head
        self.head = []
        self.width = width

    def finish(self) -> Document:
        self.document.page_text += self.pending
        self.pending = []
        return self.document


def to_raw(document: Document, *, overrides: Mapping[str, str] | Corrections | None = None) -> RawCatalogue:
    """The shared rows -> RawCatalogue step for every reader's document. Raises ImportFailed.

    ``overrides`` ({header as printed -> field}, from --columns, or ``headers.Corrections``
    with a layout profile) corrects every table's column mapping (``headers.apply_overrides``).

    A document read as text goes to the text parser. Otherwise each part is read against
    its own headers, under its heading (or the catalogue title); when there are several,
    a part without any header (a notes sheet, a footer table) is reported and skipped,
    and the others' sections are joined in order. A section whose heading names no
    numbered domain takes its domain from a title such as "社会救助领域政务公开标准目录"."""
    from ..pagetext import read_page
    from ..parse import parse, parse_rows

    overrides = as_corrections(overrides)
    if document.text is not None or document.lines is not None:
        raw = parse(document.text if document.lines is None else document.lines, overrides=overrides)
        for section in raw.sections:
            section.rows.rewrite(lambda row: setattr(row, "where", document.text_where.format(line=row.line)))
        raw.title = raw.title or document.title
        raw.reader, raw.page_text = document.reader, document.page_text
        overrides.check_given()
        return raw
    raw = RawCatalogue(
        title=document.title,
        sections=[],
        reader=document.reader,
        page_text=document.page_text,
        profiles=overrides.used,
    )
    # The document's metadata (索引号, 发布机构, 成文日期 …) and title, as for text sources.
    page = read_page([(0, line) for line in document.page_text])
    raw.layout, raw.metadata, raw.issuer, raw.issued_date = "grid", page.metadata, page.issuer, page.date
    raw.issued_date_precision = page.date_precision
    raw.page_title = document.title or page.title
    several = len(document.parts) > 1
    outside: list[tuple[int, str]] = []  # the rows of tables that are not the catalogue (a 索引号 grid)
    for part in document.parts:
        try:
            found = parse_rows(
                (row.cells for row in part.rows),
                title=part.heading or document.title,
                reader=document.reader,
                overrides=overrides,
            )
        except NoTableFound:
            if several:
                outside += [(0, " | ".join(row.cells)) for row in part.rows]
                start = " ".join(cell for row in part.rows[:2] for cell in row.cells if cell.strip())[:30]
                message = f"{part.label}（{len(part.rows)} 行，“{start}…”）没有目录表头，不是目录表格，已跳过"
                raw.problems.append(Problem(0, message, Severity.NOTE))
                continue
            raise
        except MissingNames as error:
            raise MissingNames(f"{part.label}：{error}" if several else str(error), error.mapping) from None
        except ImportFailed as error:
            raise ImportFailed(f"{part.label}：{error}" if several else str(error)) from None
        for section in found.sections:
            section.heading = section.heading or part.heading
            if not section.domain_name and (match := DOMAIN_RE.match(section.heading)):
                section.domain_name = match.group(1).strip()

            kept = [index for index, _ in section.mapping.kept()] if section.mapping else []

            after = [0]  # the line of the data row above: a page break before any line since counts

            def cite(row, rows=part.rows, kept=kept, after=after):
                source = rows[row.line - 1]
                # A PDF marks the first row of a page, which is often the header printed again.
                broke = any(rows[k].page_break_before for k in range(after[0], row.line))
                row.where, row.page_break_before, after[0] = source.where, broke, row.line
                row.notes += [CUT_NOTE.format(text=source.cells[index]) for index in sorted(source.cut)]
                if document.merges_known:
                    row.blank = tuple(
                        j
                        for j, index in enumerate(kept)
                        if index < len(source.cells) and not source.cells[index].strip() and index not in source.covered
                    )

            section.rows.rewrite(cite)
        if several:
            for problem in [*found.problems, *(p for s in found.sections for p in s.problems)]:
                problem.message = f"{part.label}：{problem.message}"
        raw.title = raw.title or found.title
        raw.sections += found.sections
        raw.problems += found.problems
    if not raw.sections:
        raise NoTableFound("所有表格中都没有找到表头（以“序号”开头、含“一级事项”“公开内容”等列名的行）。")
    if outside:
        page.metadata += [pair for pair in read_page(outside).metadata if pair not in page.metadata]
        raw.metadata, raw.issuer, raw.issued_date = page.metadata, page.issuer, page.date
        raw.issued_date_precision = page.date_precision
    overrides.check_given()
    return raw
