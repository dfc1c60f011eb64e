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
over the same height framed as one) and clipped characters are left out. Text clipped at a
cell's side is another matter: LibreOffice cuts a word it cannot wrap (an address alone in a
narrow cell) at the cell's edge, and the rest is not on the page; the row is marked (`Row.cut`)
and its item flagged, quoting what was printed.

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

from ..cleaners import CJK, CJK_PUNCT
from ..layouts import CHROME_RE
from ..records import ImportFailed
from . import Builder, Document, Row, clean_lines, pick_title

GARBLED_SHARE = 0.2  # of the characters without text: the font has no ToUnicode map (text copies as garbage)
SCAN_CHARS = 30  # fewer characters a page than this, and no table: a scan with page numbers stamped on
HEAD_ROWS = 4  # header rows a table may repeat at the top of every page (the official layout has 2)
NO_START = set("、，。；：？！）》」』】〕〉”’…—·％,.;:?!)]}%/")  # may not begin a line
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
    middle: float = field(init=False)  # read over a million times for a long table: kept, not worked out

    def __post_init__(self):
        self.middle = (self.top + self.bottom) / 2


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
                page_chars, edges, bbox, page_unreadable, cuts = _read_page(page)
            finally:
                page.close()
            chars += len(page_chars)
            unreadable += page_unreadable
            found = _find_tables(edges, bbox, continuing=bool(found))
            if (
                number <= HEADER_PAGES
                and not tables
                and not found
                and page_unreadable <= len(page_chars) * GARBLED_SHARE
            ):
                # A table printed without borders: read by its columns, each page once more (not
                # as lines of page text first, which was half the reading of a long one).
                lines = [line for line in _line_chars(page_chars) if not CHROME_RE.match(_line_text(line))]
                if _columns_from_header(lines) is not None and (by_columns := _by_columns(file)) is not None:
                    return by_columns
            tables += len(found)
            _read_tables(builder, found, page_chars, number, edges, held, held_text, before, cuts)
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
    cuts: list[tuple[float, float]],
) -> None:
    """The page's text outside its tables as lines, and its tables' rows, in order down the page.

    The last row of a page is held back (`held`) until the next page is read: when that page's
    table starts with a row open at the top (no rule above it across the table: the rest of a
    row a browser or Word broke over the page), the two are one row, cell by cell. The text
    below it is held with it (`held_text`): a heading there opens the next table, not the row.
    A browser repeats a table's header (thead) at the top of every page, above the rest of the
    row it broke: the rows at the top of the page that are those at the top of the page before
    are that header, and the row under them is the rest of the held row when that row had no
    bottom rule (it ran on to the page's foot). A cell that holds one of the `cuts` (the
    middles of text clipped at its sides) is marked as cut."""
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
                    cut=frozenset(
                        c
                        for c, box in enumerate(cells)
                        if box is not None and any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in cuts)
                    ),
                )
            )
            bottoms[id(rows[-1])] = table_row.bbox[3]
            first_row = False
        if index == 0:  # the row held from the page before, with its rest if this page starts with it
            repeated = _repeated(rows, before.head)
            before.head = [row.cells[:] for row in rows[:HEAD_ROWS]]
            if held and rows[repeated:] and len(rows[repeated].cells) == len(held[0].cells):
                if _ruled(edges, x0, x1, table_top) < 0.5 if not repeated else before.open_foot:
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
    """The rest of a row from the next page joined to it, cell by cell."""
    for index, (text, more) in enumerate(zip(row.cells, rest.cells)):
        row.cells[index] = _joined(text, more)


def _joined(text: str, more: str) -> str:
    """A cell's text and its rest that a page break cut off (the page broke the text where it
    was wrapped: pieces of Chinese join without a space)."""
    if not text or not more:
        return text or more
    tight = _is_full_width(text[-1:]) or _is_full_width(more[:1]) or _breaks_address(text, more)
    if _meets_mixed(text[-1:], more[:1]) and (spaced := _mixed_space([text, more])) is not None:
        tight = not spaced
    return text + ("" if tight else " ") + more


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


def _is_full_width(char: str) -> bool:
    """Set on the em square, and wrapped anywhere: wider than cleaners.CJK (the Chinese characters),
    everything from the CJK Radicals block up (full-width punctuation and forms, kana) and the
    quotes ‘’“” that LibreOffice prints with a wide advance."""
    return char >= "\u2e80" or char in "‘’“”"


FULL_WIDTH_MARKS = frozenset(CJK_PUNCT) - frozenset("()")


def _marks_meet_chinese(left: str, right: str) -> bool:
    """A full-width mark (“”‘’《》（）、，。：；…) and a Chinese character or mark, one on each side."""
    return (left in FULL_WIDTH_MARKS or right in FULL_WIDTH_MARKS) and _is_full_width(left) and _is_full_width(right)


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
        if _is_full_width(out[-1:]) and _is_full_width(following[:1]):
            joined_tight = gap < _first_piece(lines[index + 1]) + 0.5 * size
        elif mixed is not None and _meets_mixed(out[-1:], following[:1]):
            joined_tight = not mixed
        elif line[-1].text != " " and (_breaks_address(out, following) or _broken_word(out, lines[index + 1], gap)):
            joined_tight = True  # LibreOffice prints the space it wraps at: none, and the word goes on
        else:
            joined_tight = gap < 1.5 * size and (_is_full_width(out[-1:]) or _is_full_width(following[:1]))
        out += "" if joined_tight else " "
    return out.strip()


ADDRESS_END = re.compile(r"[!-~]*(?:/|@|www\.|https?:)[!-~]*$")  # a web or e-mail address (or a path), not ended
DOTTED_END = re.compile(r"[!-~]*[0-9A-Za-z]\.[!-~]+$")  # a host name or a file name, its rest on the next line
NUMBER_END = re.compile(r"\d[\d.,:/-]*$")


def _breaks_address(before: str, after: str) -> bool:
    """A line ending inside a web or e-mail address (or a number) and the next going on with
    it: a narrow cell breaks an address too long for it at any mark or character."""
    if ADDRESS_END.search(before):
        return " " < after[:1] <= "~"
    return bool(NUMBER_END.search(before)) and after[:1].isdigit()


def _broken_word(before: str, line: list[Char], gap: float) -> bool:
    """A Latin word or an address broken inside by a browser (overflow-wrap: anywhere, as a
    page's narrow column makes it): the next line goes on with it and its first character did
    not fit in the space left, with the marks that may not begin a line after it (where a
    browser wraps at a space, the word did not fit, but its first character mostly would)."""
    return bool(DOTTED_END.search(before)) and " " < line[0].text <= "~" and gap < _first_piece(line)


HAN = CJK + "：；。，、！？"  # and the marks that end a clause (not brackets: "（1）")
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
    """The line's characters with a space where one was printed or a gap shows one.

    LibreOffice prints “”‘’ (General Punctuation, not a CJK block) in the Latin font (DejaVu
    Sans), a text object of their own between the Chinese ones, and PDFium generates a space at
    every such change of font though the characters' boxes touch: between a full-width mark and
    Chinese only a gap on the page (or a printed space) is a space."""
    out = ""
    right = None
    for char in line:
        gap = right is not None and _spaced(out[-1:], char, right)
        if gap and not out.endswith(" ") and char.text != " ":
            out += " "
        out += char.text
        right = char.x1
    return out


def _spaced(before: str, char: Char, right: float) -> bool:
    """Whether a space shows before `char`, after the character `before` that ends at `right`: a
    gap on the page, or a space PDFium generated, but not at a change of font between a
    full-width mark and Chinese (see `_line_text`)."""
    return (char.spaced and not _marks_meet_chinese(before, char.text)) or char.x0 - right > SPACE_GAP


def _lines(chars: list[Char]) -> list[str]:
    """The text lines of characters outside any table."""
    return clean_lines("\n".join(_line_text(line) for line in _line_chars(chars)))


# ---- PDFium: characters and ruling lines ------------------------------------------------------


def _read_page(page) -> tuple[list[Char], list[dict], tuple[float, float, float, float], int, list]:
    """The page's printed characters and the edges of its path objects, in top-down page
    coordinates (pdfplumber's: x from the left, top from the top edge, the page's rotation
    applied), and the middles of the clip boxes that cut text at their sides (LibreOffice cuts
    a word too long for its cell, an address alone in it, at the cell's edge)."""
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
        cut: set[int] = set()  # the text objects clipped at a side
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
            key = ctypes.c_void_p.from_buffer(text_object).value or 0  # its address (half the time of a cast)
            if key not in clips:
                clips[key] = _clip_box(text_object) if key else None
            clip = clips[key]
            if clip is not None and not (clip[0] - 1 <= x <= clip[2] + 1 and clip[1] - 1 <= y <= clip[3] + 1):
                if clip[1] - 1 <= y <= clip[3] + 1:
                    cut.add(key)
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
    cuts = [
        place((clips[key][0] + clips[key][2]) / 2, (clips[key][1] + clips[key][3]) / 2) for key in cut if clips[key]
    ]
    return chars, edges, (0.0, 0.0, width, height), unreadable, cuts


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
    """A table printed without cell borders, read from where its characters stand: None if
    none of the first pages has a header line (a 序号 at its start) with rows under it.

    Its columns are the runs of x that the characters of its rows and of the header's lines
    below its first cover (a column nothing is ticked in has its label): between two columns
    there is at least the cells' padding that no character covers, although the texts of two
    cells may run up to each other with no space between them. The pages before the header's
    (a title page, the document's 索引号 and 发布机构) are page text; a header printed again at
    the top of a page is left out.

    Cells written from their top (`_top_rows`): a row begins at a line with text in the first
    column (the 序号); the lines under it, on this page or the next, are more lines of its
    cells, joined as the lines of a ruled cell are (the header: `_header_rows`). Cells centred
    in their height (`_centred_rows`; LibreOffice's and Word's default for merged cells, and
    many counties print every cell so): each cell's lines are centred on its row's 序号."""
    import pypdfium2 as pdfium

    file.seek(0)
    document = pdfium.PdfDocument(file)
    try:
        builder, columns, header, centred = Builder("PDF"), None, [], None
        state, table = _TopState(), _CentredTable()
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                chars = _read_page(page)[0]
            finally:
                page.close()
            lines = [line for line in _line_chars(chars) if not CHROME_RE.match(_line_text(line))]
            where = f"第 {number} 页"
            if columns is None:
                found = _columns_from_header(lines)
                if found is None:
                    if number < HEADER_PAGES:  # a title page before the table
                        for line in lines:
                            for text in clean_lines(_line_text(line)):
                                builder.text(text)
                        continue
                    return None
                columns, header_start, body_start, header_rows = found
                for line in lines[:header_start]:
                    for text in clean_lines(_line_text(line)):
                        builder.text(text)
                header = [_line_text(line) for line in lines[header_start:body_start]]
                state.open(builder)
                for header_row in header_rows(where):
                    builder.row(header_row)
                lines = lines[body_start:]
            else:
                lines = _without_header(lines, header)
            if centred is None or centred:
                votes = _centred_votes(lines, columns)
                centred = votes > 0 if votes else centred
            if centred:
                state.finish(builder)
                for item in _centred_rows(lines, columns, where, table):
                    if isinstance(item, str):  # a note or heading: the table so far is complete
                        _give(builder, state, table.rows())
                        state.close(builder)
                        builder.text(item)
            else:
                _give(builder, state, table.rows())
                _top_rows(builder, state, lines, columns, where)
        _give(builder, state, table.rows())
        state.finish(builder)
        state.close(builder)
        return builder.finish()
    finally:
        document.close()


HEADER_PAGES = 3  # the header of a table printed without borders is on one of the first pages
GAP = 0.5  # of the text's size: lines closer than this are lines of one cell (their boxes touch)


class _TopState:
    """A table with cells written from their top, as it is read line by line over the pages."""

    def __init__(self):
        self.row, self.table_open = None, False

    def open(self, builder: Builder) -> None:
        if not self.table_open:
            builder.open_table()
            self.table_open = True

    def close(self, builder: Builder) -> None:
        if self.table_open:
            builder.close_table()
            self.table_open = False

    def finish(self, builder: Builder) -> None:
        if self.row is not None:
            builder.row(_column_row(*self.row))
            self.row = None


def _top_rows(builder: Builder, state: _TopState, lines: list[list[Char]], columns, where: str) -> None:
    for line in lines:
        parts = _line_parts(line, columns)
        first = _line_text(parts[0]).strip()
        if first and NUMBER_START.match(first):  # a row begins
            state.finish(builder)
            state.open(builder)
            state.row = ([[] for _ in columns], where, columns)
        elif first or state.row is None:  # not a row: text under or between the tables (a note, a heading)
            state.finish(builder)
            state.close(builder)
            for text in clean_lines(_line_text(line)):
                builder.text(text)
            continue
        for cell, part in zip(state.row[0], parts):
            cell += part


def _give(builder: Builder, state: _TopState, items: list) -> None:
    for item in items:
        if isinstance(item, Row):
            state.open(builder)
            builder.row(item)
        else:
            state.close(builder)
            builder.text(item)


class _CentredTable:
    """The rows of a table whose cells are centred in their height, over its pages, until it is
    complete: a cell merged over rows is centred on all of them, on whichever pages they are
    (LibreOffice prints it on each page its rows are on, clipped to the page: its text on the
    page its middle is on, the lines near the page's edge on both). So the table's rows are
    laid one under another as on one long page, and a column's cells are set over them at the
    end (`rows`)."""

    def __init__(self):
        self.table: list[Row] = []
        self.bounds: list[tuple[float, float]] = []  # each row's, down the long page
        self.cells: dict[int, list[tuple[float, float, str, int]]] = {}  # by column: (top, bottom, text, page)
        self.merged: set[int] = set()  # the columns with cells merged over rows
        self.page, self.size = 0, 10.0
        self.edges: dict[int, tuple[float, float]] = {}  # by page: where its first row begins, its last ends

    def add(self, rows: list[Row], bounds, cells: dict[int, list[tuple[float, float, str]]], merged, size) -> None:
        self.size = size
        shift = self.bounds[-1][1] - bounds[0][0] if self.bounds else 0.0
        self.page += 1
        self.table += rows
        self.bounds += [(top + shift, bottom + shift) for top, bottom in bounds]
        self.edges[self.page] = (bounds[0][0] + shift, bounds[-1][1] + shift)
        for column, found in cells.items():
            self.cells.setdefault(column, []).extend((t + shift, b + shift, text, self.page) for t, b, text in found)
        self.merged |= merged

    def rows(self) -> list[Row]:
        """The rows so far, each column with cells merged over rows set over them; then empty."""
        rows, bounds = self.table, self.bounds
        for column in sorted(self.merged):
            cells: list[list] = []
            for top, bottom, text, page in sorted(self.cells.get(column, []), key=lambda cell: cell[0]):
                cut = (
                    cells
                    and cells[-1][3] == page - 1
                    and (
                        top < self.edges[page][0]
                        or cells[-1][1] > self.edges[page - 1][1]
                        or top - cells[-1][1] < self.size  # a line apart, give or take the page's margins
                    )
                )
                if cut:  # a cell cut by the page: its lines at the page's edge may be printed on both
                    last = cells[-1]
                    overlap = next(
                        (k for k in range(min(len(last[2]), len(text)), 1, -1) if last[2].endswith(text[:k])), 0
                    )
                    cells[-1] = [last[0], max(last[1], bottom), _joined(last[2], text[overlap:]), page]
                else:
                    cells.append([top, bottom, text, page])
            middles = [(cell[0] + cell[1]) / 2 for cell in cells]
            starts = _tiled(middles, bounds) or [
                min(range(len(bounds)), key=lambda k: abs((bounds[k][0] + bounds[k][1]) / 2 - m)) for m in middles
            ]
            for row in rows:
                row.cells[column] = ""
            for cell, start in zip(cells, starts):
                rows[start].cells[column] = _joined(rows[start].cells[column], cell[2])
        self.__init__()
        return rows


def _without_header(lines: list[list[Char]], header: list[str]) -> list[list[Char]]:
    """The page's lines without the table's header where the page prints it again."""
    for start in range(min(len(lines), HEAD_ROWS * 2)):
        if [_line_text(line) for line in lines[start : start + len(header)]] == header:
            return lines[:start] + lines[start + len(header) :]
    return lines


def _size(lines: list[list[Char]]) -> float:
    sizes = sorted(char.size for line in lines for char in line if char.text.strip())
    return sizes[len(sizes) // 2] if sizes else 10.0


def _span(chars: list[Char]) -> tuple[float, float]:
    return min(char.top for char in chars), max(char.bottom for char in chars)


def _middle(chars: list[Char]) -> float:
    top, bottom = _span(chars)
    return (top + bottom) / 2


def _column_blocks(parts_of_lines: list[list[list[Char]]], column: int, gap: float) -> list[list[list[Char]]]:
    """A column's lines in runs whose lines touch (a cell's lines): each run a list of line parts."""
    blocks: list[list[list[Char]]] = []
    bottom = None
    for parts in parts_of_lines:
        part = parts[column]
        if not any(char.text.strip() for char in part):
            continue
        top, low = _span(part)
        if bottom is None or top - bottom > gap:
            blocks.append([])
            bottom = low
        blocks[-1].append(part)
        bottom = max(bottom, low)
    return blocks


def _anchors(parts_of_lines) -> list[list[Char]]:
    return [parts[0] for parts in parts_of_lines if NUMBER_START.match(_line_text(parts[0]).strip())]


def _centred_votes(lines: list[list[Char]], columns) -> int:
    """How many more cells of several lines are centred on their row's 序号 than begin at it
    (0: the page cannot tell)."""
    parts_of_lines = [_line_parts(line, columns) for line in lines]
    anchors = _anchors(parts_of_lines)
    if not anchors:
        return 0
    size = _size(lines)
    tops, middles = [_span(a)[0] for a in anchors], [_middle(a) for a in anchors]
    votes = 0
    for column in range(1, len(columns)):
        for block in _column_blocks(parts_of_lines, column, GAP * size):
            if len(block) < 2:
                continue
            chars = [char for part in block for char in part]
            top, middle = _span(chars)[0], _middle(chars)
            votes += any(abs(middle - m) <= 0.25 * size for m in middles)
            votes -= any(abs(top - t) <= 0.25 * size for t in tops)
    return votes


def _centred_rows(lines: list[list[Char]], columns, where: str, table: _CentredTable) -> list[str]:
    """A page of a table whose cells are centred in their height: its rows go to `table`; the
    text lines between them (a note, a heading), each after the rows above it, are returned.

    Each cell's lines (a column's lines that touch) are centred on the 序号 of their row; a cell
    merged over rows is not, and makes its column one whose cells `table` sets over the rows."""
    size = _size(lines)
    out: list[str] = []
    segment: list[list[list[Char]]] = []
    for line in lines:
        parts = _line_parts(line, columns)
        first = _line_text(parts[0]).strip()
        if first and not NUMBER_START.match(first):  # a note or heading between or under the rows
            out += _centred_segment(segment, columns, where, size, table)
            segment = []
            out += clean_lines(_line_text(line))
            continue
        segment.append(parts)
    return out + _centred_segment(segment, columns, where, size, table)


def _centred_segment(segment, columns, where: str, size: float, table: _CentredTable) -> list[str]:
    anchors = _anchors(segment)
    if not anchors:
        return [
            text for parts in segment for text in clean_lines(_line_text(sorted(sum(parts, []), key=lambda c: c.x0)))
        ]
    tol = 0.25 * size
    middles = [_middle(anchor) for anchor in anchors]
    cells: list[list[list[Char]]] = [[anchor] + [[] for _ in columns[1:]] for anchor in anchors]
    bands = [list(_span(anchor)) for anchor in anchors]
    found: dict[int, list[tuple[float, float, str]]] = {}
    merged: set[int] = set()
    for column in range(1, len(columns)):
        box = (columns[column][0], 0.0, columns[column][1], 0.0)
        for block in _column_blocks(segment, column, GAP * size):
            for piece in _centred_pieces(block, middles, tol):
                chars = [char for part in piece for char in part]
                top, bottom = _span(chars)
                found.setdefault(column, []).append((top, bottom, _cell_text(chars, box)))
                k = _nearest(middles, _middle(chars), tol)
                if k is None:
                    merged.add(column)
                    continue
                cells[k][column] += chars
                bands[k] = [min(bands[k][0], top), max(bands[k][1], bottom)]
    rows = [_column_row(row, where, columns) for row in cells]
    table.add(rows, _row_bounds(middles, bands, tol), found, merged, size)
    return []


def _tiled(middles: list[float], bounds: list[tuple[float, float]]) -> list[int] | None:
    """The first row of each of a column's cells (their middles, in order down the table) when
    every row from the first cell's on is under one of them and each is centred on its rows as
    nearly as can be. None if two cells are in one row."""
    rows = len(bounds)
    tops = [top for top, _ in bounds]
    homes = [min(max(bisect_right(tops, m) - 1, 0), rows - 1) for m in middles]  # the row each is in
    if not middles or any(a >= b for a, b in zip(homes, homes[1:])):
        return None

    def error(j: int, first: int, last: int) -> float:
        return abs(middles[j] - (bounds[first][0] + bounds[last][1]) / 2)

    cost = {s: 0.0 for s in range(homes[0] + 1)}  # by where the cell begins: the least error of those above
    back: list[dict[int, int]] = []
    for j in range(1, len(middles)):
        step: dict[int, float] = {}
        came: dict[int, int] = {}
        for s in range(homes[j - 1] + 1, homes[j] + 1):
            for before, total in cost.items():
                value = total + error(j - 1, before, s - 1)
                if s not in step or value < step[s]:
                    step[s], came[s] = value, before
        cost = step
        back.append(came)
    last = len(middles) - 1
    ends = {s: min(error(last, s, e) for e in range(homes[last], rows)) for s in cost}
    start = min(cost, key=lambda s: cost[s] + ends[s])
    starts = [start]
    for came in reversed(back):
        start = came[start]
        starts.append(start)
    return starts[::-1]


def _row_bounds(middles: list[float], bands: list[list[float]], tol: float) -> list[tuple[float, float]]:
    """Where each row begins and ends. Its 序号 is centred in it, so the line between two rows
    is as far below the one's 序号 as the line above it is above: from where the first row
    begins, every line follows, and each must pass between the texts of the rows it parts. Where
    no beginning lets them (cells not exactly centred), each line is halfway between the texts."""
    offsets, signs = [], []  # the line under row k is offsets[k] + signs[k] * (where the first row begins)
    offset, sign = 0.0, 1.0
    for middle in middles:
        offset, sign = 2 * middle - offset, -sign
        offsets.append(offset)
        signs.append(sign)
    low, high = float("-inf"), bands[0][0]
    for k, (offset, sign) in enumerate(zip(offsets, signs)):
        above, below = bands[k][1], bands[k + 1][0] if k + 1 < len(bands) else float("inf")
        if sign > 0:
            low, high = max(low, above - offset), min(high, below - offset)
        else:
            low, high = max(low, offset - below), min(high, offset - above)
    if low == float("-inf") or low > high + tol:
        lines = [(a[1] + b[0]) / 2 for a, b in zip(bands, bands[1:])]
        return list(zip([bands[0][0], *lines], [*lines, bands[-1][1]]))
    start = (low + high) / 2
    lines = [offset + sign * start for offset, sign in zip(offsets, signs)]
    return list(zip([start, *lines], lines))


def _nearest(middles: list[float], middle: float, tol: float) -> int | None:
    k = min(range(len(middles)), key=lambda k: abs(middles[k] - middle))
    return k if abs(middles[k] - middle) <= tol else None


def _centred_pieces(block: list[list[Char]], middles: list[float], tol: float) -> list[list[list[Char]]]:
    """A column's run of touching lines as the cells it is: one, or the cells of rows in a
    row each centred on its 序号 (cells printed without padding touch)."""
    chars = [char for part in block for char in part]
    if _nearest(middles, _middle(chars), tol) is not None or len(block) < 2:
        return [block]
    for cut in range(1, len(block)):
        head = [char for part in block[:cut] for char in part]
        if _nearest(middles, _middle(head), tol) is not None:
            rest = _centred_pieces(block[cut:], middles, tol)
            if all(_nearest(middles, _middle([c for part in piece for c in part]), tol) is not None for piece in rest):
                return [block[:cut], *rest]
    return [block]


def _columns_from_header(lines: list[list[Char]]):
    """([(x0, x1) of each column], the header's first line's index, the first line under the
    header, a function of `where` giving the header's rows), or None.

    A header whose labels are centred in their cells has labels above its 序号 (those merged
    over columns, 公开对象) and below (全社会, a label wrapped over lines): it is the lines that
    touch the 序号's, down to the first gap and up as far again above the 序号's middle."""
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
    size = _size(lines[header_at : header_at + 1])
    label = [char for char in lines[header_at] if char.text in "序号"][:2]
    end = header_at
    while end + 1 < body_at and lines[end + 1][0].top <= max(c.bottom for c in lines[end]) + GAP * size:
        end += 1
    top = 2 * _middle(label) - _span(lines[end])[1] - 0.25 * size
    start = header_at
    while start > 0 and _middle(lines[start - 1]) >= top:
        start -= 1
    centred = start < header_at
    # Not the header's first line: a label merged over columns bridges them.
    covering = lines[header_at:] if centred else lines[header_at + 1 :]
    spans: list[list[float]] = []
    for x0, x1 in sorted((c.x0, c.x1) for line in covering for c in line if c.text.strip()):
        if spans and x0 <= spans[-1][1] + 0.5:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    if len(spans) < 3:
        return None
    edges = [spans[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:])] + [spans[-1][1] + 1]
    columns = list(zip(edges, edges[1:]))
    if centred:
        head = lines[start : end + 1]
        return columns, start, end + 1, lambda where: _centred_header_rows(head, columns, _middle(label), size, where)
    head = lines[header_at:body_at]
    return columns, header_at, body_at, lambda where: _header_rows(head, columns, where)


def _centred_header_rows(lines: list[list[Char]], columns, middle: float, size: float, where: str) -> list[Row]:
    """The header of a table printed without borders, its labels centred in their cells: a
    label that reaches over columns (公开对象) is merged over them, in the first row; a label
    centred below the 序号 (全社会, 依申请公开 wrapped over lines) is in the second row; any
    other (序号, 一级事项: merged down over both rows) in the first."""
    starts = [x0 for x0, _ in columns]
    top, sub, covered = [""] * len(columns), [""] * len(columns), set()
    singles: list[list[list[Char]]] = [[] for _ in columns]
    for line in lines:
        for word in _words(line):
            index = max(0, bisect_right(starts, word[0].x0) - 1)
            last = max(index, bisect_right(starts, word[-1].x1 - 1) - 1)
            if last > index:
                top[index] += "".join(c.text for c in word)
                covered.update(range(index, last + 1))
            else:
                singles[index].append(word)
    for column, words in enumerate(singles):
        blocks: list[list[list[Char]]] = []
        for word in sorted(words, key=lambda word: (word[0].top, word[0].x0)):
            if blocks and word[0].top <= max(c.bottom for w in blocks[-1] for c in w) + GAP * size:
                blocks[-1].append(word)
            else:
                blocks.append([word])
        for block in blocks:
            text = "".join(c.text for word in block for c in word)
            if _middle([c for word in block for c in word]) > middle + 0.25 * size:
                sub[column] += text
            else:
                top[column] += text
    return _header_tail(top, sub, covered, where)


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
    return _header_tail(top, sub, covered, where)


def _header_tail(top: list[str], sub: list[str], covered: set[int], where: str) -> list[Row]:
    """The header's two rows, from the labels of its first and second."""
    for column in range(1, len(top)):  # a label written from the left of its merged cell
        left = column - 1
        while left > 0 and not top[left] and left not in covered:
            left -= 1
        if not top[column] and sub[column] and top[left] and sub[left]:
            covered.update((left, column))
    for column in range(len(top)):  # a label wrapped in its column
        if column not in covered and sub[column]:
            top[column], sub[column] = top[column] + sub[column], ""
    rows = [Row(cells=top, where=where, covered=frozenset(c for c in covered if not top[c]))]
    return rows + [Row(cells=sub, where=where)] if any(sub) else rows


def _words(line: list[Char]) -> list[list[Char]]:
    """A line's characters in runs without a space between them."""
    words: list[list[Char]] = []
    before, right = "", 0.0
    for char in line:
        if not words or char.text == " " or _spaced(before, char, right):
            words.append([])
        if char.text.strip():
            words[-1].append(char)
        before, right = char.text, char.x1
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
