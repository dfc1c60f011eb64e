"""Source text -> sections -> header -> raw rows (plain Python, no Django).

A source is the OCR text of a PDF table: one line a printed row, cells separated by
tabs, a blank line where a page ended. Domain sections open with a heading such as
"(四) 社会保险领域基层政务公开标准目录"; each table has two header rows whose labels
say which columns it has. Headers (and catalogue titles) repeated at the top of each
page are recognised and skipped. See records.py for the structure produced.
"""
from __future__ import annotations

import re

from catalog.files import UnreadableFile
from catalog.files.text import decode_text

from .align import align
from .records import Column, ImportFailed, Problem, RawCatalogue, RawRow, RawSection

HEADING_RE = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(\S.*?)\s*$")
DOMAIN_RE = re.compile(r"^(.+?)领域")
RULE_RE = re.compile(r"^[\s\-|:]+$")

# Header label (spaces removed) -> canonical key, and level codes for 公开层级 columns.
LABELS = {
    "序号": "number",
    "一级事项": "level1",
    "二级事项": "level2",
    "三级事项": "level3",
    "公开事项": "level1",
    "公开内容": "content",
    "公开内容(要素)": "content",
    "公开内容（要素）": "content",
    "公开依据": "legal_basis",
    "公开时限": "deadline",
    "公开主体": "publisher",
    "公开渠道和载体": "channels",
    "公开渠道": "channels",
    "全社会": "audience_public",
    "特定群众": "audience_specific",
    "特定群体": "audience_specific",
    "主动": "mode_proactive",
    "依申请公开": "mode_on_request",
    "依申请": "mode_on_request",
    "责任科室": "office",
    "责任单位": "office",
}
LEVEL_LABELS = {
    "省级": ("province",),
    "市级": ("city",),
    "县级": ("county",),
    "乡镇": ("township",),
    "乡镇级": ("township",),
    "乡、村级": ("township", "village"),
    "乡村级": ("township", "village"),
    "村级": ("village",),
    "社区": ("village",),
    "村（社区）": ("village",),
}
GROUP_LABELS = {"公开对象", "公开方式", "公开层级"}


def decode(data: bytes, name: str = "文件") -> str:
    """The text of a source under the project's one decoding policy (catalog.files.text)."""
    try:
        return decode_text(data, what=name)
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None


def _label(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def columns_from_header(top: list[str], sub: list[str]) -> list[Column]:
    """The table's columns from its two header rows (a sub-label wins over its group)."""
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    columns = []
    for upper, lower in zip(top, sub):
        label = (lower or upper).strip()
        if not label:
            continue
        key = _label(label)
        if key in GROUP_LABELS and not lower.strip():
            continue  # a group label over sub-columns that the OCR shifted
        if key in LEVEL_LABELS:
            columns.append(Column("level", label, LEVEL_LABELS[key]))
        elif key in LABELS or key.replace("（", "(").replace("）", ")") in LABELS:
            columns.append(Column(LABELS.get(key) or LABELS[key.replace("（", "(").replace("）", ")")], label))
        elif key.startswith("公开内容"):
            columns.append(Column("content", label))
        else:
            raise ImportFailed(f"无法识别的表头“{label}”。")
    return columns


def _is_header_top(cells: list[str]) -> bool:
    labels = [_label(cell) for cell in cells if cell.strip()]
    return bool(labels) and labels[0] == "序号" and any(label in LABELS for label in labels[1:])


def _is_header_sub(cells: list[str]) -> bool:
    labels = [_label(cell) for cell in cells if cell.strip()]
    return bool(labels) and not cells[0].strip() and all(label in LABELS or label in LEVEL_LABELS for label in labels)


def parse(text: str) -> RawCatalogue:
    """Split a source into sections of raw rows. Raises ImportFailed when no table is found."""
    lines = text.split("\n")
    sections: list[RawSection] = []
    problems: list[Problem] = []
    preamble: list[str] = []
    heading: tuple[str, int, str] | None = None
    section: RawSection | None = None
    page_break = False
    title = ""
    i = 0
    while i < len(lines):
        number, line = i + 1, lines[i]
        cells = line.split("\t")
        stripped = line.strip()
        if _is_header_top(cells):
            sub = lines[i + 1].split("\t") if i + 1 < len(lines) else []
            columns = columns_from_header(cells, sub if _is_header_sub(sub) else [])
            used = 2 if _is_header_sub(sub) else 1
            if section is not None and heading is None and columns == section.columns:
                page_break = True  # the header repeated at the top of a new page
            else:
                if heading is None and section is None:
                    heading = (title, number, "")
                if heading is None:
                    raise ImportFailed(f"第{number}行：出现了列不同的新表头，但前面没有分表标题。")
                domain = DOMAIN_RE.match(heading[2])
                section = RawSection(
                    heading=heading[0], line=heading[1], domain_name=domain.group(1) if domain else "", columns=columns
                )
                sections.append(section)
                heading, page_break = None, False
            i += used
            continue
        i += 1
        if not stripped:
            page_break = True
            continue
        match = HEADING_RE.match(stripped)
        if match and "\t" not in stripped:
            heading = (stripped, number, match.group(2))
            continue
        if section is None or (heading is not None):
            if not title and "\t" not in stripped:
                title = stripped.lstrip("#").strip()
            if len([cell for cell in cells if cell.strip()]) >= 4:
                # a table row before any header it could be read against
                problems.append(Problem(number, f"第{number}行像是表格行，但前面没有可对照的表头，未导入"))
            preamble.append(stripped)
            continue
        if RULE_RE.match(line):
            continue
        if "\t" not in stripped and _label(stripped.lstrip("#")) == _label(title):
            page_break = True  # the catalogue title repeated at the top of a new page
            continue
        if not any(cell.strip() for cell in cells):
            continue
        placed, absent, notes = align(cells, section.columns)
        section.rows.append(
            RawRow(line=number, text=line, cells=placed, absent=absent, page_break_before=page_break, notes=notes)
        )
        page_break = False
    if not sections:
        raise ImportFailed("未找到表头：文件中没有以“序号”开头、含“一级事项”“公开内容”等列名的表头行，无法识别为政务公开目录。")
    _check_truncated(lines, sections)
    return RawCatalogue(title=title, sections=sections, problems=problems)


def _check_truncated(lines: list[str], sections: list[RawSection]) -> None:
    """A file that stops in the middle of its last row is refused, not half-imported."""
    last = next((s.rows[-1] for s in reversed(sections) if s.rows), None)
    if last is None:
        raise ImportFailed(f"第{sections[0].line}行的表格没有任何数据行。")
    text = last.text
    open_tag = text.rfind("<") > text.rfind(">")
    open_title = text.count("《") > text.count("》") and not text.rstrip().endswith("\t")
    if open_tag or (open_title and len(text.split("\t")) < len(sections[-1].columns)):
        raise ImportFailed(
            f"第{last.line}行不完整：文件在表格行中间结束（{'HTML 标签' if open_tag else '书名号'}未闭合），可能被截断，未导入任何内容。"
        )


def parse_rows(rows: list[list[str]], *, title: str = "") -> RawCatalogue:
    """The same structure from a spreadsheet already split into cells (an XLSX or CSV
    upload in the official layout: two header rows, then one row an item). Cells stay
    where they are (no realignment: a spreadsheet does not shift them); line numbers
    are 1-based row numbers; a heading row "(四) …领域…" or a repeated header starts or
    continues a section as in text sources."""
    lines = ["\t".join("" if cell is None else str(cell).replace("\t", " ").replace("\n", " ") for cell in row) for row in rows]
    if title:
        lines.insert(0, title)
    raw = parse("\n".join(lines))
    offset = 1 if title else 0
    for section in raw.sections:
        section.line = max(section.line - offset, 0)
        for row in section.rows:
            row.line -= offset
            row.cells = {i: cell for i, cell in enumerate(row.text.split("\t")[: len(section.columns)])}
            row.absent, row.notes, row.page_break_before = (), [], False
    return raw
