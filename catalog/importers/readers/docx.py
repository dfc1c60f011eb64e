"""A Word document (.docx) -> Document, streamed from the package's main part.

The body (word/document.xml, or wherever the package's relationships say it is) is read
with lxml's iterparse and never held as a tree: a paragraph is read and emptied as soon
as its end has been read, a table row goes to the document as soon as it is complete,
and what the body has already given is dropped. Only the body's own paragraphs and
tables are read (content controls and custom XML around them, or around rows, cells and
runs, are read through), in document order, and the paragraphs in a table's own cells; a
table nested inside a cell is not a table of the document: its paragraphs, in order, are
more paragraphs of the cell that holds it.

A paragraph's text is that of its runs, in hyperlinks and tracked insertions too (as Word
shows the document with its changes accepted): text, tabs, line breaks (not page or column
breaks) and non-breaking hyphens; tracked deletions are not read, nor a row whose deletion
is tracked (w:trPr/w:del), nor a cell whose deletion is tracked (w:tcPr/w:cellDel: the cells
after it move left, as accepting it moves them). A cell's paragraphs, and the lines a break
makes inside one, are joined with spaces. An empty content control shows its placeholder
(w:showingPlcHdr, "单击或点击此处输入文字。"): that is not text of the document, and is not read.

A text box (w:txbxContent, in a drawing or a VML shape) is read where it is anchored: a
table in a text box on the page is a table of the document (read before the text of the
paragraph holding the box, which ends after it), a text box in a cell is more text of the
cell, after that of the paragraph holding it (as LibreOffice shows them). Word writes a drawing twice, as the drawing (mc:Choice) and as a VML copy for older
readers (mc:Fallback): the copy is not read.

Merged cells: a cell spanning grid columns (gridSpan) covers the positions to its right;
a vertical merge's continuation (vMerge without "restart") covers the positions of the
cell it continues, the one starting at the same grid position in the row above; grid
positions a row leaves empty (gridBefore/gridAfter) are blank and not covered. The
positions are placed by the readers' shared `Sweep`, as a web page's rowspan and colspan are.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from catalog.files import UnreadableFile
from catalog.files.sheets import check_package
from catalog.files.source import starts_with

from ..records import ImportFailed
from . import MAX_BYTES, MAX_COLUMNS, Builder, Document, Sweep, clean_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT, BODY, P, TBL, TR, TC = W + "document", W + "body", W + "p", W + "tbl", W + "tr", W + "tc"
RUN, TEXT, BREAK = W + "r", W + "t", W + "br"
SDT, TEXT_BOX = W + "sdt", W + "txbxContent"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
CHOICE, FALLBACK = MC + "Choice", MC + "Fallback"
# Run-level wrappers whose runs are text as Word shows it: a tracked insertion or move's
# destination is shown (a deletion, w:del / w:moveFrom, is not, and is not listed here).
# Content controls (w:sdt) and custom XML wrap runs, paragraphs, tables, rows or cells
# (government templates use them); what they wrap is read as if they were not there.
WRAPPERS = {SDT, W + "sdtContent", W + "customXml"}
INLINE = {W + "hyperlink", W + "ins", W + "moveTo", W + "smartTag", W + "fldSimple", W + "dir", W + "bdo"} | WRAPPERS
RUN_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
# The main part's uncompressed size (as the ZIP directory declares it: zipfile never inflates
# past it) is bounded before any XML is parsed, so a small upload cannot make the reader parse
# gigabytes. Word's document.xml deflates 7-60:1 (LibreOffice-made copies of the seed
# catalogues: 30-58:1; aershan-zhen-2022's is 3.1 MB); 20 times the upload limit is some 60
# times the largest seed, while a 10 MB upload of repeated XML could declare gigabytes.
# A part also may not inflate more than Excel's parts may (catalog.files.sheets.check_package,
# which checks both): at the bound above, 200 MB of one repeated row is a 0.9 MB upload (230:1)
# and 55 s of CPU to read.
MAX_MAIN_PART = 20 * MAX_BYTES
TOO_BIG = "Word 文件过大或结构异常（{why}），无法读取：请删去多余的内容或拆分后再上传。"
UNREADABLE = "无法读取该 Word 文件（{}）：请在 Word 或 WPS 中另存为 .docx 后再上传。"


def _parser() -> etree.XMLParser:
    # No DTDs, entities or network: the package's XML comes from the uploader.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def read_docx(file) -> Document:
    """The document in `file`, an open binary file (readers.read_document opens it)."""
    if not starts_with(file, b"PK\x03\x04"):
        hint = "旧版 Word（.doc）" if starts_with(file, b"\xd0\xcf\x11\xe0") else "不是 .docx 文件"
        raise ImportFailed(f"文件内容{hint}：请在 Word 或 WPS 中另存为 .docx 后再上传。")
    try:
        with zipfile.ZipFile(file) as package:
            main, core = _parts(package)
            check_package(
                package,
                too_big=TOO_BIG,
                damaged=UNREADABLE.format("文件不完整或已损坏"),
                max_size=MAX_MAIN_PART,
                part=main,
                sized="正文解压后约 {size:.0f} MB，上限为 {limit} MB",
                refuse_dtd=False,  # the parser loads no DTD and expands no entity (_parser, _events)
            )
            builder = Builder("Word（.docx）", fallback_title=_title(package, core))
            with package.open(main) as body:
                tables = _Body(builder).read(body)
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, etree.LxmlError) as error:
        raise ImportFailed(UNREADABLE.format(type(error).__name__)) from None
    if not tables:
        raise ImportFailed("Word 文件中没有表格：目录须是 Word 表格（如果是文字排版，请复制为 .txt 上传）。")
    return builder.finish()


def _parts(package: zipfile.ZipFile) -> tuple[str, str | None]:
    """The names of the main document part and of the core properties (None: the package has none)."""
    relationships = etree.fromstring(package.read("_rels/.rels"), _parser())
    targets = {
        element.get("Type"): posixpath.normpath(element.get("Target", "").lstrip("/"))
        for element in relationships.iter(RELATIONSHIP)
    }
    if OFFICE_DOCUMENT not in targets:
        raise KeyError("officeDocument")
    return targets[OFFICE_DOCUMENT], targets.get(CORE_PROPERTIES)


def _title(package: zipfile.ZipFile, core: str | None) -> str:
    """The title in the document's properties (File > Properties), "" when it has none."""
    if core is None or core not in package.namelist():
        return ""
    title = etree.fromstring(package.read(core), _parser()).find(DC_TITLE)
    return (title.text or "") if title is not None else ""


@dataclass(eq=False)  # compared by identity: a continuation is the cell it continues
class _Cell:
    text: str
    span: int  # grid columns (gridSpan)
    shown: bool = True  # False: a cell of a deleted row (no row of the table)


def _events(stream) -> Iterator[tuple[str, etree._Element]]:
    """("start" | "end", element) for the document, its paragraphs and its tables' parts, in
    document order; the tree is built as they are read (the reader empties what it is done with)."""
    return etree.iterparse(
        stream, events=("start", "end"), tag=(DOCUMENT, P, TBL, TR, TC), resolve_entities=False,
        no_network=True, load_dtd=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip


class _Body:
    """The body's paragraphs and tables, in order, to the builder."""

    def __init__(self, builder: Builder):
        self.builder = builder
        self.tables = 0
        self.paragraphs: list[str] = []  # the current cell's, so far
        self.boxed: list[str] = []  # those of text boxes in the cell, until their paragraph has been read
        self.cells: list[tuple[_Cell, bool]] = []  # the current row's: (cell, continues the one above)

    def read(self, stream) -> int:
        word = False
        for event, element in _events(stream):
            parent, container = element.getparent(), _container(element)
            if event == "start":
                word = word or element.tag == DOCUMENT
                if element.tag == TBL and _is(container, BODY):
                    self.open_table()
                continue
            if element.tag == P:
                self.paragraph(element, container)
            elif element.tag == TC and _in_table(container):
                self.cell(element)
            elif element.tag == TR and _in_table(element):
                self.row(element)
            elif element.tag == TBL and _is(container, BODY):
                self.builder.close_table()
            element.clear()
            if parent is not None and (_is(container, BODY) or element.tag == TR):
                while element.getprevious() is not None:  # what the body or the table has given
                    del parent[0]
        if not word:
            raise ValueError("the main part is not a Word document")  # a workbook named .docx, say
        return self.tables

    def open_table(self) -> None:
        self.tables += 1
        self.sweep = Sweep()
        self.above: dict[int, _Cell] = {}  # the previous row's cells by the grid position each starts at
        self.builder.open_table()

    def paragraph(self, element, parent) -> None:
        if parent is None or any(_placeholder(control) for control in element.iterancestors(SDT)):
            return
        if parent.tag == BODY:
            for line in clean_lines(_text(element)):
                self.builder.text(line)
        elif parent.tag == TC and (cell := _body_cell(parent)) is not None:
            if any(ancestor.tag == TEXT_BOX for ancestor in _up_to(element, cell)):
                self.boxed.append(_text(element))  # comes after the paragraph holding the box, which ends later
            else:
                self.paragraphs += [_text(element), *self.boxed]
                self.boxed = []

    def cell(self, element) -> None:
        properties = element.find(W + "tcPr")
        text = " ".join(clean_lines("\n".join(self.paragraphs + self.boxed)))
        self.paragraphs, self.boxed = [], []
        if properties is not None and properties.find(W + "cellDel") is not None:  # deleted with track changes
            return
        span = max(1, _number(properties, "gridSpan", 1))
        merge = properties.find(W + "vMerge") if properties is not None else None
        continues = merge is not None and merge.get(W + "val", "continue") == "continue"
        tracked = properties.find(W + "cellMerge") if properties is not None else None
        if tracked is not None and tracked.get(W + "vMerge") in ("cont", "rest"):  # a merge made with track changes
            continues = tracked.get(W + "vMerge") == "cont"
        self.cells.append((_Cell(text, span), continues))

    def row(self, element) -> None:
        properties = element.find(W + "trPr")
        # A row deleted with track changes is no row; a cell merged down from it goes on below
        # it as a cell of its own, with whatever text of it was not deleted too.
        deleted = properties is not None and properties.find(W + "del") is not None
        sweep, here = self.sweep, {}
        if not deleted:
            sweep.start_row()
        position = _number(properties, "gridBefore", 0)  # as Word counts it: each cell its own gridSpan
        sweep.skip(position)
        for cell, continues in self.cells:
            above = self.above.get(position) if continues else None
            if deleted:
                here[position] = above or _Cell(cell.text, cell.span, shown=False)
            elif above is not None and above.shown:  # covered by the cell it continues, as wide as that one
                sweep.cover(above.span)
                here[position] = above
            else:  # a continuation with nothing above it (malformed) is read as a cell of its own
                shown = cell if above is None else _Cell(above.text, above.span)
                sweep.cell(shown.text, colspan=shown.span)
                here[position] = shown
            position += cell.span
        if deleted:
            self.above, self.cells = here, []
            return
        width = min(sweep.column + _number(properties, "gridAfter", 0), MAX_COLUMNS)
        self.builder.row(sweep.row(width, f"表格 {self.tables} 第 {sweep.rows} 行"))
        self.above, self.cells = here, []


def _in_table(row) -> bool:
    """`row` is a row of one of the body's own tables (not of a table nested in a cell)."""
    table = _container(row) if _is(row, TR) else None
    return _is(table, TBL) and _is(_container(table), BODY)


def _body_cell(cell):
    """The cell of one of the body's own tables that `cell` is, or is in (in a table nested in
    it, or in a text box in it): its paragraphs are text of that cell; None if there is none."""
    while _is(cell, TC):
        table = _container(_container(cell))
        if _is(_container(table), BODY):
            return cell if _is(table, TBL) else None
        cell = _container(table)
    return None


def _up_to(element, stop):
    """The element's ancestors below `stop`."""
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return
        yield ancestor


def _container(element):
    """The element's parent, past any content controls or custom XML around it; for what a
    text box holds, the container of the paragraph the box is anchored in (None: the copy of
    a drawing written for older readers)."""
    parent = element.getparent()
    while parent is not None and parent.tag in WRAPPERS:
        parent = parent.getparent()
    if parent is not None and parent.tag == TEXT_BOX:
        for ancestor in parent.iterancestors():
            if ancestor.tag == FALLBACK and ancestor.getparent().find(CHOICE) is not None:
                return None
            if ancestor.tag == P:
                return _container(ancestor)
        return None
    return parent


def _placeholder(control) -> bool:
    """A content control that shows its placeholder text: it is empty."""
    properties = control.find(W + "sdtPr")
    shown = properties.find(W + "showingPlcHdr") if properties is not None else None
    return shown is not None and shown.get(W + "val", "true") not in ("false", "0", "off")


def _is(element, tag: str) -> bool:
    return element is not None and element.tag == tag


def _number(properties, name: str, default: int) -> int:
    element = properties.find(W + name) if properties is not None else None
    if element is None:
        return default
    try:
        return max(0, int(element.get(W + "val", default)))
    except ValueError:
        return default


def _text(paragraph) -> str:
    return "".join(_runs(paragraph))


def _runs(parent) -> Iterator[str]:
    for child in parent:
        if child.tag in INLINE:
            if child.tag != SDT or not _placeholder(child):
                yield from _runs(child)
        elif child.tag == RUN:
            for piece in child:
                if piece.tag == TEXT:
                    yield piece.text or ""
                elif piece.tag == BREAK:
                    yield "\n" if piece.get(W + "type", "textWrapping") == "textWrapping" else ""
                elif piece.tag in RUN_CHARACTERS:
                    yield RUN_CHARACTERS[piece.tag]
