"""Header text -> fields: the reviewed vocabulary of column names (plain Python).

This is the boundary every reader shares. A reader finds the header row(s) of a table
(in a grid of cells or in page text) and calls :func:`map_columns`; staff corrections
come in through :func:`apply_overrides`; the rows are then read against the mapping
(``parse.parse_rows`` for grids). Each column of a mapping says:

* the header text as printed (``Column.label``, under its group ``Column.group``),
* the field it maps to (``Column.key``: one of ``FIELDS``; ``OTHER`` keeps the cells
  per item as 其他信息, label -> value; ``IGNORE`` drops the column, only on request),
* how sure the match is (``Column.certainty``): ``EXACT`` (a vocabulary entry),
  ``CLOSE`` (the same words with the spaces, brackets, a note in brackets or a lost
  first character of the printed page), ``GUESS`` (read from the cells under it, or
  a truncated header with one plausible field), ``UNKNOWN`` (no field: kept as 其他信息),
  ``GIVEN`` (set by staff).

>>> [(c.key, c.certainty) for c in map_columns([["序 号", "开事项", "公开渠道和载体（在标注范围 内至少选择其一公开）", "咨询电话"]]).columns]
[('number', 'exact'), ('level1', 'close'), ('channels', 'close'), ('other', 'unknown')]
>>> [c.levels for c in map_columns([["州级县级", "乡、村级", "社区"]]).columns]
[('city', 'county'), ('township', 'village'), ('village',)]
>>> m = map_columns([["序号", "公开事项", None, "公开对象", None], [None, "一级事项", "二级事项", "全社会", "特定群体"]])
>>> [(c.key, c.printed) for c in m.columns]
[('number', '序号'), ('level1', '公开事项／一级事项'), ('level2', '公开事项／二级事项'), ('audience_public', '公开对象／全社会'), ('audience_specific', '公开对象／特定群体')]
>>> [(c.key, c.certainty) for c in apply_overrides(m, {"特定群体": "ignore", "#1": "other"}).columns]
[('other', 'given'), ('level1', 'exact'), ('level2', 'exact'), ('audience_public', 'exact'), ('ignore', 'given')]
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .cleaners import CELL_CACHE, CJK
from .records import Column, ImportFailed

EXACT, CLOSE, GUESS, UNKNOWN, GIVEN = "exact", "close", "guess", "unknown", "given"
CERTAINTY_LABELS = {EXACT: "确定", CLOSE: "近似", GUESS: "推测", UNKNOWN: "未识别", GIVEN: "人工指定"}
OTHER, IGNORE = "other", "ignore"

# Every field a column can map to, with its Chinese name (for reports and the mapping step).
FIELDS: dict[str, str] = {
    "number": "序号",
    "level1": "一级事项",
    "level2": "二级事项",
    "level3": "三级事项",
    "content": "公开内容（要素）",
    "legal_basis": "公开依据",
    "deadline": "公开时限",
    "publisher": "公开主体",
    "channels": "公开渠道和载体",
    "audience_public": "公开对象：全社会（勾选）",
    "audience_specific": "公开对象：特定群体（勾选）",
    "audience": "公开对象（文字）",
    "mode_proactive": "公开方式：主动（勾选）",
    "mode_on_request": "公开方式：依申请（勾选）",
    "mode": "公开方式（文字，如 主动公开）",
    "level": "公开层级",
    "office": "责任科室",
    OTHER: "其他信息（原样保存）",
    IGNORE: "不导入",
}
NAME_FIELDS = ("level1", "level2", "level3")


CHOICE_LABELS = {OTHER: "其他信息（原样随事项保存）", IGNORE: "忽略（不导入）"}


def field_choices(current: str = "") -> list[tuple[str, str]]:
    """(value, Chinese name) for a select of the field a column maps to (the upload preview,
    the layout profile admin); a 公开层级 with its levels ("level:county") is offered as is.

    >>> field_choices("level:township+village")[-1]
    ('level:township+village', '公开层级（乡镇级、村（社区）级）')
    """
    choices = [(key, CHOICE_LABELS.get(key, name)) for key, name in FIELDS.items()]
    if current and current not in FIELDS and current.partition(":")[0] == "level":
        choices.append((current, f"{FIELDS['level']}（{level_names(current.partition(':')[2].split('+'))}）"))
    return choices


# The vocabulary: header text (spaces removed, brackets as printed in either width) ->
# field. Group headers (公开事项 over 一级/二级事项 …) are in GROUPS.
VOCABULARY: dict[str, str] = {
    "序号": "number",
    "编号": "number",
    "一级事项": "level1",
    "一级目录": "level1",
    "一级": "level1",
    "具体职责": "level1",  # the department model 具体职责 / 业务事项 / 信息类别 / 内容标准
    "二级事项": "level2",
    "二级目录": "level2",
    "二级": "level2",
    "业务事项": "level2",
    "三级事项": "level3",
    "三级目录": "level3",
    "三级": "level3",
    "信息类别": "level3",
    "四级目录": "level3",
    "四级事项": "level3",
    "公开内容": "content",
    "公开内容(要素)": "content",
    "要素": "content",
    "事项内容": "content",
    "内容标准": "content",
    "主要内容": "content",
    "公开依据": "legal_basis",
    "公开时限": "deadline",
    "公开时间": "deadline",
    "公开主体": "publisher",
    "责任主体": "publisher",
    "公开渠道和载体": "channels",
    "公开渠道": "channels",
    "公开载体": "channels",
    "公开渠道载体": "channels",
    "全社会": "audience_public",
    "特定群众": "audience_specific",
    "特定群体": "audience_specific",
    "特定对象": "audience_specific",
    "主动": "mode_proactive",
    "主动公开": "mode_proactive",
    "依申请": "mode_on_request",
    "依申请公开": "mode_on_request",
    "公开属性": "mode",
    "责任科室": "office",
    "责任单位": "office",
    "责任股室": "office",
}
# Group headers: field of the group when nothing is printed under it, and the fields
# its sub-headers may have.
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "公开事项": ("level1", NAME_FIELDS),
    "事项名称": ("level1", NAME_FIELDS),
    "公开对象": ("audience", ("audience_public", "audience_specific")),
    # 公开范围 is the audience in department lists (黄石市, 武汉市东西湖区): 全社会 as text.
    "公开范围": ("audience", ("audience_public", "audience_specific")),
    "公开方式": ("mode", ("mode_proactive", "mode_on_request")),
    "公开层级": ("level", ("level",)),
}
# 分类 sits above 一级目录 in whole-county lists (柘城县): a name level of its own.
CATEGORY_LABELS = {"分类"}

# 公开层级 words: a header (or a level cell holding text) made only of these is a level.
LEVEL_WORDS: dict[str, str] = {
    "省": "province",
    "自治区": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "地区": "city",
    "县": "county",
    "区": "county",
    "旗": "county",
    "乡镇": "township",
    "街道": "township",
    "乡": "township",
    "镇": "township",
    "苏木": "township",
    "村": "village",
    "社区": "village",
    "居": "village",
    "嘎查": "village",
}
_LEVEL_RE = re.compile(
    "^(?:(?:" + "|".join(sorted(map(re.escape, LEVEL_WORDS), key=len, reverse=True)) + r")级?[、/，,和及]?)+级?$"
)
CODE_ORDER = ("province", "city", "county", "township", "village")
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇级", "village": "村（社区）级"}


def level_names(codes) -> str:
    """Level codes in Chinese, for reports and selects: 县级、乡镇级."""
    return "、".join(LEVEL_NAMES.get(code, code) for code in codes)


_SPACE_RE = re.compile(r"[\s\u00a0\u3000]+")
# A note in brackets after a header: （要素）, (“■”表示必选项…), （在标注范围内至少选择其一公开…）
_NOTE_RE = re.compile(r"[（(][^（）()]*[）)]$")


def tidy(text: str) -> str:
    """A header for display: line breaks and spaces inside Chinese words removed."""
    text = re.sub(r"\s*\n\s*", "\n", (text or "").strip())
    text = re.sub(rf"(?<=[{CJK}、])[\s\u00a0\u3000]+(?=[{CJK}、])", "", text)
    return re.sub(r"[\s\u00a0\u3000]+", " ", text)


def normal(text: str) -> str:
    """A header as compared: no whitespace of any width, brackets in one width."""
    text = _SPACE_RE.sub("", text or "")
    return text.replace("（", "(").replace("）", ")").replace("：", ":")


def level_codes(text: str) -> tuple[str, ...]:
    """The levels a 公开层级 label or cell names, top down; () when it names none.

    >>> level_codes("乡、村级"), level_codes("州级县级"), level_codes("村（社区）"), level_codes("社会")
    (('township', 'village'), ('city', 'county'), ('village',), ())
    """
    key = normal(text).replace("(", "").replace(")", "")
    if not key or not _LEVEL_RE.match(key):
        return ()
    found = set()
    rest = key
    for word in sorted(LEVEL_WORDS, key=len, reverse=True):
        if word in rest:
            found.add(LEVEL_WORDS[word])
            rest = rest.replace(word, "")
    return tuple(code for code in CODE_ORDER if code in found)


@dataclass(frozen=True)
class Match:
    field: str
    certainty: str
    levels: tuple[str, ...] = ()
    group: bool = False  # a group header (公开对象 …) rather than a column of its own


@lru_cache(maxsize=CELL_CACHE)
def match_label(text: str) -> Match:
    """The field one header cell stands for, and how sure that is (a pure function of the
    text, cached: every row of a table is asked whether it is a header)."""
    key = normal(text)
    if not key:
        return Match(OTHER, UNKNOWN)
    for candidate, certainty in ((key, EXACT), (_NOTE_RE.sub("", key), CLOSE)):
        found = _lookup(candidate)
        if found:
            return replace(found, certainty=certainty if found.certainty == EXACT else found.certainty)
    bare = _NOTE_RE.sub("", key)
    # Page text loses the first character of a cell now and then (开事项, \n社会).
    # (Both this and a cut header are shorter than the longest word: a data cell skips them.)
    if 2 <= len(bare) < _LONGEST:
        lost = [m for m in (_lookup(word) for word in _ALL_WORDS if word[1:] == bare) if m]
        if len({(m.field, m.group) for m in lost}) == 1:
            return replace(lost[0], certainty=CLOSE)
    # A header cut short (公开 for 公开时限/公开主体): a guess only when one field fits.
    if 2 <= len(bare) < _LONGEST:
        cut = {_lookup(word) for word in _ALL_WORDS if word.startswith(bare) and word != bare}
        cut.discard(None)
        if len({m.field for m in cut}) == 1:
            return replace(cut.pop(), certainty=GUESS)
    # A misprint in a long header (公开渠道和戴体); short headers differ in one character
    # for real (公开形式 is not 公开方式).
    # (Only words of a length that can reach the cutoff: 2·shorter/(sum of lengths) ≥ 0.8;
    # a data cell longer than that skips difflib, which was the parse stage's hot spot.)
    fits = _CLOSE_CANDIDATES.get(len(bare), ()) if len(bare) >= 5 else ()
    close = difflib.get_close_matches(bare, fits, n=1, cutoff=0.8) if fits else []
    if close:
        return replace(_lookup(close[0]), certainty=CLOSE)
    return Match(OTHER, UNKNOWN)


def _lookup(key: str) -> Match | None:
    if key in VOCABULARY:
        return Match(VOCABULARY[key], EXACT)
    if key in GROUPS:
        return Match(GROUPS[key][0], EXACT, group=True)
    if key in CATEGORY_LABELS:
        return Match("category", EXACT)
    codes = level_codes(key)
    if codes:
        return Match("level", EXACT, codes)
    return None


_ALL_WORDS = sorted({*VOCABULARY, *GROUPS, *CATEGORY_LABELS})
_LONGEST = max(map(len, _ALL_WORDS))
# For each text length, the words difflib could find close (ratio ≥ 0.8 needs
# 2·shorter ≥ 0.8·(sum of lengths)); longer texts have none.
_CLOSE_CANDIDATES = {
    n: [word for word in _ALL_WORDS if 2 * min(len(word), n) >= 0.8 * (len(word) + n)] for n in range(1, 2 * _LONGEST)
}


def is_label(text: str) -> bool:
    """Whether a cell reads as a header of the vocabulary (exactly or nearly)."""
    return match_label(text).certainty in (EXACT, CLOSE)


@dataclass
class ColumnMapping:
    """The columns of one table, left to right (``index`` is the grid position)."""

    columns: list[Column]
    indexes: list[int]
    header_rows: int = 1
    notes: list[str] = field(default_factory=list)

    def kept(self) -> list[tuple[int, Column]]:
        """(grid index, column) for every column that is read (not ignored)."""
        return [(i, c) for i, c in zip(self.indexes, self.columns) if c.key != IGNORE]

    def has_names(self) -> bool:
        return any(c.key in NAME_FIELDS for c in self.columns)

    def describe(self) -> list[dict]:
        """Each column as printed, its field and certainty (for reports and previews)."""
        return [
            {
                "index": i,
                "printed": c.printed,
                "field": c.key,
                "field_name": FIELDS.get(c.key, c.key) + (f"（{level_names(c.levels)}）" if c.levels else ""),
                "certainty": c.certainty,
                "certainty_name": CERTAINTY_LABELS[c.certainty],
            }
            for i, c in zip(self.indexes, self.columns)
        ]

    def missing_names_message(self) -> str:
        """Why a table without a name column cannot be read, quoting what was found."""
        printed = "、".join(f"“{c.printed}”" for c in self.columns if c.printed) or "（空）"
        unknown = [c.printed for c in self.columns if c.certainty == UNKNOWN and c.printed]
        suggestions = []
        for label in unknown:
            close = difflib.get_close_matches(normal(label), _ALL_WORDS, n=1, cutoff=0.4)
            if close:
                suggestions.append(f"“{label}”可能是“{close[0]}”")
        hint = ("；" + "，".join(suggestions)) if suggestions else ""
        example = unknown[0] if unknown else "表头"
        return (
            f"表头中没有事项名称列（一级事项、二级事项、公开事项或一级目录等）。找到的表头是：{printed}{hint}。"
            "请把事项名称所在列的表头改为“一级事项”（或“二级事项”）后重新上传；"
            f'命令行导入可不改文件，用 --columns "{example}=level1" 指明。'
        )


def map_columns(header_rows: Sequence[Sequence[str | None]]) -> ColumnMapping:
    """The mapping of a table from its header row(s) in grid positions.

    One or two rows, as a grid holds them: a group header (公开对象) spans the columns
    of its sub-headers (全社会, 特定群体) on the second row; a reader that resolves
    merged cells may repeat the group text over its span, or leave it blank.
    """
    rows = [["" if cell is None else str(cell) for cell in row] for row in header_rows if row is not None]
    if not rows:
        raise ImportFailed("没有表头行。")
    width = max(len(row) for row in rows)
    top = rows[0] + [""] * (width - len(rows[0]))
    sub = (rows[1] + [""] * (width - len(rows[1]))) if len(rows) > 1 else [""] * width
    columns, indexes = [], []
    group = ""
    for index, (upper, lower) in enumerate(zip(top, sub)):
        upper, lower = upper.strip(), lower.strip()
        if upper:
            group = upper if match_label(upper).group else ""
        elif not lower:
            continue
        if upper and lower and not group and _finishes(upper, lower):
            # "(要素)" under 公开内容, or the end of a word the top row broke ("公开内" / "容"):
            # one column, named by both rows.
            columns.append(_column(upper + lower, "", has_sub=False))
            indexes.append(index)
            continue
        label = lower if lower and normal(lower) != normal(upper) else upper
        if not label:
            continue
        under = group if lower and label == lower and group and normal(group) != normal(lower) else ""
        columns.append(_column(label, under, has_sub=bool(lower)))
        indexes.append(index)
    return ColumnMapping(_resolve_names(columns), indexes, header_rows=len(rows))


BRACKETED_NOTE = re.compile(r"[（(][^（）()]{1,12}[）)]")


def _finishes(upper: str, lower: str) -> bool:
    """The second header row's cell finishes the top one's name instead of naming a column
    under it: a bracketed note, or the rest of a broken word (neither is a label alone).

    >>> _finishes("公开内容", "（要素）"), _finishes("公开内", "容"), _finishes("公开对象", "全社会")
    (True, True, False)
    """
    if BRACKETED_NOTE.fullmatch(normal(lower)):
        return True
    return not is_label(lower) and not is_label(upper) and is_label(upper + lower)


def columns_from_labels(top: Sequence[str], sub: Sequence[str]) -> list[Column]:
    """The columns of a header read as two lists of labels, when the page text does not
    keep grid positions (pipes without empty cells, one cell per line, spaces): each
    group header takes, in order, the sub-headers of its kind from the second list.

    >>> [c.key for c in columns_from_labels(["序号", "公开事项", "公开内容", "公开对象", "公开方式"], ["一级事项", "二级事项", "全社会", "特定群体", "主动", "依申请"])]
    ['number', 'level1', 'level2', 'content', 'audience_public', 'audience_specific', 'mode_proactive', 'mode_on_request']
    """
    pending = [label for label in sub if label and label.strip()]
    # "(要素)" on the second header line finishes 公开内容 above it; it is no column.
    pending = [label for label in pending if not re.fullmatch(r"[（(][^（）()]{1,12}[）)]", normal(label))]
    columns: list[Column] = []
    for label in top:
        if not label or not label.strip():
            continue
        found = match_label(label)
        if found.group:
            group = _group_key(label)
            kinds = GROUPS[group][1] if group else ()
            taken = []
            while pending and match_label(pending[0]).field in kinds:
                taken.append(pending.pop(0))
            if taken:
                columns += [_column(text, label.strip(), has_sub=True) for text in taken]
                continue
        columns.append(_column(label, "", has_sub=False))
    # Sub-headers no group took (a group header the page lost): columns of their own.
    columns += [_column(text, "", has_sub=True) for text in pending]
    return _resolve_names(columns)


def _group_key(label: str) -> str | None:
    key = normal(label)
    for candidate in (key, _NOTE_RE.sub("", key)):
        if candidate in GROUPS:
            return candidate
    for word in GROUPS:  # a lost first character
        if word[1:] == key:
            return word
    return None


def _column(label: str, group: str, *, has_sub: bool) -> Column:
    # A group header printed as one column (公开对象, 公开方式 with no sub-headers) has
    # the group's own field: its cells hold words (全社会, 主动公开), not ticks.
    found = match_label(label)
    return Column(found.field, tidy(label), found.levels, group=tidy(group), certainty=found.certainty)


def _resolve_names(columns: list[Column]) -> list[Column]:
    """Name columns -> level1/level2/level3 by depth.

    A table with 分类 above 一级–四级目录 (柘城县) or more name columns than three:
    the first is level1, the item's own name column (公开事项 printed alone) level2,
    and the levels between are kept together as level3.
    """
    names = [i for i, c in enumerate(columns) if c.key in NAME_FIELDS or c.key == "category"]
    out = list(columns)
    if len(names) == 1 and columns[names[0]].key == "category":
        out[names[0]] = replace(columns[names[0]], key=OTHER)  # 分类 alone is not a name
        return out
    keys = [columns[i].key for i in names]
    if "category" not in keys and len(set(keys)) == len(keys):
        return out
    # 一级目录 beside 公开事项 over its own 一级/二级/三级事项 (石城县): the group holds the
    # item's levels as printed; a name column outside it repeating one of them is a
    # division above the items, kept as other information rather than shifting them down.
    grouped = [i for i in names if columns[i].group and _group_key(columns[i].group)]
    own = [columns[i].key for i in grouped]
    if "category" not in keys and "level1" in own and len(set(own)) == len(own):
        for i in names:
            if i not in grouped and columns[i].key in own:
                out[i] = replace(columns[i], key=OTHER)
        return out
    leaf = [i for i in names if _group_key(columns[i].label) and not columns[i].group]
    first = names[0]
    second = leaf[-1] if leaf and leaf[-1] != first else next((i for i in names if i != first), None)
    for i in names:
        key = "level1" if i == first else "level2" if i == second else "level3"
        out[i] = replace(columns[i], key=key)
    return out


def header_signature(mapping: ColumnMapping) -> str:
    """What identifies a header across files: the SHA-256 of its columns as printed, without
    spaces, line breaks or bracket widths (the same table saved as HTML or retyped in Word
    has the same signature).

    >>> a = map_columns([["序 号", "一级目录", "三级事项（要素）"]])
    >>> b = map_columns([["序号", "一级\\n目录", "三级事项(要素)"]])
    >>> header_signature(a) == header_signature(b) != header_signature(map_columns([["序号", "一级目录"]]))
    True
    """
    text = "|".join(normal(column.printed) for column in mapping.columns)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Profile:
    """A saved layout profile, as the readers use it: its name and {header -> field}.

    ``tables`` holds the mapping of each header saved under the name ({signature -> mapping}):
    a table is read with its own header's mapping, a table with another header with
    ``mapping`` (the columns the saved headers name)."""

    name: str
    mapping: Mapping[str, str]
    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def for_table(self, signature: str) -> Mapping[str, str]:
        return self.tables.get(signature, self.mapping)


@dataclass
class Corrections:
    """Staff's corrections of the column mapping of every table of a file.

    ``profile`` is a layout profile named by staff (``--profile``); without one, ``find``
    (header signature -> Profile or None) looks for a profile saved for the header of
    each table. ``given`` ({header -> field}, ``--columns`` or the preview's selects) is
    applied last, so it wins per header. ``used`` collects the names of the profiles
    applied, for the report ("使用版式：…").

    >>> m = map_columns([["序号", "工作项目", "公开内容"]])
    >>> fixes = Corrections(given={"公开内容": "other"}, profile=Profile("甲", {"工作项目": "level1", "公开内容": "content", "备注": "other"}))
    >>> [(c.key, c.certainty) for c in fixes.apply(m).columns], fixes.used
    ([('number', 'exact'), ('level1', 'given'), ('other', 'given')], ['甲'])
    """

    given: Mapping[str, str] = field(default_factory=dict)
    profile: Profile | None = None
    find: Callable[[str], Profile | None] | None = None
    used: list[str] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  # given headers some table printed
    seen: dict[str, None] = field(default_factory=dict)  # every header printed, in order

    def __bool__(self) -> bool:
        return bool(self.given or self.profile or self.find)

    def apply(self, mapping: ColumnMapping) -> ColumnMapping:
        signature = header_signature(mapping)
        profile = self.profile or (self.find(signature) if self.find else None)
        if profile is not None:
            # A profile kept for another header may name columns this one lacks: those are skipped.
            known = {name: target for name, target in profile.for_table(signature).items() if _find(mapping, name)}
            mapping = apply_overrides(mapping, known)
            if profile.name not in self.used:
                self.used.append(profile.name)
        if not self.given:
            return mapping
        # Each table takes the corrections of the headers it prints (the tables of one file
        # may print different headers); a header no table prints is refused by check_given.
        here = {name: target for name, target in self.given.items() if _find(mapping, name)}
        self.found.update(here)
        self.seen.update(dict.fromkeys(column.printed for column in mapping.columns))
        return apply_overrides(mapping, here) if here else mapping

    def not_in(self, mapping: ColumnMapping) -> str:
        """For the refusal of a table without a name column: the corrected headers this table
        does not print, as a clause ("" when it prints them all). A later table of the file may
        still print them, so this says "这张表", never "文件"."""
        missing = [name for name in self.given if not _find(mapping, name)]
        for name in missing:
            _target(self.given[name])  # an unknown field is the error to report first
        if not missing:
            return ""
        names = "、".join(f"“{name}”" for name in missing)
        return f"指定的表头{names}不在这张表的表头中。"

    def check_given(self) -> None:
        """ImportFailed naming the first corrected header that no table of the file prints."""
        for name, target in self.given.items():
            if name not in self.found:
                _target(target)  # an unknown field is the error to report first
                available = "、".join(f"“{printed}”" for printed in self.seen)
                raise ImportFailed(f"指定的表头“{name}”不在文件的表头中。文件的表头是：{available}。")


def as_corrections(overrides: Mapping[str, str] | Corrections | None) -> Corrections:
    """Plain {header -> field} overrides (``--columns``) as Corrections."""
    if isinstance(overrides, Corrections):
        return overrides
    return Corrections(given=dict(overrides or {}))


def apply_overrides(mapping: ColumnMapping, overrides: Mapping[str, str]) -> ColumnMapping:
    """The mapping with staff corrections: {header -> field | "other" | "ignore"}.

    A header is named as printed ("具体职责", "公开对象／全社会" or just "全社会") or by
    position ("#3" or "第3列", counting from 1). A field may be ``level:county`` (or
    ``level:township+village``) for a 公开层级 column. Unknown headers or fields raise
    ImportFailed with a Chinese message listing what is available.
    """
    columns = list(mapping.columns)
    used = set()
    for name, target in overrides.items():
        positions = _find(mapping, name)
        if not positions:
            available = "、".join(f"“{c.printed}”" for c in mapping.columns)
            raise ImportFailed(f"指定的表头“{name}”不在文件的表头中。文件的表头是：{available}。")
        key, levels = _target(target)
        for position in positions:
            column = columns[position]
            if key == "level" and not levels:
                levels = column.levels or level_codes(column.label)
            columns[position] = replace(column, key=key, levels=levels if key == "level" else (), certainty=GIVEN)
            used.add(position)
    return ColumnMapping(columns, list(mapping.indexes), mapping.header_rows, list(mapping.notes))


def _find(mapping: ColumnMapping, name: str) -> list[int]:
    name = name.strip()
    match = re.fullmatch(r"(?:#|第)\s*(\d+)\s*列?", name)
    if match:
        position = int(match.group(1)) - 1
        return [i for i, index in enumerate(mapping.indexes) if index == position]
    wanted = normal(name).replace("/", "／")
    return [
        i for i, c in enumerate(mapping.columns) if wanted in (normal(c.printed).replace("/", "／"), normal(c.label))
    ]


def _target(target: str) -> tuple[str, tuple[str, ...]]:
    target = target.strip()
    names = {name: key for key, name in FIELDS.items()}
    if target in names:
        target = names[target]
    key, _, codes = target.partition(":")
    if key not in FIELDS:
        choices = "、".join(f"{k}（{v}）" for k, v in FIELDS.items())
        raise ImportFailed(f"“{target}”不是可选的字段。可选：{choices}。")
    levels = tuple(code for code in codes.replace(",", "+").split("+") if code)
    unknown = [code for code in levels if code not in CODE_ORDER]
    if unknown:
        raise ImportFailed(f"“{'、'.join(unknown)}”不是公开层级代码。可选：{'、'.join(CODE_ORDER)}。")
    return key, levels


def parse_overrides(text: str) -> dict[str, str]:
    """``"一级目录=level1,具体职责=ignore"`` -> {"一级目录": "level1", …} (for --columns).

    >>> parse_overrides("一级目录=level1，具体职责=ignore, 县级=level:county")
    {'一级目录': 'level1', '具体职责': 'ignore', '县级': 'level:county'}
    """
    out = {}
    for part in re.split(r"[,，;；]\s*(?=[^=]+=)", text.strip()):
        if not part.strip():
            continue
        name, sep, target = part.partition("=")
        if not sep or not name.strip() or not target.strip():
            raise ImportFailed(f"列对应“{part}”的格式应为 表头=字段，如 一级目录=level1。")
        out[name.strip()] = target.strip()
    return out
