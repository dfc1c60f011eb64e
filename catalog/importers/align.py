"""Put the cells of one printed row under the right columns.

OCR loses cells (a merged cell printed once, a cell skipped), so a row can have fewer
or more cells than its table has columns, and a cell can land under the wrong header.
Each cell is scored against each column by what it looks like (a number, a tick, a
《law》, a deadline, an office, a list of channels, a name, a long content text) and
the best order-preserving assignment is found by dynamic programming. A row that
fits its header is left as printed unless a cell plainly does not belong where it is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType

from .aliases import map_channel, names_channel
from .cleaners import (
    BULLETS,
    CELL_CACHE,
    CJK,
    EMPTY_BOXES,
    MIDDLE_DOT,
    NONE_MARK,
    TICKED_BOXES,
    TICKS,
    clean_cell,
    is_mark_like,
    is_tick,
    tick_value,
)
from .headers import NAME_FIELDS, OTHER, level_codes, match_label
from .records import Column

DEADLINE_RE = re.compile(
    r"工作日|之日起|\d+\s*日内|即时|及时|实时|同步|每年|每季|每月|定期|提前|后公开|审核后|期后|时限内|长期公开|批复后|下达"
)
OFFICE_RE = re.compile(r"(局|政府|中心|办事处|办公室|室|委会|委员会|部门|所|馆|站|院|队|办|处)[）)]?$")
# Checklist boxes only a channel list prints (■ ▄ □ ☐). ● and ◆ also open the 要素 of a
# 公开内容 list and √ ✓ ☑ tick options, so those mark a channel list only where the text
# after one names a channel (is_checklist).
BOXES = "".join(mark for mark in TICKED_BOXES + EMPTY_BOXES if mark not in BULLETS)
BOX_RE = re.compile(f"[{BOXES}]")
CHANNEL_MARK_RE = re.compile(f"[{BOXES}]|<input")  # a checklist box, or a checkbox of a page
OTHER_MARK_RE = re.compile(f"[{''.join(sorted(set(TICKED_BOXES + TICKS + BULLETS) - set(BOXES)))}]")
# A 序号 (a whole-county list numbers its items into the thousands).
NUMBER_RE = re.compile(r"^\d{1,5}$")

# The patterns the cell scores ask every cell (compiled once: the scorer sees thousands of runs).
LIST_MARKUP_RE = re.compile(r"<ul|<li|•")
LAW_WORD_RE = re.compile(r"条例|办法》|法》")
SERVICE_NAME_RE = re.compile(r"(申领|申请|登记|确认|备案|注销|变更|查询|打印|办理|补贴|管理|服务)$")
LIST_PUNCT_RE = re.compile(r"[、；;。]")
DIGIT_LIST_RE = re.compile(r"\d[.、．]")
SENTENCE_END_RE = re.compile(r"[;；。]")

# Column keys grouped by what their cells look like.
KIND = {
    "number": "number",
    "level1": "name",
    "level2": "name",
    "level3": "name",
    "content": "content",
    "legal_basis": "law",
    "deadline": "deadline",
    "publisher": "publisher",
    "channels": "channels",
    "office": "office",
}


@lru_cache(maxsize=CELL_CACHE)
def is_checklist(text: str) -> bool:
    """The text is a channel checklist: it prints a box, or a mark that is also a bullet or
    a tick opening a channel's name ("◆公开查阅点 ◆政务服务中心", not "●文件名称 ●文号")."""
    if BOX_RE.search(text):
        return True
    return any(map_channel(clean_cell(piece)) for piece in OTHER_MARK_RE.split(text)[1:] if piece.strip())


def channel_words(text: str) -> bool:
    """The text prints a checklist box, a checkbox or a channel the rules know (aliases.CHANNEL_RULES)."""
    return bool(CHANNEL_MARK_RE.search(text)) or names_channel(text)


def channel_marks(text: str) -> bool:
    """The text reads as channels: a checklist, a checkbox or a channel word."""
    return channel_words(text) or is_checklist(text)


def cell_scores(raw: str) -> MappingProxyType:
    """How well the cell fits each kind of column (higher is better); read-only, cached."""
    return _cell_scores(raw)


@lru_cache(maxsize=CELL_CACHE)
def _cell_scores(raw: str) -> MappingProxyType:
    return MappingProxyType(_score_cell(raw))


def _score_cell(raw: str) -> dict[str, float]:
    text = clean_cell(raw)
    if not raw.strip():
        return {}
    if NUMBER_RE.match(text):
        return {"number": 3}
    if is_tick(raw) or (tick_value(raw) is not None and not NONE_MARK.match(raw)):
        return {"tick": 3}  # a tick, or a tick column's other yes or no (■, ○, ×, 是, 否), not 无
    if is_mark_like(raw):
        return {"tick": 3}  # a mark no set names (◎): where ticks go, and flagged there (normalise)
    scores = {"content": 0.3, "name": 0.0}
    if text == "同上":
        return {"law": 1, "deadline": 1, "content": 0.5, "publisher": 0.5, "channels": 0.5}
    if LIST_MARKUP_RE.search(raw):
        scores.update(content=2.5, name=-2)
        if not channel_marks(raw):
            return scores
    if channel_marks(raw):
        scores.update(channels=3, content=-1, name=-2)
        return scores
    if text.startswith("《"):
        scores.update(law=2.5, content=0.5, name=-0.5 if len(text) < 15 else -2)
    elif "《" in text or LAW_WORD_RE.search(text):
        scores.update(law=1, content=1)
    if DEADLINE_RE.search(text) and len(text) < 60:
        scores["deadline"] = 2.5
    if OFFICE_RE.search(text) and "《" not in text and len(text) < 120:
        scores.update(publisher=2, name=0.3)
        if len(text) < 20:
            scores["office"] = 2
    if SERVICE_NAME_RE.search(text) and len(text) < 50 and "；" not in text:
        scores.update(name=1.5, content=0.5)
        return scores
    long = len(text) > 30 or len(LIST_PUNCT_RE.findall(text)) >= 2 or DIGIT_LIST_RE.search(text)
    if long:
        scores["content"] = max(scores["content"], 2)
        scores["name"] = -1 if len(text) > 40 else -0.2
    elif len(text) <= 30:
        scores["name"] = max(scores["name"], 1.5)
        scores["content"] = max(scores["content"], 0.5)
    if len(text) <= 6 and not OFFICE_RE.search(text):
        scores["tick"] = 0.5  # 特定群众 columns may name the group (教师)
    return scores


TICK_COLUMNS = ("audience_public", "audience_specific", "mode_proactive", "mode_on_request", "level")
# The option a tick most often marks in its group: where a tick whose column the page
# did not keep is put (each such guess is noted on the row).
FIRST_OPTIONS = ("audience_public", "mode_proactive", "level")
AUDIENCE_WORDS = re.compile(r"^(全社会|社会公众|特定群[体众]|特定对象|社会)$")
MODE_WORDS = re.compile(r"^(主动公开|主动开|依申请公开|依申请|主动|依申请开)$")


PAGE_OFFICE_RE = re.compile(r"(机关|部门|委员会|政府|局|中心|办公室|办事处|所|站|院|队|组|科|股|室)$")
# A party described at length (招标人或者其委托的招标代理机构, 项目法人或建设单位): a 公开主体,
# where a short 组织机构 or 议事协调机构 is an item's name.
PARTY_RE = re.compile(rf"^(?=.{{8,}}$|.*[或及和]).*[{CJK}](机构|单位)$")
DOC_REF_RE = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
PHRASE_LIST_RE = re.compile(rf"[{CJK}]{{4}}\s+[{CJK}]{{4}}")  # {4,} as searched: backtracked over long runs
BULLET_RE = re.compile(f"(?:^|\\s)[{BULLETS}{MIDDLE_DOT}]" r"|(?:^|\s)\d{1,2}\s*[.、．](?!\d)")
BULLET_FIRST_RE = re.compile(f"\\s*[{BULLETS}{MIDDLE_DOT}]")
DESCRIPTION_RE = re.compile(r"有关的|相关的|包括|以及|等$|等信息$|情况$")
PAGE_DEADLINE_RE = re.compile(r"(永久|长期|常年|常态化?|按年|按季度?|按月|按需)公开")
NUMBERED_LAW_RE = re.compile(r"^\d{1,2}\s*[.、．]\s*《")
LAW_TITLE_RE = re.compile(r"(条例|办法|规定|规则|意见|通知|决定|细则|法)$")
DOCUMENT_NUMBER_RE = re.compile(rf"^[{CJK}]{{1,12}}[〔\[［(（]\d{{4}}[〕\]］)）]\s*\d+\s*号$")  # 鄂康政办发[2020]30号
DOCUMENT_KIND_RE = re.compile(r"(预案|通知|办法|条例|规定|意见|决定|方案|细则|规划|纲要|公告|通告|批复)$")


def names_documents(text: str, least: int = 2) -> bool:
    """Whether a cell lists documents by name and number (a department catalogue's 三级事项:
    "国家自然灾害救助应急预案 内蒙古自治区自然灾害救助应急预案", "鄂康政办发[2020]30号
    关于成立减灾委员会的通知"): every phrase is a document's title or number.

    >>> names_documents("国家自然灾害救助应急预案 内蒙古自治区自然灾害救助应急预案")
    True
    >>> names_documents("鄂康政办发[2020]30号", least=1), names_documents("工作方案、实施办法")
    (True, False)
    """
    if "《" in text:
        return False  # titles in 《》 are a 公开依据
    phrases = [phrase for phrase in re.split(r"[\s、，,]+", text) if phrase]
    return len(phrases) >= least and all(
        (DOCUMENT_KIND_RE.search(phrase) and len(phrase) >= 6) or DOCUMENT_NUMBER_RE.match(phrase) for phrase in phrases
    )


def page_scores(raw: str) -> dict[str, float]:
    """cell_scores for tables read from page text, which prints more kinds of cell
    than the OCR seeds: 公开主体 such as 公安机关 or 住房和城乡建设部门, and 公开内容
    written as phrases separated by spaces ("社会救助信访通讯地址 社会救助投诉举报电话"),
    which a name never is."""
    scores = dict(cell_scores(raw))
    text = clean_cell(raw)
    if not text:
        return scores
    if "tick" in scores and scores != {"tick": 3} and (tick_value(raw) is None or NONE_MARK.match(raw)):
        del scores["tick"]  # a short word is not a tick here (自然灾害救助 under 对应职责), 是/否 is
    if text.startswith("《") and "law" in scores:
        scores["content"] = min(scores.get("content", 0), 0.8)  # a list of 《titles》 is a 公开依据
    if "channels" in scores:
        scores.pop("publisher", None)  # 政府网站 ends like 便民服务站 but is no office
        scores.pop("office", None)
    elif (
        (PAGE_OFFICE_RE.search(text) or PARTY_RE.search(text))
        and "《" not in text
        and len(text) < 40
        and "number" not in scores
    ):
        scores["publisher"] = max(scores.get("publisher", 0), 2)
        if len(text) < 20:
            scores["office"] = max(scores.get("office", 0), 1.5)
    if PHRASE_LIST_RE.search(text) and "channels" not in scores and "law" not in scores:
        scores["content"] = max(scores.get("content", 0), 2)
        scores["name"] = min(scores.get("name", 0), 1.0)
    if DOC_REF_RE.search(text) and "《" not in text:
        scores["name"] = max(scores.get("name", 0), 1.0)  # documents named by number (鄂康政办发[2020]30号 关于…)
    if DESCRIPTION_RE.search(text) and "channels" not in scores and "law" not in scores:
        scores["content"] = max(scores.get("content", 0), 1.8)  # 与救灾有关的…: describes, does not name
        scores["name"] = min(scores.get("name", 0), 1.0)
    if names_documents(text):
        scores["name"] = max(scores.get("name", 0), 2.0)  # named documents are the item (三级事项)
        scores["content"] = min(scores.get("content", 0), 1.0)
    if PAGE_DEADLINE_RE.search(text) and len(text) < 30:
        scores["deadline"] = max(scores.get("deadline", 0), 2.5)  # 永久公开, 长期公开
    if text.endswith("。") and "channels" not in scores and "law" not in scores and "name" in scores:
        # A sentence names nothing (本地旅游发展规划文本。).
        scores.update(name=min(scores["name"], 0.0), content=max(scores.get("content", 0), 1.8))
    if NUMBERED_LAW_RE.match(text):
        scores.update(law=2.5, name=-2)  # "1.《中华人民共和国政府信息公开条例》"
    if (len(BULLET_RE.findall(raw)) >= 2 or BULLET_FIRST_RE.match(raw)) and "channels" not in scores:
        scores.update(content=2.5, name=-1)  # ●文件名称 ●文号: a list of 要素
    elif LAW_TITLE_RE.search(text) and "《" not in text and len(text) < 30 and "channels" not in scores:
        scores["law"] = max(scores.get("law", 0), 1.5)  # 信息公开规定: a basis printed without 《》
    elif (
        "name" in scores
        and len(text) <= 30
        and not SENTENCE_END_RE.search(text)
        and text.count("、") <= 2
        and "channels" not in scores
        and "deadline" not in scores
        and "law" not in scores
    ):
        scores["name"] = max(scores["name"], 1.0)
    return scores


def skip_costs(columns: list[Column]) -> list[float]:
    """What leaving each column empty inside a row of page text costs. Merged cells
    take the upper names (and 序号); an item keeps its own name and its 公开内容."""
    costs = [0.05] * len(columns)
    names = [j for j, column in enumerate(columns) if column.key in ("level1", "level2", "level3")]
    for j, column in enumerate(columns):
        if column.key == "content":
            costs[j] = 1.2
    if names:
        costs[names[-1]] = 1.5
    return costs


# Columns a cell merged down over several items often covers, besides the upper names.
MERGED_KEYS = ("legal_basis", "deadline", "publisher", "channels", "office", "audience", "mode")


def merged_skip_costs(columns: list[Column]) -> list[float]:
    """What leaving each column out of a row of a copied web table costs: it is covered by
    a cell merged down from above, the upper names most often, then a 公开依据, 公开时限,
    公开主体, 公开渠道 or 公开对象 shared by several items; never the item's own name or content."""
    costs = [1.0] * len(columns)
    names = [j for j, column in enumerate(columns) if column.key in ("level1", "level2", "level3")]
    for j, column in enumerate(columns):
        if column.key in MERGED_KEYS:
            costs[j] = 0.6
        elif column.key == "content":
            costs[j] = 2.0
    for k, j in enumerate(names[:-1]):
        costs[j] = 0.05 * (k + 1)  # a merged 二级 lies under a merged 一级
    if names:
        costs[names[-1]] = 2.0
    return costs


def fit(scores: dict[str, float], column: Column, text: str = "") -> float:
    if not scores:
        return 0.0
    if column.key == "level" and text and level_codes(clean_cell(text)):
        return 1.0  # a level written in its column (县级 under 州级县级)
    if column.key in ("audience", "mode"):
        words = AUDIENCE_WORDS if column.key == "audience" else MODE_WORDS
        return 3.0 if words.match(clean_cell(text)) else 0.2
    if column.key == "audience_specific" and text and _names_group(text, scores):
        return 1.5  # the group itself, printed in place of a tick (房屋征收范围内的被征收人)
    if column.key not in KIND and column.key not in TICK_COLUMNS:
        # 其他信息 and columns staff mapped to nothing in particular: any text will do,
        # but a ■ checklist is the channels' and a bare number or tick belongs elsewhere.
        if set(scores) in ({"number"}, {"tick"}) or (text and is_checklist(text)):
            return -2.0
        return 0.2
    kind = "tick" if column.key in TICK_COLUMNS else KIND[column.key]
    if kind in scores:
        return scores[kind]
    # Text that fits nothing in particular may stand in any text column; a bare
    # number or tick never does, and text never stands under 序号 or a tick column.
    pure = set(scores) in ({"number"}, {"tick"})
    return -4.0 if kind in ("number", "tick") or pure else -1.0


# Who a 特定群体 cell names: the people it is disclosed to.
GROUP_RE = re.compile(r"(人|户|者|员|对象|群众|群体|家庭|居民|农户|学生|职工|儿童|老人|老年人|(范围|区域|辖区)内)$")


def _names_group(text: str, scores) -> bool:
    cleaned = clean_cell(text)
    return (
        bool(GROUP_RE.search(cleaned))
        and len(cleaned) <= 20
        and not any(kind in scores for kind in ("channels", "law", "deadline", "number"))
    )


# A tick printed in one cell with the text of the next ("✓ 办公室": a 公开方式 tick and the 责任科室).
TICK_GLUED_RE = re.compile(f"^([{TICKS}])\\s+(\\S.*)$")


def split_glued(cells: list[str], columns: list[Column]) -> list[str]:
    """Undo two cells printed as one: "11 重点领域信息" (序号 and name), "✓ 办公室"."""
    out = []
    for i, cell in enumerate(cells):
        stripped = cell.strip()
        match = re.match(r"^(\d{1,5})\s+(\S.*)$", stripped)
        if i == 0 and columns and columns[0].key == "number" and match:
            out += [match.group(1), match.group(2)]
            continue
        match = TICK_GLUED_RE.match(stripped)
        if match and not is_checklist(stripped):  # "√ 政府网站 √ 入户/现场" ticks channels: one cell
            out += [match.group(1), match.group(2)]
            continue
        # a deadline and the office after it in one cell (002 line 47)
        match = re.match(r"^(\S.*(?:公开|日内))\s+(\S{1,8}(?:室|科|股))$", stripped)
        if match and DEADLINE_RE.search(match.group(1)):
            out += [match.group(1), match.group(2)]
            continue
        out.append(cell)
    return out


def align(
    cells: list[str],
    columns: list[Column],
    *,
    packed: bool = False,
    page: bool = False,
    merged: bool = False,
    loose: frozenset[int] = frozenset(),
) -> tuple[dict[int, str], tuple[int, ...], list[str]]:
    """Assign cells to columns. Returns (cells by column index, absent columns, notes).

    ``packed``: the page printed the row's own cells and then padded it with empty
    ones (a web table whose merged cells were dropped), so the printed positions of
    the cells after a missing one are not their columns. ``page``: the row comes from
    page text rather than the OCR seeds (see ``page_scores``). ``merged``: the row left out
    the cells that merged cells above cover (a table copied from a web page), which are
    the upper names more often than anything else (``merged_skip_costs``); it keeps its
    empty cells (so a column missing at its end is merged too), except at the positions in
    ``loose`` (cell indices, ``len(cells)`` for the row's end), where empty cells may have
    been copied as nothing (after a paragraph, see pasted.row_cells): tick columns left out
    there are empty cells, placed as ""; any other column left out there is taken as merged,
    as elsewhere (the text cannot tell the two apart)."""
    if loose:
        loose = frozenset(len(split_glued(cells[:i], columns)) for i in loose)
    cells = split_glued(cells, columns)
    while len(cells) > len(columns) and not cells[-1].strip():
        cells = cells[:-1]
    scores = [page_scores(cell) if page else cell_scores(cell) for cell in cells]
    n, m = len(columns), len(cells)
    if m == n and not packed and all(fit(scores[i], columns[i], cells[i]) > -3 for i in range(n)):
        return {i: cells[i] for i in range(n)}, (), []
    assignment, empty, doubtful = _best(
        scores,
        columns,
        cells,
        prefer_first=packed,
        skips=merged_skip_costs(columns) if merged else skip_costs(columns) if page else None,
        loose=loose if merged else None,
    )
    shifted = _shift_tick_run(assignment, scores, columns, cells) if not packed else 0
    placed: dict[int, str] = dict.fromkeys(empty, "")
    dropped: list[str] = []
    for i, j in enumerate(assignment):
        if j is None:
            if cells[i].strip():
                dropped.append(cells[i].strip())
        else:
            placed[j] = cells[i]
    # Columns the row did not print at all (as opposed to printed blank).
    absent = tuple(j for j in range(n) if j not in placed)
    notes = []
    moved = [(i, j) for i, j in enumerate(assignment) if j is not None and j != i and cells[i].strip()]
    # A short row whose text cells each landed where they plainly belong only lost
    # blank cells; a shifted row of full length, a moved tick (which tick column?)
    # or a cell of doubtful kind is worth a second look.
    ticks = [(i, j) for i, j in moved if "tick" in scores[i] and len(scores[i]) == 1]
    if packed and ticks:
        moved = [pair for pair in moved if pair not in ticks]
        # The cells after the last text cell: as many as the table has tick columns
        # means the page kept the empty ones in place; fewer, that it moved them away.
        text_cells = [i for i in range(m) if cells[i].strip() and not (len(scores[i]) == 1 and "tick" in scores[i])]
        region = m - (text_cells[-1] + 1 if text_cells else 0)
        if region < sum(1 for column in columns if column.key in TICK_COLUMNS):
            chosen = "、".join(
                columns[j].label for i, j in assignment_pairs(assignment) if len(scores[i]) == 1 and "tick" in scores[i]
            )
            notes.append(
                f"本行勾选标记所在的列原文未保留（空单元格被移到了行末），已按各组第一项推断为：{chosen}，请核对"
            )
    sure = 1.0 if page else 1.5
    confident = m < n and all(
        fit(scores[i], columns[j], cells[i]) >= sure and "tick" not in scores[i] for i, j in moved
    )
    if shifted:
        moved = [(i, j) for i, j in moved if not _is_tick(scores[i])]
        notes.append(
            f"本行的勾选标记整体印偏了{shifted}列（原文{m}格，表头{n}列），已按原有间隔整体移入勾选各列，请核对勾选"
        )
    if moved and not confident:
        described = "；".join(f"第{i + 1}格“{_short(cells[i])}”移到“{columns[j].label}”列" for i, j in moved[:4])
        notes.append(f"本行单元格错位（原文{m}格，表头{n}列），已按内容重新对齐：{described}")
    for text in dropped:
        notes.append(f"本行多出单元格“{_short(text)}”，无法对应表头，未采用")
    if doubtful:
        labels = "、".join(f"“{columns[j].label}”" for j in sorted(doubtful))
        notes.append(
            f"本行{labels}未复制出内容：复制的网页文字分不清这是空单元格还是上方合并的单元格，"
            "已按合并单元格沿用上一行，请对照原网页核对"
        )
    return placed, absent, notes


def _is_tick(scores: dict[str, float]) -> bool:
    return len(scores) == 1 and "tick" in scores


def _shift_tick_run(assignment: list[int | None], scores, columns: list[Column], cells: list[str]) -> int:
    """The ticks closing a row keep their spacing when the row lost a blank cell before
    them ("✓ _ ✓ _ ✓ ✓" printed one cell early): when the first tick had to move k
    columns to reach a tick column, all of them move k, if that lands each on a tick
    column. The assignment is changed in place; returns k (0: left as it was)."""
    ticks = [i for i in range(len(cells)) if _is_tick(scores[i])]
    if len(ticks) < 2 or assignment[ticks[0]] is None:
        return 0
    first = ticks[0]
    if any(cells[i].strip() and not _is_tick(scores[i]) for i in range(first, len(cells))):
        return 0  # text after the ticks: not a closing run
    shift = assignment[first] - first
    targets = [i + shift for i in ticks]
    if shift <= 0 or any(t >= len(columns) or columns[t].key not in TICK_COLUMNS for t in targets):
        return 0
    if [assignment[i] for i in ticks] == targets:
        return 0
    for i in range(first, len(cells)):
        assignment[i] = i + shift if i in ticks else None
    return shift


def assignment_pairs(assignment: list[int | None]) -> list[tuple[int, int]]:
    return [(i, j) for i, j in enumerate(assignment) if j is not None]


def join_named_documents(cells: dict[int, str], columns: list[Column]) -> dict[int, str]:
    """Documents named over two name columns are one name: the deeper column's (the list of
    documents under 部门和地方规章 is its 三级事项, not a 二级 and a 三级)."""
    names = [j for j, column in enumerate(columns) if column.key in ("level1", "level2", "level3")]
    out = dict(cells)
    for upper, lower in zip(names, names[1:]):
        above, below = out.get(upper, "").strip(), out.get(lower, "").strip()
        if above and below and names_documents(above, least=1) and names_documents(below, least=1):
            out[lower] = f"{out.pop(upper)}\n{out[lower]}"
    return out


def right_align_names(cells: dict[int, str], columns: list[Column]) -> dict[int, str]:
    """A row of page text that prints fewer names than the table has name columns
    lost the upper ones to merged cells: its names belong to the deepest columns."""
    names = [j for j, column in enumerate(columns) if column.key in ("level1", "level2", "level3")]
    keys = [columns[j].key for j in names]
    if (
        len(names) < 2
        or keys != sorted(keys)
        or len(set(keys)) != len(keys)
        or names != list(range(names[0], names[-1] + 1))
    ):
        return cells
    filled = [j for j in names if cells.get(j, "").strip()]
    targets = names[len(names) - len(filled) :]
    if not filled or filled == targets:
        return cells
    out = {j: text for j, text in cells.items() if j not in filled}
    for source, target in zip(filled, targets):
        out[target] = cells[source]
    return out


def division_repeats_level1(cells: dict[int, str], columns: list[Column]) -> dict[int, str]:
    """A division column before the names (一级目录, kept as 其他信息 where 公开事项 holds the
    item's own 一级/二级/三级事项, 石城县) that a row printed but that was read as its 一级: the
    row's first two names are the same text ("1 | 综合业务 | 综合业务 | 政策法规文件 |", its
    empty 三级事项 not printed). The first is the division, the names move up a level and
    the deepest is left empty, as printed."""
    names = [j for j, column in enumerate(columns) if column.key in NAME_FIELDS]
    division = next(
        (
            j
            for j, column in enumerate(columns[: names[0]] if names else [])
            if column.key == OTHER and match_label(column.label).field in NAME_FIELDS
        ),
        None,
    )
    if division is None or cells.get(division, "").strip():
        return cells
    filled = [j for j in names if cells.get(j, "").strip()]
    if len(filled) < 2 or clean_cell(cells[filled[0]]) != clean_cell(cells[filled[1]]):
        return cells
    out = {j: text for j, text in cells.items() if j not in filled}
    out[division] = cells[filled[0]]
    for target, source in zip(names, [*filled[1:], None]):
        out[target] = cells[source] if source is not None else ""
    return out


def sibling_names(cells: dict[int, str], columns: list[Column], above: dict[int, str]) -> dict[int, str]:
    """A row that printed fewer names than the table has, under names merged from the row
    above, names a sibling of that row's item: where the row above printed its deepest name
    column empty (an item of two levels in a table of three), the row's names end at the
    row above's last name, not in the column the row above left empty."""
    names = [j for j, column in enumerate(columns) if column.key in NAME_FIELDS]
    if len(names) < 2 or names[-1] not in above or above[names[-1]].strip() or names[-1] not in cells:
        return cells
    filled = [j for j in names if cells.get(j, "").strip()]
    leaf = max((j for j in names if above.get(j, "").strip()), default=None)
    if not filled or filled != names[len(names) - len(filled) :] or leaf is None or leaf == names[-1]:
        return cells
    depth = names.index(leaf) + 1
    if len(filled) > depth:
        return cells
    out = {j: text for j, text in cells.items() if j not in filled}
    for target, source in zip(names[depth - len(filled) : depth], filled):
        out[target] = cells[source]
    out[names[-1]] = ""
    return out


def names_before_missing_content(cells: dict[int, str], columns: list[Column], history) -> dict[int, str]:
    """A row that printed its upper name and no 公开内容 ("第1类事项 | 事项2 | 《…》 |", a 一级
    printed on every row): one cell short, it was read as under a 一级 merged from above, the
    一级's text as its 二级 and its own name as the 公开内容. Where nothing can be merged from
    above (the first row), where the 二级 read so is the very 一级 above it, or where the page
    prints that name again on each row instead of merging it (``repeated``: the name columns
    two rows in a row printed the same), the names move up a column and the 公开内容 is left
    empty. (``history()``: the names in force on the row above, and those ``repeated``.)"""
    names = [j for j, column in enumerate(columns) if column.key in NAME_FIELDS]
    content = next((j for j, column in enumerate(columns) if column.key == "content"), None)
    filled = [j for j in names if cells.get(j, "").strip()]
    if content is None or not filled or not cells.get(content, "").strip() or filled[0] == names[0]:
        return cells
    upper = names[names.index(filled[0]) - 1]
    scores = page_scores(cells[content])
    if upper in cells or content < filled[-1] or scores.get("name", -9) < scores.get("content", 0) + 1:
        return cells
    targets = names[names.index(upper) :]
    texts = [cells[j] for j in filled] + [cells[content]]
    above, repeated = history()
    merged = clean_cell(above.get(upper, ""))
    if len(texts) > len(targets) or (merged not in ("", clean_cell(cells[filled[0]])) and upper not in repeated):
        return cells
    out = {j: text for j, text in cells.items() if j not in filled}
    for target, text in zip(targets, [*texts, *[""] * (len(targets) - len(texts))]):
        out[target] = text
    out[content] = ""
    return out


def _short(text: str, limit: int = 12) -> str:
    text = clean_cell(text, keep_marks=True)
    return text if len(text) <= limit else text[:limit] + "…"


def _best(
    scores: list[dict[str, float]],
    columns: list[Column],
    cells: list[str],
    *,
    prefer_first: bool = False,
    skips: list[float] | None = None,
    loose: frozenset[int] | None = None,
) -> tuple[list[int | None], list[int], list[int]]:
    """Order-preserving assignment of cells to columns maximising the total fit, the
    columns left out empty at a ``loose`` position, and the other columns left out there
    (taken as merged, though an empty cell would have been copied the same: doubtful). ``loose`` (for a copied row): the
    positions where empty cells may have been copied as nothing; a tick column is left out
    there for nothing (an empty tick cell is common, a tick merged down over several rows is
    not); any other column left out, at the row's end too, is a merged one (``skips``)."""
    free = loose or frozenset()
    ticks = frozenset(j for j, column in enumerate(columns) if column.key in TICK_COLUMNS)
    m, n = len(scores), len(columns)
    NEG = float("-inf")
    best = [[NEG] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int, int | None] | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for i in range(m + 1):
        for j in range(n + 1):
            here = best[i][j]
            if here == NEG:
                continue
            # Column j not printed in this row: free after the last cell (OCR drops
            # trailing empty cells), a small cost inside the row. A copied row keeps its
            # empty cells but where a paragraph swallowed them.
            if loose is not None:
                skip = here - (0 if j == n or (i in free and j in ticks) else skips[j])
            else:
                skip = here - (0 if i == m else skips[j] if skips and j < n else 0.05)
            if j < n and skip > best[i][j + 1]:
                best[i][j + 1] = skip
                back[i][j + 1] = (i, j, None)
            if i < m:
                if j < n:  # cell i under column j
                    value = here + fit(scores[i], columns[j], cells[i]) - 0.001 * abs(i - j)
                    if prefer_first and columns[j].key in FIRST_OPTIONS and "tick" in scores[i]:
                        value += 0.2
                    if value > best[i + 1][j + 1]:
                        best[i + 1][j + 1] = value
                        back[i + 1][j + 1] = (i, j, j)
                # drop cell i: free for blanks, costly for anything else
                penalty = -0.1 if not scores[i] else (-2.5 if "tick" in scores[i] and len(scores[i]) == 1 else -8)
                if here + penalty > best[i + 1][j]:
                    best[i + 1][j] = here + penalty
                    back[i + 1][j] = (i, j, -1)
    assignment: list[int | None] = [None] * m
    empty: list[int] = []
    doubtful: list[int] = []
    i, j = m, n
    while (i, j) != (0, 0):
        pi, pj, what = back[i][j]
        if what is not None and what >= 0:
            assignment[pi] = what
        elif what is None and pi in free:
            (empty if pj in ticks else doubtful).append(pj)
        i, j = pi, pj
    return assignment, empty, doubtful
