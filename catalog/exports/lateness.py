"""The lateness report as CSV (UTF-8 with BOM, for Excel) and XLSX, with formula-safe cells
(safety.csv_safe's apostrophe, in both formats)."""

from __future__ import annotations

import csv
import io

from catalog.deadlines.lateness import STATUS_LABELS, STATUSES, Report

from .safety import csv_safe

HEADER = (
    "行号",
    "核查结果",
    "逾期工作日",
    "截止日期",
    "截止日期为估算",
    "信息形成（变更）日期",
    "发布日期",
    "事项编号",
    "事项",
    "目录",
    "领域",
    "公开主体",
    "公开时限（原文）",
    "发布网址",
    "说明",
)


def report_rows(report: Report):
    """One row generator shared by both formats."""
    yield HEADER
    for row in report.rows:
        yield (
            row.line,
            STATUS_LABELS[row.status],
            row.late_working_days if row.late_working_days is not None else "",
            row.due,
            "是" if row.is_estimate else "",
            row.formed,
            row.published,
            row.item_id if row.item_id is not None else "",
            row.item_name,
            row.catalogue,
            row.domain,
            "、".join(row.publishers),
            row.deadline_text,
            row.url,
            row.message,
        )


def summary_rows(report: Report):
    counts = report.counts()
    yield ("分组", "名称", "记录数", *(STATUS_LABELS[s] for s in STATUSES))
    for group, label in (("by_catalogue", "目录"), ("by_domain", "领域"), ("by_publisher", "公开主体")):
        for entry in counts[group]:
            yield (label, entry["name"], entry["total"], *(entry[s] for s in STATUSES))
    total = counts["total"]
    yield ("合计", "", total["total"], *(total[s] for s in STATUSES))


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in report_rows(report):
        writer.writerow([csv_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in (("核查结果", report_rows(report)), ("汇总", summary_rows(report))):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([csv_safe(cell) for cell in row])
    info = workbook.create_sheet("文件信息")
    for row in (("上传文件", report.file_name), ("SHA-256", report.file_sha256), ("核查时间", report.checked_at)):
        info.append([csv_safe(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
