"""Uploaded catalogues (XLSX, CSV or the source text format) -> the importer's raw tables.

An XLSX or CSV file in the official layout (a title, a heading per domain table such as
"（一）社会救助领域…", two header rows with merged cells, then the rows) is read into rows
of cell text and handed to the importer's `parse_rows`, which finds headers and sections
as for the seed texts; its `normalise` then resolves merged cells (read as blank below
their first row: "as above") exactly as for the seeds. Line numbers are sheet rows.
Plain Python: no Django here.
"""
from __future__ import annotations

from pathlib import Path

from catalog.files import UnreadableFile
from catalog.files.sheets import Sheet, cell_text, read_sheets
from catalog.importers.parse import decode, parse, parse_rows
from catalog.importers.pipeline import record_from_raw
from catalog.importers.records import CatalogueMeta, CatalogueRecord, ImportFailed, RawCatalogue

FORMATS = {".xlsx": "XLSX", ".csv": "CSV", ".txt": "文本"}
MAX_BYTES = 10 * 1024 * 1024


def _text_rows(sheet: Sheet) -> list[list[str]]:
    """Cell text as printed; a cell may hold several lines (要素 one per line), a source line is one row."""
    return [[" ".join(part.strip() for part in cell_text(value).replace("\t", " ").splitlines() if part.strip()) for value in row] for row in sheet.rows]


def read_raw(data: bytes, *, name: str) -> RawCatalogue:
    """The importer's raw tables for an uploaded file. Raises ImportFailed (Chinese, with rows)."""
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise ImportFailed(f"不支持的文件类型“{suffix or name}”：请上传 .xlsx、.csv 或 .txt 文件。")
    if not data:
        raise ImportFailed("文件是空的。")
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"文件过大（{len(data) // 1024 // 1024} MB），上限为 {MAX_BYTES // 1024 // 1024} MB。")
    if suffix == ".txt":
        return parse(decode(data, name=f"文件“{Path(name).name}”"))
    try:
        sheets = [(sheet.name, _text_rows(sheet)) for sheet in read_sheets(data, name=name)]
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None
    sheets = [(title, rows) for title, rows in sheets if any(cell for row in rows for cell in row)]
    if not sheets:
        raise ImportFailed("文件中没有任何内容。")
    if len(sheets) == 1:
        return parse_rows(sheets[0][1])
    # Several sheets: each its own tables; sheets without a header row (notes) are skipped.
    merged: RawCatalogue | None = None
    for title, rows in sheets:
        try:
            raw = parse_rows(rows)
        except ImportFailed as error:
            if "未找到表头" in str(error):
                continue
            raise ImportFailed(f"工作表“{title}”{error}") from None
        for section in raw.sections:
            section.heading = section.heading or title
            for problem in section.problems:
                problem.message = f"工作表“{title}”：{problem.message}"
        for problem in raw.problems:
            problem.message = f"工作表“{title}”：{problem.message}"
        if merged is None:
            merged = raw
        else:
            merged.sections += raw.sections
            merged.problems += raw.problems
    if merged is None:
        raise ImportFailed("所有工作表中都没有找到表头（以“序号”开头、含“一级事项”“公开内容”等列名的行）。")
    return merged


def read_upload(data: bytes, *, name: str, meta: CatalogueMeta) -> CatalogueRecord:
    """Everything up to the database, as `catalog.importers.pipeline.read_catalogue` does for seed texts."""
    return record_from_raw(read_raw(data, name=name), meta=meta, name=Path(name).name, data=data)


def errors_of(record: CatalogueRecord) -> list[dict]:
    """Rows the importer could not place: any of them means nothing is written."""
    problems = list(record.problems) + [p for section in record.sections for p in section.problems]
    return [{"line": problem.line, "message": problem.message} for problem in sorted(problems, key=lambda p: p.line)]
