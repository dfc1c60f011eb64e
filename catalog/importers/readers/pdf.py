"""A PDF with a text layer -> Document: the page's characters and ruling lines read with PDFium
(pypdfium2), its tables found from the ruling lines by pdfplumber's table finder.

Why two libraries: pdfplumber reads pages with pdfminer, in Python, at about 0.2 s of CPU a
page of a dense catalogue (15 s for the 85 pages of 2,000 rows), and it cannot tell text that
the page clips away from text that is printed. PDFium (the PDF engine of Chromium, which
pdfplumber itself uses to draw pages) gives the characters, their boxes and their clip paths,
and the path objects, in about 0.02 s a page. The ruling lines become pdfplumber's edges and
pdfplumber's TableFinder (the "lines" strategy) turns them into cells, as before.

Tables are found from their ruling lines (the official XLSX printed to PDF, Word and WPS exports
all draw cell borders). A cell that spans grid lines comes back as its text in the first
position and None in the others: those are the covered positions. A table that goes on over
several pages is one table per page, each usually under a repeated header, which the rows step
recognises as a page break; the first row of every later page is marked as following a page
break, so a name or a merged cell cut by the page is rejoined as it is for OCR text. Text
above, between and below the tables is read band by band, so headings stay in order with the
rows.

A cell merged down over rows that go on over a page break has no bottom rule on its first page
and no top rule on the next (LibreOffice and Excel print it so), and its text runs on past the
page's edge, clipped: each table is framed (its top and bottom drawn in, tables side by side
over the same height framed as one) and clipped characters are left out.

A PDF whose pages have text but no ruled table (a sheet printed without cell borders) is read
by its columns, found from where its characters stand, under a header line beginning with 序号
(`_read_columns`); without such a header its page text, laid out in columns (pdfplumber's
layout mode), one blank line between pages, goes to the text parser. A PDF without a text
layer (a scan) is refused with a hint.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from catalog.files.source import starts_with

from ..layouts import CHROME_RE
from ..records import ImportFailed
from . import Builder, Document, Row, clean_lines, pick_title

GARBLED_SHARE = 0.2  # of the characters without text: the font has no ToUnicode map (text copies as garbage)
SCAN_CHARS = 30  # fewer characters a page than this, and no table: a scan with page numbers stamped on
HEAD_ROWS = 4  # header rows a table may repeat at the top of every page (the official layout has 2)
NO_START = set("、，。；：？！）》」』】〕〉”’…—·％,.;:?!)]}%")  # may not begin a line
NO_END = set("（《「『【〔〈“‘([{")  # may not end a line
SPACE_GAP = 3.0  # points between two characters on a line that make a space (pdfplumber's x_tolerance)
NO_TEXT = "PDF 中没有文字层（可能是扫描件）：请先做文字识别（OCR），或上传原始的 Word、Excel 文件。"


@dataclass
class _Before:
    """What a page leaves to the next: the first rows of its first table (a header the next
    page may repeat) and whether its last row had no bottom rule (went on over the page)."""

    head: list[list[str]] = field(default_factory=list)
    open_foot: bool = False


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    spaced: bool = False  # PDFium saw a gap wide enough for a space before it (a generated space)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


class _Edges:
    """What pdfplumber's TableFinder reads of a page for the "lines" strategy."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges, self.bbox = edges, bbox


def read_pdf(file) -> Document:
    """The document in `file`, an open binary file (readers.read_document opens it): pdfium
    and pdfplumber read it where they need, never all of it at once."""
    import pypdfium2 as pdfium

    if not starts_with(file, b"%PDF"):
        raise ImportFailed("文件内容不是 PDF：请确认文件后再上传。")
    try:
        file.seek(0)
        document = pdfium.PdfDocument(file)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise ImportFailed(
                "无法读取该 PDF 文件：文件有打开密码。请去除密码（另存或打印为不加密的 PDF）后再上传。"
            ) from None
        raise ImportFailed("无法读取该 PDF 文件（文件已损坏或不完整）：请用原软件重新导出 PDF 后再上传。") from None
    builder = Builder("PDF")
    chars = tables = unreadable = 0
    found: list = []
    held: list[Row] = []  # the last row read, until the next page shows whether it goes on there
    held_text: list[str] = []  # and the text below it, which comes after it
    before = _Before()
    pages = len(document)
    try:
        for number in range(1, pages + 1):
            page = document[number - 1]
            try:
                page_chars, edges, bbox, page_unreadable = _read_page(page)
            finally:
                page.close()
            chars += len(page_chars)
            unreadable += page_unreadable
            found = _find_tables(edges, bbox, continuing=bool(found))
            if number == 1 and not found and page_unreadable <= len(page_chars) * GARBLED_SHARE:
                # A table printed without borders: read by its columns, each page once more (not
                # as lines of page text first, which was half the reading of a long one).
                lines = [line for line in _line_chars(page_chars) if not CHROME_RE.match(_line_text(line))]
                if _columns_from_header(lines) is not None and (by_columns := _by_columns(file)) is not None:
                    return by_columns
            tables += len(found)
            _read_tables(builder, found, page_chars, number, edges, held, held_text, before)
    except ImportFailed:
        raise
    except Exception as error:  # a damaged page
        raise ImportFailed(
            f"无法读取该 PDF 文件（{type(error).__name__}）：请用原软件重新导出 PDF 后再上传。"
        ) from None
    finally:
        document.close()
    if unreadable > (chars + unreadable) * GARBLED_SHARE:
        raise ImportFailed(
            "PDF 的文字读不出来（所用字体没有附带文字编码，复制出来是乱码）：请上传原始的 Word、Excel 文件，"
            "或把 PDF 当作扫描件先做文字识别（OCR）。"
        )
    if not chars:
        raise ImportFailed(NO_TEXT)
    if not tables and chars < SCAN_CHARS * pages:
        # A scan whose only text is what a tool stamped on it (page numbers, a watermark).
        raise ImportFailed(
            f"PDF 中几乎没有文字（共 {pages} 页，只有 {chars} 个字，如页码、水印），可能是扫描件："
            "请先做文字识别（OCR），或上传原始的 Word、Excel 文件。"
        )
    if not tables:
        return _read_text(file)
    builder.table(held)
    for line in held_text:
        builder.text(line)
    return builder.finish()


def _read_tables(
    builder: Builder,
    found: list,
    chars: list[Char],
    number: int,
    edges: list[dict],
    held: list[Row],
    held_text: list[str],
    before: _Before,
) -> None:
    """The page's text outside its tables as lines, and its tables' rows, in order down the page.

    The last row of a page is held back (`held`) until the next page is read: when that page's
    table starts with a row open at the top (no rule above it across the table: the rest of a
    row a browser or Word broke over the page), the two are one row, cell by cell. The text
    below it is held with it (`held_text`): a heading there opens the next table, not the row.
    A browser repeats a table's header (thead) at the top of every page, above the rest of the
    row it broke: the rows at the top of the page that are those at the top of the page before
    are that header, and the row under them is the rest of the held row when that row had no
    bottom rule (it ran on to the page's foot)."""
    chars.sort(key=lambda char: char.middle)
    middles = [char.middle for char in chars]
    top = 0.0
    first_row = True
    tables = sorted(found, key=lambda t: t.bbox[1])
    for index, table in enumerate(tables):
        x0, table_top, x1, table_bottom = table.bbox
        start, end = bisect_right(middles, top), bisect_right(middles, table_top)
        inside, outside = [], []
        for char in chars[end : bisect_right(middles, table_bottom)]:
            (inside if x0 <= (char.x0 + char.x1) / 2 <= x1 else outside).append(char)
        rows, bottoms = [], {}  # the rows' bottoms, by id
        for (cells, texts), table_row in zip(_cell_chars(table, inside), table.rows):
            rows.append(
                Row(
                    cells=[_cell_text(text, box) if box is not None else "" for text, box in zip(texts, cells)],
                    where=f"第 {number} 页",
                    covered=frozenset(c for c, box in enumerate(cells) if box is None),
                    page_break_before=first_row and number > 1,
                )
            )
            bottoms[id(rows[-1])] = table_row.bbox[3]
            first_row = False
        if index == 0:  # the row held from the page before, with its rest if this page starts with it
            repeated = _repeated(rows, before.head)
            before.head = [row.cells[:] for row in rows[:HEAD_ROWS]]
            if held and rows[repeated:] and len(rows[repeated].cells) == len(held[0].cells):
                if _open_top(table, edges) if not repeated else before.open_foot:
                    _join_rows(held[0], rows.pop(repeated))
                    if rows:
                        rows[0].page_break_before = True
            builder.table(held)
            held.clear()
            for line in held_text:
                builder.text(line)
            held_text.clear()
        for line in _lines(chars[start:end]):
            builder.text(line)
        for line in _lines(outside):  # beside the table (rare): kept as page text
            builder.text(line)
        if index == len(tables) - 1 and rows:
            # A sliver under a merged cell's bottom rule at the page's foot, the rest of its
            # width covered by the row above, which goes on down to the foot: that row is the last.
            while len(rows) > 1 and not any(rows[-1].cells) and 2 * len(rows[-1].covered) > len(rows[-1].cells):
                rows.pop()
            held.append(rows.pop())
            before.open_foot = _ruled(edges, x0, x1, bottoms[id(held[0])]) < 0.5
        builder.table(rows)
        top = table_bottom
    for line in _lines(chars[bisect_right(middles, top) :]):
        (held_text.append if held else builder.text)(line)


def _open_top(table, edges: list[dict]) -> bool:
    """No rule (of the page's own) above the table's first row over most of its width."""
    x0, top, x1, _ = table.bbox
    ruled = sum(
        max(0.0, min(edge["x1"], x1) - max(edge["x0"], x0))
        for edge in edges
        if edge["orientation"] == "h" and abs(edge["top"] - top) <= 3
    )
    return ruled < (x1 - x0) / 2


def _repeated(rows: list[Row], head: list[list[str]]) -> int:
    """How many rows at the top of the page are the rows at the top of the page before (a
    header repeated on every page): 0 when the first is not, or is empty."""
    count = 0
    while count < min(len(rows) - 1, len(head)) and rows[count].cells == head[count] and any(head[0]):
        count += 1
    return count


def _ruled(edges: list[dict], x0: float, x1: float, y: float) -> float:
    """How many times the width from x0 to x1 is ruled within 3 points of y."""
    return sum(
        max(0.0, min(edge["x1"], x1) - max(edge["x0"], x0))
        for edge in edges
        if edge["orientation"] == "h" and abs(edge["top"] - y) <= 3
    ) / (x1 - x0)


def _join_rows(row: Row, rest: Row) -> None:
    """The rest of a row from the next page joined to it, cell by cell (the page broke the
    text where it was wrapped: pieces of Chinese join without a space)."""
    for index, (text, more) in enumerate(zip(row.cells, rest.cells)):
        if more:
            tight = _is_cjk(text[-1:]) or _is_cjk(more[:1])
            if _meets_mixed(text[-1:], more[:1]) and (spaced := _mixed_space([text, more])) is not None:
                tight = not spaced
            row.cells[index] = text + ("" if tight or not text else " ") + more


def _cell_chars(table, chars: list[Char]):
    """(cells, [chars of each cell]) for each row of the table: a character goes to the cell
    its centre is in (a Word table has no top padding, so the glyphs of a cell's first line
    reach above its ruling line)."""
    rows = table.rows
    grid = [(row.cells, [[] for _ in row.cells]) for row in rows]
    columns = sorted({cell[0] for row in rows for cell in row.cells if cell})
    by_column: dict[float, list[tuple[float, float, float, list]]] = {}
    for cells, texts in grid:
        for cell, text in zip(cells, texts):
            if cell is not None:
                by_column.setdefault(cell[0], []).append((cell[1], cell[3], cell[2], text))
    for column in by_column.values():
        column.sort(key=lambda entry: entry[0])
    tops = {x: [entry[0] for entry in column] for x, column in by_column.items()}
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, char.middle
        k = bisect_right(columns, x) - 1
        while k >= 0:  # a cell spanning columns starts in a column to the left
            column = by_column[columns[k]]
            i = bisect_right(tops[columns[k]], y) - 1
            if i >= 0 and y <= column[i][1] and x <= column[i][2]:
                column[i][3].append(char)
                break
            k -= 1
    return grid


def _is_cjk(char: str) -> bool:
    return char >= "\u2e80"  # CJK scripts and full-width punctuation


def _cell_text(chars: list[Char], box) -> str:
    """A cell's text with its wrapped lines joined as they were written.

    A PDF keeps no trace of where a cell's text was wrapped: a line that fills the cell to
    its right edge was wrapped by the layout (Chinese wraps anywhere, so the pieces join
    without a space, "20个" + "工作日内"), a shorter one ended at a line break or a space
    in the original (joined with a space, as the XLSX reader joins a cell's lines).
    Between Chinese characters "fills the cell" means the next line's first piece did not fit
    after it: a punctuation mark that may not begin a line takes the character before it down
    with it ("办理条" + "件、办理流程": 件 would have fitted, 件、 did not), one that may not end
    a line goes down with the character after it."""
    lines = _line_chars(chars)
    texts = [_line_text(line).strip() for line in lines]
    mixed = _mixed_space(texts)
    out = ""
    for index, (line, text) in enumerate(zip(lines, texts)):
        out += text
        if index + 1 == len(lines):
            break
        following = texts[index + 1]
        size = max(char.size for char in line)
        gap = box[2] - max(char.x1 for char in line)
        if _is_cjk(out[-1:]) and _is_cjk(following[:1]):
            joined_tight = gap < _first_piece(lines[index + 1]) + 0.5 * size
        elif mixed is not None and _meets_mixed(out[-1:], following[:1]):
            joined_tight = not mixed
        else:
            joined_tight = gap < 1.5 * size and (_is_cjk(out[-1:]) or _is_cjk(following[:1]))
        out += "" if joined_tight else " "
    return out.strip()


HAN = "\u3400-\u4dbf\u4e00-\u9fff：；。，、！？"  # and the marks that end a clause (not brackets: "（1）")
MIXED_SPACED = re.compile(f"[{HAN}] [!-~]|[!-~] [{HAN}]")
MIXED_TIGHT = re.compile(f"[{HAN}][!-~]|[!-~][{HAN}]")


def _meets_mixed(left: str, right: str) -> bool:
    """A Chinese character (or a mark that ends a clause) and a Latin letter, digit or ASCII
    mark, one on each side."""
    return bool(MIXED_TIGHT.fullmatch(left + right))


def _mixed_space(texts: list[str]) -> bool | None:
    """Whether a cell writes Latin letters and digits apart from the Chinese next to them
    ("信息 2. 公众", "起 20 个") or together ("3个工作日"), as its lines show where they are
    not wrapped: where one of its lines was wrapped at such a meeting, the space (or its
    absence) goes with the rest. None when the lines show neither, or both as often."""
    spaced = sum(len(MIXED_SPACED.findall(text)) for text in texts)
    tight = sum(len(MIXED_TIGHT.findall(text)) for text in texts)
    return None if spaced == tight else spaced > tight


def _first_piece(line: list[Char]) -> float:
    """The width of the line's first piece that a layout could not break: its first character
    with the marks that may not begin a line after it, and the character after a first mark
    that may not end one (Chinese line breaking: 、。） never begin a line, （《 never end one)."""
    end = 0
    if line[0].text in NO_END and len(line) > 1:
        end = 1
    while end + 1 < len(line) and line[end + 1].text in NO_START:
        end += 1
    return line[end].x1 - line[0].x0


def _line_chars(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines (a character whose centre is below the line's box starts
    a new one), each line left to right."""
    lines: list[list[Char]] = []
    bottom = None
    for char in sorted(chars, key=lambda char: char.middle):
        if bottom is None or char.middle > bottom:
            lines.append([char])
            bottom = char.bottom
        else:
            lines[-1].append(char)
            bottom = max(bottom, char.bottom)
    return [sorted(line, key=lambda char: char.x0) for line in lines]


def _line_text(line: list[Char]) -> str:
    out = ""
    right = None
    for char in line:
        gap = right is not None and (char.spaced or char.x0 - right > SPACE_GAP)
        if gap and not out.endswith(" ") and char.text != " ":
            out += " "
        out += char.text
        right = char.x1
    return out


def _lines(chars: list[Char]) -> list[str]:
    """The text lines of characters outside any table."""
    return clean_lines("\n".join(_line_text(line) for line in _line_chars(chars)))


# ---- PDFium: characters and ruling lines ------------------------------------------------------


def _read_page(page) -> tuple[list[Char], list[dict], tuple[float, float, float, float], int]:
    """The page's printed characters and the edges of its path objects, in top-down page
    coordinates (pdfplumber's: x from the left, top from the top edge, the page's rotation
    applied)."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_cropbox()
    rotation = page.get_rotation() % 360

    def place(x: float, y: float) -> tuple[float, float]:
        if rotation == 90:
            return y - bottom, x - left
        if rotation == 180:
            return right - x, y - bottom
        if rotation == 270:
            return top - y, right - x
        return x - left, top - y

    width, height = (top - bottom, right - left) if rotation in (90, 270) else (right - left, top - bottom)
    textpage = page.get_textpage()
    chars: list[Char] = []
    try:
        raw = textpage.raw
        box = pdfium_c.FS_RECTF()
        clips: dict[int, tuple[float, float, float, float] | None] = {}
        spaced = False
        unreadable = 0  # characters whose font maps them to no text (a glyph number, a control code)
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                spaced = code == 32
                continue
            if code in (0, 0xFFFE, 0xFFFF) or code < 32 and code != 9:
                unreadable += code not in (10, 13)
                continue
            if pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1:
                unreadable += 1
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, box):
                continue
            x, y = (box.left + box.right) / 2, (box.top + box.bottom) / 2
            text_object = pdfium_c.FPDFText_GetTextObject(raw, index)
            key = ctypes.cast(text_object, ctypes.c_void_p).value or 0
            if key not in clips:
                clips[key] = _clip_box(text_object) if key else None
            clip = clips[key]
            if clip is not None and not (clip[0] - 1 <= x <= clip[2] + 1 and clip[1] - 1 <= y <= clip[3] + 1):
                continue  # clipped away: not printed
            (x0, y0), (x1, y1) = place(box.left, box.top), place(box.right, box.bottom)
            chars.append(
                Char(
                    text=chr(code) if code != 9 else " ",
                    x0=min(x0, x1),
                    top=min(y0, y1),
                    x1=max(x0, x1),
                    bottom=max(y0, y1),
                    size=abs(box.top - box.bottom),  # as printed (FPDFText_GetFontSize is before scaling)
                    spaced=spaced,
                )
            )
            spaced = False
    finally:
        textpage.close()
    edges: list[dict] = []
    for points in _path_segments(page):
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            (x0, y0), (x1, y1) = place(ax, ay), place(bx, by)
            if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 1:
                edges.append(_edge("h", min(x0, x1), y0, max(x0, x1), y0))
            elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 1:
                edges.append(_edge("v", x0, min(y0, y1), x0, max(y0, y1)))
    return chars, edges, (0.0, 0.0, width, height), unreadable


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _clip_box(text_object) -> tuple[float, float, float, float] | None:
    """The box of the clip path a text object is drawn within (page coordinates), or None."""
    import pypdfium2.raw as pdfium_c

    clip = pdfium_c.FPDFPageObj_GetClipPath(text_object)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    box = None
    for path in range(max(pdfium_c.FPDFClipPath_CountPaths(clip), 0)):
        xs, ys = [], []
        for index in range(max(pdfium_c.FPDFClipPath_CountPathSegments(clip, path), 0)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:  # several paths: the text shows where all of them let it through
            part = (min(xs), min(ys), max(xs), max(ys))
            box = (
                part
                if box is None
                else (max(box[0], part[0]), max(box[1], part[1]), min(box[2], part[2]), min(box[3], part[3]))
            )
    return box


def _path_segments(page):
    """The points of every straight run of the page's path objects (in forms too), each as
    drawn on the page (its matrix applied)."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()

    def walk(count, get, parent, outer):
        for index in range(count(parent)):
            obj = get(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
            if outer is not None:  # a form's objects are placed by the form's matrix as well
                oa, ob, oc, od, oe, of = outer
                a, b, c, d, e, f = (
                    a * oa + b * oc,
                    a * ob + b * od,
                    c * oa + d * oc,
                    c * ob + d * od,
                    e * oa + f * oc + oe,
                    e * ob + f * od + of,
                )
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                yield from walk(
                    pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, (a, b, c, d, e, f)
                )
                continue
            points: list[tuple[float, float]] = []
            start = None
            for n in range(pdfium_c.FPDFPath_CountSegments(obj)):
                segment = pdfium_c.FPDFPath_GetPathSegment(obj, n)
                pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
                point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                kind_of = pdfium_c.FPDFPathSegment_GetType(segment)
                if kind_of == pdfium_c.FPDF_SEGMENT_MOVETO:
                    if len(points) > 1:
                        yield points
                    points, start = [point], point
                elif kind_of == pdfium_c.FPDF_SEGMENT_LINETO:
                    points.append(point)
                else:  # a curve: no ruling line
                    if len(points) > 1:
                        yield points
                    points = [point]
                if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                    points.append(start)
            if len(points) > 1:
                yield points

    yield from walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, None)


# ---- tables -------------------------------------------------------------------------------------


def _find_tables(edges: list[dict], bbox, *, continuing: bool = False) -> list:
    """The ruled tables of a page (pdfplumber's TableFinder, "lines" strategy), framed.

    A cell merged down over rows that go on over a page break has no bottom rule on its
    first page and no top rule on the next (LibreOffice, Excel), and a row that a browser or
    Word breaks over two pages has no top rule where it goes on: pdfplumber finds no cell
    there, so the last row of the page would lose its text in that column (read as covered
    by the cell above), the top of the next page (the rest of a row) would not be in the
    table at all, and a page the merge covers from top to bottom falls apart into tables side
    by side (序号 | the rest). So when the page has a table, its ruled area is framed: the
    vertical rules that overlap in height are one area, whose top and bottom are drawn in,
    and the tables are found again. An open cell becomes a cell of its own page (its text, if
    any, in its first row, the rows below it covered), the rest of a row a row of its own
    (the first of the page, which the rows step joins to the row above). A page after a page
    with a table (``continuing``) is framed even when no closed cell is found on it: a single
    row broken over three pages has no closed cell on the middle one."""
    from pdfplumber.table import TableFinder

    if not edges:
        return []
    page = _Edges(edges, bbox)
    # A page after a table is framed at once (the first search only tells whether there is a
    # table to frame; it is most of the reading time of a long table).
    tables = [] if continuing else TableFinder(page).tables
    if not tables and not continuing:
        return tables
    frames: list[list[float]] = []  # [x0, top, x1, bottom] of vertical rules that overlap in height
    for edge in sorted((e for e in edges if e["orientation"] == "v"), key=lambda e: e["top"]):
        if frames and edge["top"] <= frames[-1][3] + 3:
            frame = frames[-1]
            frame[0], frame[2], frame[3] = (
                min(frame[0], edge["x0"]),
                max(frame[2], edge["x0"]),
                max(frame[3], edge["bottom"]),
            )
        else:
            frames.append([edge["x0"], edge["top"], edge["x0"], edge["bottom"]])
    lines = [
        _edge("h", x0, y, x1, y)
        for x0, top, x1, bottom in frames
        if x1 - x0 > 3 and (continuing or any(t.bbox[1] < bottom and t.bbox[3] > top for t in tables))
        for y in (top, bottom)
    ]
    if not lines:
        return tables or TableFinder(page).tables
    return TableFinder(page, {"explicit_horizontal_lines": lines}).tables


# ---- no ruled table -------------------------------------------------------------------------------


def _by_columns(file) -> Document | None:
    try:
        return _read_columns(file)
    except Exception:  # a page laid out in a way the columns cannot be read from: as text, as before
        return None


def _read_columns(file) -> Document | None:
    """A table printed without cell borders, read from where its characters stand: None if the
    first page has no header line (a 序号 at its start) with rows under it.

    Its columns are the runs of x that the characters of its rows and of the header's lines
    below its first cover (a column nothing is ticked in has its label): between two columns
    there is at least the cells' padding that no character covers, although the texts of two
    cells may run up to each other with no space between them. A row begins at a line with text in
    the first column (the 序号); the lines under it, on this page or the next, are more lines
    of its cells, joined as the lines of a ruled cell are (the header: `_header_rows`)."""
    import pypdfium2 as pdfium

    file.seek(0)
    document = pdfium.PdfDocument(file)
    try:
        builder, row, columns, table_open = Builder("PDF"), None, None, False
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                chars = _read_page(page)[0]
            finally:
                page.close()
            lines = [line for line in _line_chars(chars) if not CHROME_RE.match(_line_text(line))]
            if columns is None:
                found = _columns_from_header(lines)
                if found is None:
                    return None
                columns, header_at, body_at = found
                for line in lines[:header_at]:
                    for text in clean_lines(_line_text(line)):
                        builder.text(text)
                builder.open_table()
                table_open = True
                for header_row in _header_rows(lines[header_at:body_at], columns, f"第 {number} 页"):
                    builder.row(header_row)
                lines = lines[body_at:]
            for line in lines:
                parts = _line_parts(line, columns)
                first = _line_text(parts[0]).strip()
                if first and NUMBER_START.match(first):  # a row begins
                    if row is not None:
                        builder.row(_column_row(*row, columns))
                    elif not table_open:
                        builder.open_table()
                        table_open = True
                    row = ([[] for _ in columns], f"第 {number} 页")
                elif first or row is None:  # not a row: text under or between the tables (a note, a heading)
                    if row is not None:
                        builder.row(_column_row(*row, columns))
                        row = None
                    if table_open:
                        builder.close_table()
                        table_open = False
                    for text in clean_lines(_line_text(line)):
                        builder.text(text)
                    continue
                for cell, part in zip(row[0], parts):
                    cell += part
        if row is not None:
            builder.row(_column_row(*row, columns))
        if table_open:
            builder.close_table()
        return builder.finish()
    finally:
        document.close()


def _columns_from_header(lines: list[list[Char]]):
    """([(x0, x1) of each column], the header line's index, the first row's index), or None."""
    header_at = next((i for i, line in enumerate(lines) if "".join(c.text for c in line).startswith("序号")), None)
    if header_at is None:
        header_at = next((i for i, line in enumerate(lines) if "序号" in "".join(c.text for c in line[:3])), None)
    if header_at is None:
        return None
    body_at = next(
        (i for i in range(header_at + 1, len(lines)) if NUMBER_START.match(_line_text(lines[i]).strip())), None
    )
    if body_at is None or body_at - header_at > 6:
        return None
    covering = lines[header_at + 1 :]  # not the header's first line: a label merged over columns bridges them
    spans: list[list[float]] = []
    for x0, x1 in sorted((c.x0, c.x1) for line in covering for c in line if c.text.strip()):
        if spans and x0 <= spans[-1][1] + 0.5:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < 3:
        return None
    edges = [spans[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [spans[-1][1] + 1]
    return list(zip(edges, edges[1:])), header_at, body_at


NUMBER_START = re.compile(r"^\d{1,5}(?:\s|$)")


def _line_parts(line: list[Char], columns) -> list[list[Char]]:
    """A line's characters, column by column (by where each one's middle is)."""
    starts = [x0 for x0, _ in columns]
    parts: list[list[Char]] = [[] for _ in columns]
    for char in line:
        parts[max(0, bisect_right(starts, (char.x0 + char.x1) / 2) - 1)].append(char)
    return parts


def _header_rows(lines: list[list[Char]], columns, where: str) -> list[Row]:
    """The header of a table printed without borders: its first line's labels, each in the
    column where it begins and covering those it reaches into (公开对象 merged over two);
    the labels under a merged label (全社会, 特定群众) a second row, each in the column its
    middle is in; any other line of the header, a label wrapped in its column, joined to it."""
    starts = [x0 for x0, _ in columns]
    top, sub, covered = [""] * len(columns), [""] * len(columns), set()
    for word in _words(lines[0]):
        index = max(0, bisect_right(starts, word[0].x0) - 1)
        top[index] += "".join(c.text for c in word)
        reach = range(index + 1, max(index + 1, bisect_right(starts, word[-1].x1 - 1)))
        if reach:
            covered.update(reach)
            covered.add(index)  # the columns under a merged label
    for line in lines[1:]:
        for word in _words(line):
            index = max(0, bisect_right(starts, (word[0].x0 + word[-1].x1) / 2) - 1)
            sub[index] += "".join(c.text for c in word)
    for column in range(1, len(columns)):  # a label written from the left of its merged cell
        left = column - 1
        while left > 0 and not top[left] and left not in covered:
            left -= 1
        if not top[column] and sub[column] and top[left] and sub[left]:
            covered.update((left, column))
    for column in range(len(columns)):  # a label wrapped in its column
        if column not in covered and sub[column]:
            top[column], sub[column] = top[column] + sub[column], ""
    rows = [Row(cells=top, where=where, covered=frozenset(c for c in covered if not top[c]))]
    return rows + [Row(cells=sub, where=where)] if any(sub) else rows


def _words(line: list[Char]) -> list[list[Char]]:
    """A line's characters in runs without a space between them."""
    words: list[list[Char]] = []
    right = None
    for char in line:
        if not words or char.spaced or char.x0 - right > SPACE_GAP or char.text == " ":
            words.append([])
        if char.text.strip():
            words[-1].append(char)
        right = char.x1
    return [word for word in words if word]


def _column_row(cells: list[list[Char]], where: str, columns) -> Row:
    return Row(cells=[_cell_text(chars, (x0, 0.0, x1, 0.0)) for chars, (x0, x1) in zip(cells, columns)], where=where)


def _read_text(file) -> Document:
    """A PDF without ruled tables: its pages' text laid out in columns (pdfplumber's layout
    mode), for the text parser."""
    import pdfplumber

    pages_text = []
    file.seek(0)
    with pdfplumber.open(file) as pdf:
        for page in pdf.pages:
            pages_text.append(page.extract_text(layout=True) or "")
            page.close()  # pdfplumber caches each page's objects until closed
    pages = ["\n".join(line.rstrip() for line in text.split("\n") if line.strip()) for text in pages_text]
    text = "\n\n".join(page for page in pages if page)
    return Document(reader="PDF", title=pick_title(clean_lines(text)), text=text, text_where="PDF 文字第 {line} 行")
