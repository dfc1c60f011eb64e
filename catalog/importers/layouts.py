"""Page text -> logical table rows, for every way a page lays its cells out (pure).

A catalogue's text comes in one of these layouts (``LAYOUTS``), detected from the
header of each table, so that one file may mix them:

* ``tab``: one line a row, cells separated by tabs (the OCR sources of the seeds);
* ``pipe``: cells closed by ``|``, with or without a ``|`` opening each row; a row
  may run over many lines (a line break inside a cell, ticks on lines of their own,
  one cell per line ending `` |``); a run of empty cells ends it (the page pads each
  row to the width of the table);
* ``lines``: one cell per line, cells separated by blank lines; a line holding only
  spaces is an empty cell; a row begins at its 序号;
* ``spaces``: cells separated by runs of spaces (PDF text); lines that do not begin
  with a 序号 continue the row above (a channel checklist printed as a grid);
* ``glued``: cells run together with nothing between them; boundaries are recovered
  from what the text says (``glued.py``).

The readers here only cut the text into rows of cells or pieces; which column a
piece belongs to is decided later (``align`` for cells, ``segment`` for pieces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleaners import MARKS_RE
from .headers import EXACT, GROUPS, NAME_FIELDS, is_label, match_label, normal

LAYOUTS = {
    "tab": "制表符分隔",
    "pasted": "从网页复制的表格（制表符分隔）",  # a tab table as a browser copies it (pasted.py)
    "pipe": "竖线（|）分隔",
    "lines": "每格一行（空行分隔）",
    "stacked": "每格一行（无空行，按表头列数分行）",
    "spaces": "空格分隔（PDF 文本）",
    "glued": "单元格之间无分隔（按内容切分）",
    "grid": "表格文件（单元格）",
}
SUB_FIELDS = set(NAME_FIELDS) | {"audience_public", "audience_specific", "mode_proactive", "mode_on_request", "level"}
NUMBER_RE = re.compile(r"^\s*(\d{1,5})\s*$")
HEADING_RE = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d{1,2}\s*[.、．]|[一二三四五六七八九十]+\s*、)\s*(\S.*?)\s*$"
)
# Page furniture that can sit between rows of a table (PDF page footers, web chrome).
CHROME_RE = re.compile(
    r"^\s*(?:Page\s*\d+\s*-.*|P\.\s*\d+|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|-\s*\d+\s*-|【?\s*字体\s*[:：].*|【?打印】?|【?关闭】?"
    r"|关闭窗口|打印本页|扫一扫.*|上一篇.*|下一篇.*|分享到.*"
    r"|您?(?:当前|现在)?的?(?:所在)?位置\s*[:：].*|(?:网站)?首页\s*[>»＞›].*"  # a breadcrumb
    r"|\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?)\s*$"  # a table rule under its header: ---|---|
)


def title_cell(line: str) -> str:
    """The line's text, or for a pipe row the text of its only cell when that is a domain
    table's title ("(一)重大建设项目领域…标准目录 |", a table's title row); "" for another pipe
    row (a table's cell may well open with "1." and name a 领域 too)."""
    text = line.strip()
    if "|" in text:
        cells = [cell.strip() for cell in text.split("|") if cell.strip()]
        if (
            len(cells) != 1
            or "领域" not in cells[0]
            or not re.search(r"(目录|清单)\s*([（(][^（）()]*[）)])?$", cells[0])
        ):
            return ""
        text = cells[0]
    return text


def heading_text(line: str) -> str:
    """A heading's text ("(一)…", "2. …", "三、…"), printed alone or as a pipe row's only cell."""
    text = title_cell(line)
    return text if text and HEADING_RE.match(text) else ""


@dataclass
class TextRow:
    """One logical row of a table as the page prints it."""

    line: int  # first physical line, 1-based
    text: str  # the physical lines, verbatim, joined by "\n"
    cells: list[str]
    page_break_before: bool = False
    pads: int = 0  # empty cells closing the row (the page's padding to the table width)
    pieces: bool = False  # cells are pieces that may belong together (lines, spaces)
    open_end: bool = False  # the text ends inside the row's last cell (no closing |)
    notes: list[str] = field(default_factory=list)


# ---- header detection ------------------------------------------------------------


def label_ratio(cells: list[str]) -> tuple[int, int]:
    """(labels, non-empty cells) among the cells."""
    texts = [cell for cell in cells if cell and cell.strip()]
    return sum(1 for cell in texts if is_label(cell) or _is_fragment(cell)), len(texts)


def _is_fragment(cell: str) -> bool:
    """A bracketed note continuing a header cell on the next header line: "(要素)"."""
    return bool(re.fullmatch(r"[（(][^（）()]{1,12}[）)]", normal(cell)))


def is_header_top(cells: list[str]) -> bool:
    labels, texts = label_ratio(cells)
    if labels < 3 or labels < 0.6 * texts:
        return False
    fields = {match_label(cell).field for cell in cells if cell and cell.strip() and is_label(cell)}
    return bool(fields & {"content", "legal_basis", "deadline", "publisher", "channels", "level1", "level2"})


def is_header_sub(cells: list[str]) -> bool:
    texts = [cell for cell in cells if cell and cell.strip()]
    if not texts:
        return False
    subs = [
        cell
        for cell in texts
        if is_label(cell) and match_label(cell).field in SUB_FIELDS and not match_label(cell).group
    ]
    return len(subs) >= max(1, 0.7 * len([t for t in texts if not _is_fragment(t)]))


def is_sub_label(text: str) -> bool:
    found = match_label(text)
    return is_label(text) and found.field in SUB_FIELDS and not found.group


def has_groups(cells: list[str]) -> bool:
    return any(match_label(cell).group for cell in cells if cell and cell.strip() and is_label(cell))


def split_header(labels: list[str]) -> tuple[list[str], list[str]]:
    """A header read as one list of labels -> (top row, sub row): the sub row is the
    run of sub-headers (一级事项, 全社会 …) closing the list after its group headers."""
    if not has_groups(labels):
        return labels, []
    start = len(labels)
    while start > 0 and (is_sub_label(labels[start - 1]) or _is_fragment(labels[start - 1])):
        start -= 1
    top = labels[:start]
    if not has_groups(top):
        return labels, []
    return top, labels[start:]


# ---- pipe ------------------------------------------------------------------------


def pipe_cells(text: str, *, leading: bool) -> tuple[list[str], bool]:
    """Cells of a pipe row and whether its last cell is left open (text after the last |)."""
    parts = text.split("|")
    remainder = parts.pop()
    if leading and parts and not parts[0].strip():
        parts = parts[1:]
    if remainder.strip():
        return parts + [remainder], True
    return parts, False


def _trailing_empties(text: str) -> int:
    cells, open_end = pipe_cells(text, leading=False)
    if open_end:
        return 0
    count = 0
    for cell in reversed(cells):
        if cell.strip():
            break
        count += 1
    return count


def _starts_row(line: str, *, leading: bool) -> bool:
    stripped = line.strip()
    if leading and stripped.startswith("|"):
        return True
    match = re.match(r"^\|?\s*(\d{1,5})\s*(\||$)", stripped)
    return bool(match)


def is_rule(line: str) -> bool:
    """A table rule (---|---|) as a page converted to text prints it under the header."""
    return "-" in line and bool(RULE_RE.match(line))


RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_pipe_row(
    lines: list[str], start: int, stop: int, *, leading: bool, header: bool = False, width: int = 0, number_at: int = 0
) -> tuple[TextRow, int]:
    """The logical row starting at lines[start]; returns it and the index after it. ``width``:
    the header's columns, when known; a closed row that has them all is complete (rows without
    序号 in a table without leading pipes start with nothing else to tell them by). ``number_at``:
    the 序号's column (a row "社会救助 |" / "1 |" … goes on to its 序号)."""
    taken = [lines[start]]
    k = start + 1
    while k < stop:
        so_far = "\n".join(taken)
        closed = so_far.rstrip().endswith("|")
        line = lines[k]
        if closed:
            if not line.strip() or _heading_line(line) or is_rule(line):
                break
            if _trailing_empties(so_far) >= 2 or continuation_piece(line):
                break  # the page padded the row: it is complete
            if width and len(pipe_cells(so_far, leading=leading)[0]) >= width:
                break
            if _starts_row(line, leading=leading) and len(pipe_cells(so_far, leading=leading)[0]) > number_at:
                break
            first = line.split("|")[0] if not line.lstrip().startswith("|") else ""
            if header and first.strip() and is_sub_label(first) and _top_labels(so_far, leading):
                break  # the sub-header row after the group headers
            if header and first.strip() and not is_label(first) and _all_labels(so_far, leading) and _data_like(line):
                break  # the first data row, its 序号 not in the first cell (政策文件 | 1 | …)
            if header and first.strip() and not is_label(first) and _all_labels(so_far, leading):
                if k + 1 < stop and _starts_row(lines[k + 1], leading=leading) and "|" in line:
                    break  # the same, printed one cell a line: "社会救助 |" then "1 |"
        elif not line.strip():
            break
        taken.append(line)
        k += 1
    text = "\n".join(taken)
    cells, open_end = pipe_cells(text, leading=leading)
    pads = 0
    while len(cells) > pads and not cells[len(cells) - 1 - pads].strip():
        pads += 1
    return TextRow(line=start + 1, text=text, cells=cells, pads=pads, open_end=open_end), k


def _heading_line(line: str) -> bool:
    """A heading after a closed row ends it; a cell's list entry printed at the start of a line
    ("1.《中华人民共和国政府信息公开条例》…" under "…投诉举报电话 |") is no heading: a heading
    numbered 1. 2. … names a table (领域, 目录, 清单)."""
    text = heading_text(line)
    if not text:
        return False
    return not re.match(r"\s*\d", text) or bool(re.search(r"领域|目录|清单", text))


def _data_like(line: str) -> bool:
    """A line of several cells, most of them no header label (a data row, not a broken label)."""
    labels, texts = label_ratio(line.split("|"))
    return texts >= 3 and labels < 0.5 * texts


def _all_labels(text: str, leading: bool) -> bool:
    cells, _ = pipe_cells(text, leading=leading)
    labels, texts = label_ratio(cells)
    return texts >= 3 and labels + _captions(cells) == texts


TITLE_WORDS = r"目录|清单|标准|平台|公开"  # a page's title above the header ("标准目录"), not a column


def _captions(cells: list[str]) -> int:
    """How many cells of a header row are a caption the vocabulary lacks, counted as labels: one
    opening the row before its 序号 ("领域 | 序号 | 公开事项 | …"; the table's first column is not
    always the 序号), 0 for any other row."""
    texts = [cell for cell in cells if cell and cell.strip()]
    if len(texts) < 2 or is_label(texts[0]) or not _header_like(texts[0]) or re.search(TITLE_WORDS, texts[0]):
        return 0
    return 1 if match_label(texts[1]).field == "number" and is_label(texts[1]) else 0


ELEMENT_MARKS_RE = re.compile(r"^(?:【[^【】]{1,20}】\s*)+$")


def continuation_piece(line: str) -> str:
    """The text of a pipe line that only goes on with the 公开内容 of the row above: one cell of
    【…】 element marks, the rest of the line empty cells ("【联系方式】 | ||||||"). A department
    catalogue (具体职责 / 业务事项 / 信息类别 / 内容标准) prints each 【要素】 of a row as a row of
    its own, every other cell merged over them; "" for any other line."""
    if "|" not in line:
        return ""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    texts = [cell for cell in cells if cell]
    return texts[0] if len(texts) == 1 and cells[0] and ELEMENT_MARKS_RE.match(texts[0]) else ""


def _top_labels(text: str, leading: bool) -> bool:
    """The text so far is a header's top row: all labels, with a group header among them."""
    cells, _ = pipe_cells(text, leading=leading)
    labels, texts = label_ratio(cells)
    return texts > 0 and labels + _captions(cells) == texts and has_groups(cells)


def pipe_header_at(lines: list[str], i: int, stop: int) -> tuple[list[str], list[str], int, bool] | None:
    """(top labels, sub labels, index after the header, leading-pipe convention) when a
    pipe header starts at lines[i]."""
    if "|" not in lines[i]:
        return None
    first, _ = pipe_cells(lines[i], leading=lines[i].lstrip().startswith("|"))
    labels, texts = label_ratio(first)
    if not labels or labels < 0.6 * texts:
        following = pipe_cells(lines[i + 1], leading=False)[0] if i + 1 < stop and texts == 1 else []
        if not _captions(first + following):
            return None  # a title, a banner or metadata above the header
    leading = lines[i].lstrip().startswith("|")
    window = min(stop, i + 40)
    row, after = read_pipe_row(lines, i, window, leading=leading, header=True)
    if not is_header_top(row.cells):
        return None
    top = [cell for cell in row.cells if cell.strip()]
    sub: list[str] = []
    if after < stop and is_rule(lines[after]):
        after += 1  # a two-tier header's second row may follow the rule as the first "data" row
    if after < stop and lines[after].strip():
        row2, after2 = read_pipe_row(lines, after, window, leading=leading, header=True)
        found = [cell for cell in row2.cells if cell.strip()]
        if is_header_sub(row2.cells):
            sub, after = found, after2
        elif completed := completed_labels(found):
            sub, after = completed, after2
    if not sub:
        top, sub = split_header(top)
    return top, sub, after, leading


def completed_labels(cells: list[str]) -> list[str]:
    """Sub-headers whose words end on a third header line, read as one run of cells: "一级" "二级"
    "全社会" "特定" … "乡级" then "事项" "事项" "群体" (a narrow cell's second line, the
    cells beside it merged). Each trailing piece completes the next sub-header it makes a label
    of, left to right (一级 + 事项, 二级 + 事项, 特定 + 群体); [] unless that makes a sub-header row."""
    for split in range(1, len(cells)):
        labels, pieces = list(cells[:split]), cells[split:]
        k = 0
        for piece in pieces:
            while k < len(labels) and match_label(normal(labels[k]) + normal(piece)).certainty != EXACT:
                k += 1
            if k == len(labels):
                break
            labels[k] = normal(labels[k]) + normal(piece)
            k += 1
        else:
            if all(is_sub_label(label) for label in labels):
                return labels
    return []


# ---- one cell per line -------------------------------------------------------------


TAB_BREAK_RE = re.compile(r"^[ \t]*\t[ \t]*$")


def paragraphs(lines: list[str], start: int, stop: int) -> list[tuple[int, str]]:
    """(line index, text) of each paragraph: consecutive non-blank lines. A line of
    spaces only (NBSP and ideographic spaces included) is an empty cell of its own.

    A table copied from a browser whose cells hold paragraphs (<p>) comes as each cell's
    paragraphs between blank lines and a line holding only a tab between cells: then the
    tab lines are the cell breaks, and blank lines are only the paragraphs' margins."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    first = start
    blanks = 0
    tab_breaks = any(TAB_BREAK_RE.match(lines[k]) for k in range(start, stop))
    for k in range(start, stop):
        line = lines[k]
        if tab_breaks and (TAB_BREAK_RE.match(line) or not line):
            if current:
                out.append((first, "\n".join(current)))
                current = []
            continue
        if line.strip():
            if not current:
                first = k
                if out and blanks >= 2:
                    # Extra blank lines between two cells: the page's empty cells.
                    out += [(k - 1, "")] * min(blanks - 1, 4)
            current.append(line)
            blanks = 0
            continue
        if current:
            out.append((first, "\n".join(current)))
            current = []
        if line and not line.strip():
            out.append((k, ""))
            blanks = 0
        else:
            blanks += 1
    if current:
        out.append((first, "\n".join(current)))
    return out


def lines_header_at(lines: list[str], i: int, stop: int) -> tuple[list[str], list[str], int] | None:
    """A header printed one label per paragraph, starting at lines[i]."""
    if not lines[i].strip():
        return None
    if not is_label(lines[i]) and not is_label(" ".join(lines[i : i + 2])):
        following = next((lines[k] for k in range(i + 1, min(stop, i + 4)) if lines[k].strip()), "")
        if not _captions([lines[i], following]):
            return None  # no label, nor a caption before the 序号 (领域 / 序号 / 公开事项 …)
    found = [(index, text) for index, text in paragraphs(lines, i, min(stop, i + 120)) if text]
    labels, after = _labels_of(found, i)
    if len(labels) < 5 or not is_header_top(labels):
        return None
    top, sub = split_header(labels)
    return top, sub, after


def stacked_header_at(lines: list[str], i: int, stop: int) -> tuple[list[str], list[str], int] | None:
    """A header printed one label a line with no blank line between them (the cells of a web
    page's table each on a line of its own), starting at lines[i] and followed by a line that
    is only a 序号. Whether the rows below fit it is for the caller to check (``stacked_rows``)."""
    if not lines[i].strip() or not is_label(lines[i]) or i + 1 >= stop or not lines[i + 1].strip():
        return None
    found = []
    for k in range(i, min(stop, i + 60)):
        if not lines[k].strip():
            break
        found.append((k, lines[k]))
    labels, after = _labels_of(found, i)
    if len(labels) < 5 or not is_header_top(labels) or after >= stop or is_row_number(lines[after]) is None:
        return None
    top, sub = split_header(labels)
    return top, sub, after


def _labels_of(found: list[tuple[int, str]], i: int) -> tuple[list[str], int]:
    """The header labels the paragraphs (or lines) open with, and the index after them."""
    labels: list[str] = []
    after = i
    unknown: list[tuple[int, str]] = []
    k = 0
    while k < len(found):
        width = _split_label([t for _, t in found[k : k + 3]])
        index, last = found[k + width - 1]
        text = "".join(normal(t) for _, t in found[k : k + width]) if width > 1 else last
        k += width
        if not (is_label(text) or _is_fragment(text)):
            # A column the vocabulary does not know (相应领域, 公开形式) between labels.
            if len(unknown) < 2 and _header_like(text):
                unknown.append((index, text))
                continue
            break
        labels += [t for _, t in unknown] + [text]
        unknown = []
        after = index + last.count("\n") + 1
    return labels, after


def _split_label(texts: list[str]) -> int:
    """How many of these paragraphs (1 to 3) are one header label broken over blank lines:
    "公开" / "时限", "一级" / "事项", "全" / "社会". Joined, they must be a label exactly as the
    vocabulary has it, and not both be labels by themselves (公开对象 / 公开方式). A bracketed
    note under a label is part of it: "公开内容" / "(要素)"."""
    if len(texts) < 2:
        return 1
    if _opened(texts[0]) and is_label(re.split(r"[（(]", texts[0])[0]):
        # A note in brackets broken over paragraphs: "公开渠道和载体(“■”表示必选" / "项,“口”表示可选项)".
        for width in (2, 3):
            if not _opened("".join(texts[:width])):
                return width
        return 1
    if is_label(texts[0]) and is_label(texts[1]):
        return 1
    if _is_fragment(texts[1]):
        return 2 if is_label(texts[0]) else 1
    for width in (2, 3):
        pieces = texts[:width]
        if len(pieces) < width or any("\n" in t or len(normal(t)) > 6 or re.search(r"\d", t) for t in pieces):
            return 1
        if match_label("".join(normal(t) for t in pieces)).certainty == EXACT:
            return width
    return 1


def _opened(text: str) -> bool:
    """The text opens more brackets than it closes."""
    return sum(text.count(c) for c in "(（") > sum(text.count(c) for c in ")）")


def _header_like(text: str) -> bool:
    """A short caption with no digits or punctuation: a header the vocabulary lacks."""
    plain = normal(text)
    return 2 <= len(plain) <= 10 and not re.search(r"[\d,，、;；。:：《》]", plain) and not MARKS_RE.search(plain)


def stacked_rows(lines: list[str], start: int, stop: int, width: int) -> tuple[int, int, int]:
    """How the lines from lines[start] (a 序号) fit rows of ``width`` lines each, every row
    opening with the next 序号: (where the rows read end, whole rows, lines of a last row cut
    short by an empty line or ``stop``, else 0). The rows end at an empty line, at ``stop`` or
    at the first line where the next row's 序号 should be and is not (the caller says whether
    that is the end of the table or a row that does not fit)."""
    k, rows, expected = start, 0, is_row_number(lines[start])
    while k < stop and lines[k] != "" and is_row_number(lines[k]) == expected:
        taken = 0
        while taken < width and k + taken < stop and lines[k + taken] != "":
            taken += 1
        k, expected = k + taken, expected + 1
        if taken < width:
            return k, rows, taken
        rows += 1
    return k, rows, 0


def is_row_number(text: str) -> int | None:
    match = NUMBER_RE.match(text)
    return int(match.group(1)) if match else None


# ---- spaces ------------------------------------------------------------------------

_OPEN, _CLOSE = "《（(〈<“", "》）)〉>”"


def space_tokens(line: str) -> list[str]:
    """Whitespace-separated pieces of a line, never splitting inside 《》 or brackets."""
    out: list[str] = []
    depth = 0
    for token in line.split():
        if depth > 0 and out:
            out[-1] += " " + token
        else:
            out.append(token)
        depth = max(0, depth + sum(token.count(c) for c in _OPEN) - sum(token.count(c) for c in _CLOSE))
    return out


def spaces_header_at(lines: list[str], i: int, stop: int) -> tuple[list[str], list[str], int] | None:
    tokens, after = _wrapped_labels(lines, i, stop)
    if len(tokens) < 4 or not is_header_top(tokens):
        return None
    top, sub = tokens, []
    while after < stop and not lines[after].strip():
        after += 1
    if after < stop:
        following = space_tokens(lines[after])
        if following and is_header_sub(following):
            sub, after = following, after + 1
    if not sub:
        top, sub = split_header(top)
    return top, sub, after


_NOTE_LINE_RE = re.compile(r"^\s*[（(][^（）()]*[）)]\s*$")


def _wrapped_labels(lines: list[str], i: int, stop: int) -> tuple[list[str], int]:
    """The space-separated labels of a header row starting at lines[i], and the index after
    it. A header too wide for the page wraps: "序号 公开事项 公开内容" / "(要素)" / "公开依据
    公开时限 …" / "(在标注范围内至少选择其一公开…)" are one row, read on while every line
    is labels (a line that is only a bracketed note belongs to the label above it) and
    until the sub-headers (一级事项 全社会 …)."""
    tokens = space_tokens(lines[i])
    after = i + 1
    labels, texts = label_ratio(tokens)
    if not 2 <= labels == texts:
        return tokens, after
    while after < min(stop, i + 8):
        line = lines[after]
        if _NOTE_LINE_RE.match(line):
            tokens[-1] += normal(line)
        else:
            more = space_tokens(line)
            labels, texts = label_ratio(more)
            if not more or labels < texts or is_header_sub(more):
                break
            tokens += more
        after += 1
    return tokens, after


def starts_space_row(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and is_row_number(tokens[0]) is not None


# ---- glued ---------------------------------------------------------------------------

LEVEL_PLACES = ("省", "市", "州", "县", "区", "乡", "镇", "乡镇", "街道", "村", "社区")  # 县级, 乡、村级 …
_WORDS = sorted({*GROUPS, "序号", "公开内容(要素)", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                 "公开对象", "一级目录", "二级目录", "三级目录", "一级事项", "二级事项", "三级事项", "全社会", "特定群体",
                 "特定群众", "主动", "依申请", "依申请公开", "责任科室", "公开渠道", "主动公开",
                 *(f"{a}级" for a in LEVEL_PLACES),
                 *(f"{a}{sep}{b}级" for a in LEVEL_PLACES[:-2] for sep in "、/" for b in ("村", "社区"))},
                key=len, reverse=True)  # fmt: skip


def glued_labels(line: str) -> list[str] | None:
    """A header line whose labels run together ("公开事项公开内容(要素)公开依据"), split
    into its labels; None unless the whole line is labels."""
    text = normal(line)
    if not text or "|" in line or "\t" in line:
        return None
    out, i = [], 0
    while i < len(text):
        for word in _WORDS:
            if text.startswith(word, i):
                out.append(word)
                i += len(word)
                break
        else:
            return None
    return out if len(out) >= 2 else None
