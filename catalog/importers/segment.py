"""Pieces of a row -> cells, when the page did not mark where a cell ends (pure).

In the ``lines`` and ``spaces`` layouts a row is a sequence of pieces (paragraphs or
space-separated words) and a cell may be several of them: a word broken across lines
("出生" / "登记"), a list of 要素 one per line, a channel checklist over six lines, two
publishers. Each run of consecutive pieces is scored against each column by what it
looks like (``align.cell_scores``), joins cost a little (less where the pieces plainly
continue each other), and the best order-preserving split is found by dynamic
programming. A block with more than one row's worth of pieces (rows without a 序号,
e.g. 市级制度 under 国家制度) is split into rows where that scores better.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .aliases import map_channel
from .align import (
    KIND,
    LAW_TITLE_RE,
    TICK_COLUMNS,
    channel_words,
    fit,
    is_checklist,
    names_documents,
    page_scores,
    skip_costs,
)
from .cleaners import (
    BULLETS,
    CJK,
    CJK_HEAD_RE,
    CJK_RE,
    CJK_TAIL_RE,
    EMPTY_BOXES,
    MIDDLE_DOT,
    NONE_MARK,
    TICKED_BOXES,
    TICKS,
    clean_cell,
    is_cjk,
)
from .records import Column

TICK_KEYS = {"audience_public", "audience_specific", "mode_proactive", "mode_on_request", "level"}
NUMBER_ONLY = re.compile(r"^\s*\d{1,5}\s*$")
# A piece of a group's name: a few Chinese characters and nothing else (no tick, no mark).
GROUP_PIECE_RE = re.compile(rf"^\s*[{CJK}]{{1,8}}\s*$")
MAX_RUN = 24  # pieces in one cell: a channel checklist one entry a piece
# A run of pieces whose joins cost more than this is never one cell: no cell of the corpus pages
# joins pieces for more than 2.3 (two offices and a note), while the runs that string a name, its
# 公开内容 and its 公开依据 together (all scored in vain) cost more.
MAX_JOINS = 3.0
MARK_START = re.compile(
    f"^\\s*[{TICKED_BOXES}{EMPTY_BOXES}{BULLETS}{MIDDLE_DOT}口{TICKS}]" r"|^\s*\d{1,2}\s*[.、．]|^\s*[（(]?\d{1,2}[)）]"
)


@lru_cache(maxsize=4096)
def _scores(text: str) -> tuple[tuple[str, float], ...]:
    return tuple(page_scores(text).items())


# The split of a row is searched by dynamic programming, and a crowded block once more for every
# place a second row could start: the same runs of pieces are scored many times over, so the
# scores are kept (pure functions of their texts and the column). They are kept by the column's
# key, which is all align.fit reads of a column: a Column hashes all its fields on every look-up,
# and a row looks up hundreds of runs.
@lru_cache(maxsize=16384)
def _fit_key(text: str, key: str) -> float:
    if not text.strip():
        return 0.0
    if NONE_MARK.match(text) and key != "number" and key not in TICK_KEYS:
        # As much as the empty cell it stands for; less in a name column (an item has a name).
        return -0.5 if key in ("level1", "level2", "level3") else 0.0
    return fit(dict(_scores(text)), _key_column(key), text)


@lru_cache(maxsize=256)
def _key_column(key: str) -> Column:
    return Column(key, key)


NOT_HAN_RE = re.compile(f"[^{CJK}]")


@lru_cache(maxsize=2048)
def _grams(text: str) -> frozenset[str]:
    text = NOT_HAN_RE.sub("", text)
    return frozenset({text[i : i + 2] for i in range(len(text) - 1)})


def _like_bonus(text: str, examples: list[frozenset[str]]) -> float:
    """What a cell gains by reading like the cells other rows printed in the same column:
    3 x its likeness to the likest of them (the bigrams in common over the larger set's),
    at most 1.5. No further example is looked at once it is 1.5, nor one whose size alone
    keeps it from beating the likest so far. Examples printed without two Chinese
    characters together (“《法》”, “/”) give nothing to go by."""
    grams = _grams(text)
    if not grams or not examples:
        return 0.0
    size, most = len(grams), 0.0
    for other in examples:
        if not other:
            continue
        larger = max(size, len(other))
        if min(size, len(other)) / larger <= most:
            continue  # the common bigrams cannot be more than the smaller set
        most = max(most, len(grams & other) / larger)
        if most >= 0.5:
            return 1.5
    return min(1.5, 3 * most)


def _join_cost(left: str, right: str, column: Column) -> float:
    """What it costs to read two neighbouring pieces as one cell of `column`: little
    where the second plainly goes on from the first (a list, a broken word, another
    《title》, another box of a checklist), much where they are unlike."""
    return _join_key(left, right, column.key)


@lru_cache(maxsize=16384)
def _join_key(left: str, right: str, key: str) -> float:
    if not left.strip() or not right.strip():
        return 0.3  # a blank between two cells stands for an empty cell of its own
    if key == "audience_specific" and _group_piece(left) and _group_piece(right):
        return 0.3  # the group a 特定群体 cell names, broken over lines (房屋征收 / 范围内的 / 被征收人)
    if key == "number" or key in TICK_KEYS:
        return 99.0
    if NONE_MARK.match(left) or NONE_MARK.match(right):
        return 2.0
    a, b = clean_cell(left, keep_marks=True), clean_cell(right, keep_marks=True)
    tail, head = CJK_TAIL_RE.search(a), CJK_HEAD_RE.match(b)
    broken = 0.8
    if tail and head:
        short = sorted((len(tail.group(0)), len(head.group(0))))
        if short[0] <= 2 and short[1] <= 3:
            broken = 0.05  # a word broken by a narrow column ("出生" / "登记", "公安" / "机关")
        elif short[0] <= 2:
            broken = 0.3
    if key == "channels":
        if MARK_START.match(b) or is_checklist(a) or channel_words(a) and channel_words(b):
            return 0.02
        if map_channel(a) and map_channel(b):
            return 0.02  # channels printed one a line without boxes (政府网站 / 入户/现场)
        return min(broken, 0.8)
    if key == "legal_basis":
        if b.startswith("《") or re.match(r"\d{1,2}\s*[.、．]\s*《", b) or a[-1:] in "、，,；;":
            return 0.05
        if a.count("《") > a.count("》") and "》" in b.split("《")[0]:
            return 0.05  # a title broken over lines and closed on the next (《关于推进…工作的 / 实施意见》)
        if "《" in b or LAW_TITLE_RE.search(b):
            return 0.3
        return min(broken, 1.5)  # 公开依据 does not run on into words that are no basis
    if key in ("content", "other"):
        if MARK_START.match(b) and not MARK_START.match(a):
            return 0.6  # a list of 要素 does not start in the middle of the cell
        if _listy(b) and not _listy(a):
            return 1.6  # a name-like piece before a list is a cell of its own
        if MARK_START.match(b) or a[-1:] in "；;、,，:：。" or _listy(a):
            return 0.05
        return min(broken, 0.3 if key == "content" else 0.8)
    if re.search(r"\d+\s*号$|、$", a) and key not in ("deadline", "publisher"):
        return 0.1  # a document number before its title, or a list going on
    if a == b and key in ("level1", "level2", "level3"):
        return 0.1  # a merged name printed twice (法治宣传教育 / 法治宣传教育): read once
    if len(a) >= 4 and len(b) >= 4 and a[-2:] == b[-2:] and is_cjk(a[-2]) and is_cjk(a[-1]) and a != b:
        return 0.1  # like items one after another (…应急预案 / …应急预案)
    if key in ("publisher", "office") and _fit_key(left, key) >= 1.5 and _fit_key(right, key) >= 1.5:
        return 0.1  # two offices printed one under the other
    return broken


def _group_piece(text: str) -> bool:
    """A piece that may be part of a group's name: a few Chinese characters that are no office,
    channel, deadline or law (乡镇人民政府 / 行政村公示栏 are their own columns' cells)."""
    return bool(GROUP_PIECE_RE.match(text)) and {kind for kind, _ in _scores(text)} <= {"content", "name", "tick"}


def _listy(text: str) -> bool:
    return bool(re.search(r"[;；。]", text) or MARK_START.match(text) or text.count("、") >= 3)


# The most align.fit() can give a cell in a column of each kind (the highest score page_scores
# sets for it), and what a column not in align.KIND can give: bounds for skipping runs unscored.
CEILING = {"number": 3.0, "tick": 3.0, "name": 2.0, "content": 2.5, "law": 2.5, "deadline": 2.5,
           "publisher": 2.0, "channels": 3.0, "office": 2.0}  # fmt: skip
# Kinds that only a short cell can have: (the length its cleaned text must stay under, the fit otherwise).
SHORT_ONLY = {"deadline": 60, "publisher": 120, "office": 20}
LIKENESS_MAX = 1.5
LEAST_JOIN = 0.02  # the least _join_key gives
LENGTH_COST = [0.002 * length**2 for length in range(MAX_RUN + 1)]  # what a run of so many pieces costs


@lru_cache(maxsize=256)
def _ceiling(column: Column) -> tuple[float, int]:
    """(the most fit() can give a cell in the column, the cleaned length from which it gives -1)."""
    if column.key in ("audience", "mode") or column.key in TICK_COLUMNS:
        return 3.0, 0
    kind = KIND.get(column.key)
    if kind is None:
        return 0.2, 0
    return CEILING[kind], SHORT_ONLY.get(kind, 0)


def _search(pieces: list[str], columns: list[Column], examples=None, bounded: bool = True):
    """The best split of pieces into one row, searched so that ``_read`` can give it
    ((score, [(column, first piece, end piece)])) and the best split of any first k
    pieces as a row of their own without searching again.

    ``examples``: per column, the bigrams of cells complete rows above printed there;
    a cell like them fits better (与救灾有关的… is the 公开内容 of every row).

    The split is the best path through (pieces read, columns filled): each state is reached
    by a run of pieces taken into the column before, by leaving that column empty, or by
    setting a piece aside. The runs into a state are tried shortest first, and no longer run
    is scored once even the best fit its column's kind can give could not beat the best
    found (a longer run costs more joins, and the states it would start from are bounded by
    the best of them so far); a run whose joins cost more than MAX_JOINS is never a cell.
    Ties go to the longest run, as when the runs were tried from each start forward.

    ``bounded``: runs that cannot lie on a best split of the whole row are not scored
    (``_bounds``): the best split of all the pieces is the same, but the states off it, which
    ``_best_split`` reads for a row ending earlier, may be worse than they are; a search
    made so says so (its last element), and ``segment`` searches again unbounded where it
    needs them."""
    # Rows often print the same cell (the same 《条例》 row after row): one example of each will do.
    examples = {j: list(dict.fromkeys(grams)) for j, grams in (examples or {}).items()}
    skips = skip_costs(columns)
    if pieces and not NUMBER_ONLY.match(pieces[0]) and any(c.key == "number" for c in columns):
        # A row without 序号 goes on under the group above: its 一级 is merged away.
        skips = [-0.3 if column.key == "level1" else cost for column, cost in zip(columns, skips)]
    m, n = len(pieces), len(columns)
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back: list[list[tuple | None]] = [[None] * (n + 1) for _ in range(m + 1)]
    ends: list[list[tuple]] = [[(neg, None)] * (n + 1) for _ in range(m + 1)]
    # top[j][i]: the best of best[0..i][j], to bound the runs that start at or before piece i
    top = [[neg] * (m + 1) for _ in range(n + 1)]
    column_best = [[neg] * (m + 1) for _ in range(n)]  # column_best[j][i] = best[i][j], read down a column
    # reach[j][i], joins[j][i]: how far the run from piece i in column j has been grown, and
    # what its joins cost so far (added up from its first piece on, as the cost always was)
    reach = [list(range(1, m + 1)) for _ in range(n)]
    joins = [[0.0] * m for _ in range(n)]
    # Chinese characters in pieces[:t] (a run's cleaned text is at least as long, unless it holds HTML:
    # cleaning drops no Chinese character, so the count may take in any of them)
    han = [0]
    for piece in pieces:
        han.append(han[-1] + len(CJK_RE.findall(piece)))
    html = any("<" in piece or "&" in piece for piece in pieces)
    limits = [_ceiling(column) for column in columns]
    keys = [column.key for column in columns]
    # pair[j][t]: the cost of joining pieces t and t + 1 in column j, looked up once a search
    pair: list[list[float | None]] = [[None] * m for _ in range(n)]
    # texts[i][k]: the pieces [i, k) as one text, joined once for every column they are tried in
    texts: list[dict[int, str]] = [{} for _ in range(m)]
    # rest[k][c]: at most what pieces[k:] can add to a row with columns[c:] still to fill;
    # floor: what one split of the whole row reaches for sure (see _bounds)
    rest, floor = _bounds(pieces, keys, skips, limits, examples) if bounded else (None, neg)
    best[0][0] = 0.0
    for k in range(m + 1):
        row_best = best[k]
        for c in range(n + 1):
            if k or c:
                value, step = neg, None
                if c and k:  # a run of pieces [i, k) taken into column c - 1
                    j = c - 1
                    key = keys[j]
                    ceiling, short = limits[j]
                    like = LIKENESS_MAX if j in examples else 0.0
                    tops, reached, cost_of, paired, here_of = top[j], reach[j], joins[j], pair[j], column_best[j]
                    cut = short if short and not html else 0  # han count from which the run fits at most -1
                    han_k = han[k]
                    after = rest[k][c] - floor + 1e-6 if rest else float("inf")  # what a run must give from here
                    for i in range(k - 1, max(-1, k - 1 - MAX_RUN), -1):
                        cost = cost_of[i]
                        if reached[i] < k:
                            while reached[i] < k and cost <= MAX_JOINS:
                                t = reached[i] - 1
                                step_cost = paired[t]
                                if step_cost is None:
                                    step_cost = paired[t] = _join_key(pieces[t], pieces[t + 1], key)
                                cost += step_cost
                                reached[i] += 1
                            cost_of[i] = cost
                        if cost > MAX_JOINS:
                            break  # runs that start earlier cost more still
                        length = LENGTH_COST[k - i]
                        # A run too long for the column's kind (a deadline, an office) fits it at most -1.
                        most = -1.0 if cut and han_k - han[i] >= cut else ceiling
                        if tops[i] + (ceiling if html else most) + like - cost - length + 1e-9 < value:
                            break  # neither this run nor a longer one can reach the best found
                        here = here_of[i]
                        if here == neg or here + most + like - cost - length + 1e-9 < value:
                            continue
                        if here + most + like - cost - length + after < 0:
                            continue  # no split of the whole row through this run reaches the floor
                        text = texts[i].get(k)
                        if text is None:
                            text = texts[i][k] = "\n".join(pieces[i:k])
                        found = here + _fit_key(text, key) - cost - length - 0.0005 * abs(i - j)
                        if like and found + like + 1e-9 >= value:
                            found += _like_bonus(text, examples[j])
                        if found >= value:
                            value, step = found, (i, j, "take")
                if k and best[k - 1][c] != neg:  # piece k - 1 belongs to no column: 其他信息, at a price
                    dropped = best[k - 1][c] + (-0.3 if not pieces[k - 1].strip() else -1.5)
                    if dropped > value:
                        value, step = dropped, (k - 1, c, "drop")
                # How the state is reached by a run or a piece set aside: the same whether the
                # row ends at piece k or goes on, only leaving columns empty costs nothing at its end.
                ends[k][c] = (value, step)
                if c and row_best[c - 1] != neg:  # column c - 1 left empty
                    skipped = row_best[c - 1] - (0 if k == m else skips[c - 1])
                    if skipped > value:
                        value, step = skipped, (k, c - 1, "skip")
                row_best[c], back[k][c] = value, step
            if c < n:
                column_best[c][k] = row_best[c]
            top[c][k] = max(top[c][k - 1], row_best[c]) if k else row_best[c]
    return pieces, back, ends, rest is not None


def _bounds(pieces, keys, skips, limits, examples) -> tuple[list[list[float]], float]:
    """For the bounded search: (rest, floor). rest[k][c] is at most what pieces[k:] can add
    to a row with columns[c:] still to fill: a piece alone scores its own fit in a column,
    a run of several at most its column's highest fit (and likeness) less its first join.
    floor is what one split of the whole row scores for sure, as the search would score it:
    the split that bound follows, or else the best that takes every piece alone. A run from
    a state whose best, plus what the run can give, plus rest after it, stays below floor
    lies on no best split and need not be scored."""
    m, n = len(pieces), len(keys)
    neg = float("-inf")
    single, several = LENGTH_COST[1], LENGTH_COST[2]
    likes = [LIKENESS_MAX if j in examples else 0.0 for j in range(n)]
    drops = [-0.3 if not piece.strip() else -1.5 for piece in pieces]
    rest = [[0.0] * (n + 1) for _ in range(m + 1)]
    low = [[0.0] * (n + 1) for _ in range(m + 1)]  # the same with every piece alone, exactly scored
    alone = [[0.0] * n for _ in range(m)]
    # how rest[k][c] is reached: -1 a piece set aside, 0 the column left empty, t a run to piece t
    way = [[-1] * (n + 1) for _ in range(m + 1)]
    # most[c], most_at[c]: the largest rest[t][c] for t from k + 2 on (where a run of several ends)
    most, most_at = [neg] * (n + 1), [m] * (n + 1)
    for k in range(m - 1, -1, -1):
        upper, lower, below, below_low, ways = rest[k], low[k], rest[k + 1], low[k + 1], way[k]
        piece = pieces[k]
        upper[n] = below[n] + drops[k]
        lower[n] = below_low[n] + drops[k]
        for c in range(n - 1, -1, -1):
            key = keys[c]
            fit_alone = _fit_key(piece, key) - single
            if likes[c]:
                fit_alone += _like_bonus(piece, examples[c])
            alone[k][c] = fit_alone
            skip = skips[c]
            u, how = below[c] + drops[k], -1
            value = upper[c + 1] - skip
            if value > u:
                u, how = value, 0
            value = fit_alone + below[c + 1]
            if value > u:
                u, how = value, k + 1
            value = limits[c][0] + likes[c] - several + most[c + 1]
            if k + 1 < m and value - LEAST_JOIN > u:
                joins = _join_key(piece, pieces[k + 1], key)  # a run of several pays its first join at least
                if joins <= MAX_JOINS and value - joins > u:
                    u, how = value - joins, most_at[c + 1]
            upper[c], ways[c] = u, how
            exact = below_low[c] + drops[k]
            value = lower[c + 1] - skip
            if value > exact:
                exact = value
            value = fit_alone - 0.0005 * abs(k - c) + below_low[c + 1]
            if value > exact:
                exact = value
            lower[c] = exact
        for c in range(n + 1):
            if below[c] > most[c]:
                most[c], most_at[c] = below[c], k + 1
    return rest, max(low[0][0], _followed(pieces, keys, skips, examples, way, alone, drops))


def _followed(pieces, keys, skips, examples, way, alone, drops) -> float:
    """The score the search gives the split that rest's bound follows (-inf if the search
    cannot take it: a run whose joins cost more than MAX_JOINS)."""
    m = len(pieces)
    value, k, c = 0.0, 0, 0
    while k < m:
        to = way[k][c]
        if to < 0:
            value += drops[k]
            k += 1
        elif to == 0:
            value -= skips[c]
            c += 1
        elif to == k + 1:
            value += alone[k][c] - 0.0005 * abs(k - c)
            k, c = k + 1, c + 1
        else:
            key = keys[c]
            joins = 0.0
            for t in range(k, to - 1):
                joins += _join_key(pieces[t], pieces[t + 1], key)
            if joins > MAX_JOINS or to - k > MAX_RUN:
                return float("-inf")
            text = "\n".join(pieces[k:to])
            value += _fit_key(text, key) - joins - LENGTH_COST[to - k] - 0.0005 * abs(k - c)
            if c in examples:
                value += _like_bonus(text, examples[c])
            k, c = to, c + 1
    return value


def _read(search, k: int) -> tuple[float, list[tuple[int, int, int]]]:
    """The best split of the search's first k pieces as one row: its last line of states
    again with the columns after the last cell left empty for nothing."""
    pieces, back, ends, _ = search
    n = len(back[0]) - 1
    last = [ends[k][0][0]] if k else [0.0]
    steps: list[tuple | None] = [ends[k][0][1]]
    for c in range(1, n + 1):
        value, step = ends[k][c]
        if last[c - 1] != float("-inf") and last[c - 1] > value:  # column c - 1 left empty
            value, step = last[c - 1], (k, c - 1, "skip")
        last.append(value)
        steps.append(step)
    plan: list[tuple[int, int, int]] = []
    i, j = k, n
    while (i, j) != (0, 0):
        pi, pj, what = steps[j] if i == k else back[i][j]
        if what == "take":
            plan.append((pj, pi, i))
        elif what == "drop" and pieces[pi].strip():
            plan.append((-1, pi, i))
        i, j = pi, pj
    return last[n], list(reversed(plan))


def segment(pieces: list[str], columns: list[Column], examples=None, search=None) -> list[tuple]:
    """Rows of (cells by column index, absent columns, notes, extra text, first piece, end piece).

    One row unless the pieces hold more: then a second row (without 序号) starts where
    splitting scores better than squeezing everything into one. (``search``: the search
    of these pieces, when it was made already.)
    """
    # A block of many more pieces than the row has columns is most likely two rows (crowded):
    # it is searched unbounded at once, as _best_split needs.
    search = search or _search(pieces, columns, examples, bounded=2 * len(pieces) <= 3 * len(columns))
    score, plan = _read(search, len(pieces))
    if _crowded(plan, pieces, columns):
        if search[3]:  # bounded: the splits of the first pieces are read from the whole search
            search = _search(pieces, columns, examples, bounded=False)
        split, rest_search = _best_split(search, columns, score, examples)
        if split is not None:
            first = _read(search, split)[1]
            rest = segment(pieces[split:], columns, examples, rest_search)
            return [(*_cells(pieces, first, columns), 0, split)] + [
                (c, a, n, x, start + split, end + split) for c, a, n, x, start, end in rest
            ]
    return [(*_cells(pieces, plan, columns), 0, len(pieces))]


def _crowded(plan, pieces, columns) -> bool:
    """The one-row reading set text aside or packed unlike pieces into one cell."""
    for j, start, end in plan:
        if j < 0:
            return True
        joins = sum(_join_cost(a, b, columns[j]) for a, b in zip(pieces[start:end], pieces[start + 1 : end]))
        if joins >= 1.0:
            return True
    return False


DATA_KEYS = ("content", "legal_basis", "deadline", "publisher", "channels")


def _best_split(search, columns: list[Column], whole: float, examples=None) -> tuple[int | None, tuple | None]:
    """Where a second row (without 序号) starts, if one does: the first must be a row
    of its own (at least two data cells), the second must not start with a mark. The
    first pieces as a row are read off the search of them all; the search of the rest
    is given back with the place, for the rest to be read from."""
    pieces = search[0]
    best, where, kept = whole, None, None
    # A row ends with its last column that is not a tick column: where it is printed.
    last = max((j for j, column in enumerate(columns) if column.key not in TICK_KEYS), default=0)
    for split in range(2, len(pieces) - 1):
        if not pieces[split].strip() or MARK_START.match(pieces[split]):
            continue
        first, plan = _read(search, split)
        if sum(1 for j, _, _ in plan if j >= 0 and columns[j].key in DATA_KEYS) < 2:
            continue
        if max((j for j, _, _ in plan), default=-1) < last:
            continue
        rest_search = _search(pieces[split:], columns, examples)
        rest, _ = _read(rest_search, len(pieces) - split)
        value = first + rest - 1.5
        if value > best:
            best, where, kept = value, split, rest_search
    return where, kept


def _cells(pieces, plan, columns):
    cells: dict[int, str] = {}
    notes: list[str] = []
    extra: list[str] = []
    for j, start, end in plan:
        text = _joined(pieces[start:end], columns[j]) if j >= 0 else "\n".join(pieces[start:end])
        if j < 0:
            notes.append(f"本行多出一段文字“{_short(text)}”，无法对应表头，已保存在其他信息中")
            extra.append(text)
            continue
        cells[j] = text
        doubtful = [
            (a, b)
            for a, b in zip(pieces[start:end], pieces[start + 1 : end])
            if 0.3 <= _join_cost(a, b, columns[j]) < 99
        ]
        if doubtful:
            a, b = doubtful[0]
            notes.append(f"“{_short(a)}”与“{_short(b)}”之间没有分隔，已按同一格（{columns[j].label}）读取，请核对")
    absent = tuple(j for j in range(len(columns)) if j not in cells)
    return cells, absent, notes, extra


def _joined(pieces: list[str], column: Column) -> str:
    """The pieces of one cell as one text: a broken word closes up, two names printed
    one under the other are kept apart by 、 (国家制度、省级制度)."""
    text = pieces[0]
    for left, right in zip(pieces, pieces[1:]):
        if column.key in ("level1", "level2", "level3") and left.strip() and right.strip() and left != right:
            close = _join_cost(left, right, column) <= 0.05 or names_documents(f"{left}\n{right}")
            text += "\n" if close else "、"
        else:
            text += "\n"
        text += right
    return text


def _short(text: str, limit: int = 12) -> str:
    text = clean_cell(text, keep_marks=True)
    return text if len(text) <= limit else text[:limit] + "…"
