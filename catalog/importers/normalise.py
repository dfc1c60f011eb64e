"""Raw rows -> item records (plain Python, no Django).

Reads each section top to bottom, keeping the last item as context:

* a row with a 序号 is an item, unless it prints nothing of its own (only ticks, or
  again the name of the item above or of its 一级); a row without one is judged: only
  ticks or nothing -> a page-break residue (reported); a name that completes the name
  above across a page break, or data cells that complete the cells above (an unclosed
  《, a channel list going on) -> a fragment merged back into the item above; its own
  公开内容 or its own name -> a separate item, flagged because the source gave it no number;
* a lone name is a 一级 or a 二级 by what the table prints elsewhere (a 一级 printed
  beside a 二级 is a group's name; any other lone name sits under the group in force);
* blank cells and 同上 take the value of the row above (merged cells), in the same
  section only (not a blank cell of a file that marks its merges: ``RawRow.blank``); a cell that is only the tail of the value above (the end of a merged
  cell printed again after a page break) does too, and is flagged;
* names are rejoined when a page break split them ("…创业开业指" + "导") or a merged
  cell wrapped them over its rows ("特困人员" + "救助供养", a name printed elsewhere);
* a template box list cut by a page break is joined, and the rows of that merged cell
  above the break join the 一级 that opens below it without a 序号 (a merged cell whose
  name and 序号 are printed mid-height);
* every cell is cleaned (HTML, marks, OCR spaces), corrected through the reviewed OCR
  alias table, and split into elements, laws, publishers and channels.

Everything the importer is unsure of becomes a Chinese review reason on the item.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from catalog.deadlines.parsing import parse_deadline
from catalog.files.spool import Spool

from .aliases import correct_ocr
from .channels import continues, join_pieces, options, parse_channels, strip_residue
from .cleaners import (
    BULLETS,
    CJK,
    CJK_GAP_RE,
    CJK_HEAD_RE,
    CJK_TAIL_RE,
    MARKS_RE,
    MIDDLE_DOT,
    NONE_MARK,
    clean_cell,
    is_mark_like,
    split_elements,
    split_list,
    split_top,
    tick_value,
)
from .headers import level_codes
from .laws import split_laws
from .records import (
    DATA_KEYS,
    NAME_KEYS,
    TEXT_KEYS,
    TICK_KEYS,
    ItemRecord,
    Problem,
    RawCatalogue,
    RawRow,
    RawSection,
    SectionRecord,
    Severity,
)

LABEL = {
    "number": "序号",
    "level1": "一级事项",
    "level2": "二级事项",
    "level3": "三级事项",
    "content": "公开内容",
    "legal_basis": "公开依据",
    "deadline": "公开时限",
    "publisher": "公开主体",
    "channels": "公开渠道和载体",
    "office": "责任科室",
}
SAME_AS_ABOVE = {"同上", "同 上"}
EXTRA_LABEL = "未对应表头的文字"
BULLET_RE = re.compile(f"\\s*[{BULLETS}{MIDDLE_DOT}]\\s*")
NAME_NUMBER_RE = re.compile(rf"^\d{{1,2}}(?:\.\d{{1,2}})*\s*[.、．]?\s*(?=[{CJK}])")


@dataclass
class _Row:
    """A raw row with its cells read by key and corrected."""

    raw: RawRow
    number: str = ""
    names: dict[str, str] = field(default_factory=dict)  # cleaned, as printed in this row
    data: dict[str, str] = field(default_factory=dict)  # raw text (HTML kept), corrected
    ticks: dict[int, str] = field(default_factory=dict)  # column index -> cleaned text
    other: dict[int, str] = field(default_factory=dict)  # 其他信息 column index -> cleaned text
    reasons: list[str] = field(default_factory=list)
    joined: bool = False  # its name completed the name of the row above


@dataclass
class _Item:
    record: ItemRecord
    rows: list[_Row]
    names: dict[str, str]
    data: dict[str, str]  # resolved raw text per data key
    printed: dict[str, str]  # the item row's own raw text per data key
    ticks: dict[int, str]
    other: dict[int, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)


def normalise(
    raw: RawCatalogue, *, scope: str = "", finish: Callable[[RawSection, ItemRecord], None] | None = None
) -> list[SectionRecord]:
    """Item records for every section of a parsed catalogue, each section's items in a
    `Spool` (written as soon as nothing below can change them). ``finish(raw section, item)``
    is called on each item just before it is kept."""
    return [_Section(section, scope, finish).run() for section in raw.sections]


class _Section:
    def __init__(self, section: RawSection, scope: str, finish: Callable[[RawSection, ItemRecord], None] | None = None):
        self.section = section
        self.scope = scope
        self.hook = finish
        self.columns = section.columns
        self.name_keys = [key for key in NAME_KEYS if section.index(key) is not None]
        self.items: list[_Item] = []
        self.problems: list[Problem] = list(section.problems)
        self.page = section.layout not in ("tab", "grid", "")
        self.pending: list[_Row] = []
        self.empty_numbers: list[str] = []  # 序号 of rows printed empty (reported, not items)
        # The rows are read again for each pass (not kept): first which name levels they use ...
        self.shifts: list[list[str]] = []  # the name levels of each move up (_drop_unused_levels)
        if self.page:
            self._drop_unused_levels()
        # ... then the evidence the section gives as a whole, in one pass:
        # the table's full box list (the longest printed): where a list cut by a page break starts and ends;
        # names printed anywhere in the section, by level: evidence for rejoining;
        # a lone name printed on several rows each with a 公开内容 of its own is a group's
        # (000 扶贫资金); printed again on rows of ticks only or of the same cells, it is
        # one item read twice (001 病残津贴申领, 工伤协议医疗机构的确认);
        # 一级 names the table prints beside a 二级: names of groups, not of items
        # (a row of names only, without 序号 or cells, is no evidence: 001 line 84).
        top = self.name_keys[0] if self.name_keys else None
        self.box_template: list = []
        self.name_counts = {key: Counter() for key in self.name_keys}
        self.top_counts: Counter = Counter()
        self.group_names: set[str] = set()
        # top name -> the hash of the first 公开内容 printed beside it (only compared: a table of
        # one-level names would otherwise hold every row's content here)
        contents: dict[str, int] = {}
        self.top_items: Counter = Counter()
        numbered = blank_top = 0
        for row in self._rows():
            boxes = options(row.data.get("channels", ""))
            if len(boxes) > len(self.box_template):
                self.box_template = boxes
            for key in self.name_keys:
                self.name_counts[key][row.names.get(key)] += 1
            name = row.names.get(top) if top else None
            if name:
                self.top_counts[name] += 1
                content = clean_cell(row.data.get("content", ""))
                if content and name not in contents:
                    contents[name] = hash(content)
                    self.top_items[name] = 1
                elif content and contents[name] != hash(content):
                    self.top_items[name] = 2  # two different contents: all that is asked (>= 2)
                if any(row.names.get(key) for key in self.name_keys[1:]) and (
                    row.number or any(clean_cell(value) for value in row.data.values())
                ):
                    self.group_names.add(name)
            if row.number and not row.raw.absent:
                numbered += 1
                blank_top += bool(top and not row.names.get(top))
        # Does this table merge its 一级 cells (many numbered rows print no 一级)?
        self.merged_top = bool(numbered) and blank_top >= 0.2 * numbered
        # Tables with 三级事项 that print 一级 on every numbered row number their 一级
        # groups, not their items (002): unnumbered rows are then ordinary items.
        self.numbers_groups = len(self.name_keys) >= 3 and not self.merged_top

    # ---- reading -------------------------------------------------------------

    def _read(self, raw: RawRow) -> _Row:
        row = _Row(raw=raw, reasons=list(raw.notes))
        for index, column in enumerate(self.columns):
            text = raw.cells.get(index, "")
            text, used = correct_ocr(text, self.scope)
            for wrong, right in used:
                row.reasons.append(f"{column.label}：原文“{wrong}”按OCR别名表更正为“{right}”")
            if column.key == "number":
                row.number = clean_cell(text)
            elif column.key in NAME_KEYS:
                # Several columns may give one level (三级目录 and 四级目录): kept together.
                name = clean_cell(text, name=True)
                if self.page:  # outline numbers printed before a name: "1.就业信息服务", "1.1就业政策…"
                    name = NAME_NUMBER_RE.sub("", name)
                    halves = name.split(" ")
                    if len(halves) == 2 and halves[0] == halves[1]:
                        row.reasons.append(f"{column.label}“{halves[0]}”在同一格中印了两次，按一次读取")
                        name = halves[0]
                before = row.names.get(column.key, "")
                row.names[column.key] = f"{before} / {name}" if before and name and name != before else before or name
            elif column.key in DATA_KEYS:
                before = row.data.get(column.key, "")
                row.data[column.key] = f"{before}\n{text.strip()}".strip() if before else text.strip()
            elif column.key in TICK_KEYS or column.key in TEXT_KEYS:
                row.ticks[index] = clean_cell(text, keep_marks=True)
            else:
                row.other[index] = clean_cell(text)
        return row

    def _rows(self):
        """The section's rows read (``_read``), their names moved up as ``_drop_unused_levels`` found."""
        for raw in self.section.rows:
            row = self._read(raw)
            for keys in self.shifts:
                row.names = {upper: row.names.get(lower, "") for upper, lower in zip(keys, keys[1:])}
            yield row

    def _drop_unused_levels(self) -> None:
        """A header that declares more name levels than any row fills (三级事项 over
        rows of two names, 三门县): the names move up to the levels they stand for."""
        used = {key for row in self._rows() for key, value in row.names.items() if value}
        while len(self.name_keys) > 1 and self.name_keys[0] not in used and used:
            keys = self.name_keys
            self.shifts.append(keys)
            used = {upper for upper, lower in zip(keys, keys[1:]) if lower in used}
            self.name_keys = keys[:-1]

    # ---- judging rows ----------------------------------------------------------

    def run(self) -> SectionRecord:
        self.kept = Spool()
        self.previous_channels = ""  # the resolved 公开渠道 of the last item kept
        self.group_top = ""  # the 一级 of the last item kept whose 一级 is a group's name
        self.numbers = array("q")  # 序号 of the items kept, in order, when digits ...
        self.number_counts: Counter = Counter()  # ... and how often each is printed
        self.modes: Counter = Counter()  # (主动, 依申请) of the items kept ...
        self.clean_modes: Counter = Counter()  # ... and of those read as printed (no realignment)
        for row in self._rows():
            self._take(row)
            self._keep(self._settled())
        self._keep(len(self.items))
        self._check_numbers()
        self._check_modes()
        return SectionRecord(
            heading=self.section.heading,
            line=self.section.line,
            domain_name=self.section.domain_name,
            columns=self.columns,
            items=self.kept,
            problems=self.problems,
            layout=self.section.layout,
            mapping=self.section.mapping,
        )

    def _settled(self) -> int:
        """How many items, from the first still open, no row below can change: not the last
        (it takes the fragments below it), nor any a look-back may reach (the rows of a
        merged 公开渠道 cell or of a box list cut by a page break go back to the item that
        printed its channels, or its 公开内容 or 公开依据)."""
        settled = len(self.items) - 1
        if self.section.index("channels") is None:
            return max(settled, 0)
        printed_channels = next((k for k in range(settled, -1, -1) if self.items[k].printed.get("channels")), 0)
        settled = min(settled, printed_channels)
        if self.section.index("content") is not None:
            printed_content = next(
                (k for k in range(settled, -1, -1)
                 if any(self.items[k].printed.get(key) for key in ("content", "legal_basis"))),
                0,
            )  # fmt: skip
            settled = min(settled, printed_content)
        return max(settled, 0)

    def _keep(self, count: int) -> None:
        """Finish the first ``count`` open items and keep them (in the spool, not in memory)."""
        top = self.name_keys[0] if self.name_keys else None
        for item in self.items[:count]:
            record = self._finish(item)
            self.previous_channels = item.data.get("channels", "")
            if top and item.names.get(top) in self.group_names:
                self.group_top = item.names[top]
            if record.number:
                self.number_counts[record.number] += 1
            if record.number.isdigit():
                self.numbers.append(int(record.number))
            pattern = (record.mode_proactive, record.mode_on_request)
            self.modes[pattern] += 1
            if not any(row.raw.notes for row in item.rows):
                self.clean_modes[pattern] += 1
            # Where the item's first row is in the original (line, sheet row, page).
            record.source_where = next((row.raw.where for row in item.rows if row.raw.line == record.source_line), "")
            if self.hook:
                self.hook(self.section, record)
            self.kept.append(record)
        del self.items[:count]

    def _take(self, row: _Row) -> None:
        previous = self.items[-1] if self.items else None
        has_names = any(row.names.values())
        own_data = {key: value for key, value in row.data.items() if clean_cell(value)}
        line = row.raw.line
        if (
            self.page
            and not row.number
            and not has_names
            and own_data
            and set(own_data) <= {"channels"}
            and (row.raw.after_header or self.pending)
        ):
            # Channel checklist lines printed above the row they belong to (嘉荫县).
            self.pending.append(row)
            return
        if previous is not None:
            self._rejoin_names(previous, row)
        if row.number and not has_names and not own_data and not any(row.ticks.values()) and self.page:
            self.problems.append(
                Problem(line, f"第{line}行只有序号“{row.number}”，没有任何内容（空行），未导入", Severity.WARNING)
            )
            self.empty_numbers.append(row.number)
            return
        if previous is not None and not own_data and self._repeats(previous, row):
            return
        if row.number:
            self._new_item(row)
            return
        if previous is None:
            if has_names or own_data:
                self._new_item(row)
                if self.section.index("number") is not None:
                    self.items[-1].record.flag("原表无序号，按独立事项导入")
            else:
                self.problems.append(Problem(line, "表格第一行只有勾选标记，无法归属任何事项，未导入", Severity.ERROR))
            return
        if not has_names and not own_data:
            ticks = "".join(row.ticks.values())
            self.problems.append(
                Problem(line, f"第{line}行只有勾选标记（{ticks or '空'}），视为上一事项跨页的残行，未单独导入")
            )
            previous.record.flag(f"第{line}行只有勾选标记，已视为本事项跨页残行，请核对勾选")
            previous.rows.append(row)
            return
        if row.joined:
            # The name completed the name above; anything else on the line is a fragment too.
            self._merge_fragment(previous, row, own_data)
            return
        if not has_names and "content" not in own_data:
            self._merge_fragment(previous, row, own_data)
            return
        if not has_names and row.raw.page_break_before and self.section.layout == "grid" and previous.record.number:
            # A table row that a PDF page cut in two (Word lets rows break across pages): at the
            # top of the next page, no 序号 and no name, the rest of the numbered row above.
            self._merge_fragment(previous, row, own_data)
            return
        if has_names and not own_data and self._same_names(previous, row):
            self.problems.append(Problem(line, f"第{line}行重复了上一事项的名称，无其他内容，视为残行，未单独导入"))
            previous.record.flag(f"第{line}行重复本事项名称，已视为残行")
            previous.rows.append(row)
            return
        self._new_item(row)
        if not self.numbers_groups and self.section.index("number") is not None:
            self.items[-1].record.flag("原表无序号，按独立事项导入")

    def _repeats(self, previous: _Item, row: _Row) -> bool:
        """A row of nothing but ticks under a 序号 (its name and cells not printed), or
        printing again only the name of the item above or of its 一级 (the label of a
        merged cell, 001 lines 39-45): part of the item above, not an item of its own."""
        printed = [value for value in row.names.values() if value]
        if printed and (len(printed) > 1 or printed[0] not in {value for value in previous.names.values() if value}):
            return False
        if not printed and not (row.number and any(row.ticks.values())):
            return False
        line, number = row.raw.line, row.number
        if number:
            self.empty_numbers.append(number)
        if printed and number:
            said = f"第{line}行的序号“{number}”下只重复印了事项名称“{printed[0]}”"
        elif printed:
            said = f"第{line}行只重复印了事项名称“{printed[0]}”"
        else:
            said = f"第{line}行只印有序号“{number}”和对勾，没有事项名称和内容"
        previous.record.flag(f"{said}，未单独导入事项，已视为本事项的一部分，请核对")
        self.problems.append(Problem(line, f"{said}，未单独导入，归入第{previous.record.source_line}行的事项"))
        previous.rows.append(row)
        return True

    def _same_names(self, previous: _Item, row: _Row) -> bool:
        printed = {key: value for key, value in row.names.items() if value}
        return all(previous.names.get(key) == value for key, value in printed.items())

    def _rejoin_names(self, previous: _Item, row: _Row) -> None:
        """Rejoin a name a page break split across two rows (both rows carry it)."""
        if not row.raw.page_break_before:
            self._rejoin_wrapped(previous, row)
            return
        for key in self.name_keys:
            above = previous.rows[0].names.get(key, "")
            here = row.names.get(key, "")
            if not above or not here or above == here:
                continue
            joined = above + here
            unbalanced = above.count("(") + above.count("（") > above.count(")") + above.count("）")
            closes = here.count(")") + here.count("）") > here.count("(") + here.count("（")
            if (unbalanced and closes) or self.name_counts[key][joined] or len(here) == 1:
                label = LABEL[key]
                reason = f"{label}跨页断开：第{previous.record.source_line}行“{above}”与第{row.raw.line}行“{here}”已合并为“{joined}”"
                previous.record.flag(reason)
                previous.names[key] = joined
                setattr(previous.record, key, joined)
                row.names[key] = joined
                row.joined = True
                row.reasons.append(reason)

    def _rejoin_wrapped(self, previous: _Item, row: _Row) -> None:
        """A merged name cell over two rows whose text wrapped, one line to each row
        ("特困人员" / "救助供养"): read as one name when the two halves together are a
        name the table prints elsewhere and neither half is printed anywhere else."""
        for key in self.name_keys:
            above = previous.rows[0].names.get(key, "")
            here = row.names.get(key, "")
            if not above or not here or above == here or len(previous.rows) > 1:
                continue
            joined = above + here
            counts = self.name_counts[key]  # a Counter: a name never printed counts 0
            if not counts[joined] or counts[above] + counts[here] > 2:
                continue
            reason = (
                f"{LABEL[key]}的合并单元格折成两行：第{previous.record.source_line}行“{above}”与"
                f"第{row.raw.line}行“{here}”合为本表另有的“{joined}”"
            )
            previous.record.flag(reason)
            previous.names[key] = joined
            setattr(previous.record, key, joined)
            row.names[key] = joined
            row.reasons.append(reason)

    def _merge_fragment(self, item: _Item, row: _Row, own_data: dict[str, str]) -> None:
        line = row.raw.line
        parts = []
        for key, value in own_data.items():
            label = LABEL[key]
            before = item.data.get(key, "")
            if key == "channels":
                joined, residue = join_pieces(item.printed.get(key) or before, value)
                if residue:
                    item.record.flag(f"公开渠道：第{line}行的残字“{residue}”与上一行重复，已忽略")
                    self.problems.append(
                        Problem(line, f"第{line}行只有公开渠道残字“{residue}”，与上一行重复，已忽略", Severity.NOTE)
                    )
                    continue
                item.data[key] = item.printed[key] = joined
            elif clean_cell(value) == clean_cell(item.printed.get(key) or before):
                self.problems.append(
                    Problem(
                        line,
                        f"第{line}行只有与上一行相同的“{label}”“{clean_cell(value)}”，视为跨页残行，已忽略",
                        Severity.NOTE,
                    )
                )
                continue
            else:
                separator = "" if _open(before) or not before else " "
                item.data[key] = item.printed[key] = (item.printed.get(key) or before) + separator + value
            parts.append(f"“{label}”")
        if parts:
            item.record.flag(f"第{line}行无序号、无事项名称，视为跨页残行，已并入本事项的{'、'.join(parts)}")
            self.problems.append(
                Problem(
                    line,
                    f"第{line}行为跨页残行，已并入第{item.record.source_line}行事项的{'、'.join(parts)}",
                    Severity.NOTE,
                )
            )
        for index, value in row.other.items():
            if value and value != item.other.get(index):
                item.other[index] = f"{item.other[index]} {value}".strip() if item.other.get(index) else value
        item.extra += row.raw.extra
        for reason in row.reasons:
            if "跨页断开" not in reason:
                item.record.flag(f"第{line}行：{reason}")
        item.rows.append(row)

    # ---- building items --------------------------------------------------------------

    def _new_item(self, row: _Row) -> None:
        previous = self.items[-1] if self.items else None
        if self.pending:
            above = " ".join(part.data["channels"] for part in self.pending)
            row.data["channels"] = join_pieces(above, row.data.get("channels", ""))[0]
            lines = [part.raw.line for part in self.pending]
            self.problems.append(
                Problem(
                    lines[0],
                    f"第{lines[0]}–{lines[-1]}行的公开渠道勾选项印在第{row.raw.line}行之上，已并入该行事项",
                    Severity.NOTE,
                )
            )
        record = ItemRecord(number=row.number, level1="", level2="", source_line=row.raw.line)
        for reason in row.reasons:
            record.flag(reason)
        names = self._names(previous, row, record)
        data: dict[str, str] = {}
        printed: dict[str, str] = {}
        for key in DATA_KEYS:
            if self.section.index(key) is None:
                continue
            value = row.data.get(key, "")
            cleaned = clean_cell(value)
            above = previous.data.get(key, "") if previous else ""
            printed[key] = value if cleaned and cleaned not in SAME_AS_ABOVE else ""
            if not cleaned and self.section.index(key) in row.raw.blank:
                data[key] = ""  # printed empty, not merged (the file marks its merged cells)
                continue
            if not cleaned and key == "content" and above and self._own_cells_without_content(row):
                data[key] = ""
                record.flag(
                    "本行没有印出公开内容（名称和公开依据等各栏都是本行自己的），未沿用上一行的公开内容，已留空，请核对原件"
                )
                continue
            if not cleaned or cleaned in SAME_AS_ABOVE:
                if cleaned and previous is None:
                    record.flag(f"{LABEL[key]}印为“同上”，但本表中它上面没有可沿用的行，留空")
                data[key] = above
                continue
            if key == "channels" and previous:
                value, residue = strip_residue(value, above)
                if residue:
                    record.flag(f"公开渠道：开头的“{residue}”是上一行跨页的残字，已忽略")
                    printed[key] = value
            if previous and row.raw.page_break_before and _is_tail(cleaned, clean_cell(above), value):
                record.flag(
                    f"{LABEL[key]}：只印出了“{_short(cleaned)}”，是上一事项同一单元格的结尾（跨页合并单元格），按上一行取值"
                )
                data[key] = above
                printed[key] = ""
                continue
            if (
                previous
                and key in ("legal_basis", "content")
                and _open(previous.printed.get(key, ""))
                and "《" not in cleaned[:1]
                and "》" in cleaned
            ):
                joined = previous.printed[key] + value
                record.flag(f"{LABEL[key]}跨页断开：第{previous.record.source_line}行与第{row.raw.line}行的文字已合并")
                previous.record.flag(
                    f"{LABEL[key]}跨页断开：第{previous.record.source_line}行与第{row.raw.line}行的文字已合并"
                )
                previous.data[key] = previous.printed[key] = joined
                data[key] = joined
                continue
            data[key] = value
        # A merged channel cell printed in pieces down the rows of its group.
        if (
            previous
            and printed.get("channels")
            and not any(printed.get(k) for k in ("content", "legal_basis", "deadline", "publisher"))
            and self.section.index("content") is not None
        ):
            group = [item for item in self._group(previous)]
            joined, residue = join_pieces(group[0].data.get("channels", ""), printed["channels"])
            if residue:
                record.flag(f"公开渠道：开头的残字“{residue}”与上一行重复，已忽略")
            for member in group:
                member.data["channels"] = joined
            data["channels"] = joined
            record.flag("公开渠道：合并单元格的文字分印在多行，已合并为同一组事项的渠道")
        ticks = self._ticks(previous, row, record)
        # 其他信息: a blank cell is a merged one, as for the data columns.
        other = {
            i: value or (previous.other.get(i, "") if previous and i not in row.raw.blank else "")
            for i, value in row.other.items()
        }
        item = _Item(
            record=record, rows=[*self.pending, row], names=names, data=data, printed=printed, ticks=ticks, other=other
        )
        self.pending = []
        item.extra = list(row.raw.extra)
        if previous is not None and row.raw.page_break_before:
            self._continue_box_list(previous, item, row)
        self.items.append(item)

    def _continue_box_list(self, previous: _Item, item: _Item, row: _Row) -> None:
        """A box list cut by a page break: the rows of the merged 公开渠道 cell above the
        break (from the row that printed its first boxes) and below it share the whole
        list. When the row below the break opens a top name without a 序号 (the name and
        序号 of a merged cell printed mid-height, 002 lines 34-39), the rows of that cell
        above the break belong to it too: its name, and its values where they print none."""
        above, below = previous.data.get("channels", ""), item.printed.get("channels", "")
        if not below or not continues(above, below, self.box_template):
            return
        group = []
        for member in reversed(self.items):
            if member.data.get("channels") != above:
                break
            group.append(member)
            if member.printed.get("channels"):
                break
        group.reverse()
        joined = f"{above} {below}"
        first, last = group[0].record.source_line, group[-1].record.source_line
        top = self.name_keys[0] if self.name_keys else None
        moved = (
            top is not None
            and not row.number
            and row.names.get(top)
            and not any(member.rows[0].names.get(top) or member.rows[0].number for member in group)
        )
        for member in group:
            member.data["channels"] = joined
            member.record.flag(
                f"公开渠道：勾选框列表跨页断开，第{first}行与第{row.raw.line}行印出的勾选项已合为一个列表"
            )
            if moved:
                member.names[top] = item.names[top]
                setattr(member.record, top, item.names[top])
                for key, value in item.data.items():
                    if key != "channels" and not clean_cell(member.printed.get(key, "")):
                        member.data[key] = value
                member.record.flag(
                    f"跨页的合并单元格：第{first}–{last}行与第{row.raw.line}行同属一个公开渠道单元格，"
                    f"一级事项“{item.names[top]}”印在下一页，已按该事项读取一级事项及本行未印出的各栏，请核对"
                )
        item.data["channels"] = item.printed["channels"] = joined
        item.record.flag(f"公开渠道：勾选框列表跨页断开，第{first}行与第{row.raw.line}行印出的勾选项已合为一个列表")

    def _own_cells_without_content(self, row: _Row) -> bool:
        """A row of page text that prints its own name and its own 公开依据 and 公开时限 (or
        公开主体) but no 公开内容: the cells beside the content are not merged from above, so
        the content is not the merged cell of the row above either (黄石 市场监管's 政府信息公开指南
        row: name, then straight on with its 《条例》)."""
        if not self.page or not any(row.names.values()):
            return False
        own = {key for key, value in row.data.items() if clean_cell(value) and clean_cell(value) not in SAME_AS_ABOVE}
        return "legal_basis" in own and bool(own & {"deadline", "publisher"})

    def _group(self, previous: _Item) -> list[_Item]:
        """The items sharing a merged 公开内容 cell with the row below `previous`."""
        group = []
        for item in reversed(self.items):
            group.append(item)
            if any(item.printed.get(k) for k in ("content", "legal_basis")):
                break
        return list(reversed(group))

    def _names(self, previous: _Item | None, row: _Row, record: ItemRecord) -> dict[str, str]:
        for key, value in row.names.items():
            if value in SAME_AS_ABOVE:
                row.names[key] = previous.names.get(key, "") if previous else ""
                if not row.names[key]:
                    record.flag(f"{LABEL[key]}印为“同上”，但本表中它上面没有可沿用的行，留空")
        self._content_in_name_column(row, record)
        printed = [key for key in self.name_keys if row.names.get(key)]
        names = {key: row.names.get(key, "") for key in self.name_keys}
        if previous is not None:
            top = self.name_keys.index(printed[0]) if printed else len(self.name_keys) - 1
            for key in self.name_keys[:top]:
                if not names[key]:
                    names[key] = previous.names.get(key, "")
            if not printed:
                record.flag("事项名称未印出：上级事项沿用上一行，本级名称留空，请核对")
        # Only the top name printed, the row without a 序号 or missing name columns:
        # a 二级 name under a merged 一级 (the usual case), unless the table prints that
        # name as a 一级 elsewhere or numbers its 一级 groups (then it stays 一级).
        top, second = self.name_keys[0], (self.name_keys[1] if len(self.name_keys) > 1 else None)
        # (In a table of cells that prints 一级 beside 二级 names, a numbered row printing
        # one name may also have lost its blank 一级 cell: the OCR drops blank cells.)
        lower_missing = (
            second is not None
            and all(not row.names.get(key) for key in self.name_keys[1:])
            and (
                not row.number
                or any(self.section.index(key) in row.raw.absent for key in self.name_keys[1:])
                or (not self.page and self.group_names and not self.numbers_groups and bool(row.raw.notes))
            )
        )
        if printed == [top] and lower_missing and previous is not None:
            value = names[top]
            # …and a row below an item that itself has only a top name is its sibling.
            if self.page or not self.group_names or self.numbers_groups:
                as_top = (
                    self.top_counts[value] >= 2
                    or (row.number and not self.merged_top)
                    or not previous.names.get(second)
                )
            else:
                # A table (of cells) that prints its 一级 beside 二级 names: a lone name is a
                # 一级 when the table prints it so elsewhere, else a 二级 under the 一级 in
                # force (the row lost the blank of its merged 一级 cell, 001).
                as_top = (
                    value in self.group_names
                    or self.top_items[value] >= 2
                    or (not previous.names.get(second) and previous.names.get(top) not in self.group_names)
                )
            if not as_top:
                names[second], names[top] = value, self._top_in_force(previous)
            where = LABEL[top] if as_top else LABEL[second]
            record.flag(f"本行只印出一个事项名称“{value}”，按{where}处理，请核对")
        if self.page and names.get("level3") and names.get("level2"):
            # 一级–四级目录 that only repeat the item's own name (柘城县 国家制度 / 国家制度).
            parts = lambda text: set(re.split(r"\s*/\s*|、", text)) - {""}  # noqa: E731
            if parts(names["level3"]) <= parts(names["level2"]):
                names["level3"] = ""
        for key in self.name_keys:
            if " " in names[key]:
                record.flag(f"{LABEL[key]}“{names[key]}”中有空格，可能是两个事项名称印在了一起")
        for key in NAME_KEYS:
            setattr(record, key, names.get(key, ""))
        return names

    def _top_in_force(self, previous: _Item) -> str:
        """The 一级 a lone 二级 name sits under: the nearest group name above (a row of
        names only, not one of the table's groups, does not open a group)."""
        top = self.name_keys[0]
        if self.page or not self.group_names or previous.names.get(top) in self.group_names:
            return previous.names.get(top, "")
        for item in reversed(self.items):
            if item.names.get(top) in self.group_names:
                return item.names[top]
        return self.group_top or previous.names.get(top, "")

    def _content_in_name_column(self, row: _Row, record: ItemRecord) -> None:
        """A row that lost its 公开内容 cell: the text under the deepest name column is
        the content (002 prints few 三级 names; its short rows shift content left)."""
        content_index = self.section.index("content")
        if content_index is None or len(self.name_keys) < 3 or not row.raw.absent or self.page:
            return
        if clean_cell(row.data.get("content", "")):
            return
        printed = [key for key in self.name_keys if row.names.get(key)]
        if len(printed) < 2 and printed != [self.name_keys[-1]]:
            return
        deepest = printed[-1]
        text = row.names[deepest]
        row.names[deepest] = ""
        row.data["content"] = row.raw.cells.get(self.section.index(deepest), text)
        record.flag(f"本行缺少一列，“{_short(text)}”印在{LABEL[deepest]}列，按公开内容处理，请核对")

    def _ticks(self, previous: _Item | None, row: _Row, record: ItemRecord) -> dict[int, str]:
        ticks = dict(row.ticks)
        groups: dict[str, list[int]] = {}
        for index, column in enumerate(self.columns):
            if index in ticks:
                group = "level" if column.key == "level" else column.key.split("_")[0]
                groups.setdefault(group, []).append(index)
        for group, indexes in groups.items():
            if previous is not None and not any(ticks[i] for i in indexes):
                for i in indexes:
                    ticks[i] = previous.ticks.get(i, "")
        for index, text in ticks.items():
            key = self.columns[index].key
            if key in TEXT_KEYS or (key == "level" and level_codes(text)):
                continue  # words, not marks, are what these cells hold
            if tick_value(text) is None and (key != "audience_specific" or is_mark_like(text)):
                record.flag(f"{self.columns[index].label}列出现“{_short(text)}”而非勾选标记，未计为勾选")
        return ticks

    # ---- finishing ---------------------------------------------------------------

    def _finish(self, item: _Item) -> ItemRecord:
        record = item.record
        record.source_text = "\n".join(row.raw.text for row in item.rows)
        data = item.data
        raw_content = data.get("content", "")
        if self.page:  # ●文件名称 ●文号: each bullet opens a 要素 of its own
            raw_content = BULLET_RE.sub("；", raw_content).strip("；")
        content = clean_cell(raw_content)
        if self.page:
            content = _space_numbers(content)
            if re.search(r"[、；;]", content):
                # A list separated by 、 or ； has no spaces of its own: a space with a
                # short word on one side is a soft wrap (收费依据 及标准, 办理 基本流程).
                content = _close_soft_wraps(content)
        content, repeated = _drop_repeated_tail(content)
        if repeated:
            record.flag(f"公开内容：末尾的“{repeated}”重复了前面列出的要素，是合并单元格的残字，已去掉")
        record.content = content
        elements = split_elements(content)
        if self.page and len(elements) == 1 and re.search(f"[{CJK}][,，][{CJK}]", content):
            elements = split_top(content, ",，")  # 机关职能,机构设置,办公地址
        record.elements = [element[:500] for element in elements]
        if any(len(element) > 500 for element in split_elements(content)):
            record.flag("公开内容：有一项要素超过500字，已截断显示，全文见公开内容")
        if self.section.index("content") is not None and not content:
            record.flag("公开内容为空")
        if content.count("》") > content.count("《"):
            record.flag("公开内容中有不成对的书名号“》”，可能混入了公开依据的文字，请核对")
        if self.section.index("legal_basis") is not None:
            printed = clean_cell(data.get("legal_basis", ""))
            # 无, / or 略 says there is no basis: no laws and nothing to review (the mark stays in source_text).
            record.legal_basis_text = "" if NONE_MARK.match(printed) else printed
            record.laws, notes = split_laws(record.legal_basis_text)
            for note in notes:
                record.flag(note)
            if not printed:
                record.flag("公开依据为空")
        # A deadline is one phrase: every space left between Chinese characters is OCR noise.
        record.deadline_text = CJK_GAP_RE.sub("", clean_cell(data.get("deadline", ""), name=True))
        deadline = parse_deadline(record.deadline_text)
        record.deadline_kind, record.deadline_days = deadline.kind, deadline.days
        record.deadline_trigger, record.publicity_days = deadline.trigger[:100], deadline.publicity_days
        if self.section.index("deadline") is not None and deadline.kind == "unknown":
            record.flag("公开时限为空")
        if deadline.kind in ("working_days", "calendar_days") and deadline.days is None:
            record.flag("公开时限的天数未能读出，请核对")
        record.publisher_text = clean_cell(data.get("publisher", ""))
        record.publishers = list(dict.fromkeys(split_list(record.publisher_text)))
        if self.section.index("publisher") is not None and not record.publishers:
            record.flag("公开主体为空")
        record.channel_text = clean_cell(data.get("channels", ""), keep_marks=True)
        record.channels, notes = parse_channels(data.get("channels", ""), self.previous_channels)
        for note in notes:
            record.flag(note)
        if self.section.index("channels") is not None and not record.channels:
            record.flag("公开渠道为空或均未勾选")
        record.responsible_office = clean_cell(data.get("office", ""))[:100]
        record.other_info = [(self.columns[i].printed, value) for i, value in item.other.items() if value]
        record.other_info += [(EXTRA_LABEL, clean_cell(text)) for text in item.extra if clean_cell(text)]
        self._read_ticks(item)
        return record

    def _read_ticks(self, item: _Item) -> None:
        record = item.record
        labels = []
        present = {column.key for column in self.columns}
        if "audience" in present:
            present |= {"audience_public", "audience_specific"}
        if "mode" in present:
            present |= {"mode_proactive", "mode_on_request"}
        # A printed column says yes or no; a column the table lacks leaves the value unknown.
        for key in ("audience_public", "audience_specific", "mode_proactive", "mode_on_request"):
            if key in present:
                setattr(record, key, False)
        record.levels_stated = "level" in present
        for index, text in item.ticks.items():
            column = self.columns[index]
            value = tick_value(text)
            ticked = value is True
            if column.key == "audience_public":
                record.audience_public = ticked
            elif column.key == "audience_specific":
                # A tick, or the group named (教师); a mark no set names is flagged (_ticks), not read.
                record.audience_specific = value is True or (value is None and not is_mark_like(text))
                if value is None and record.audience_specific:
                    record.audience_group = text[:100]
            elif column.key == "mode_proactive":
                record.mode_proactive = ticked
            elif column.key == "mode_on_request":
                record.mode_on_request = ticked
            elif column.key == "level" and ticked:
                labels.append(column.label)
                record.levels += [code for code in column.levels if code not in record.levels]
            elif column.key == "level" and level_codes(text):
                # A level written in its cell (县级 under 州级县级): the level it names.
                named = level_codes(text)
                codes = [code for code in named if code in column.levels] or list(named)
                labels.append(text)
                record.levels += [code for code in codes if code not in record.levels]
            elif column.key == "audience" and text:
                record.audience_public = record.audience_public or bool(re.search(r"全社会|社会公众|^社会$", text))
                if re.search(r"特定", text):
                    record.audience_specific = True
            elif column.key == "mode" and text:
                record.mode_proactive = record.mode_proactive or "主动" in text
                record.mode_on_request = record.mode_on_request or "依申请" in text
        record.level_label = "、".join(labels)
        if "audience_public" in present and "audience_specific" in present:
            if record.audience_public and record.audience_specific:
                record.flag("公开对象：全社会与特定群众同时勾选，可能是勾选列错位，请核对")
            elif not (record.audience_public or record.audience_specific):
                record.flag("公开对象：未勾选")
        if "mode_proactive" in present and "mode_on_request" in present:
            if record.mode_proactive and record.mode_on_request:
                record.flag("公开方式：主动与依申请公开同时勾选，可能是勾选列错位，请核对")
            elif not (record.mode_proactive or record.mode_on_request):
                record.flag("公开方式：未勾选")
        if "level" in present and not record.levels:
            record.flag("公开层级：未勾选")

    def _check_numbers(self) -> None:
        numbers = self.numbers  # an array of 8 bytes a 序号, not copied to a list of ints
        if self.empty_numbers:  # an empty row printed with its 序号 is no gap
            numbers = array("q", sorted([*numbers, *(int(n) for n in self.empty_numbers if n.isdigit())]))
        repeated = {number for number, count in self.number_counts.items() if count > 1}
        if repeated:
            self.kept.rewrite(
                lambda item: item.flag(f"序号“{item.number}”在本表中重复出现") if item.number in repeated else None
            )
        for before, after in zip(numbers, islice(numbers, 1, None)):
            if after > before + 1:
                self.problems.append(
                    Problem(
                        self.section.line,
                        f"序号从{before}跳到{after}，原文可能缺页或漏行（{before + 1}–{after - 1}号不在原文中）",
                    )
                )

    def _check_modes(self) -> None:
        """A row whose 公开方式 differs from nearly all rows of its table is suspicious."""
        if self.section.index("mode_proactive") is None:
            return
        if len(self.kept) < 4:
            return
        # The pattern is that of the rows read as printed; a row whose cells had to be
        # realigned (an OCR table that dropped cells, 001) is no evidence of it.
        basis = self.clean_modes if self.clean_modes.total() >= 4 else self.modes
        common, count = basis.most_common(1)[0]
        if count < basis.total() * 0.6:
            return
        odd = [pattern for pattern in self.modes if pattern != common and pattern[1] and not pattern[0]]
        if not odd:
            return

        def flag(item: ItemRecord) -> None:
            if (item.mode_proactive, item.mode_on_request) in odd:
                item.flag("公开方式：只勾选了依申请公开，与本表多数行（主动公开）不同，可能是勾选列错位，请核对")

        self.kept.rewrite(flag)


LIST_NUMBER_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*[.．、](?!\d)")


def _close_soft_wraps(text: str) -> str:
    """Spaces between Chinese words where the word on one side is short (收费依据 及标准)."""

    def close(match: re.Match) -> str:
        left = CJK_TAIL_RE.search(text[: match.start()]).group(0)
        right = CJK_HEAD_RE.match(text[match.end() :]).group(0)
        return "" if min(len(left), len(right)) <= 3 else match.group(0)

    return CJK_GAP_RE.sub(close, text)


def _space_numbers(text: str) -> str:
    """ "…全本2. 拟决定…": a list number glued to the item before it, when the numbers
    run 1, 2, 3 … (so that split_elements sees each item)."""
    numbers = [int(m.group(1)) for m in LIST_NUMBER_RE.finditer(text)]
    if len(numbers) < 2 or numbers != list(range(1, len(numbers) + 1)):
        return text
    return re.sub(r" {2,}", " ", LIST_NUMBER_RE.sub(lambda m: f" {m.group(1)}.", text)).strip()


def _drop_repeated_tail(content: str) -> tuple[str, str]:
    """A 、 list followed, after a space, by one of its own 要素 again ("服务内容、…、咨询电话 服务内容")
    is the list plus a residue of the merged cell."""
    head, _, tail = content.rpartition(" ")
    if not head or "、" not in head or not tail or tail not in split_top(head, "、"):
        return content, ""
    return head.rstrip(), tail


def _open(text: str) -> bool:
    return text.count("《") > text.count("》")


def _is_tail(cell: str, above: str, raw: str) -> bool:
    """The cell is the end of the value above, cut in the middle of a word."""
    if not above or cell == above or not above.endswith(cell):
        return False
    opening = clean_cell(raw, keep_marks=True)[:1]
    if opening == "《" or MARKS_RE.match(opening):
        return False  # a cell opening with a mark or a title starts its own value
    before = above[: len(above) - len(cell)].rstrip()
    return bool(before) and before[-1] not in "、，,；;。 》）)"


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
