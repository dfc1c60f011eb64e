"""对标核查 results as CSV (UTF-8 with BOM, for Excel) and XLSX (说明, 对标结果, 覆盖率 sheets),
with formula-safe cells. One row generator for both formats."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from catalog.compare.comparison import GROUP_LABELS, RULES, Comparison, Row

from .safety import csv_safe, is_formula_like

HEADER = (
    "结果",
    "领域",
    "参照序号",
    "参照事项",
    "本目录序号",
    "本目录事项",
    "对应方式",
    "名称相似度",
    "弱于参照",
    "差异",
    "待确认的候选",
)
COVERAGE_HEADER = (
    "领域",
    "参照事项数",
    "已覆盖",
    "覆盖率（%）",
    "其中有差异",
    "其中弱于参照",
    "待确认",
    "缺少",
    "多出",
)
HOW_LABELS = {"same": "名称相同", "similar": "名称相近", "chosen": "人工选定", "": ""}


@dataclass
class ComparisonMeta:
    catalogue: str  # title (region)
    reference: str
    domain: str  # "全部领域" or the domain's name
    generated_at: datetime


def _row(row: Row) -> tuple:
    ref, cmp = row.reference, row.compared
    return (
        GROUP_LABELS[row.group],
        row.domain,
        ref.number if ref else "",
        ref.title if ref else "",
        cmp.number if cmp else "",
        cmp.title if cmp else "",
        HOW_LABELS.get(row.how, row.how),
        round(row.score, 1) if cmp and ref else "",
        "是" if row.weaker else "",
        "；".join(f"{d.label}：参照 {d.reference or '—'}；本目录 {d.compared or '—'}" for d in row.differences),
        "；".join(f"{c.number} {c.title}（名称相似度 {names:.0f}）" for c, names, _ in row.candidates),
    )


def comparison_rows(result: Comparison):
    yield HEADER
    for row in result.rows:
        yield _row(row)


def coverage_rows(result: Comparison):
    yield COVERAGE_HEADER
    for entry in [*result.coverage, result.total]:
        yield (
            entry.domain,
            entry.reference_count,
            entry.covered,
            entry.percent if entry.percent is not None else "",
            entry.differs,
            entry.weaker,
            entry.ambiguous,
            entry.missing,
            entry.extra,
        )


def about_rows(meta: ComparisonMeta):
    yield ("对标核查", "")
    yield ("被核查目录", meta.catalogue)
    yield ("参照目录", meta.reference)
    yield ("领域", meta.domain)
    yield ("生成时间", f"{meta.generated_at:%Y-%m-%d %H:%M:%S}")
    yield ("匹配规则", RULES)
    yield ("结果分组", "；".join(GROUP_LABELS.values()))
    yield ("覆盖率", "已覆盖（含有差异的）参照事项数 ÷ 参照事项数；待确认的不计入。")


def to_csv(result: Comparison, meta: ComparisonMeta) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in comparison_rows(result):
        writer.writerow([csv_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class _Workbook:
    """An XLSX file in memory, as both 对标核查 downloads write it: a 说明 sheet of (label, text)
    lines, then tables with a header row; text cells formula-safe (Excel's quote prefix)."""

    def __init__(self, *, constant_memory: bool = False):
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "constant_memory": constant_memory})
        self.plain = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.quoted = self.book.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
        self.header = self.book.add_format({"bold": True, "text_wrap": True, "bg_color": "#EDEDED", "border": 1})
        self.label = self.book.add_format({"bold": True, "valign": "top"})

    def about(self, lines) -> None:
        sheet = self.book.add_worksheet("说明")
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 1, 100)
        for r, (key, value) in enumerate(lines):
            sheet.write_string(r, 0, key, self.label)
            sheet.write_string(r, 1, value, self.quoted if is_formula_like(value) else self.plain)

    def table(self, name: str, rows, widths: dict[tuple[int, int], int], *, freeze_header: bool = False) -> None:
        sheet = self.book.add_worksheet(name)
        for (first, last), width in widths.items():
            sheet.set_column(first, last, width)
        if freeze_header:
            sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if r == 0:
                    sheet.write_string(r, c, str(value), self.header)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(r, c, value, self.plain)
                else:
                    text = str(value)
                    sheet.write_string(r, c, text, self.quoted if is_formula_like(text) else self.plain)

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def to_xlsx(result: Comparison, meta: ComparisonMeta) -> bytes:
    book = _Workbook()
    book.about(about_rows(meta))
    widths = {(0, 2): 12, (3, 3): 40, (4, 4): 10, (5, 5): 40, (9, 10): 50}
    book.table("对标结果", comparison_rows(result), widths, freeze_header=True)
    book.table("覆盖率", coverage_rows(result), {(0, 0): 20})
    return book.close()


def coverage_table_rows(columns, rows):
    """The region page as a long table: one line per catalogue × domain."""
    yield (
        "目录",
        "行政区划",
        "领域",
        "参照目录",
        "参照事项数",
        "已覆盖",
        "覆盖率（%）",
        "弱于参照",
        "待确认",
        "缺少",
        "多出",
    )
    for row in rows:
        for column, cell in zip(columns, row.cells, strict=True):
            values = (
                (
                    cell.reference_count,
                    cell.covered,
                    cell.percent if cell.percent is not None else "",
                    cell.weaker,
                    cell.ambiguous,
                    cell.missing,
                    cell.extra,
                )
                if cell is not None
                else ("未计算", "", "", "", "", "", "")
            )
            yield (
                row.catalogue.title,
                row.catalogue.region.name,
                column.domain.name,
                column.reference.catalogue.title,
                *values,
            )


def coverage_xlsx(region, reference, columns, rows, generated_at: datetime) -> bytes:
    book = _Workbook(constant_memory=True)
    references = "；".join(f"{c.domain.name}：{c.reference.catalogue.title}" for c in columns) or "无"
    book.about(
        (
            ("对标核查（区划）", ""),
            ("行政区划", f"{region.name}（{region.code}）及其下级区划"),
            ("参照目录", reference.title if reference else "该区划各领域的默认参照（未设定的领域取上级区划的设定）"),
            ("各领域参照", references),
            ("生成时间", f"{generated_at:%Y-%m-%d %H:%M:%S}"),
            ("排序", "按最低覆盖率从低到高，其次缺少和弱于参照的事项多者在前。"),
            ("匹配规则", RULES),
            ("覆盖率", "已覆盖（含有差异的）参照事项数 ÷ 参照事项数；待确认的不计入。数据为预先计算的结果。"),
        )
    )
    book.table("覆盖率", coverage_table_rows(columns, rows), {(0, 0): 40, (1, 3): 16})
    return book.close()
