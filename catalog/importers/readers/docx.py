"""A Word document (.docx) -> Document, with python-docx.

Paragraphs and tables are read in document order (`Document.iter_inner_content`). A merged
cell is found through python-docx's public grid: `_Row.cells` gives one cell per grid
column, the same cell again for each column a gridSpan covers and, for a vMerge
continuation, the cell it continues; `grid_cols_before/after` are the grid columns a row
leaves empty. A position holding the same Word cell (`<w:tc>`) as the one to its left or
the one above is covered. `_Cell` is not one of python-docx's value proxies (its `==` is
object identity, and a continuation is a new proxy), so cells are compared by the element
they stand for, `_Cell._tc`: the only private name used here. Text in nested tables is not read (catalogue cells do not hold tables).
"""

from __future__ import annotations

import io
import zipfile

from ..records import ImportFailed
from . import Builder, Document, Row, clean_lines


def read_docx(data: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if not data.startswith(b"PK\x03\x04"):
        hint = "旧版 Word（.doc）" if data.startswith(b"\xd0\xcf\x11\xe0") else "不是 .docx 文件"
        raise ImportFailed(f"文件内容{hint}：请在 Word 或 WPS 中另存为 .docx 后再上传。")
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportFailed(
            f"无法读取该 Word 文件（{type(error).__name__}）：请在 Word 或 WPS 中另存为 .docx 后再上传。"
        ) from None
    builder = Builder("Word（.docx）", fallback_title=word.core_properties.title or "")
    tables = 0
    for block in word.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            builder.table(_rows(block, tables))
        else:
            for line in clean_lines(block.text):
                builder.text(line)
    if not tables:
        raise ImportFailed("Word 文件中没有表格：目录须是 Word 表格（如果是文字排版，请复制为 .txt 上传）。")
    return builder.finish()


def _rows(table, number: int) -> list[Row]:
    rows = []
    above: list = []
    for r, row in enumerate(table.rows, start=1):
        grid = [None] * row.grid_cols_before + list(row.cells) + [None] * row.grid_cols_after
        cells, covered = [], set()
        elements = [None if cell is None else cell._tc for cell in grid]
        for c, cell in enumerate(grid):
            spanned = cell is not None and (
                (c > 0 and elements[c - 1] is elements[c]) or (c < len(above) and above[c] is elements[c])
            )
            if spanned:
                covered.add(c)
            cells.append("" if cell is None or spanned else " ".join(clean_lines(cell.text)))
        rows.append(Row(cells=cells, where=f"表格 {number} 第 {r} 行", covered=frozenset(covered)))
        above = elements
    return rows
