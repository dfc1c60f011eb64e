"""Pure cell cleaners: HTML and marks, OCR spaces, list splitting.

>>> despace("阿 尔 山 市 司 法 局")
'阿尔山市司法局'
>>> despace("公共法律服务实 体、热线、网络平 台法律咨询服务 指南")
'公共法律服务实体、热线、网络平台法律咨询服务指南'
>>> despace("社会救助信访通讯地址 社会救助投诉举报电话")
'社会救助信访通讯地址 社会救助投诉举报电话'
>>> despace("《国务院 关于进一步加强和改进最低生活保障工作的意见》")
'《国务院关于进一步加强和改进最低生活保障工作的意见》'
>>> despace("《民政部 财政部关于进一步加强和改进临时救助工作的意见》")
'《民政部 财政部关于进一步加强和改进临时救助工作的意见》'
>>> despace("形成或者变更之日起 20 个工作日内予以公开")
'形成或者变更之日起20个工作日内予以公开'
>>> despace("内蒙古自治区 12348 http://nm.12348.gov.cn/ fzxc/index.htm")
'内蒙古自治区 12348 http://nm.12348.gov.cn/ fzxc/index.htm'
>>> despace("缴费人员 增减申报", name=True)
'缴费人员增减申报'
>>> despace("辅助器具配置协议机构的确认 异地居住就医申请确认", name=True)
'辅助器具配置协议机构的确认 异地居住就医申请确认'
>>> strip_html('<input checked="" type="checkbox"/> 政府网站 <input type="checkbox"/> 政府公报')
'■ 政府网站 □ 政府公报'
>>> clean_cell('<p>阿尔山市社会保险服务中心</p>')
'阿尔山市社会保险服务中心'
>>> split_elements("1. 机构名称; 2. 开放时间; 3. 机构地址")
['机构名称', '开放时间', '机构地址']
>>> split_elements("受理部门、办理条件、办理流程")
['受理部门', '办理条件', '办理流程']
>>> split_elements("1. 姓名及职务 2. 个人简介（性别、民族）")
['姓名及职务', '个人简介（性别、民族）']
>>> split_list("阿尔山市民政局、四个镇政府、四个街道办事处")
['阿尔山市民政局', '四个镇政府', '四个街道办事处']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A Chinese character: the CJK Unified Ideographs and extension A (㮾, as in 长沙 㮾梨街道). Every
# pattern of the importers that means one is built from CJK, and is_cjk says the same by comparison
# (tests/importers/test_cleaners.py checks that they agree on every code point).
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CJK_RE = re.compile(f"[{CJK}]")
CJK_HEAD_RE = re.compile(f"[{CJK}]+")
CJK_TAIL_RE = re.compile(f"[{CJK}]+$")
CJK_GAP_RE = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")  # spaces between two Chinese characters
CJK_PUNCT = "、，。；：？！）】》〉」』”’（【《〈「『“‘·()"
# The marks catalogues print in their cells, each named once here: every stage builds its
# patterns from these, so a mark a new page prints is added in one place.
TICKS = "√✓✔☑"  # an option ticked (全社会 √, 主动公开 ✓)
TICKED_BOXES = "■▄●◆★"  # a checklist's ticked box: ■ and what pages print for it
EMPTY_BOXES = "□☐☆✗✘"  # a checklist's empty box, and a cross: not ticked
# Empty boxes only where they open an entry (channels.py): elsewhere they are text (口 a word,
# ○ the zero of 二○二二年, × in ××县).
OPENING_BOXES = "口○×"
BULLETS = "●◆•▪"  # what opens each 要素 of a list
MIDDLE_DOT = "·"  # opens a 要素 too, but stays in a cell's text (a name may print it)
KNOWN_MARKS = frozenset(TICKS + TICKED_BOXES + EMPTY_BOXES + OPENING_BOXES + BULLETS + MIDDLE_DOT)
MARKS_RE = re.compile(f"[{TICKS}{TICKED_BOXES}{EMPTY_BOXES}{BULLETS}]")
# A cell printed as a mark for "none" (a 公开依据 of 无, / or 略): an empty cell of its own. segment
# never joins it to the 公开内容 above it nor to the cell after it; normalise reads it as no value.
NONE_MARK = re.compile(r"^\s*(?:无|暂无|略|/|／|—+|－|-)\s*$")
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
CHECKED_RE = re.compile(r"<input\b[^>]*\bchecked\b[^>]*>", re.I)
UNCHECKED_RE = re.compile(r"<input\b[^>]*>", re.I)
# The bound of the importer's caches of one cell's text (clean_cell, align._cell_scores, align.is_checklist,
# headers.match_label). What they save is a row's cells asked for again while the row is read
# (each stage asks several times); a larger cache adds only hits across the stages, which need an
# entry for every cell of the table, and fills with the table up to its bound: at 8,192 entries
# the peak RSS of a 20,000-row txt import was 6 MB above a 2,000-row one's (bench/import_bench.py),
# at this bound both fill it and the hits within a row stay (about as many hits at 128 entries).
CELL_CACHE = 512
SPACE_RE = re.compile(r"[ \t\n\r\u00a0\u3000]+")  # a line break inside a cell is a soft wrap

# Official titles separate joint issuers by a space ("民政部 财政部关于…"): keep it.
ISSUER_ENDS = ("部", "中央", "国务院", "办公厅", "扶贫办", "委员会")
ISSUER_STARTS = (
    "财政部",
    "国务院",
    "中共中央",
    "住房城乡建设部",
    "民政部",
    "教育部",
    "人力资源",
    "国家",
    "文化部",
    "公安部",
)


def strip_html(text: str) -> str:
    """Turn checkbox inputs into ■/□ and drop every other tag."""
    if "<" not in text and "&" not in text:
        return SPACE_RE.sub(" ", text).strip()  # no tag, no entity: most cells
    text = CHECKED_RE.sub(" ■ ", text)
    text = UNCHECKED_RE.sub(" □ ", text)
    text = TAG_RE.sub(" ", text)
    text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return SPACE_RE.sub(" ", text).strip()


def is_cjk(ch: str) -> bool:
    """A Chinese character (CJK). Compared, not matched: despace asks this of every gap of every
    cell the importer scores."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_cjkish(ch: str) -> bool:
    return ch in CJK_PUNCT or is_cjk(ch)


def despace(text: str, *, name: bool = False) -> str:
    """Remove OCR spaces between Chinese characters, keep meaningful separators.

    In names the same holds with words of up to four characters counted as fragments
    (cells are narrow); a space left between two long names is for the caller to flag.
    Elsewhere a space goes when
    it touches Chinese punctuation, lies inside 《》 or （）, or when a token beside
    it is one or two characters long (the mark of a word broken by a narrow column);
    spaces between longer phrases separate list entries and stay. Latin words,
    numbers and URLs keep their spaces unless a one- or two-character Chinese
    fragment sits next to them.
    """
    text = SPACE_RE.sub(" ", text).strip()
    if " " not in text:
        return text
    tokens = text.split(" ")
    gaps = list(zip(tokens, tokens[1:]))
    # A cell wrapped in a narrow column breaks words at several places: then every
    # gap between Chinese characters in it is an OCR break, not a separator.
    limit = 4 if name else 2
    broken = (a for a, b in gaps if _cjk_gap(a, b) and (_short_tail(a, limit) or _short_head(b, limit)))
    wrapped = next(broken, None) is not None and next(broken, None) is not None
    out = tokens[0]
    # Brackets are counted only where one opens: without one the depth never rises above 0.
    bracketed = "《" in text or "（" in text or "(" in text
    depth = _depth(tokens[0]) if bracketed else 0
    for token in tokens[1:]:
        left, right = out[-1], token[0]
        join = False
        if _is_cjkish(left) and _is_cjkish(right):
            if left in CJK_PUNCT or right in CJK_PUNCT:
                join = True
            elif _issuer_gap(out, token):
                join = False
            else:
                join = wrapped or depth > 0 or _short_tail(out, limit) or _short_head(token, limit)
        elif is_cjk(left) and right.isdigit():
            number = re.match(r"\d+", token).group(0)
            rest = token[len(number) :]
            join = name or (len(number) <= 4 and (not rest or not rest[0].isascii())) or _short_tail(out)
        elif left.isdigit() and is_cjk(right):
            number = re.search(r"\d+$", out).group(0)
            join = name or len(number) <= 4 and not re.search(r"[A-Za-z/.:]\d*$", out) or _short_head(token)
        if join:
            out += token
        else:
            out += " " + token
        if bracketed:
            depth += _depth(token)
    return out


def _cjk_gap(left: str, right: str) -> bool:
    return bool(left) and bool(right) and is_cjk(left[-1]) and is_cjk(right[0])


def _depth(token: str) -> int:
    return (
        token.count("《")
        + token.count("（")
        + token.count("(")
        - token.count("》")
        - token.count("）")
        - token.count(")")
    )


def _short_tail(token: str, limit: int = 2) -> bool:
    """The Chinese run ending the token is one or two characters long. (Read from the end:
    searching for the run from the start tried every character of a long one.)"""
    if not token or not is_cjk(token[-1]):
        return False
    tail = token[-(limit + 1) :]
    return len(tail) <= limit or CJK_HEAD_RE.fullmatch(tail) is None


def _short_head(token: str, limit: int = 2) -> bool:
    match = CJK_HEAD_RE.match(token)
    return bool(match) and len(match.group(0)) <= limit


def _issuer_gap(left: str, right: str) -> bool:
    return left.endswith(ISSUER_ENDS) and right.startswith(ISSUER_STARTS)


@lru_cache(maxsize=CELL_CACHE)
def clean_cell(text: str, *, name: bool = False, keep_marks: bool = False) -> str:
    """HTML, marks and OCR spaces removed; the text otherwise as printed. (Cached: the
    stages ask for the same cell several times; see CELL_CACHE.)"""
    text = strip_html(text)
    if not keep_marks:
        text = MARKS_RE.sub(" ", text)
    return despace(text, name=name).strip(" ")


def is_tick(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and all(ch in TICKS for ch in stripped.replace(" ", ""))


# What a tick column's cell may print for yes and for no besides a mark (是否公开: 是/否).
YES_WORDS = frozenset({"是", "有", "Y", "Ｙ", "YES", "Yes", "yes"})
# Not 无: it is also a cell's "none" (NONE_MARK), so in a tick column it is flagged, not read.
NO_WORDS = frozenset({"否", "N", "Ｎ", "NO", "No", "no"})


def mark_like(ch: str) -> bool:
    """A character no set above names that a page may print as a mark: a symbol (◎ ◇ ▲), a
    character of a symbol font copied from Word (private use: U+F0FE ☑) or its Latin-1 stand-in
    (þ ý ¨). Its meaning is the page's: readers flag it."""
    return ch not in KNOWN_MARKS and (unicodedata.category(ch) in ("So", "Sm", "Co") or ch in "þý¨") and ch > "\x7f"


def is_mark_like(text: str) -> bool:
    """The cell prints nothing but marks no set names (◎, ◎◎)."""
    stripped = text.strip()
    return bool(stripped) and all(mark_like(ch) for ch in stripped.replace(" ", ""))


def tick_value(text: str) -> bool | None:
    """What a tick column's cell says: True ticked (a tick, a ticked box, 是), False not (an
    empty cell, an empty box or a cross, 否), None a mark or word the importer does not know.

    >>> [tick_value(text) for text in ("√", "●", " ★ ", "是", "", "□", "×", "○", "否", "◎", "t")]
    [True, True, True, True, False, False, False, False, False, None, None]
    """
    stripped = text.replace(" ", "").strip()
    if not stripped:
        return False
    if stripped in YES_WORDS or all(ch in TICKS or ch in TICKED_BOXES for ch in stripped):
        return True
    if stripped in NO_WORDS or all(ch in EMPTY_BOXES or ch in OPENING_BOXES for ch in stripped):
        return False
    return None


NUMBERED_RE = re.compile(r"(?:^|(?<=[\s；;。，,、]))[（(]?(\d{1,2})[)）]?\s*[.．、](?!\d)\s*")


def split_top(text: str, separators: str) -> list[str]:
    """Split on separator characters outside brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "（(《〈“【":
            depth += 1
        elif ch in "）)》〉”】" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [part.strip(" ;；。.,，") for part in parts if part.strip(" ;；。.,，")]


def split_elements(content: str) -> list[str]:
    """公开内容 -> ordered 要素: 【…】 marks (a department catalogue's 内容标准), numbered lists,
    then ； and list spaces, then 、.

    >>> split_elements("【机构名称】【联系方式】 【咨询服务】")
    ['机构名称', '联系方式', '咨询服务']
    """
    text = content.strip()
    if not text:
        return []
    if re.fullmatch(r"(?:【[^【】]+】\s*){2,}", text):
        return [mark.strip() for mark in re.findall(r"【([^【】]+)】", text)]
    markers = list(NUMBERED_RE.finditer(text))
    numbers = [int(m.group(1)) for m in markers]
    if len(markers) >= 2 and numbers[:2] == [1, 2]:
        pieces, head = [], text[: markers[0].start()].strip(" :：")
        if head:
            pieces.append(head)
        for marker, following in zip(markers, markers[1:] + [None]):
            end = following.start() if following else len(text)
            pieces.append(text[marker.end() : end])
        return [piece.strip(" ;；。.,，") for piece in pieces if piece.strip(" ;；。.,，")]
    pieces = split_top(text, "；;。 •")
    if len(pieces) == 1:
        pieces = split_top(pieces[0], "、")
    return pieces


def split_list(text: str) -> list[str]:
    """Publishers and similar lists: 、 ， , ； and spaces between names."""
    return split_top(text, "、，,；; ")
