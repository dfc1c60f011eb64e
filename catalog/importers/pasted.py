"""A table copied from a web page in a browser and pasted as text (pure).

Staff select a catalogue table in the browser, copy it and paste it into a .txt file or
the upload's text box. What Chromium puts on the clipboard as text (the copies in
tests/data/pasted are made by make_pasted.py there, with Chromium itself):

* cells are separated by tabs and rows by line breaks, as in the ``tab`` layout;
* the second header row holds only the labels under the colspans (全社会 特定群体 主动
  依申请), not blanks under the rowspans (序号, 一级事项 …) as a spreadsheet's has;
* a ``<br>`` inside a cell is a line break inside the row, and a ``<p>`` or ``<div>`` adds
  blank lines; after text that ends in a line break no tab is copied, so the next cell
  starts on the line after a ``<p>`` cell's paragraphs, and the empty cells between leave
  no trace (their columns are found by what the cells after them hold: align's ``loose``);
* a ``<br>`` at a cell's end is a line break too, and no tab follows it: a √ on the cell's
  last line is the next non-empty cell; a row whose last cell ends so loses its trailing
  empty cells, which then look like merged ones (the row says it cannot tell);
* a cell merged down from a row above (rowspan) is left out of the rows below: those rows
  have fewer cells; an empty cell is kept (nothing between two tabs);
* a row of nothing but empty cells is left out;
* when every cell is a paragraph, no tab is copied at all: one cell a paragraph, the
  ``lines`` layout (layouts.py), without the empty cells: a lone √ of a group of options
  cannot be placed (unplaced_ticks), and the row says so instead of guessing.

So a logical row is read from its line to the line before the next row's 序号 (or until
it would have more cells than the table has columns), and the cells a ``<p>`` cell ran
into are parted again.
"""

from __future__ import annotations

import re

from . import headers
from .align import MERGED_KEYS, TICK_COLUMNS
from .cleaners import is_tick
from .layouts import CHROME_RE, has_groups, is_header_sub, is_sub_label
from .pagetext import ATTACHMENT_RE

# The page below a copied table: its attachments, source and tools (打印本页 关闭窗口 …).
FOOTER_RE = re.compile(
    r"^\s*(?:附\s*件\s*\d*\s*[:：]|(?:来\s*源|文章来源|责任编辑|编\s*辑|发布时间|发布日期|浏览次数|点击数|信息来源)\s*[:：])"
)
ROW_NUMBER_RE = re.compile(r"^\s*\d{1,5}\s*$")
# A government site's footer, as the 政府网站发展指引 has every site print it (网站标识码, ICP 备案号,
# 公安机关备案号, 主办单位 …), often as links between bars: "网站地图 | 联系我们 | 网站标识码：…".
SITE_FOOTER_RE = re.compile(
    r"网站标识码|ICP\s*备|公网安备|版权所有|Copyright|©|^(?:主办|承办|协办|技术支持|运维|维护)(?:单位)?\s*[:：]", re.I
)
SITE_LINKS = {"网站地图", "联系我们", "关于我们", "网站声明", "隐私声明", "免责声明", "使用帮助", "帮助中心", "网站纠错",
              "意见建议", "返回顶部", "设为首页", "加入收藏", "无障碍浏览", "长者模式", "关怀版"}  # fmt: skip


def is_footer(text: str) -> bool:
    """A line of the page below a table: never a row, nor the rest of one."""
    text = text.strip()
    return (
        bool(text)
        and "\t" not in text
        and bool(CHROME_RE.match(text) or FOOTER_RE.match(text) or ATTACHMENT_RE.search(text) or is_site_footer(text))
    )


def is_site_footer(text: str) -> bool:
    """A line of nothing but a site's footer: its links and the site's registration, between
    bars or wide spaces ("主办：…县人民政府办公室 | 网站标识码：…")."""
    parts = [part.strip() for part in re.split(r"[|｜]|\s{2,}|\u3000", text) if part.strip()]
    return bool(parts) and all(part in SITE_LINKS or SITE_FOOTER_RE.search(part) for part in parts)


def only_merged(columns, absent) -> bool:
    """Whether every column a row left out is one a cell merged down over several items
    commonly covers: a name above the item's own, a shared 公开依据, 公开时限, 公开主体 …"""
    names = [j for j, column in enumerate(columns) if column.key in ("level1", "level2", "level3")]
    return all(columns[j].key in MERGED_KEYS or j in names[:-1] for j in absent)


def ticks_left_out_at_end(columns, placed: dict[int, str], absent) -> tuple[int, ...]:
    """The tick columns a copied row left out after its last cell, when that cell is not
    empty. Chromium keeps a row's trailing empty cells as tabs, except after text that ends in
    a line break (a <br> or paragraph at the cell's end): there they leave no trace, as cells
    merged down from above do. The text cannot tell the two apart; the row says so."""
    if not placed or not placed[max(placed)].strip():
        return ()
    last = max(placed)
    return tuple(j for j in absent if j > last and columns[j].key in TICK_COLUMNS)


def ticks_doubt(columns, tail: tuple[int, ...]) -> str:
    labels = "、".join(f"“{columns[j].label}”" for j in tail)
    return (
        f"本行末尾的{labels}未复制出内容：复制的网页文字分不清这是空单元格（前一格以换行结尾）"
        "还是上方合并的单元格，请对照原网页核对勾选"
    )


def unplaced_ticks(columns, cells: dict[int, str]) -> list[tuple[str, list[int]]]:
    """The tick groups of a row printed one cell a paragraph without its empty cells (a page
    whose every cell is a <p>, copied; the ``lines`` layout) whose ticks cannot be placed:
    some of the group's columns hold a √, others were not printed at all, so which options
    the √ marks is not in the text. (group label, the group's columns) for each."""
    found = []
    for label in ("公开对象", "公开方式", "公开层级"):  # the groups of tick columns
        keys = headers.GROUPS[label][1]
        group = [j for j, column in enumerate(columns) if column.key in keys]
        ticked = [j for j in group if is_tick(cells.get(j, ""))]
        if len(group) > 1 and ticked and any(j not in cells for j in group):
            found.append((label, group))
    return found


def header_at(lines, i: int, end: int) -> tuple[list[str], list[str], int] | None:
    """A copied header at lines[i]: (top labels, sub labels, the line after it), or None.

    The top row may run over lines where a ``<br>`` broke a label (公开内容 / （要素）);
    the second row holds only the labels under the groups of the first (公开对象 …)."""
    top = lines[i].split("\t")
    k = i + 1
    broken = False
    while k < end and "\t" in lines[k]:
        first, *rest = lines[k].split("\t")
        if not _finishes(top[-1], first):
            break
        top[-1] = f"{top[-1].rstrip()}{first.strip()}"  # as printed, without the break
        top += rest
        broken, k = True, k + 1
    sub: list[str] = []
    if k < end and has_groups(top):
        cells = lines[k].split("\t")
        texts = [cell for cell in cells if cell.strip()]
        if cells[0].strip() and texts and is_header_sub(cells) and all(is_sub_label(cell) for cell in texts):
            sub, k = texts, k + 1
    if not sub and not broken:
        return None
    return [cell.strip() for cell in top], [cell.strip() for cell in sub], k


def looks_copied(lines, start: int, end: int, width: int) -> bool:
    """Whether the rows below a one-row header (lines[start:end]) are a browser's copy: a row
    of fewer cells than the table has columns goes on on the next line, which begins with
    text (not a 序号) and has no more cells than the row lacks (a <br> in a cell). The OCR
    text of the seeds never does this: its rows are one line each."""
    for k in range(start, min(end, len(lines)) - 1):
        line = lines[k]
        if "\t" not in line or line.count("\t") + 1 >= width:
            continue
        m = k + 1
        while m < end - 1 and m < len(lines) - 1 and not lines[m].strip():
            m += 1
        following = lines[m]
        first = following.split("\t", 1)[0].strip()
        if "\t" in following and first and not ROW_NUMBER_RE.match(first):
            if line.count("\t") + 1 + following.count("\t") <= width and not is_footer(following):
                return True
    return merged_down(lines, start, end, width)


def merged_down(lines, start: int, end: int, width: int) -> bool:
    """Whether the rows below a one-row header leave out cells merged down from above, as a
    browser's copy of a table with rowspans does even when no cell holds a line break: its
    first row has every column, and later rows, one line each from their 序号, have fewer
    (at least two of them), none more. A grid or a spreadsheet's text keeps a merged cell's
    place as an empty cell between two tabs."""
    counts = []
    for line in lines[start : min(end, len(lines))]:
        if not line.strip():
            continue
        if "\t" not in line or not ROW_NUMBER_RE.match(line.split("\t", 1)[0]):
            break  # the table's end: a footer, a heading, a row that goes on below
        counts.append(line.count("\t") + 1)
    short = sum(1 for count in counts if count < width)
    return bool(counts) and counts[0] == width and max(counts) == width and short >= 2


def _finishes(label: str, first: str) -> bool:
    """The first cell of the next line ends a header label that a line break cut (公开内容 /
    （要素）, 公开内 / 容), as the second row of a grid's header may (headers._finishes)."""
    return bool(first.strip()) and headers._finishes(label.strip(), first.strip())


def row_end(lines, i: int, stop: int, width: int) -> int:
    """The line after the logical row that starts at lines[i]: the row goes on over the lines
    a line break inside a cell made, up to the next row's 序号, a footer, or as many cells
    as the table has columns."""
    count = lines[i].count("\t") + 1
    k = i + 1
    end = i + 1
    while k < stop:
        line = lines[k]
        if not line.strip():
            k += 1  # a <p>'s blank line: part of the row if the row goes on below it
            continue
        if is_footer(line):
            break
        first = line.split("\t", 1)[0]
        if "\t" in line and ROW_NUMBER_RE.match(first):
            break
        joined = count + line.count("\t")  # the line's first cell goes on with the row's last
        if joined > width:
            break
        count, k, end = joined, k + 1, k + 1
    return end


def row_cells(text: str, width: int) -> tuple[list[str], frozenset[int]]:
    """The cells of a logical row's text, and the positions where empty cells may have been
    copied as nothing (the index of the cell after them, or the number of cells for the
    row's end). A cell that begins with a line break began with a paragraph (a <p> or
    <div>): the tab after it was not copied, so its last line is the next cell (while the
    row has fewer cells than the table has columns); nor were the tabs of the empty cells
    between them, so any number of empty cells may lie before that next cell, or, after the
    row's last cell, at the row's end. The last cell's last line is a cell of its own only
    when it is a tick (√): a paragraph's last line is otherwise its own."""
    cells = text.strip("\n").split("\t")
    parted: list[str] = []
    loose: set[int] = set()
    spare = width - len(cells)
    for n, cell in enumerate(cells):
        if spare > 0 and cell.startswith("\n"):
            body, _, tail = cell.rpartition("\n")
            if body.strip() and (n < len(cells) - 1 or is_tick(tail)):
                parted += [body, tail]
                loose.add(len(parted) - 1)
                spare -= 1
                continue
        elif spare > 0 and "\n" in cell.strip("\n"):
            # A line break (<br>) that ends a cell: no tab is copied after it either, so a √
            # on the cell's last line is the next non-empty cell, glued on after the empty ones.
            body, _, tail = cell.rstrip("\n").rpartition("\n")
            if body.strip() and is_tick(tail):
                parted += [body, tail]
                loose.add(len(parted) - 1)
                spare -= 1
                continue
        parted.append(cell)
        if 0 < n == len(cells) - 1 and cell.startswith("\n") and cell.strip():
            loose.add(len(parted))  # the row ends in a paragraph
    return [cell.strip("\n") for cell in parted], frozenset(loose)
