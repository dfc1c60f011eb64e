"""A PDF with a text layer -> Document, with pdfplumber.

Tables are found from their ruling lines (pdfplumber's default "lines" strategy: the
official XLSX printed to PDF, Word and WPS exports all draw cell borders). A cell that
spans grid lines comes back as its text in the first position and None in the others:
those are the covered positions. A table that goes on over several pages is one table per
page, each usually under a repeated header, which the rows step recognises as a page
break; the first row of every later page is marked as following a page break, so a name
or a merged cell cut by the page is rejoined as it is for OCR text. Text above, between
and below the tables is read band by band, so headings stay in order with the rows.

A PDF whose pages have text but no ruled table is handed to the text parser as its page
text laid out in columns (pdfplumber's layout mode), one blank line between pages; a PDF
without a text layer (a scan) is refused with a hint.
"""

from __future__ import annotations

import io

from ..records import ImportFailed
from . import Builder, Document, Row, clean_lines, pick_title


def read_pdf(data: bytes) -> Document:
    import pdfplumber

    if not data.startswith(b"%PDF"):
        raise ImportFailed("文件内容不是 PDF：请确认文件后再上传。")
    builder = Builder("PDF")
    pages_text: list[str] = []
    chars = tables = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                chars += len(page.chars)
                top = 0.0
                first_row = True
                for table in sorted(_find_tables(page), key=lambda t: t.bbox[1]):
                    for line in _band(page, top, table.bbox[1]):
                        builder.text(line)
                    rows = []
                    for cells, boxes in zip(table.extract(), table.rows):
                        rows.append(
                            Row(
                                cells=[_cell_text(page, text, box) for text, box in zip(cells, boxes.cells)],
                                where=f"第 {number} 页",
                                covered=frozenset(c for c, cell in enumerate(cells) if cell is None),
                                page_break_before=first_row and number > 1,
                            )
                        )
                        first_row = False
                    builder.table(rows)
                    tables += 1
                    top = table.bbox[3]
                for line in _band(page, top, page.height):
                    builder.text(line)
                if not tables:
                    pages_text.append(page.extract_text(layout=True) or "")
                page.close()  # pdfplumber caches each page's objects until closed
    except ImportFailed:
        raise
    except Exception as error:  # pdfminer raises many kinds for damaged or encrypted files
        name = type(error).__name__
        hint = (
            "PDF 有密码保护，请去除密码后再上传。"
            if "Password" in name or "Encrypt" in name
            else "请用原软件重新导出 PDF 后再上传。"
        )
        raise ImportFailed(f"无法读取该 PDF 文件（{name}）：{hint}") from None
    if not chars:
        raise ImportFailed("PDF 中没有文字层（可能是扫描件）：请先做文字识别（OCR），或上传原始的 Word、Excel 文件。")
    if not tables:
        pages = ["\n".join(line.rstrip() for line in text.split("\n") if line.strip()) for text in pages_text]
        text = "\n\n".join(page for page in pages if page)
        return Document(reader="PDF", title=pick_title(clean_lines(text)), text=text, text_where="PDF 文字第 {line} 行")
    return builder.finish()


def _find_tables(page) -> list:
    """The ruled tables of a page, their cells cut by the page closed by a frame.

    A cell merged down over rows that go on over a page break has no bottom rule on its
    first page and no top rule on the next (LibreOffice and Excel print it so): pdfplumber
    finds no cell there, so the last row of the page loses its text in that column (read as
    covered by the cell above) and, on a page the merge covers from top to bottom, the table
    falls apart into tables side by side (序号 | the rest). So the tables are found a second
    time with each table's top and bottom drawn in, tables side by side over the same height
    as one: an open cell becomes a cell of its own page (its text, if any, in its first row,
    the rows below it covered), as when the merge starts and ends on one page."""
    tables = page.find_tables()
    if not tables:
        return tables
    frames: list[list[float]] = []
    for table in sorted(tables, key=lambda t: t.bbox[0]):
        x0, top, x1, bottom = table.bbox
        for frame in frames:
            if abs(frame[1] - top) < 3 and abs(frame[3] - bottom) < 3:
                frame[0], frame[2] = min(frame[0], x0), max(frame[2], x1)
                break
        else:
            frames.append([x0, top, x1, bottom])
    lines = [
        {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "object_type": "line"}
        for x0, top, x1, bottom in frames
        for y in (top, bottom)
    ]
    return page.find_tables({"explicit_horizontal_lines": lines})


def _is_cjk(char: str) -> bool:
    return char >= "\u2e80"  # CJK scripts and full-width punctuation


def _cell_text(page, text: str | None, box) -> str:
    """A cell's text with its wrapped lines joined as they were written.

    A PDF keeps no trace of where a cell's text was wrapped: a line that fills the cell to
    its right edge was wrapped by the layout (Chinese wraps anywhere, so the pieces join
    without a space, "20个" + "工作日内"), a shorter one ended at a line break or a space
    in the original (joined with a space, as the XLSX reader joins a cell's lines)."""
    if not text or "\n" not in text or box is None:
        return " ".join(clean_lines(text or ""))
    # The characters whose centre is in the cell: a Word table has no top padding, so the
    # glyphs of a cell's first line reach above its ruling line and within_bbox (whole
    # objects only) would drop that line.
    x0, top, x1, bottom = box
    lines = page.filter(
        lambda obj: (
            obj.get("object_type") != "char"
            or (x0 <= (obj["x0"] + obj["x1"]) / 2 <= x1 and top <= (obj["top"] + obj["bottom"]) / 2 <= bottom)
        )
    ).extract_text_lines()
    out = ""
    for line, following in zip(lines, [*lines[1:], None]):
        out += line["text"].strip()
        if following is None:
            break
        size = max(char["size"] for char in line["chars"])
        full = box[2] - line["x1"] < 1.5 * size
        joined_tight = full and (_is_cjk(out[-1:]) or _is_cjk(following["text"].strip()[:1]))
        out += "" if joined_tight else " "
    return out


def _band(page, top: float, bottom: float) -> list[str]:
    """The text lines of a page between two heights (outside any table)."""
    top, bottom = max(top, 0), min(bottom, page.height)
    if bottom - top < 1:
        return []
    return clean_lines(page.within_bbox((0, top, page.width, bottom)).extract_text() or "")
