"""The one CSV/XLSX reader: bytes -> sheets of cell values, with merged ranges.

What a file is comes from its bytes, not its name: a ZIP is a workbook, an OLE2 file is an
old .xls (refused with a hint), anything else is CSV text decoded in pieces by `text.text_chunks`.
A CSV's delimiter is whichever of , TAB ; the busiest of its first 20 non-blank lines uses
most (a title line above the header has none; not csv.Sniffer, which can pick a character
that merely recurs in Chinese prose cells).

Workbooks are read with openpyxl's read-only mode, which streams rows and keeps memory
flat; that mode does not report merged cells, so their ranges are read from the sheet's
XML (`<mergeCell ref="A3:A4"/>`, after the rows) in a second streaming pass. Cells keep
their stored values (str, int, float, datetime, bool or None): the lateness check wants
dates and numbers, the catalogue importer wants text (`cell_text`).
"""

from __future__ import annotations

import csv
import datetime
import posixpath
import zipfile
from array import array
from dataclasses import dataclass, field
from itertools import chain, islice

from defusedxml import ElementTree

from . import UnreadableFile
from .source import Source, is_blank, opened, starts_with
from .spool import Spool
from .text import text_chunks

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Limits checked on the package before any XML is parsed (`check_package`), and while reading.
# A real catalogue or lateness workbook has a few dozen entries and deflates 5–20:1; a
# "compressed bomb" (megabytes of repeated sheet XML in a 0.3 MB file) held a worker for a
# minute at 0.9 GB. The ratio is Apache POI's default (1 %), applied to entries above 1 MB.
MAX_ENTRIES = 1000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024
MAX_COLUMNS = 200  # cells per row
MAX_CELLS = 3_000_000  # cells read per workbook, blank rows included
TOO_BIG = "Excel 文件过大或结构异常（{why}），无法读取：请删去多余的工作表、空行和空列，或拆分后再上传。"
DAMAGED = "无法读取该 Excel 文件（文件不完整或已损坏）：请用 Excel 或 WPS 重新保存为 .xlsx 后再上传。"


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based and inclusive, in the coordinates of `Sheet.rows`."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass
class Sheet:
    name: str
    rows: list[list] = field(default_factory=list)  # every row, blank ones included, padded to one width
    numbers: list[int] = field(default_factory=list)  # 1-based sheet row (CSV: first line) of each row
    merges: list[Merge] = field(default_factory=list)

    def filled(self) -> list[list]:
        """The rows with every merged range holding its top-left value (what a reader of the
        printed table sees in each position)."""
        rows = [list(row) for row in self.rows]
        for merge in self.merges:
            value = rows[merge.first_row][merge.first_col] if merge.first_row < len(rows) else None
            for r in range(merge.first_row, min(merge.last_row + 1, len(rows))):
                for c in range(merge.first_col, min(merge.last_col + 1, len(rows[r]))):
                    rows[r][c] = value
        return rows

    def covered_by_row(self):
        """For each row in order, the columns hidden under a merge in it (a sweep over the
        merges sorted by their first row: nothing a row is listed)."""
        waiting = sorted(self.merges, key=lambda m: m.first_row)
        active: list[Merge] = []
        for r in range(len(self.rows)):
            while waiting and waiting[0].first_row <= r:
                active.append(waiting.pop(0))
            active = [m for m in active if m.last_row >= r]
            yield frozenset(
                c for m in active for c in range(m.first_col, m.last_col + 1) if (r, c) != (m.first_row, m.first_col)
            )

    def covered(self) -> set[tuple[int, int]]:
        """Positions hidden under a merge (every cell of a range but its top-left)."""
        return {
            (r, c)
            for m in self.merges
            for r in range(m.first_row, m.last_row + 1)
            for c in range(m.first_col, m.last_col + 1)
            if (r, c) != (m.first_row, m.first_col)
        }


def read_sheets(
    data: Source, *, name: str = "", first_only: bool = False, max_rows: int | None = None, spool: bool = False
) -> list[Sheet]:
    """Every sheet of a workbook (or the one "sheet" of a CSV file), read from bytes, a path or
    a binary file (catalog.files.source). Raises UnreadableFile.

    `max_rows` bounds the rows read per sheet (non-blank ones counted); one more than that
    is read so the caller can tell "exactly at the limit" from "over it". With `spool`, each
    sheet's rows are kept as pickles (`spool.Spool`: read back as copies), not as lists."""
    with opened(data) as file:
        if is_blank(file):
            raise UnreadableFile("文件是空的。")
        if starts_with(file, ZIP_MAGIC):
            return _read_xlsx(file, first_only=first_only, max_rows=max_rows, spool=spool)
        if starts_with(file, OLE2_MAGIC):
            raise UnreadableFile(
                "这是旧版 Excel（.xls）或其他 Office 二进制文件：请在 Excel 或 WPS 中另存为 .xlsx 后再上传。"
            )
        if name.lower().endswith(".xlsx"):
            raise UnreadableFile(
                "文件扩展名为 .xlsx，但内容不是有效的 Excel（XLSX）文件：请用 Excel 或 WPS 另存为 .xlsx 后再上传。"
            )
        return [read_csv(file, max_rows=max_rows, spool=spool)]


def _sheet(name: str, spool: bool) -> Sheet:
    return Sheet(name=name, rows=Spool() if spool else [], numbers=array("q") if spool else [])


def read_csv(data: Source, *, max_rows: int | None = None, spool: bool = False) -> Sheet:
    # The text is read a line at a time from pieces of the decoded file, never held whole (a
    # 9 MB CSV was the bytes, the text and a StringIO copy of it: 35 MB). The first 200 lines
    # are read ahead to choose the delimiter, then given to the reader with the rest.
    lines = _lines(text_chunks(data, what="CSV 文件"))
    ahead = list(islice(lines, 200))
    head = [line for line in ahead if line.strip()][:20] or [""]
    delimiter = max((",", "\t", ";"), key=lambda candidate: max(line.count(candidate) for line in head))
    reader = csv.reader(chain(ahead, lines), delimiter=delimiter)
    sheet = _sheet("CSV", spool)
    start, counted = 1, 0
    try:
        for row in reader:
            sheet.rows.append(row)
            sheet.numbers.append(start)
            start = reader.line_num + 1
            counted += any(cell.strip() for cell in row)
            if max_rows is not None and counted > max_rows:
                break
    except csv.Error as error:
        raise UnreadableFile(f"CSV 格式有误（第{reader.line_num}行）：{error}") from None
    _pad(sheet)
    return sheet


def _lines(chunks):
    """The lines of a text given in pieces, each with its "\n" (the csv module joins a quoted
    cell's lines by them)."""
    rest = ""
    for chunk in chunks:
        *whole, rest = (rest + chunk).split("\n")
        for line in whole:
            yield line + "\n"
    if rest:
        yield rest


def check_package(
    package: zipfile.ZipFile,
    *,
    too_big: str = TOO_BIG,
    damaged: str = DAMAGED,
    max_size: int = MAX_UNCOMPRESSED,
    part: str | None = None,
    sized: str = "解压后约 {size:.0f} MB",
    refuse_dtd: bool = True,
) -> None:
    """Refuse an Office package (a workbook, a Word document) that would cost more to read than
    any real one, before parsing: too many entries, too much uncompressed data (all the entries',
    or only `part`'s when the reader parses nothing else of size), a suspicious compression
    ratio, or (`refuse_dtd`) an XML part with a DTD (never written by Office or WPS; entity
    expansion is how XML bombs work: a reader whose parser ignores DTDs may let them be). The messages are `too_big` (with the reason as {why}; `sized` says a size
    over `max_size`, from {size} and {limit} in MB) and `damaged`.

    The sizes are those the ZIP directory declares; Python's zipfile never inflates an entry
    past its declared size (it stops and fails the CRC check), so they bound the real work."""
    entries = package.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UnreadableFile(too_big.format(why=f"包含 {len(entries)} 个部件"))
    measured = [package.getinfo(part)] if part is not None else entries
    total = sum(entry.file_size for entry in measured)
    if total > max_size:
        mb = 1024 * 1024
        raise UnreadableFile(too_big.format(why=sized.format(size=total / mb, limit=max_size // mb)))
    for entry in measured:
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise UnreadableFile(too_big.format(why="压缩比异常"))
    for entry in entries if refuse_dtd else ():
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            try:
                with package.open(entry) as opened_part:
                    start = opened_part.read(4096)
            except Exception:
                raise UnreadableFile(damaged) from None
            if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
                raise UnreadableFile(too_big.format(why="含有文档类型定义（DTD）"))


def _read_xlsx(file, *, first_only: bool, max_rows: int | None, spool: bool = False) -> list[Sheet]:
    import openpyxl

    try:
        package = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise UnreadableFile(DAMAGED) from None
    with package:
        check_package(package)
    file.seek(0)
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (KeyError, ValueError, zip and XML errors)
        raise UnreadableFile(
            f"无法读取该 Excel 文件（{type(error).__name__}）：请确认是 .xlsx 格式（不支持旧的 .xls），或用 Excel、WPS 另存后再上传。"
        ) from None
    try:
        merges = _merged_ranges(file)
        sheets, cells = [], 0
        for worksheet in book.worksheets[:1] if first_only else book.worksheets:
            sheet = _sheet(worksheet.title, spool)
            worksheet.reset_dimensions()  # a wrong <dimension> in the file would cut rows short
            counted = 0
            for number, row in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                cells += len(row)
                if len(row) > MAX_COLUMNS:
                    raise UnreadableFile(TOO_BIG.format(why=f"工作表“{worksheet.title}”有 {len(row)} 列"))
                if cells > MAX_CELLS:
                    raise UnreadableFile(TOO_BIG.format(why=f"单元格超过 {MAX_CELLS:,} 个"))
                sheet.rows.append(list(row))
                sheet.numbers.append(number)
                counted += any(value is not None and str(value).strip() for value in row)
                if max_rows is not None and counted > max_rows:
                    break
            sheet.merges = [m for m in merges.get(worksheet.title, []) if m.first_row < len(sheet.rows)]
            _pad(sheet)
            sheets.append(sheet)
        return sheets
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(
            f"无法读取该 Excel 文件的内容（{type(error).__name__}）：请用 Excel 或 WPS 另存后再上传。"
        ) from None
    finally:
        book.close()


def _merged_ranges(file) -> dict[str, list[Merge]]:
    """Sheet name -> its merged ranges, read from the package's XML (see the module docstring)."""
    with zipfile.ZipFile(file) as package:
        names = set(package.namelist())
        workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
        found: dict[str, list[Merge]] = {}
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if path not in names:
                continue
            ranges = []
            with package.open(path) as source:
                for _, element in ElementTree.iterparse(source):
                    if element.tag == f"{_MAIN}mergeCell" and ":" in element.get("ref", ""):
                        ranges.append(_merge(element.get("ref")))
                    element.clear()
            found[sheet.get("name")] = ranges
        return found


def _merge(ref: str) -> Merge:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Merge(min_row - 1, min_col - 1, max_row - 1, max_col - 1)


def _pad(sheet: Sheet) -> None:
    width = max((len(row) for row in sheet.rows), default=0)
    if isinstance(sheet.rows, Spool):
        sheet.rows.rewrite(lambda row: row.extend([None] * (width - len(row))))
        return
    for row in sheet.rows:
        row.extend([None] * (width - len(row)))


def cell_text(value) -> str:
    """A cell as printed: integers without ".0", dates as YYYY-MM-DD, TRUE as 是.

    >>> [cell_text(v) for v in (None, 12.0, 1.5, datetime.datetime(2025, 10, 4, 9, 30), True, " 同上 ")]
    ['', '12', '1.5', '2025-10-04', '是', ' 同上 ']
    """
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
    return str(value)
