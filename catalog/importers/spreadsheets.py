"""Uploaded catalogues (XLSX, CSV or the source text format) -> the importer's raw tables.

An XLSX or CSV file in the official layout (a title, a heading per domain table such as
"（一）社会救助领域…", two header rows with merged cells, then the rows) is read into rows
of cell text and handed to the importer's `parse_rows`, which finds headers and sections
as for the seed texts; its `normalise` then resolves merged cells (read as blank below
their first row: "as above") exactly as for the seeds. Line numbers are sheet rows.
Plain Python: no Django here.
"""
from __future__ import annotations

import csv
import datetime
import io
import zipfile
from pathlib import Path

from catalog.importers.parse import decode, parse, parse_rows
from catalog.importers.pipeline import record_from_raw
from catalog.importers.records import CatalogueMeta, CatalogueRecord, ImportFailed, RawCatalogue

FORMATS = {".xlsx": "XLSX", ".csv": "CSV", ".txt": "文本"}
MAX_BYTES = 10 * 1024 * 1024


def _cell_text(value) -> str:
    """A cell as printed: integers without '.0', dates as YYYY-MM-DD, no tabs or line breaks."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    # A cell may hold several lines (要素 one per line); a source line is one printed row.
    return " ".join(part.strip() for part in text.replace("\t", " ").splitlines() if part.strip())


def _rows(rows) -> list[list[str]]:
    return [[_cell_text(value) for value in row] for row in rows]


def xlsx_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, rows of cell text) for every sheet. Merged cells read as blank except their top-left."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFailed(f"不是有效的 XLSX 文件（{type(error).__name__}）：请用 Excel 或 WPS 另存为 .xlsx 后再上传。") from None
    return [(sheet.title, _rows(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]


def csv_rows(data: bytes) -> list[list[str]]:
    """CSV rows of cell text. UTF-8 (with or without BOM) or GB18030, as Excel saves it."""
    if b"\x00" in data:
        raise ImportFailed("CSV 文件含有二进制内容，无法导入。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise ImportFailed("CSV 文件编码无法识别：请另存为 UTF-8 编码。")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFailed(f"CSV 格式错误：{error}") from None
    return _rows(rows)


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
    if suffix == ".csv":
        return parse_rows(csv_rows(data))
    sheets = [(title, rows) for title, rows in xlsx_sheets(data) if any(cell for row in rows for cell in row)]
    if not sheets:
        raise ImportFailed("工作簿中没有任何内容。")
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
