"""XLSX in the official table layout, written by XlsxWriter in constant-memory mode.

One sheet per domain (in the order the domains first appear in the export), each laid out
like the source catalogues: a title row, then two header rows with merged cells

    序号 | 公开事项: 一级事项, 二级事项[, 三级事项] | 公开内容（要素） | 公开依据 | 公开时限 |
    公开主体 | 公开渠道和载体 | 公开对象: 全社会, 特定群众 | 公开方式: 主动, 依申请公开 |
    公开层级: <the labels the catalogues print, e.g. 县级, 乡、村级> [| 责任科室] [| 其他信息]

followed by 存疑 / 存疑说明 (the flag and its public wording, catalog/models/doubts.py), then
所属目录, 事项ID and 网址 so every row can be traced back. Within a sheet the
rows keep the export's order. The first sheet, 说明, says when, with which filters, how
many items, and from which catalogues.

Why XlsxWriter: its constant_memory mode flushes each row to a temporary file as soon as
the next row starts and writes inline strings (no shared-string table); openpyxl's
write-only mode also streams but is several times slower and has no way to merge cells
either. One thing XlsxWriter keeps for the whole sheet is the height given to each row by
set_row() (about 0.3 KB a row, also in constant_memory mode), and every data row needs its
height (see row_height). So the data rows' heights are kept here, two bytes a row, and
written into the rows' XML when XlsxWriter has closed the file (store_row_heights): the
sheets hold the same XML that set_row() would have written.
"""

import os
import re
import shutil
import zipfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from posixpath import join, normpath
from typing import Any, Callable

import xlsxwriter
from defusedxml import ElementTree
from django.db.models import Subquery
from django.utils import timezone

from catalog.importers.headers import level_codes

from .rows import JOIN, other_info_text
from .safety import is_formula_like
from .writers import ExportMeta

TICK = "√"
DEFAULT_LEVEL_LABELS = ("县级", "乡、村级")  # the layout the 阿尔山市 compilation prints
TITLE_ROW, HEADER_ROW, SUBHEADER_ROW, FIRST_DATA_ROW = 0, 1, 2, 3


def label_levels(label: str) -> frozenset[str]:
    """`乡、村级` -> {township, village}; `州级县级` -> {city, county}: the importer's reading of
    a 公开层级 label (catalog/importers/headers.level_codes), so exports tick what was imported."""
    return frozenset(level_codes(label))


STANDARD_KEYS = frozenset({
    "number", "level1", "level2", "content", "legal_basis", "deadline", "publisher", "channels",
    "audience_public", "audience_specific", "mode_proactive", "mode_on_request", "level",
})  # fmt: skip


@dataclass(frozen=True)
class SheetPlan:
    """What varies between domain sheets: which columns the catalogues print, and the
    公开层级 columns as printed with the normalised levels each stands for."""

    keys: frozenset[str] = STANDARD_KEYS
    levels: tuple[tuple[str, frozenset[str]], ...] = tuple(
        (label, label_levels(label)) for label in DEFAULT_LEVEL_LABELS
    )

    def has(self, key: str) -> bool:
        return key in self.keys


def plan_sheets(queryset) -> dict[int, SheetPlan]:
    """One SheetPlan per domain of the items in `queryset`, from the printed headers of
    their sections (Section.columns, as the importer recorded them), plus 三级事项,
    责任科室, 公开对象 and 公开方式 wherever an item has them. A few small queries."""
    from catalog.models import Section

    base = queryset.order_by()
    sections = Section.objects.filter(pk__in=Subquery(base.values("section_id"))).order_by(
        "catalogue__position", "catalogue_id", "position"
    )
    keys: dict[int, set[str]] = {}
    levels: dict[int, dict[str, frozenset[str]]] = {}
    for domain_id, columns_, labels in sections.values_list("domain_id", "columns", "level_labels"):
        found, printed = keys.setdefault(domain_id, set()), levels.setdefault(domain_id, {})
        declared = [column for column in columns_ or [] if isinstance(column, dict) and column.get("key")]
        found.update(column["key"] for column in declared)
        if not declared:  # no record of the printed header: the standard layout
            found.update(STANDARD_KEYS)
        for column in declared:
            if column["key"] == "level" and column.get("label"):
                printed.setdefault(column["label"], frozenset(column.get("levels") or label_levels(column["label"])))
        for label in labels or []:
            printed.setdefault(label, label_levels(label))
    for key, field, blank in (
        ("level3", "level3", ""),
        ("office", "responsible_office", ""),
        ("other", "other_info", []),
    ):
        for domain_id in base.exclude(**{field: blank}).values_list("domain_id", flat=True).distinct():
            keys.setdefault(domain_id, set(STANDARD_KEYS)).add(key)
    # A value known without its printed column (a 主动公开目录 is 主动 throughout) gets the column.
    for group, field in (
        (("audience_public", "audience_specific"), "audience_public"),
        (("mode_proactive", "mode_on_request"), "mode_proactive"),
    ):
        for domain_id in base.filter(**{f"{field}__isnull": False}).values_list("domain_id", flat=True).distinct():
            keys.setdefault(domain_id, set(STANDARD_KEYS)).update(group)
    plans = {}
    for domain_id, found in keys.items():
        printed = levels.get(domain_id) or {}
        if not printed and "level" in found:
            printed = {label: label_levels(label) for label in DEFAULT_LEVEL_LABELS}
        plans[domain_id] = SheetPlan(frozenset(found), tuple(printed.items()))
    return plans


@dataclass(frozen=True)
class Column:
    group: str | None  # the merged top header, or None when the header spans both rows
    header: str
    width: float
    value: Callable[[dict], Any]
    kind: str = "text"  # text | tick | number


def _ticked(flag: bool) -> str:
    return TICK if flag else ""


def _level_tick(codes: frozenset[str]) -> Callable[[dict], str]:
    return lambda r: _ticked(any(level["code"] in codes for level in r["levels"] or ()))


def columns(plan: SheetPlan) -> list[Column]:
    """The official columns this sheet's catalogues print, in the standard order, then
    所属目录, 事项ID and 网址."""
    optional = [
        ("level3", Column("公开事项", "三级事项", 16, lambda r: r["level3"])),
        ("content", Column(None, "公开内容（要素）", 36, lambda r: r["content"] or JOIN.join(r["elements"]))),
        ("legal_basis", Column(None, "公开依据", 28, lambda r: JOIN.join(f"《{b['title']}》" for b in r["legal_bases"]) or r["legal_basis_text"])),
        ("deadline", Column(None, "公开时限", 18, lambda r: r["deadline"]["text"])),
        ("publisher", Column(None, "公开主体", 16, lambda r: JOIN.join(p["name"] for p in r["publishers"]) or r["publisher_text"])),
        ("channels", Column(None, "公开渠道和载体", 20, lambda r: JOIN.join(c["detail"] or c["name"] for c in r["channels"]) or r["channel_text"])),
        ("audience_public", Column("公开对象", "全社会", 6, lambda r: _ticked(r["audience"]["public"]), "tick")),
        ("audience_specific", Column("公开对象", "特定群众", 6, lambda r: _ticked(r["audience"]["specific"]), "tick")),
        ("mode_proactive", Column("公开方式", "主动", 6, lambda r: _ticked(r["mode"]["proactive"]), "tick")),
        ("mode_on_request", Column("公开方式", "依申请公开", 7, lambda r: _ticked(r["mode"]["on_request"]), "tick")),
    ]  # fmt: skip
    cols = [
        Column(None, "序号", 6, lambda r: r["number"]),
        Column("公开事项", "一级事项", 14, lambda r: r["level1"]),
        Column("公开事项", "二级事项", 16, lambda r: r["level2"]),
    ]
    cols += [column for key, column in optional if plan.has(key)]
    if plan.has("level"):
        cols += [Column("公开层级", label, 6, _level_tick(codes), "tick") for label, codes in plan.levels]
    if plan.has("office"):
        cols.append(Column(None, "责任科室", 10, lambda r: r["responsible_office"]))
    if plan.has("other"):
        cols.append(Column(None, "其他信息", 24, other_info_text))
    cols += [
        Column(None, "存疑", 6, lambda r: "是" if r["flagged"] else "否"),
        Column(None, "存疑说明", 30, lambda r: "；".join(r["flag_reasons"])),
        Column(None, "所属目录", 20, lambda r: r["catalogue"]["title"]),
        Column(None, "事项ID", 8, lambda r: r["id"], "number"),
        Column(None, "网址", 24, lambda r: r["url"]),
    ]
    return cols


LINE_HEIGHT = 13.5  # points per line of 10-point 宋体
DEFAULT_FONT_LINE_HEIGHT = 15  # points per line of the workbook's default font (11 points), on 说明
MAX_ROW_HEIGHT = 409  # points: Excel's largest row height


def row_height(cells, line_height: float = LINE_HEIGHT) -> float:
    """The height a row needs for its wrapped text, as Excel's AutoFit would give it.

    XlsxWriter cannot measure text, and LibreOffice keeps the default height of rows that
    do not state one, so without this a printed or converted sheet (PDF) cuts long cells
    off and lets their text run into the neighbours. A column width is in widths of "0";
    a Chinese character takes two.

    >>> row_height([("短", Column(None, "x", 6, str)), ("很" * 30, Column(None, "y", 10, str))])
    94.5
    """
    lines = 1
    for value, col in cells:
        if col.kind != "text" or value in (None, ""):
            continue
        per_line = max(int(col.width) - 1, 2)
        wanted = sum(
            max(1, -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in part) // per_line)) for part in str(value).split("\n")
        )
        lines = max(lines, wanted)
    return min(lines * line_height, MAX_ROW_HEIGHT)


def header_spans(cols: list[Column]) -> list[tuple[str | None, str, int, int]]:
    """(group, header, first column, last column) for each top-row header cell."""
    spans: list[tuple[str | None, str, int, int]] = []
    for index, col in enumerate(cols):
        if col.group is not None and spans and spans[-1][0] == col.group:
            group, header, first, _ = spans[-1]
            spans[-1] = (group, header, first, index)
        else:
            spans.append((col.group, col.group or col.header, index, index))
    return spans


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (at most 31 characters, none of []:*?/\\)."""
    base = "".join(ch for ch in name if ch not in "[]:*?/\\").strip("'")[:28] or "领域"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}（{n}）", n + 1
    taken.add(candidate)
    return candidate


class _Formats:
    def __init__(self, book):
        border = {"border": 1, "valign": "vcenter", "font_name": "宋体", "font_size": 10}
        self.title = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.header = book.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#EDEDED"}
        )
        self.text = book.add_format({**border, "text_wrap": True, "valign": "top"})
        self.text_quoted = book.add_format({**border, "text_wrap": True, "valign": "top", "quote_prefix": True})
        self.tick = book.add_format({**border, "align": "center"})
        self.number = book.add_format({**border, "align": "center"})
        self.label = book.add_format({"bold": True, "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.wrap_quoted = book.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})


class _DomainSheet:
    def __init__(self, book, formats: _Formats, name: str, title: str, plan: SheetPlan):
        self.sheet = book.add_worksheet(name)
        self.formats = formats
        self.cols = columns(plan)
        self.row = FIRST_DATA_ROW
        self.count = 0
        self.heights = array("H")  # of the data rows in order, in pixels (set_row's unit)
        self._write_header(title)
        self._page_setup()

    def _write_header(self, title: str) -> None:
        sheet, f, cols = self.sheet, self.formats, self.cols
        for index, col in enumerate(cols):
            sheet.set_column(index, index, col.width)
        last = len(cols) - 1
        sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last, title, f.title)
        sheet.set_row(TITLE_ROW, 28)
        # constant_memory writes a row out as soon as a cell of a later row is written, and
        # merge_range() refuses a range that starts on a row already written out. So every
        # merge is made while the top header row is still the current row: the vertical ones
        # without a format, which makes merge_range() leave the cell below empty (an empty
        # cell is not written, so the next row is not started), then their top cell is
        # written again with the header format, and the sub-header row comes last.
        for group, header, first, end in header_spans(cols):
            if group is None:
                sheet.merge_range(HEADER_ROW, first, SUBHEADER_ROW, first, header, None)
                sheet.write_string(HEADER_ROW, first, header, f.header)
            elif end > first:
                sheet.merge_range(HEADER_ROW, first, HEADER_ROW, end, header, f.header)
            else:
                sheet.write_string(HEADER_ROW, first, header, f.header)
        for index, col in enumerate(cols):
            if col.group is None:
                sheet.write_blank(SUBHEADER_ROW, index, None, f.header)
            else:
                sheet.write_string(SUBHEADER_ROW, index, col.header, f.header)

    def _page_setup(self) -> None:
        sheet = self.sheet
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # all columns on one page width, as many pages as needed
        sheet.repeat_rows(HEADER_ROW, SUBHEADER_ROW)
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.set_footer("&C第 &P 页，共 &N 页")
        sheet.freeze_panes(FIRST_DATA_ROW, 0)

    def write(self, record: dict) -> None:
        sheet, f = self.sheet, self.formats
        values = [col.value(record) for col in self.cols]
        self.heights.append(pixels(row_height(zip(values, self.cols))))
        for index, (col, value) in enumerate(zip(self.cols, values)):
            if col.kind == "number" and value is not None:
                sheet.write_number(self.row, index, value, f.number)
            elif col.kind == "tick":
                if value:
                    sheet.write_string(self.row, index, value, f.tick)
                else:
                    sheet.write_blank(self.row, index, None, f.tick)
            elif value in (None, ""):
                sheet.write_blank(self.row, index, None, f.text)
            else:
                value = str(value)
                sheet.write_string(self.row, index, value, f.text_quoted if is_formula_like(value) else f.text)
        self.row += 1
        self.count += 1


def write_xlsx(records: Iterable[dict], path: str, meta: ExportMeta, plans: dict[int, SheetPlan]) -> None:
    """Write `records` to `path` as an official-layout workbook; fills meta.count."""
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    formats = _Formats(book)
    about = book.add_worksheet("说明")  # first sheet; filled in last, when the count is known
    taken = {"说明"}
    sheets: dict[int, _DomainSheet] = {}
    names: dict[int, str] = {}
    for record in records:
        meta.saw(record)
        domain = record["domain"]
        target = sheets.get(domain["id"])
        if target is None:
            name = sheet_name(domain["name"], taken)
            names[domain["id"]] = name
            title = f"{domain['name']}领域政务公开标准目录"
            target = sheets[domain["id"]] = _DomainSheet(
                book, formats, name, title, plans.get(domain["id"], SheetPlan())
            )
        target.write(record)
    _write_about(about, formats, meta, [(names[key], sheet.count) for key, sheet in sheets.items()])
    book.close()
    store_row_heights(path, {names[key]: sheet.heights for key, sheet in sheets.items()}, FIRST_DATA_ROW)


def _write_about(sheet, f: _Formats, meta: ExportMeta, sheets: list[tuple[str, int]]) -> None:
    from catalog.models import Catalogue

    wide = Column(None, "", 28, str)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 5, wide.width)
    exported = timezone.localtime(meta.exported_at)
    rows: list[tuple[str, str | int]] = [
        ("导出时间", f"{exported:%Y-%m-%d %H:%M:%S}（{exported.tzname() or '北京时间'}）"),
        ("筛选条件", meta.filters_description or "无（全部已发布事项）"),
        ("事项数", meta.count),
        ("分表", JOIN.join(f"{name}（{count} 项）" for name, count in sheets) or "无"),
        ("说明", "各领域分表的表头依照政务公开标准目录的格式；“√”表示适用。事项ID和网址可在门户中查到原记录。"),
    ]
    sheet.merge_range(0, 0, 0, 5, meta.title, f.title)
    row = 2
    for label, value in rows:
        sheet.set_row(row, row_height([(value, wide)], DEFAULT_FONT_LINE_HEIGHT))  # LibreOffice fits no row
        sheet.write_string(row, 0, label, f.label)
        if isinstance(value, int):
            sheet.write_number(row, 1, value, f.wrap)
        else:
            sheet.write_string(row, 1, value, f.wrap_quoted if is_formula_like(value) else f.wrap)
        row += 1
    row += 1
    sheet.write_string(row, 0, "来源目录", f.label)
    for col, header in enumerate(("目录名称", "行政区划", "发布机构", "发布日期"), start=1):
        sheet.write_string(row, col, header, f.header)
    catalogues = Catalogue.objects.select_related("region").in_bulk(meta.catalogue_ids)
    for catalogue_id in meta.catalogue_ids:
        catalogue = catalogues.get(catalogue_id)
        if catalogue is None:
            continue
        row += 1
        values = (
            catalogue.title,
            catalogue.region.name,
            catalogue.issuer,
            catalogue.issued_date_iso or "",
        )
        sheet.set_row(row, row_height([(value, wide) for value in values]))
        for col, value in enumerate(values, start=1):
            sheet.write_string(row, col, value, f.text_quoted if is_formula_like(value) else f.text)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


def pixels(points: float) -> int:
    """A row height as set_row() keeps it: whole pixels, 4 to 3 points."""
    return int(points * 4 / 3 + 0.5)


def store_row_heights(path: str, heights: dict[str, array], first_row: int) -> None:
    """Give the rows of the named sheets of the workbook at `path` their heights: the n-th
    height (pixels) goes to row `first_row` + n (zero-based, as set_row() counts), written
    as set_row() writes it (ht in points and customHeight, which tells Excel and LibreOffice
    to keep it). Every part of the zip is copied, the worksheets with the heights added;
    the file is replaced when complete."""
    partial = f"{path}.heights"
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as target:
            members = _worksheet_members(source)
            wanted = {members[name]: row_heights for name, row_heights in heights.items() if row_heights}
            for info in source.infolist():
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type, copy.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
                with source.open(info) as reading, target.open(copy, "w", force_zip64=info.file_size > 1 << 30) as out:
                    if info.filename in wanted:
                        add_row_heights(reading, out, wanted[info.filename], first_row)
                    else:
                        shutil.copyfileobj(reading, out)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


_ROW_START = re.compile(rb'<row r="(\d+)"')


def add_row_heights(reading, out, heights: array, first_row: int, chunk_size: int = 1 << 20) -> None:
    """Copy a worksheet's XML from `reading` to `out`, adding ht and customHeight to the
    start tag of each row that has a height. A '<' never occurs inside XML text, so the
    input is cut into pieces at the last '<' of each chunk and no row tag is ever split."""

    def with_height(match: re.Match) -> bytes:
        index = int(match[1]) - 1 - first_row
        if not 0 <= index < len(heights):
            return match[0]
        return b'%s ht="%s" customHeight="1"' % (match[0], f"{heights[index] * 0.75:.16g}".encode())

    rest = b""
    while chunk := reading.read(chunk_size):
        data = rest + chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            rest = data
            continue
        out.write(_ROW_START.sub(with_height, data[:cut]))
        rest = data[cut:]
    out.write(_ROW_START.sub(with_height, rest))


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _worksheet_members(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, as xl/workbook.xml and its
    relationships name them."""
    sheets = ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels")).iter(f"{_PACKAGE_RELS}Relationship")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    member = {
        key: target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        for key, target in targets.items()
    }
    return {sheet.get("name"): member[sheet.get(_RELATIONSHIP)] for sheet in sheets}
