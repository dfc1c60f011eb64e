"""XLSX and CSV -> Document: the shared reader (catalog.files.sheets), one part per sheet."""

from __future__ import annotations

from catalog.files import UnreadableFile
from catalog.files.sheets import ZIP_MAGIC, cell_text, read_sheets
from catalog.files.source import starts_with

from ..records import ImportFailed
from . import Document, Part, Row


def read_workbook(file, *, name: str) -> Document:
    try:
        sheets = read_sheets(file, name=name, spool=True)
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None
    reader = "XLSX" if starts_with(file, ZIP_MAGIC) else "CSV"
    document = Document(reader=reader)
    named = len(sheets) > 1
    for sheet in sheets:
        part = Part(label=f"工作表“{sheet.name}”")
        for number, values, covered in zip(sheet.numbers, sheet.rows, sheet.covered_by_row()):
            # A cell may hold several lines (要素 one per line); a row is one printed line.
            cells = [
                " ".join(line.strip() for line in cell_text(v).replace("\t", " ").splitlines() if line.strip())
                for v in values
            ]
            where = f"工作表“{sheet.name}”第 {number} 行" if named else f"第 {number} 行"
            part.rows.append(Row(cells=cells, where=where, covered=covered))
        if any(any(row.cells) for row in part.rows):
            document.parts.append(part)
    if not document.parts:
        raise ImportFailed("文件中没有任何内容。")
    return document
