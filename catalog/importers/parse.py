"""Source text -> sections -> header -> raw rows (plain Python, no Django).

A source is the text of a catalogue page or document: tables in any of the layouts
of ``layouts.py`` (tabs, pipes, one cell per line, spaces, cells run together),
with page text around them. Domain sections open with a heading such as
"(四) 社会保险领域基层政务公开标准目录"; each table has one or two header rows whose
labels say which columns it has (``headers.py``). Headers (and catalogue titles)
repeated at the top of each page are recognised and skipped; so are page chrome,
metadata blocks and tables of contents, which never become items. See records.py
for the structure produced.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from itertools import islice

from catalog.files import UnreadableFile
from catalog.files.spool import Recent, Spool
from catalog.files.text import decode_text

from . import layouts, pasted
from .aliases import map_channel
from .align import (
    TICK_COLUMNS,
    align,
    division_repeats_level1,
    join_named_documents,
    names_before_missing_content,
    right_align_names,
    sibling_names,
)
from .cleaners import EMPTY_BOXES, TICKED_BOXES, TICKS
from .glued import glued_rows
from .headers import (
    GUESS,
    UNKNOWN,
    ColumnMapping,
    Corrections,
    as_corrections,
    columns_from_labels,
    map_columns,
    match_label,
)
from .layouts import HEADING_RE
from .pagetext import heading_domain, is_metadata, read_page
from .records import (
    Column,
    ImportFailed,
    MissingNames,
    NoTableFound,
    Problem,
    RawCatalogue,
    RawRow,
    RawSection,
    Severity,
)
from .refine import refine_columns
from .segment import segment

# A note a sheet or a web page prints under its table, alone in a row (注：本目录由…负责解释):
# page text, not an item with every field empty.
GRID_NOTE_RE = re.compile(r"^\s*(?:注|备\s*注|说\s*明|注\s*释)\s*[0-9一二三四五六七八九十]*\s*[:：]")

RULE_RE = re.compile(r"^[\s\-|:]+$")
# The last box of a row and the text after it (a glued row may end with its channel list).
_BOX_MARKS = TICKED_BOXES + EMPTY_BOXES + TICKS
LAST_BOX_RE = re.compile(f"[{_BOX_MARKS}]\\s*([^{_BOX_MARKS}\\s]+)\\s*$")


def decode(data: bytes, name: str = "文件") -> str:
    """The text of a source under the project's one decoding policy (catalog.files.text)."""
    try:
        return decode_text(data, what=name)
    except UnreadableFile as error:
        raise ImportFailed(str(error)) from None


def columns_from_header(top: list[str], sub: list[str]) -> list[Column]:
    """The table's columns from its two header rows in grid positions."""
    return map_columns([top, sub]).columns


# ---- finding headers -------------------------------------------------------------------


class _Header:
    def __init__(
        self, layout: str, line: int, after: int, mapping: ColumnMapping, leading: bool = False, pasted: bool = False
    ):
        self.layout, self.line, self.after, self.mapping, self.leading = layout, line, after, mapping, leading
        self.pasted = pasted  # a table copied from a web page (tab layout, see pasted.py)


def _mapping_from_labels(top: list[str], sub: list[str]) -> ColumnMapping:
    columns = columns_from_labels(top, sub)
    return ColumnMapping(columns, list(range(len(columns))), header_rows=2 if sub else 1)


def _header_at(lines: list[str], i: int, layout: str | None, grid: bool = False) -> _Header | None:
    """A table header starting at lines[i], in whatever layout it is printed (read at most
    LOOKAHEAD lines ahead). ``grid``: the lines are a grid's rows (parse_rows), never a copy
    of a web page's table."""
    line = lines[i]
    end = min(len(lines), i + LOOKAHEAD)
    stripped = line.strip()
    if not stripped or len(stripped) > 600:
        return None
    if "\t" in line:
        cells = line.split("\t")
        if _is_tab_top(cells):
            copied = None if grid else pasted.header_at(lines, i, end)
            if copied:
                top, sub, after = copied
                return _Header("tab", i, after, _mapping_from_labels(top, sub), pasted=True)
            sub = lines[i + 1].split("\t") if i + 1 < len(lines) else []
            is_sub = _is_tab_sub(sub, cells)
            mapping = map_columns([cells, sub if is_sub else []])
            copied = not grid and not is_sub and pasted.looks_copied(lines, i + 1, end, len(mapping.columns))
            return _Header("tab", i, i + (2 if is_sub else 1), mapping, pasted=copied)
        return None
    if "|" in line:
        found = layouts.pipe_header_at(lines, i, end)
        if found:
            top, sub, after, leading = found
            return _Header("pipe", i, after, _mapping_from_labels(top, sub), leading)
        return None
    if layout in (None, "lines", "spaces", "glued", "pipe"):
        found = layouts.spaces_header_at(lines, i, end)
        if found:
            top, sub, after = found
            return _Header("spaces", i, after, _mapping_from_labels(top, sub))
        labels = layouts.glued_labels(line)
        if labels and layouts.is_header_top(labels + _next_glued(lines, i)):
            sub = _next_glued(lines, i)
            top = labels
            if not sub:
                top, sub = layouts.split_header(labels)
            return _Header("glued", i, i + (2 if _next_glued(lines, i) else 1), _mapping_from_labels(top, sub))
        found = layouts.lines_header_at(lines, i, end)
        if found:
            top, sub, after = found
            return _Header("lines", i, after, _mapping_from_labels(top, sub))
        found = layouts.stacked_header_at(lines, i, end)
        if found:
            top, sub, after = found
            mapping = _mapping_from_labels(top, sub)
            if any(column.key == "number" for column in mapping.columns):
                _check_stacked(lines, i, after, end, mapping)
                return _Header("stacked", i, after, mapping)
    return None


def _check_stacked(lines: list[str], i: int, after: int, end: int, mapping: ColumnMapping) -> None:
    """Refuse a table printed one cell a line without blank lines unless its rows are each
    exactly as many lines as the header has columns, every one opening with the next 序号:
    otherwise a cell left empty (not printed) or a line break inside a cell moves every
    boundary after it, and no reading of the lines can be trusted. A last row cut short by
    the window read here is read again with the rest (``_Parser._stacked_row``)."""
    width = len(mapping.columns)
    k, rows, short = layouts.stacked_rows(lines, after, end, width)
    cut = short and not any(line.strip() for line in lines[k:end])  # the text ends inside its last row
    if rows and (k >= end < len(lines) or (cut or not short) and _stacked_end(lines, k)):
        return
    raise ImportFailed(_stacked_misfit(lines, (i, after), k, width, short, mapping))


def _stacked_end(lines: list[str], k: int) -> bool:
    """Where a table printed one cell a line may end: the end of the text, an empty line, a
    heading or the page below the table."""
    if k >= len(lines) or lines[k] == "":
        return True
    return bool(_section_heading(lines[k].strip(), between=True) or pasted.is_footer(lines[k].strip()))


def _upper_names_only(columns, absent) -> bool:
    """Whether a row left out a name above the item's own (一级 over 二级) and, besides it, only
    tick columns (left empty; where the ticks' places are in doubt the row says so apart)."""
    names = [j for j, column in enumerate(columns) if column.key in ("level1", "level2", "level3")]
    upper = [j for j in absent if j in names[:-1]]
    return bool(upper) and all(j in upper or columns[j].key in TICK_COLUMNS for j in absent)


# What to do with a table printed one cell a line without blank lines. A blank line between
# cells is no help where the page left its empty cells out: each needs a line of its own.
ONE_CELL_A_LINE_ADVICE = (
    "请上传原件（Word、Excel 或 PDF 文件），或把原网页另存为 .html（网页，仅 HTML）后上传，"
    "或在浏览器中复制表格粘贴到“粘贴文本”。如要自己整理文本：每个单元格各占一行、单元格之间加一个空行，"
    "空单元格也要占一行（只打一个空格），不能省略，然后重试。"
)


def _stacked_misfit(
    lines: list[str], header: tuple[int, int], k: int, width: int, short: int, mapping: ColumnMapping
) -> str:
    labels = "、".join(f"“{column.label}”" for column in mapping.columns[:8])
    if short:
        where = f"第{k - short + 1}行起的一行只有{short}行，少于表头的{width}列"
    else:
        where = f"第{k + 1}行应是下一行的序号，实际是“{lines[k].strip()[:20]}”"
    return (
        f"第{header[0] + 1}–{header[1]}行是表头，每个列名各占一行（共{width}列：{labels}……），下面的表格也是每格一行、"
        f"中间没有空行，只能按每行恰好{width}行来分行；但{where}：有的空单元格没有印出，或单元格内有换行，"
        f"单元格的分界无法确定，未能读取。{ONE_CELL_A_LINE_ADVICE}"
    )


def _next_glued(lines: list[str], i: int) -> list[str]:
    if i + 1 >= len(lines):
        return []
    labels = layouts.glued_labels(lines[i + 1])
    return labels if labels and layouts.is_header_sub(labels) else []


def _is_tab_top(cells: list[str]) -> bool:
    labels = [cell.strip() for cell in cells if cell.strip()]
    return bool(labels) and layouts.is_header_top(cells) and len(cells) >= 3


def _is_tab_sub(cells: list[str], top: list[str]) -> bool:
    """The second header row in grid positions: blank under the first column (序号 over both
    rows), or a sub label there when the first column is a group (公开事项 over 一级/二级事项)."""
    if not cells or not layouts.is_header_sub(cells):
        return False
    return not cells[0].strip() or (
        bool(top[0].strip()) and match_label(top[0]).group and layouts.is_sub_label(cells[0])
    )


# ---- the scanner -----------------------------------------------------------------------

# How far the parser reads ahead of the line it is at, in lines: a header (two rows, or one
# label a paragraph), a row of any layout (one cell a line: a few dozen lines) and the
# search for the end of the table it is in. The lines are spooled (a long file is not held
# as strings), and what the parser holds at a time is bounded by this window.
LOOKAHEAD = 400


def parse(text: str | Spool, *, overrides: Mapping[str, str] | Corrections | None = None) -> RawCatalogue:
    """Split a source (its text, or its lines spooled) into sections of raw rows. Raises
    ImportFailed when no table is found.

    ``overrides`` ({header as printed -> field}, or ``headers.Corrections`` with a layout
    profile) corrects the column mapping of every table (see ``headers.apply_overrides``)."""
    return _parse_lines(text.split("\n") if isinstance(text, str) else text, overrides)


def _parse_lines(lines: list[str], overrides, grid: bool = False) -> RawCatalogue:
    if isinstance(lines, Spool):  # each row's window ahead is read again for the next row
        lines = Recent(lines, keep=LOOKAHEAD)
    corrections = as_corrections(overrides)
    raw = _Parser(lines, corrections, grid).run()
    if not isinstance(overrides, Corrections):  # a caller's Corrections may cover more tables (readers.to_raw)
        corrections.check_given()
    return raw


EXAMPLE_ROWS = 12  # the rows above whose cells a row's cells are compared with (_examples)
RECENT_ROWS = 50  # the rows above in which a row's merged names are looked for (_names_in_force)


class _Parser:
    def __init__(self, lines: list[str], overrides: Corrections, grid: bool = False):
        self.lines = lines
        self.grid = grid  # the rows of a grid (parse_rows), not page text
        self.overrides = overrides
        self.sections: list[RawSection] = []
        self.problems: list[Problem] = []
        self.outside: list[tuple[int, str]] = []  # lines outside tables (for the page)
        self.heading: tuple[str, int, str] | None = None
        self.section: RawSection | None = None
        self.header: _Header | None = None
        self.page_break = False
        self.under_header = False
        self.title = ""
        self.used_layouts: list[str] = []
        self._scanned: tuple[_Header | None, int, int, bool] = (None, 0, 0, False)  # see _stop_at
        # the cells of self.section's last rows as added, so that they are not read back from the
        # spool (the rows are pickled when added and never changed while the table is read)
        self._recent: deque[dict[int, str]] = deque(maxlen=RECENT_ROWS)

    def run(self) -> RawCatalogue:
        lines = self.lines
        i = 0
        while i < len(lines):
            layout = self.header.layout if self.header else None
            header = None if self._scanned_past(i) else _header_at(lines, i, layout, self.grid)
            if header is not None:
                self._start(header)
                i = header.after
                continue
            i = self._line(i)
        if not self.sections:
            raise NoTableFound(_no_table_message(lines))
        page = read_page(self.outside)
        for section in self.sections:
            if not section.domain_name and page.title:
                section.domain_name = heading_domain(page.title)  # "养老服务领域…目录" above the table
        self._check_truncated()
        for section in self.sections:
            if not section.rows and any(other.rows for other in self.sections):
                self.problems.append(
                    Problem(
                        section.line,
                        f"第{section.line}行起的表格“{section.heading}”只有表头，没有数据行，未导入事项；"
                        "如原件在此还有内容，请导入完整的文件。",
                        Severity.WARNING,
                    )
                )
            refine_columns(section, self.problems)
        if page.toc:
            self.problems.append(
                Problem(
                    page.toc[0], f"第{_span(page.toc)}行是目录（各分表标题和页码），不是事项，未导入", Severity.NOTE
                )
            )
        return RawCatalogue(
            title=self.title,
            sections=self.sections,
            problems=self.problems,
            reader="文本",
            layout="+".join(dict.fromkeys(self.used_layouts)),
            metadata=page.metadata,
            page_title=page.title,
            issuer=page.issuer,
            issued_date=page.date,
            profiles=self.overrides.used,
            issued_date_precision=page.date_precision,
        )

    # ---- headers and headings ----

    def _start(self, header: _Header) -> None:
        if header.layout != "tab" and not any(c.key == "number" for c in header.mapping.columns):
            self._number_column(header)
        mapping = self.overrides.apply(header.mapping) if self.overrides else header.mapping
        columns = [column for _, column in mapping.kept()]
        if not mapping.has_names():
            # Only this table and those above it have been read: a corrected header missing here
            # may belong to a later table, so it is named as missing from this one.
            missed = self.overrides.not_in(header.mapping) if self.overrides else ""
            raise MissingNames(f"第{header.line + 1}行的表头：{missed}{mapping.missing_names_message()}", mapping)
        if self.section is not None and self.heading is None and columns == self.section.columns:
            self.page_break = True  # the header repeated at the top of a new page
            self.header = header
            self.under_header = True
            return
        if self.heading is None and self.section is None:
            title = read_page(self.outside).title
            # The first table's domain is its own title's, not the page's last title's.
            self.heading = (title or self.title, header.line + 1, title if "领域" in title else "")
        if self.heading is None:
            raise ImportFailed(
                f"第{header.line + 1}行：出现了列不同的新表头，但前面没有分表标题（如“（二）××领域基层政务公开标准目录”）。"
                "请在两个表格之间加上分表标题，或分开导入。"
            )
        heading, line, body = self.heading
        domain = heading_domain(body) if body else ""
        self.section = RawSection(
            heading=heading, line=line, domain_name=domain, columns=columns, layout=header.layout, rows=Spool()
        )
        self.section.mapping = mapping
        self.section.pasted = header.pasted
        self._recent = deque(maxlen=RECENT_ROWS)
        for column in columns:
            if column.certainty == UNKNOWN:
                self.problems.append(
                    Problem(
                        header.line + 1,
                        f"表头“{column.printed}”不是政务公开目录的标准列名，其内容按“其他信息”随事项保存"
                        "（可在上传预览中改为某一字段，或选择不导入）",
                        Severity.NOTE,
                    )
                )
        self.sections.append(self.section)
        self.header = header
        self.heading, self.page_break = None, False
        self.under_header = True
        self.used_layouts.append("pasted" if header.pasted else header.layout)

    def _number_column(self, header: _Header) -> None:
        """A header without 序号 over rows that begin with one (荷塘区, 青浦区): the page
        lost the header cell, not the column."""
        end = min(len(self.lines), header.after + LOOKAHEAD)
        following = next((self.lines[k] for k in range(header.after, end) if self.lines[k].strip()), "")
        first = re.split(r"[|\t\s]", following.strip().lstrip("|").strip(), maxsplit=1)[0]
        if not layouts.NUMBER_RE.match(first):
            return
        mapping = header.mapping
        column = Column("number", "序号", certainty=GUESS)
        header.mapping = ColumnMapping([column, *mapping.columns], [-1, *mapping.indexes], mapping.header_rows)
        self.problems.append(
            Problem(header.line + 1, "表头没有“序号”列，但表格各行以序号开头：已按有“序号”列读取", Severity.NOTE)
        )

    def _line(self, i: int) -> int:
        """Consume what starts at lines[i]; returns the next index."""
        line = self.lines[i]
        stripped = line.strip()
        number = i + 1
        layout = self.header.layout if self.header else None
        if not stripped:
            if (layout == "tab" and not self.header.pasted) or layout is None:
                self.page_break = True
            return i + 1
        heading = _section_heading(stripped, between=self.section is not None)
        if heading:
            self.heading = (heading, number, heading)
            self.outside.append((number, line))
            return i + 1
        if self.section is None or self.heading is not None:
            if (
                not self.title
                and "\t" not in stripped
                and not stripped.startswith("Source:")
                and not is_metadata(stripped)
            ):
                self.title = stripped.lstrip("#").strip()
            if len([cell for cell in line.split("\t") if cell.strip()]) >= 4:
                self.problems.append(
                    Problem(number, f"第{number}行像是表格行，但前面没有可对照的表头，未导入", Severity.WARNING)
                )
            self.outside.append((number, line))
            return i + 1
        if pasted.is_footer(stripped) or (self.grid and "\t" not in stripped and GRID_NOTE_RE.match(stripped)):
            self.outside.append((number, line))  # the page below the table (附件：…, 打印本页)
            return i + 1
        if layout == "tab":
            return self._pasted_row(i) if self.header.pasted else self._tab_line(i)
        if layouts.CHROME_RE.match(stripped):
            self.outside.append((number, line))
            return i + 1
        if layout == "pipe":
            return self._pipe_row(i)
        if layout == "glued":
            return self._glued_rows(i)
        if layout == "stacked":
            return self._stacked_row(i)
        return self._piece_rows(i, layout)

    def _stacked_row(self, i: int) -> int:
        """A row of a table printed one cell a line without blank lines: as many lines as the
        header has columns, from its 序号 (``_check_stacked``). A row cut short is refused
        unless the text ends with it (a cut file: ``_cut`` leaves it out)."""
        mapping = self.header.mapping
        width = len(mapping.columns)
        stop, after = self._stop(i), i
        while after < min(stop, i + width) and self.lines[after] != "":
            after += 1
        short = after - i if after - i < width else 0
        cut = short and not any(line.strip() for line in self.lines[after : after + LOOKAHEAD])
        if layouts.is_row_number(self.lines[i]) is None or short and not cut:
            header = (self.header.line, self.header.after)
            raise ImportFailed(_stacked_misfit(self.lines, header, after if short else i, width, short, mapping))
        taken = self.lines[i:after]
        placed = {
            j: taken[index] for j, (index, _) in enumerate(self.section.mapping.kept()) if 0 <= index < len(taken)
        }
        absent = tuple(j for j in range(len(self.section.columns)) if j not in placed)
        row = RawRow(line=i + 1, text="\n".join(taken), cells=placed, absent=absent, page_break_before=self.page_break)
        row.open_end = bool(short)
        self._add(row)
        return after

    def _tab_line(self, i: int) -> int:
        number, line = i + 1, self.lines[i]
        stripped = line.strip()
        cells = line.split("\t")
        if RULE_RE.match(line):
            return i + 1
        if "\t" not in stripped and _label(stripped.lstrip("#")) == _label(self.title):
            self.page_break = True  # the catalogue title repeated at the top of a new page
            return i + 1
        if not any(cell.strip() for cell in cells):
            return i + 1
        placed, absent, notes = align(cells, self.section.columns)
        self._add(
            RawRow(line=number, text=line, cells=placed, absent=absent, page_break_before=self.page_break, notes=notes)
        )
        return i + 1

    def _pasted_row(self, i: int) -> int:
        """A row of a table copied from a web page: over the lines a line break in a cell made;
        the cells a rowspan above covers are left out (absent: the merged cell goes on), an
        empty cell is printed empty (blank: it does not take the value above)."""
        columns = self.section.columns
        after = pasted.row_end(self.lines, i, self._stop(i), len(columns))
        text = "\n".join(self.lines[i:after])
        cells, loose = pasted.row_cells(text, len(columns))
        if not any(cell.strip() for cell in cells):
            return after
        placed, absent, notes = align(cells, columns, merged=True, loose=loose)
        doubtful = pasted.ticks_left_out_at_end(columns, placed, absent)
        if pasted.only_merged(columns, [j for j in absent if j not in doubtful]):  # as the page has them
            notes = [note for note in notes if not note.startswith("本行单元格错位")]
        if doubtful:
            notes.append(pasted.ticks_doubt(columns, doubtful))
        row = RawRow(line=i + 1, text=text, cells=placed, absent=absent, page_break_before=self.page_break, notes=notes)
        row.blank = tuple(j for j, cell in placed.items() if not cell.strip())
        self._add(row)
        return after

    def _pipe_row(self, i: int) -> int:
        stop = self._stop(i)
        printed = sum(1 for index in self.header.mapping.indexes if index >= 0)
        number_at = next((k for k, c in enumerate(self.header.mapping.columns) if c.key == "number"), 0)
        row, after = layouts.read_pipe_row(
            self.lines, i, stop, leading=self.header.leading, width=printed, number_at=max(number_at, 0)
        )
        cells = row.cells[: len(row.cells) - row.pads] if row.pads else row.cells
        if not any(cell.strip() for cell in cells):
            return after
        texts = [cell for cell in cells if cell.strip()]
        if len(texts) == 1 and self.title and _label(texts[0]) == _label(self.title):
            self.page_break = True  # the title printed again above a repeated header
            return after
        placed, absent, notes = align(cells, self.section.columns, packed=row.pads > 0, page=True)
        if absent and _upper_names_only(self.section.columns, absent):
            # The row left out only names above its own: cells merged down from the row above
            # ("2 |" then "事项2 |" under a 一级 printed once), as pages print them, not misplaced.
            notes = [note for note in notes if not note.startswith("本行单元格错位")]
        placed = division_repeats_level1(right_align_names(placed, self.section.columns), self.section.columns)
        placed = names_before_missing_content(placed, self.section.columns, self._names_in_force)
        if self._recent:
            placed = sibling_names(placed, self.section.columns, self._recent[-1])
        text, content = row.text, self.section.index("content")
        while content is not None and after < stop and layouts.continuation_piece(self.lines[after]):
            # 【联系方式】 | ||||||: the next 要素 of this row's 公开内容, the other cells merged over it
            placed[content] = (
                f"{placed.get(content, '').strip()}\n{layouts.continuation_piece(self.lines[after])}".strip()
            )
            text += "\n" + self.lines[after]
            after += 1
        absent = tuple(j for j in range(len(self.section.columns)) if j not in placed)
        raw = RawRow(
            line=row.line, text=text, cells=placed, absent=absent, page_break_before=self.page_break, notes=notes
        )
        raw.open_end = row.open_end
        self._add(raw)
        return after

    def _names_in_force(self) -> tuple[dict[int, str], frozenset[int]]:
        """The names of the last row, those it left out (merged) taken from the rows above; and
        the name columns the recent rows show the page prints again rather than merging (two
        rows in a row printed the same name)."""
        names = [j for j, column in enumerate(self.section.columns) if column.key in ("level1", "level2", "level3")]
        found: dict[int, str] = {}
        recent = self._recent
        for cells in reversed(recent):
            for j in names:
                if j not in found and j in cells:
                    found[j] = cells[j]
            if len(found) == len(names):
                break
        repeated = frozenset(
            j
            for upper, lower in zip(recent, islice(recent, 1, None))
            for j in names
            if upper.get(j, "").strip() and upper[j].strip() == lower.get(j, "").strip()
        )
        return found, repeated

    def _glued_rows(self, i: int) -> int:
        """The rows of a glued table, read LOOKAHEAD lines at a time: a block the window cut
        short gives back its last row (it may go on below), which starts the next block. (The
        shared 一级 prefixes that glued_rows finds are looked for within a block.)"""
        stop, whole = self._stop_at(i)
        block = [(k, self.lines[k]) for k in range(i, stop)]
        rows = glued_rows(block, self.section.columns)
        if not whole and len(rows) > 1:
            stop = rows.pop().line - 1
        for row in rows:
            cells = {j: cell for j, cell in enumerate(row.cells) if cell}
            absent = tuple(j for j in range(len(self.section.columns)) if j not in cells)
            self._add(RawRow(line=row.line, text=row.text, cells=cells, absent=absent, notes=list(row.notes)))
        return stop

    def _piece_rows(self, i: int, layout: str) -> int:
        """A row of the lines or spaces layout: from its 序号 to the next row's."""
        stop = self._stop(i)
        if layout == "lines":
            paragraphs = layouts.paragraphs(self.lines, i, stop)
            end = len(paragraphs)
            # The 序号 is not always the first cell (领域 / 序号 / …): the next row begins that
            # many paragraphs before its 序号.
            before = next((j for j, c in enumerate(self.section.columns) if c.key == "number"), 0)
            first = layouts.is_row_number(paragraphs[before][1]) if len(paragraphs) > before else None
            for k in range(before + 1, len(paragraphs)):
                value = layouts.is_row_number(paragraphs[k][1])
                if value is not None and _next_number(first, value, k - before):
                    end = k - before
                    break
            block = paragraphs[:end]
            after = block[-1][0] + block[-1][1].count("\n") + 1 if block else i + 1
            if end < len(paragraphs):
                after = paragraphs[end][0]
            pieces = [text for _, text in block]
            starts = [index for index, _ in block]
            ends = [index + text.count("\n") for index, text in block]
        else:
            k = i + 1
            while k < stop and not layouts.starts_space_row(self.lines[k]):
                k += 1
            pieces, starts = [], []
            for index in range(i, k):
                if layouts.CHROME_RE.match(self.lines[index].strip()):
                    continue
                for token in layouts.space_tokens(self.lines[index]):
                    pieces.append(token)
                    starts.append(index)
            ends = starts
            after = k
        if not pieces:
            return max(after, i + 1)
        for cells, absent, notes, extra, first, end in segment(pieces, self.section.columns, self._examples()):
            cells = right_align_names(join_named_documents(cells, self.section.columns), self.section.columns)
            if layout == "lines":
                lost = self._unplaced_ticks(cells)
                notes = notes + lost + (self._lone_name(cells) if lost else [])
            absent = tuple(j for j in range(len(self.section.columns)) if j not in cells)
            line, last = starts[first], ends[end - 1]
            text = "\n".join(self.lines[line : last + 1])
            row = RawRow(
                line=line + 1, text=text, cells=cells, absent=absent, page_break_before=self.page_break, notes=notes
            )
            row.extra = extra
            self._add(row)
        return max(after, i + 1)

    def _unplaced_ticks(self, cells: dict[int, str]) -> list[str]:
        """A √ whose column the text does not say (pasted.unplaced_ticks) is not imported: the
        group's columns are left empty and the row says why."""
        notes = []
        for label, group in pasted.unplaced_ticks(self.section.columns, cells):
            options = "、".join(self.section.columns[j].label for j in group)
            for j in group:
                cells[j] = ""
            notes.append(
                f"{label}：原文每格单独成段，空单元格没有印出，分不清“√”勾的是{options}中的哪一项，"
                f"未导入{label}，请对照原件核对"
            )
        return notes

    def _lone_name(self, cells: dict[int, str]) -> list[str]:
        """A row that lost its empty cells (its ticks say so) and prints one name where the
        table has an upper and a lower name column: the name may be an upper one whose lower
        cell is empty as well as a lower one under an upper cell merged down from above (shequ's
        司法调解服务 and 城镇非职工居民独生子女保健费发放 print alike). It is read as the lower
        one, except on the table's first row, which nothing above can cover; the row says so."""
        names = [j for j, column in enumerate(self.section.columns) if column.key in ("level1", "level2", "level3")]
        printed = [j for j in names if cells.get(j, "").strip()]
        if len(names) < 2 or len(printed) != 1:
            return []
        (j,) = printed
        name = " ".join(cells[j].split())
        if not self.section.rows and j != names[0]:
            cells[names[0]] = cells.pop(j)
            return [
                f"本行只印出一个事项名称“{name}”：原文每格单独成段，空单元格没有印出；"
                f"它是本表第一行，上方没有可合并的{self.section.columns[names[0]].label}，已按{self.section.columns[names[0]].label}读取，请对照原件核对"
            ]
        upper = "、".join(self.section.columns[k].label for k in names if k < j)
        return [
            f"本行只印出一个事项名称“{name}”：原文每格单独成段，空单元格没有印出，分不清它是{upper}"
            f"（下级名称为空）还是上方合并的{upper}下的{self.section.columns[j].label}，"
            f"已按{self.section.columns[j].label}读取，请对照原件核对"
        ]

    def _examples(self) -> dict[int, list]:
        """Bigrams of the cells of this table's complete rows so far, by column."""
        from .segment import _grams

        names = [j for j, c in enumerate(self.section.columns) if c.key in ("level1", "level2", "level3", "content")]
        examples: dict[int, list] = {}
        for cells in islice(self._recent, max(len(self._recent) - EXAMPLE_ROWS, 0), None):
            if all(cells.get(j, "").strip() for j in names):
                for j, cell in cells.items():
                    # Not names: the names of different rows are meant to differ.
                    if self.section.columns[j].key in ("content", "legal_basis"):
                        examples.setdefault(j, []).append(_grams(cell))
        return examples

    def _stop(self, i: int) -> int:
        return self._stop_at(i)[0]

    def _stop_at(self, i: int) -> tuple[int, bool]:
        """Where the table that holds lines[i] ends, the next header or heading, looked for
        at most LOOKAHEAD lines ahead (a row is far shorter: the callers read one row, or a
        glued block, up to it); and whether that is the table's end (False: the window's).
        What was scanned is remembered, so a table's lines are scanned once, not once a row."""
        end = min(len(self.lines), i + 1 + LOOKAHEAD)
        header, low, high, found = self._scanned
        if header is not self.header or not low <= i < high:
            low, high, found = i, i + 1, False
        while not found and high < end:  # no stop in lines (low, high)
            if self._stops_at(high):
                found = True
            else:
                high += 1
        found = found or high == len(self.lines)
        self._scanned = (self.header, low, high, found)
        return (high, True) if found and high <= end else (end, end == len(self.lines))

    def _scanned_past(self, i: int) -> bool:
        """lines[i] was looked at by the scan for this table's end (_stop_at) and starts no
        header: a row's first line need not be looked at again when the row is read."""
        header, low, high, _ = self._scanned
        return header is not None and header is self.header and low < i < high

    def _stops_at(self, k: int) -> bool:
        stripped = self.lines[k].strip()
        if _section_heading(stripped, between=True):
            return True
        if pasted.is_footer(stripped):
            return True  # the page below the table: no row goes on into it
        return bool(stripped) and _header_at(self.lines, k, self.header.layout, self.grid) is not None

    def _add(self, row: RawRow) -> None:
        row.after_header = self.under_header
        self.section.rows.append(row)
        self._recent.append(dict(row.cells))
        self.page_break = False
        self.under_header = False

    # ---- the end of the text ----

    def _check_truncated(self) -> None:
        """A file that stops in the middle of its last row: that row is left out."""
        section = next((s for s in reversed(self.sections) if s.rows), None)
        if section is None:
            raise ImportFailed(f"第{self.sections[0].line}行的表格没有任何数据行。")
        last = section.rows[-1]
        reason = _cut(last, section)  # asked once: with the row popped, it would be asked of a shorter table
        if reason:
            section.rows.pop()
            message = (
                f"第{last.line}行：文件在这一行的中间结束（{reason}），可能被截断；该行未导入。"
                "如原件还有后续内容，请导入完整的文件。"
            )
            self.problems.append(Problem(last.line, message, Severity.WARNING))


def _section_heading(stripped: str, *, between: bool) -> str:
    """The heading of a domain section when the line is one (``_is_heading``), printed alone or
    as the only cell of a pipe row ("(二)公共资源交易领域…标准目录 |"); else ""."""
    text = layouts.title_cell(stripped)
    return text if text and _is_heading(text, between=between) else ""


def _cut(row: RawRow, section: RawSection) -> str:
    """Why the last row of a file looks cut off, or "" when it looks whole."""
    text = row.text
    if text.rfind("<") > text.rfind(">"):
        return "HTML 标签未闭合"
    if text.count("《") > text.count("》") and not text.rstrip().endswith("\t"):
        if section.layout != "tab" or len(text.split("\t")) < len(section.columns):
            return "书名号未闭合"
    if section.layout == "tab" and not section.pasted:
        return ""
    if row.open_end and section.layout == "stacked":
        return f"只有{row.text.count(chr(10)) + 1}行，少于表头的{len(section.columns)}列"
    if row.open_end:
        return "最后一格没有结束的竖线"
    if section.layout == "glued" and not re.search(r"([。；;)）》]|全社会|特定群[体众])\s*$", row.text):
        # A row may end with its channel list: then with a whole channel's name after its box.
        last_box = LAST_BOX_RE.search(row.text)
        if not last_box or map_channel(last_box.group(1)) is None:
            return "最后一句没有结束"
    # The file ends inside a cell that the row above prints longer ("■公开查阅" under
    # "■公开查阅点 ■政务服务中心 …"): the same template, cut short.
    last = max((j for j, cell in row.cells.items() if cell.strip()), default=None)
    earlier = len(section.rows) - 1  # the rows above the last (read from the spool, not listed)
    above = next(
        (r for r in islice(reversed(section.rows), 1, None) if last in r.cells and r.cells[last].strip()), None
    )
    if last is not None and above is not None:
        mine, theirs = _flat(row.cells[last]), _flat(above.cells[last])
        if len(mine) < len(theirs) and theirs.startswith(mine):
            return f"“{section.columns[last].label}”比上一行短，像是被截断"
    # The row stops before columns every earlier row of the table has.
    keys = {"content", "legal_basis", "deadline", "publisher", "channels"}
    wanted = [j for j, column in enumerate(section.columns) if column.key in keys]
    missing = [j for j in wanted if j not in row.cells or not row.cells[j].strip()]
    if missing and wanted and missing[-1] == wanted[-1]:
        has_it = any(wanted[-1] in r.cells and r.cells[wanted[-1]].strip() for r in islice(section.rows, earlier))
        if not earlier or has_it:
            return f"缺少“{section.columns[wanted[-1]].label}”等列"
    return ""


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _next_number(first: int | None, value: int, k: int) -> bool:
    if first is None:
        return True
    return value == first + 1 or (first < value <= first + 3 and k >= 3)


# A domain table's title printed without a number (义务教育领域基层政务公开标准目录(试行)).
DOMAIN_TITLE_RE = re.compile(r"^[^\s|\t]{0,40}领域[^\s|\t]{0,30}(?:目录|清单)(?:[（(][^（）()]{1,12}[）)])?$")


def _is_heading(stripped: str, *, between: bool) -> bool:
    """A heading that opens a domain section: "(四) …领域…" or, between two tables (``between``:
    a table is open), a domain table's title without a number.

    >>> _is_heading("（四）社会保险领域基层政务公开标准目录", between=False)
    True
    >>> _is_heading("义务教育领域基层政务公开标准目录", between=False), _is_heading("义务教育领域基层政务公开标准目录", between=True)
    (False, True)
    >>> _is_heading("义务教育领域政策法规文件", between=True), _is_heading("（一）义务教育领域标准目录3", between=True)
    (False, False)
    """
    if "|" in stripped or "\t" in stripped or "领域" not in stripped or _toc_entry(stripped):
        return False
    return bool(HEADING_RE.match(stripped) or between and DOMAIN_TITLE_RE.match(stripped))


def _toc_entry(text: str) -> bool:
    return bool(re.search(r"\D\d{1,3}$", text.strip())) and "领域" in text


def _label(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def _span(numbers: list[int]) -> str:
    return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])


def _no_table_message(lines: list[str]) -> str:
    """Why no table was found: what looks nearest to a header, and what to do."""
    from .headers import is_label

    best, where = [], 0
    stacked: list[str] = []  # labels one a line, no blank line between them (序号 / 公开事项 / …)
    tallest, top = [], 0
    for i, line in enumerate(lines):
        for cells in (line.split("\t"), line.split("|"), line.split()):
            labels = [cell.strip() for cell in cells if cell.strip() and is_label(cell)]
            if len(labels) > len(best):
                best, where = labels, i + 1
        label = line.strip().rstrip("|").strip()
        stacked = [*stacked, label] if label and is_label(label) else []
        if len(stacked) > len(tallest):
            tallest, top = stacked, i + 2 - len(stacked)
    if len(tallest) >= 3 and len(tallest) > len(best):
        seen = "、".join(f"“{label}”" for label in tallest[:8])
        return (
            f"未找到表头：第{top}–{top + len(tallest) - 1}行像是表头（{seen}……），但每个列名各占一行，"
            "行与行之间没有空行或竖线：这样印出的表格，单元格的分界与单元格内的换行无法区分，未能读取。"
            + ONE_CELL_A_LINE_ADVICE
        )
    if best:
        seen = "、".join(f"“{label}”" for label in best[:8])
        return (
            f"未找到表头：第{where}行有表头用语（{seen}），但不足以组成一行表头"
            "（至少要有三个列名，并含公开内容、公开依据、公开时限、公开主体或事项名称之一）。"
            "如果表头在文件前面的页上，请导入含表头的完整文件；如果列名不标准，请在上传预览中指定各列。"
        )
    return (
        "未找到表头：文件中没有“序号”“公开事项”“公开内容”“公开依据”等列名组成的表头行，"
        "不像是一份政务公开目录。请确认上传的是目录的表格（网页、Word、PDF、XLSX 或其文本）。"
    )


def parse_rows(
    rows: Iterable[list[str]],
    *,
    title: str = "",
    reader: str = "表格",
    overrides: Mapping[str, str] | Corrections | None = None,
) -> RawCatalogue:
    """The same structure from a table already split into cells (an XLSX, CSV, HTML,
    DOCX or PDF table: header row(s), then one row an item). Cells stay where they are
    (no realignment: a grid does not shift them); line numbers are 1-based row numbers;
    a heading row "(四) …领域…" or a repeated header starts or continues a section as in
    text sources. ``reader`` names the reader for the report; ``overrides`` corrects the
    column mapping (``headers.apply_overrides``)."""
    # The lines are kept as pickles (a long grid is not held as strings); the parser reads
    # them by index, and a grid's tab layout never scans ahead beyond the next line.
    lines = Spool(title.split("\n") if title else ())  # as when the lines were joined into one text and split again
    lines.extend(
        "\t".join("" if cell is None else str(cell).replace("\t", " ").replace("\n", " ") for cell in row)
        for row in rows
    )
    raw = _parse_lines(lines, overrides, grid=True)
    offset = 1 if title else 0
    for section in raw.sections:
        section.line = max(section.line - offset, 0)
        section.layout = "grid"
        kept = [index for index, _ in section.mapping.kept()] if section.mapping else list(range(len(section.columns)))

        def as_grid(row, kept=kept):
            row.line -= offset
            cells = row.text.split("\t")
            row.cells = {j: cells[index] for j, index in enumerate(kept) if index < len(cells)}
            row.absent, row.notes, row.page_break_before = (), [], False

        section.rows.rewrite(as_grid)
    raw.reader, raw.layout = reader, "grid"
    return raw
