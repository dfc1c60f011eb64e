"""公开渠道和载体 text -> channel links (pure).

Three printed styles: ■/□ lists (also HTML checkboxes, checked or not), numbered
lists ("1、政府网站、 2. 宣传栏3. 党群服务中心") and plain lists separated by 、 or
spaces. In ■/□ and checkbox lists only checked entries count.

>>> refs, notes = parse_channels('<input type="checkbox"/> 阿尔山市人民政府网站 <input checked="" type="checkbox"/> 入户/现场')
>>> [(r.slug, r.detail) for r in refs], notes
([('ruhu-xianchang', '入户/现场')], ['公开渠道：勾选框“阿尔山市人民政府网站”未勾选，未计入'])
>>> [(r.slug, r.detail) for r in parse_channels("■ 阿尔山市人民政府网站 ■ 投资项目在线审批监管平台")[0]]
[('zhengfu-wangzhan', '阿尔山市人民政府网站'), ('qita', '投资项目在线审批监管平台')]
>>> [r.slug for r in parse_channels("1、政府网站、 2. 宣传栏3. 党群服务中心")[0]]
['zhengfu-wangzhan', 'gongshilan', 'bianmin-fuwuzhan']

OCR glues boxed names together; each is a channel of its own:

>>> [(r.slug, r.detail) for r in parse_channels("■阿尔山市政务服务中心阿尔山市人民政府网站")[0]]
[('zhengwu-fuwu-zhongxin', '阿尔山市政务服务中心'), ('zhengfu-wangzhan', '阿尔山市人民政府网站')]
"""

from __future__ import annotations

import re
import unicodedata

from catalog.models.standards import STANDARD_CHANNELS

from .aliases import map_channel
from .cleaners import CJK, EMPTY_BOXES, OPENING_BOXES, TICKED_BOXES, TICKS, despace, mark_like, strip_html
from .records import ChannelRef

STANDARD_NAMES = {
    name.replace(" ", "").replace("(", "（").replace(")", "）")
    for name, _, aliases in STANDARD_CHANNELS
    for name in [name, *aliases]
} | {"广播电视台", "政务服务大厅", "其他方式", "社区/企事业单位/公示栏(电子屏)"}


def _clean(text: str) -> str:
    text = despace(text.replace(" and ", "、").strip(" 、，,;；。:："))
    return re.sub(r"^其他[:：]\s*", "", text) if re.match(r"^其他[:：]\s*\S", text) else text


# Ticked: ■ and the marks pages print instead (▄ ● ◆ ★ ☑ √ ✓); unticked: □ ☐ ☆ and crosses,
# and 口 (the CJK character standing for a box), ○ and × where they open an entry.
TICKED_RE = re.compile(f"[{TICKED_BOXES}{TICKS}]")
UNTICKED_RE = re.compile(
    f"[{EMPTY_BOXES}]|" r"(?:(?<=^)|(?<=[\s;；,，:：。、]))" f"[{OPENING_BOXES}]" rf"(?=\s?[{CJK}])"
)
# Where a cell uses 口 as its box, 口 run into the entry before it is a box too when a
# standard channel follows it ("口便民服务站口入户/现场"): 口 alone is too common a character.
GLUED_BOX_RE = re.compile(
    "口(?="
    + "|".join(sorted({re.escape(re.split(r"[/（(]", name)[0]) for name in STANDARD_NAMES}, key=len, reverse=True))
    + ")"
)
ANY_BOX_RE = re.compile(f"{TICKED_RE.pattern}|{UNTICKED_RE.pattern}")
# A mark no set of cleaners names opening an entry (cleaners.mark_like): tokens gives it as
# UNKNOWN + the mark, parse_channels flags it.
MARK_LIKE_RE = re.compile(rf"(?:(?<=^)|(?<=[\s;；,，:：。、■□]))([^\x00-\x7f])(?=\s?[{CJK}])")
UNKNOWN = "\x00"
# A symbol font's mark whose font was lost prints as a Latin letter (Wingdings t ◆, n ■, o □;
# Wingdings 2 R ☑): one letter opening an entry before Chinese, in a list printing boxes.
LETTER_MARK_RE = re.compile(rf"(?:(?<=^)|(?<=[\s;；,，、]))([A-Za-z])(?=[{CJK}])")
NOTE_RE = re.compile(r"(?:^|\s)注\s*[:：].*$", re.S)  # 注：有关公开信息可推送… (a note, not a channel)
ENTRY_SEPARATORS = re.compile(r"[;；]")


def tokens(text: str) -> list[tuple[str | None, str]]:
    """(mark, text) pairs; mark is ■, □ or None for text before any mark and for an
    entry printed without a box among boxed ones ("…;国家档案馆;口精准推送")."""
    text = strip_html(text).replace("•", " ")
    text = NOTE_RE.sub("", text)
    text = TICKED_RE.sub("■", text)
    boxes = UNTICKED_RE.findall(text)
    text = UNTICKED_RE.sub("□", text)
    if "口" in boxes:
        text = GLUED_BOX_RE.sub("□", text)
    text = MARK_LIKE_RE.sub(lambda m: f"{UNKNOWN}{m.group(1)}" if mark_like(m.group(1)) else m.group(1), text)
    if "■" in text or "□" in text:
        text = LETTER_MARK_RE.sub(f"{UNKNOWN}\\1", text)
    parts = re.split(f"([■□]|\\{UNKNOWN}.)", text)
    out: list[tuple[str | None, str]] = []
    if parts[0].strip():
        out.append((None, parts[0]))
    for mark, piece in zip(parts[1::2], parts[2::2]):
        entries = ENTRY_SEPARATORS.split(piece)
        if entries[0].strip():
            out.append((mark, entries[0]))
        out += [(None, entry) for entry in entries[1:] if entry.strip(" 、，,;；。\n")]
    return out


PLACES_ONLY = re.compile(r"^各?(?:省|市|县|区|旗|乡|镇|村|社区|街道|苏木|嘎查){1,3}$")


def _plain_split(text: str) -> list[str]:
    """A plain list split into entries.

    >>> _plain_split("阿尔山市人民政府网站、各镇、村公示栏（电子屏） 2.宣传栏")
    ['阿尔山市人民政府网站', '各镇、村公示栏（电子屏）', '宣传栏']
    """
    text = re.sub(r"(?:^|(?<=[、，,\s]))\d{1,2}\s*[、.．]\s*|(?<=[^\d\s])\d{1,2}\s*[.．]\s*", "、", text)
    text = re.sub(r"\s+and\s+|(?<=等平台)和", "、", text)
    pieces = [p.strip() for p in re.split(r"[、，,；;]", text) if p.strip()]
    # "各镇、村公示栏": places listed before one channel are not channels of their own.
    out: list[str] = []
    for piece in pieces:
        if out and PLACES_ONLY.match(out[-1]):
            out[-1] = f"{out[-1]}、{piece}"
        else:
            out.append(piece)
    return out


def _split_repeats(text: str) -> list[str]:
    """Entries printed without separators split where the opening words recur:
    "阿尔山市人民政府网站阿尔山市政务服务网" -> two entries."""
    head = text[:4]
    if len(text) < 8 or len(head) < 4:
        return [text]
    parts = re.split(f"(?={re.escape(head)})", text)
    return [part for part in parts if part]


def _entry_lines(text: str) -> str:
    """An unmarked list printed one channel a line ("政府网站\n山东政务服务网\n入户/现场"), its
    entries separated by 、. A line break separates where a line is a channel, unless the entry
    so far and the line run together are that same channel: a name wrapped in a narrow cell
    ("社区/企事业单位/村公示" / "栏(电子屏)"; "广播" / "电视", each a channel too) closes up."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return text
    entries, current = [], lines[0]
    for after in lines[1:]:
        flat = _clean(current.replace("\n", ""))
        left, right = map_channel(flat), map_channel(_clean(after))
        joined = map_channel(flat + _clean(after))
        whole = (flat + _clean(after)).replace("(", "（").replace(")", "）") in STANDARD_NAMES
        if joined and (not left or not right or whole):
            current += after
        elif left or right:
            entries.append(current)
            current = after
        else:
            current += "\n" + after
    return "、".join([*entries, current])


def parse_channels(text: str, previous: str = "") -> tuple[list[ChannelRef], list[str]]:
    """Channel links for a cell; `previous` is the channel text of the row above (for
    recognising a page-break residue at the start of this cell)."""
    refs: list[ChannelRef] = []
    notes: list[str] = []
    pairs = tokens(text)
    marked = any(mark for mark, _ in pairs)
    entries: list[tuple[str | None, str]] = []
    if marked:
        for mark, piece in pairs:
            # OCR glues boxed entries too ("■阿尔山市政务服务中心阿尔山市人民政府网站").
            entries += [(mark, entry) for entry in _split_repeats(_clean(piece))]
    else:
        joined = " ".join(piece for _, piece in tokens(_entry_lines(text)))
        for piece in _plain_split(joined):
            # Long phrases separated by spaces are separate channels (001's lists).
            for part in despace(piece).split(" ") if not re.search(r"[A-Za-z]", piece) else [piece]:
                for entry in _split_repeats(_clean(part)):
                    entries.append((None, entry))
    # An unticked box is normal in the official template list of standard channels;
    # an unticked box beside a named local channel is worth a second look.
    for mark, detail in entries:
        if mark == "□" and detail.replace(" ", "").replace("(", "（").replace(")", "）") not in STANDARD_NAMES:
            notes.append(f"公开渠道：勾选框“{detail}”未勾选，未计入")
    # An unknown mark beside ticked boxes is taken for the empty one, else for the ticked one.
    ticked_beside = any(mark == "■" for mark, _ in entries)
    seen = set()
    for index, (mark, detail) in enumerate(entries):
        if mark and mark[0] == UNKNOWN and detail:
            reading = "按未勾选处理" if ticked_beside else "按已勾选计入"
            shown = mark[1] if unicodedata.category(mark[1]) != "Co" else f"U+{ord(mark[1]):04X}"  # a symbol font's
            notes.append(f"公开渠道：“{detail}”前的“{shown}”不是已知的勾选标记，{reading}，请核对")
            if ticked_beside:
                continue
        if mark == "□" or not detail:
            continue
        slug = map_channel(detail)
        if slug is None and re.fullmatch(r"其他(?:渠道|方式|途径|形式|载体|平台)", detail):
            slug = "qita"  # ■其他渠道: the option 其他 itself, named at length
        elif slug is None and re.match(r"^其他\S{2,}", detail):
            slug, detail = "qita", detail[2:]  # ■其他法律服务网: the option 其他, with what it is
        if marked and mark is None and index > 0:
            notes.append(f"公开渠道：“{detail}”前没有勾选框，按已勾选计入")
        if slug is None and mark is None and index == 0 and marked:
            if previous and _clean(strip_html(previous)).replace(" ", "").endswith(detail.replace(" ", "")):
                notes.append(f"公开渠道：开头的“{detail}”是上一行跨页的残字，已忽略")
                continue
        if slug is None:
            slug = "qita"
            notes.append(f"公开渠道：“{detail}”不在渠道对照表中，归入“其他”")
        if (slug, detail) in seen:
            continue
        seen.add((slug, detail))
        refs.append(ChannelRef(slug=slug, detail=detail))
    return refs, notes


def strip_residue(text: str, previous: str) -> tuple[str, str | None]:
    """Drop an unmarked fragment opening a ■ list when it is the end of the row above
    printed again after a page break ("平台 ■阿尔山市人民政府网站 …")."""
    pairs = tokens(text)
    if len(pairs) < 2 or pairs[0][0] is not None or not previous:
        return text, None
    fragment = _clean(pairs[0][1])
    if map_channel(fragment) is None and _clean(strip_html(previous)).replace(" ", "").endswith(
        fragment.replace(" ", "")
    ):
        rest = strip_html(text)
        box = ANY_BOX_RE.search(rest)  # as printed: ▄, ◆ … not the ■ tokens reads it as
        if box:
            return rest[box.start() :], fragment
    return text, None


def join_pieces(first: str, second: str) -> tuple[str, str | None]:
    """Join a merged channel cell printed across rows; returns (text, dropped residue).

    An unmarked fragment at the start of the second piece continues the last entry of
    the first ("…政务服务" + "中心"), unless the first already ends with it.
    """
    first, second = first.strip(), second.strip()
    if not first:
        return second, None
    pairs = tokens(second)
    if pairs and pairs[0][0] is None:
        fragment = despace(pairs[0][1]).strip()
        rest = second[second.find(pairs[0][1]) + len(pairs[0][1]) :] if pairs[0][1] in second else ""
        plain_first = strip_html(first)
        if plain_first.replace(" ", "").endswith(fragment.replace(" ", "")):
            return f"{first} {rest}".strip(), fragment
        return f"{first}{fragment} {rest}".strip(), None
    return f"{first} {second}", None


def options(text: str) -> list[str]:
    """The options of a template box list (one printing unticked boxes too) in order,
    ticked or not, by channel, else as printed; empty for any other list (a list of
    ticked boxes only is a selection, not the template)."""
    pairs = tokens(text)
    if not any(mark == "□" for mark, _ in pairs):
        return []
    return [map_channel(_clean(piece)) or _clean(piece) for mark, piece in pairs if mark and _clean(piece)]


def continues(first: str, second: str, template: list[str]) -> bool:
    """Is `second` the rest of the template box list `first`, cut by a page break? `first` stops
    before the end of the table's full list (`template`), `second` starts after its
    beginning, and no option is printed in both."""
    above, below = options(first), options(second)
    if not above or not below or len(template) < 3 or set(above) & set(below):
        return False
    return template[-1] not in above and template[0] not in below and template[0] in above
