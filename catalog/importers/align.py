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

from .cleaners import clean_cell, is_tick
from .records import Column

DEADLINE_RE = re.compile(
    r"工作日|之日起|\d+\s*日内|即时|及时|实时|同步|每年|每季|每月|定期|提前|后公开|审核后|期后|时限内|长期公开|批复后|下达"
)
OFFICE_RE = re.compile(r"(局|政府|中心|办事处|办公室|室|委会|委员会|部门|所|馆|站|院|队|办|处)[）)]?$")
CHANNEL_RE = re.compile(r"[■□]|<input|网站|公示栏|宣传栏|服务网|两微一端|政务新媒体|办事大厅")
NUMBER_RE = re.compile(r"^\d{1,3}$")

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


def cell_scores(raw: str) -> dict[str, float]:
    """How well the cell fits each kind of column (higher is better)."""
    text = clean_cell(raw)
    if not raw.strip():
        return {}
    if NUMBER_RE.match(text):
        return {"number": 3}
    if is_tick(raw):
        return {"tick": 3}
    scores = {"content": 0.3, "name": 0.0}
    if text == "同上":
        return {"law": 1, "deadline": 1, "content": 0.5, "publisher": 0.5, "channels": 0.5}
    if re.search(r"<ul|<li|•", raw):
        scores.update(content=2.5, name=-2)
        if not CHANNEL_RE.search(raw):
            return scores
    if CHANNEL_RE.search(raw):
        scores.update(channels=3, content=-1, name=-2)
        return scores
    if text.startswith("《"):
        scores.update(law=2.5, content=0.5, name=-0.5 if len(text) < 15 else -2)
    elif "《" in text or re.search(r"条例|办法》|法》", text):
        scores.update(law=1, content=1)
    if DEADLINE_RE.search(text) and len(text) < 60:
        scores["deadline"] = 2.5
    if OFFICE_RE.search(text) and "《" not in text and len(text) < 120:
        scores.update(publisher=2, name=0.3)
        if len(text) < 20:
            scores["office"] = 2
    if re.search(r"(申领|申请|登记|确认|备案|注销|变更|查询|打印|办理|补贴|管理|服务)$", text) and len(text) < 50 and "；" not in text:
        scores.update(name=1.5, content=0.5)
        return scores
    long = len(text) > 30 or len(re.findall(r"[、；;。]", text)) >= 2 or re.search(r"\d[.、．]", text)
    if long:
        scores["content"] = max(scores["content"], 2)
        scores["name"] = -1 if len(text) > 40 else -0.2
    elif len(text) <= 30:
        scores["name"] = max(scores["name"], 1.5)
        scores["content"] = max(scores["content"], 0.5)
    if len(text) <= 6 and not OFFICE_RE.search(text):
        scores["tick"] = 0.5  # 特定群众 columns may name the group (教师)
    return scores


def fit(scores: dict[str, float], column: Column) -> float:
    if not scores:
        return 0.0
    kind = "tick" if column.key in ("audience_public", "audience_specific", "mode_proactive", "mode_on_request", "level") else KIND[column.key]
    if kind in scores:
        return scores[kind]
    # Text that fits nothing in particular may stand in any text column; a bare
    # number or tick never does, and text never stands under 序号 or a tick column.
    pure = set(scores) in ({"number"}, {"tick"})
    return -4.0 if kind in ("number", "tick") or pure else -1.0


def split_glued(cells: list[str], columns: list[Column]) -> list[str]:
    """Undo two cells printed as one: "11 重点领域信息" (序号 and name), "✓ 办公室"."""
    out = []
    for i, cell in enumerate(cells):
        stripped = cell.strip()
        match = re.match(r"^(\d{1,3})\s+(\S.*)$", stripped)
        if i == 0 and columns and columns[0].key == "number" and match:
            out += [match.group(1), match.group(2)]
            continue
        match = re.match(r"^([√✓✔])\s+(\S.*)$", stripped)
        if match:
            out += [match.group(1), match.group(2)]
            continue
        # a deadline and the office after it in one cell (002 line 47)
        match = re.match(r"^(\S.*(?:公开|日内))\s+(\S{1,8}(?:室|科|股))$", stripped)
        if match and DEADLINE_RE.search(match.group(1)):
            out += [match.group(1), match.group(2)]
            continue
        out.append(cell)
    return out


def align(cells: list[str], columns: list[Column]) -> tuple[dict[int, str], tuple[int, ...], list[str]]:
    """Assign cells to columns. Returns (cells by column index, absent columns, notes)."""
    cells = split_glued(cells, columns)
    while len(cells) > len(columns) and not cells[-1].strip():
        cells = cells[:-1]
    scores = [cell_scores(cell) for cell in cells]
    n, m = len(columns), len(cells)
    if m == n and all(fit(scores[i], columns[i]) > -3 for i in range(n)):
        return {i: cells[i] for i in range(n)}, (), []
    assignment = _best(scores, columns)
    placed: dict[int, str] = {}
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
    confident = m < n and all(fit(scores[i], columns[j]) >= 1.5 and "tick" not in scores[i] for i, j in moved)
    if moved and not confident:
        if moved:
            described = "；".join(
                f"第{i + 1}格“{_short(cells[i])}”移到“{columns[j].label}”列" for i, j in moved[:4]
            )
            notes.append(f"本行单元格错位（原文{m}格，表头{n}列），已按内容重新对齐：{described}")
    for text in dropped:
        notes.append(f"本行多出单元格“{_short(text)}”，无法对应表头，未采用")
    return placed, absent, notes


def _short(text: str, limit: int = 12) -> str:
    text = clean_cell(text, keep_marks=True)
    return text if len(text) <= limit else text[:limit] + "…"


def _best(scores: list[dict[str, float]], columns: list[Column]) -> list[int | None]:
    """Order-preserving assignment of cells to columns maximising the total fit."""
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
            # trailing empty cells), a small cost inside the row.
            skip = here - (0 if i == m else 0.05)
            if j < n and skip > best[i][j + 1]:
                best[i][j + 1] = skip
                back[i][j + 1] = (i, j, None)
            if i < m:
                if j < n:  # cell i under column j
                    value = here + fit(scores[i], columns[j]) - 0.001 * abs(i - j)
                    if value > best[i + 1][j + 1]:
                        best[i + 1][j + 1] = value
                        back[i + 1][j + 1] = (i, j, j)
                # drop cell i: free for blanks, costly for anything else
                penalty = -0.1 if not scores[i] else (-2.5 if "tick" in scores[i] and len(scores[i]) == 1 else -8)
                if here + penalty > best[i + 1][j]:
                    best[i + 1][j] = here + penalty
                    back[i + 1][j] = (i, j, -1)
    assignment: list[int | None] = [None] * m
    i, j = m, n
    while (i, j) != (0, 0):
        pi, pj, what = back[i][j]
        if what is not None and what >= 0:
            assignment[pi] = what
        i, j = pi, pj
    return assignment
