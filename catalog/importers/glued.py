"""Rows whose cells run together with nothing between them (pure).

Some pages lose every cell boundary ("机关信息机关简介机关职能,机构设置,…《国务院办公厅
关于…》…文稿。全社会"). The boundaries are recovered from what the text says, in
this order: a closing 公开对象 (全社会, 特定群体); 《 opening the 公开依据; a 一级 name
that several rows begin with; the 要素 list of the content (the name before it ends
with a word such names end with: 信息, 简介, 预决算 …). A line that opens with 《 is
the 公开依据 of the row above going on. Every row read this way is flagged.
"""

from __future__ import annotations

import os
import re

from .cleaners import CJK, EMPTY_BOXES, TICKED_BOXES, TICKS
from .layouts import TextRow
from .records import Column

AUDIENCE_END = re.compile(r"(全社会|社会公众|特定群[体众]|特定对象)\s*$")
NAME_END = re.compile(
    r"(信息|简介|预决算|预算|决算|清单|指南|制度|规划|目录|概况|动态|情况|公告|事项|职能|文件|政策|标准|名单|结果|报告|计划|"
    r"总结|机构|领导|要闻|通知|公示|解读|办法|服务|管理|设置|公开|法规)$"
)
NAME_START = re.compile(NAME_END.pattern.replace(")$", ")").replace("(", "^(", 1))
BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
LIST_SEP = re.compile(r"[,，、;；]")
NOTE = "原文单元格之间没有分隔符，已按内容（《、全社会、要素列表）推断各列的边界，请核对"


def glued_rows(lines: list[tuple[int, str]], columns: list[Column]) -> list[TextRow]:
    """(line index, text) of the table's lines -> rows of cells in column order."""
    keys = [column.key for column in columns]
    if "number" in keys:
        lines = _numbered_rows(lines)
    heads = [text for _, text in lines if text.strip() and not text.lstrip().startswith("《")]
    if "number" in keys:
        heads = [re.sub(r"^\s*\d{1,5}", "", text) for text in heads]
    tops = _shared_prefixes(heads) if "level1" in keys and "level2" in keys else set()
    rows: list[TextRow] = []
    rests: list[tuple[str, str]] = []  # each row's names and content, run together; its 一级 found
    for index, text in lines:
        if not text.strip():
            continue
        if text.lstrip().startswith("《") and rows and "legal_basis" in keys:
            row = rows[-1]
            j = keys.index("legal_basis")
            row.cells[j] = (row.cells[j] + "\n" + text.strip()).strip()
            row.text += "\n" + text
            continue
        cells = [""] * len(columns)
        rest = text.strip()
        if "number" in keys:
            match = re.match(r"^(\d{1,3}|\d{4,5}(?![年月日号]))(?=\D)", rest)
            if match:
                cells[keys.index("number")], rest = match.group(1), rest[match.end() :]
        for key in ("audience", "audience_public"):
            match = AUDIENCE_END.search(rest)
            if key in keys and match:
                cells[keys.index(key)], rest = match.group(1), rest[: match.start()]
                break
        if "legal_basis" in keys and "《" in rest:
            at = rest.index("《")
            basis, rest = rest[at:], rest[:at]
            basis, tail = _basis_end(basis)
            cells[keys.index("legal_basis")] = basis
            for key, value in zip(("deadline", "publisher", "channels"), _split_tail(tail)):
                if value and key in keys:
                    cells[keys.index(key)] = value
                elif value:  # no such column: the text stays where it was printed
                    cells[keys.index("legal_basis")] += value
        top = ""
        if "level1" in keys:
            top = next(
                (t for t in sorted(tops, key=len, reverse=True) if rest.startswith(t) and len(rest) > len(t)), ""
            )
            if top:
                cells[keys.index("level1")], rest = top, rest[len(top) :]
        rows.append(TextRow(line=index + 1, text=text, cells=cells, notes=[NOTE]))
        rests.append((rest, top))
    name_key = "level2" if "level2" in keys else "level1"
    split = _split_names([r for r, _ in rests])
    cuts = _upper_cuts(split, rests, tops) if "level1" in keys and "level2" in keys else {}
    for k, (row, (rest, top), (name, content, doubt)) in enumerate(zip(rows, rests, split)):
        if name_key in keys:
            row.cells[keys.index(name_key)] = name
        if "content" in keys:
            row.cells[keys.index("content")] = content
        elif content:
            row.cells[keys.index(name_key)] = name + content
        if doubt and "content" in keys:
            row.notes.append(doubt)
        if k in cuts and cuts[k][0]:
            cut, why = cuts[k]
            row.cells[keys.index("level1")], row.cells[keys.index("level2")] = name[:cut], name[cut:]
            row.notes.append(
                f"事项名称“{name}”已分为一级事项“{name[:cut]}”与二级事项“{name[cut:]}”（原文没有分隔；{why}），请核对"
            )
        elif k in cuts:
            row.notes.append(
                f"事项名称“{name}”较长，可能是一级事项与二级事项连在一起（原文没有分隔），未能分开，请核对"
            )
    return rows


def _upper_cuts(split, rests, tops: set[str]) -> dict[int, tuple[int, str]]:
    """For each row whose one long name (8 characters or more, no 一级 found before it) may be a
    一级 and a 二级 run together: where the 一级 ends (0: not known) and what shows it. First by
    the row below (``_group_cut``), then by a 一级 the table's other rows show (printed again
    over a group, or cut so from another row)."""
    names = [name for name, _, _ in split]
    cuts: dict[int, tuple[int, str]] = {}
    for k, name in enumerate(names):
        if not name or rests[k][1] or len(name) < 8:
            continue
        following = names[k + 1] if k + 1 < len(names) and not rests[k + 1][1] else ""
        cut = _group_cut(name, following)
        cuts[k] = (cut, f"一级事项与其下两项“{name[cut:]}”“{following}”都有相同的词")
    known = set(tops) | {names[k][:cut] for k, (cut, _) in cuts.items() if cut}
    for k, (cut, _) in cuts.items():
        upper = max((t for t in known if names[k].startswith(t) and len(names[k]) - len(t) >= 2), key=len, default="")
        if not cut and upper:
            cuts[k] = (len(upper), f"本表其他行的一级事项是“{upper}”")
    return cuts


def _group_cut(name: str, following: str) -> int:
    """Where a 一级 name printed once over its group ends inside "法规政策法律法规", or 0.

    The page's own rows are the evidence: the row below, printing no 一级 of its own, is the
    group's second item (政策文件); a group's name shares a word with each of its items
    (法规政策: 法规 with 法律法规, 政策 with 政策文件), and ends with a word the item below holds.
    Only a cut that alone fits is taken."""
    if len(following) < 2:
        return 0
    fits = [
        cut
        for cut in range(2, len(name) - 1)
        if name[cut - 2 : cut] in following and _words(name[:cut]) & _words(name[cut:])
    ]
    return fits[0] if len(fits) == 1 else 0


def _words(text: str) -> set[str]:
    """The two-character words a name may hold (every pair of Chinese characters in a row)."""
    return {text[i : i + 2] for i in range(len(text) - 1) if re.fullmatch(f"[{CJK}]{{2}}", text[i : i + 2])}


def _shared_prefixes(heads: list[str]) -> set[str]:
    """Names that begin two or more rows: the 一级 of a merged group printed again."""
    found = set()
    for i, a in enumerate(heads):
        for b in heads[i + 1 :]:
            prefix = os.path.commonprefix([a, b])
            while prefix and not NAME_END.search(prefix):
                prefix = prefix[:-1]
            if len(prefix) >= 2:
                found.add(prefix)
    return found


NEAR_ROWS = 32


def _split_names(texts: list[str]) -> list[tuple[str, str, str]]:
    """(name, 要素 list, doubt) of each row's "机关简介机关职能,机构设置,…": the name ends
    where the list begins. Evidence first: two rows whose lists go on alike after their first
    要素 ("法规政策法律法规文件名称;文号;…", "政策文件文件名称;文号;…") share that 要素 too,
    the end they have in common. Otherwise the name ends with a word names end with; where
    several such ends are possible, the longest whose first 要素 is no shorter than the list's
    others, and ``doubt`` says which name was chosen and what else it could be (a note for the row)."""
    chunks = [LIST_SEP.split(text, maxsplit=1)[0] for text in texts]
    tails = [text[len(chunk) :] for text, chunk in zip(texts, chunks)]
    alike: dict[str, list[int]] = {}  # the rows whose 要素 lists go on alike, by that list
    for k, tail in enumerate(tails):
        if LIST_SEP.search(tail):
            alike.setdefault(tail, []).append(k)
    place = {k: p for rows in alike.values() for p, k in enumerate(rows)}
    out = []
    for k, (text, chunk, tail) in enumerate(zip(texts, chunks, tails)):
        # Evidence from the nearest rows with the same list only: comparing every row with
        # every other made a table's reading quadratic (2,000 rows 3.8 -> 7.6 s).
        peers = alike.get(tail, [])
        near = peers[max(0, place.get(k, 0) - NEAR_ROWS) : place.get(k, 0) + NEAR_ROWS + 1]
        # (Each row keeps a name of two characters or more besides notes in brackets: a row
        # whose text is the end of another's is no evidence.)
        shared, other = max(
            (
                (common, other)
                for j in near
                if j != k
                for other in [chunks[j]]
                for common in [len(os.path.commonprefix([chunk[::-1], other[::-1]]))]
                if all(
                    len(BRACKETED.sub("", name[: _closed(name, len(name) - common)])) >= 2 for name in (chunk, other)
                )
            ),
            default=(0, ""),
        )
        if shared >= 2:
            # The common end may take in the word both names end with (政策文件 | 规划文件 before
            # 会议名称): such a word goes back to the names, unless a name would then say it
            # twice (政策文件文件 before 名称; 凌源市's rows 1 and 2).
            first = end = _closed(chunk, len(chunk) - shared)
            shorter = None
            while (word := NAME_START.match(chunk[end:])) and len(chunk) - end - len(word.group(1)) >= 2:
                w, longer = word.group(1), end + len(word.group(1))
                names = (chunk[:longer], other[: len(other) - len(chunk) + longer])
                if any(name.endswith(w * 2) for name in names):
                    break
                if not chunk[end:].startswith(w * 2):  # a 要素 never opens with a word twice
                    shorter = end
                end = longer
            doubt = ""
            if shorter is not None and shorter >= first:
                doubt = (
                    f"事项名称与公开内容之间没有分隔：已读作名称“{chunk[:end]}”（其后与其他行的要素列表相同），"
                    f"也可能是“{chunk[:shorter]}”，请核对"
                )
            out.append((chunk[:end], text[end:], doubt))
            continue
        ends = [end for end in range(2, len(chunk) - 1) if NAME_END.search(chunk[:end])]
        if not ends:
            out.append(
                (
                    text,
                    "",
                    f"未能从“{_short(text)}”中分出事项名称与公开内容（原文没有分隔），已整段读作事项名称，请核对",
                )
            )
            continue
        # The longest name, unless that leaves a first 要素 shorter than all the others
        # ("重大决策决策前预公开决策公开" + "制度;意见征集。": the name took part of it).
        others = [len(part.strip(" 。.")) for part in LIST_SEP.split(tail) if part.strip(" 。.")]
        fitting = [end for end in ends if not others or len(chunk) - end >= min(others)]
        end = (fitting or ends)[-1]
        doubt = ""
        if len(ends) > 1:
            alternatives = "、".join(f"“{chunk[:e]}”" for e in ends if e != end)
            doubt = f"事项名称与公开内容之间没有分隔：已按词尾读作名称“{chunk[:end]}”，也可能是{alternatives}，请核对"
        out.append((chunk[:end], text[end:], doubt))
    return out


def _closed(chunk: str, end: int) -> int:
    """``end`` moved past the brackets it falls in: a name is never cut inside （…）."""
    while end < len(chunk) and chunk[:end].count("（") + chunk[:end].count("(") > chunk[:end].count("）") + chunk[
        :end
    ].count(")"):
        end += 1
    return end


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _numbered_rows(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines joined into the rows they belong to when the rows are numbered: a line that does
    not open with the next 序号 goes on with the row above (a cell's list printed one entry
    a line: "1法规政策法律法规文件名称;" / "文号;" / "发布部门;" …)."""
    out: list[tuple[int, str]] = []
    expected = None
    for index, text in lines:
        match = re.match(r"^\s*(\d{1,5})(?![\d.．、])", text)
        number = int(match.group(1)) if match else None
        starts = number is not None and (expected is None or number == expected)
        if out and not starts and text.strip():
            out[-1] = (out[-1][0], out[-1][1].rstrip() + text.strip())
            continue
        out.append((index, text))
        if starts:
            expected = number + 1
    return out


# What a 公开时限 says, to find where it ends and the 公开主体 begins.
DEADLINE_END = re.compile(
    r"^.*?(?:\d+\s*个?(?:工作日|日|天)内(?:予以公开|公开|更新)?|(?:及时|实时|长期|永久|同步)(?:公开|更新)|按规定时限)"
)
BOX = re.compile(f"[{TICKED_BOXES}{EMPTY_BOXES}{TICKS}]")


def _basis_end(text: str) -> tuple[str, str]:
    """The 公开依据 (from its 《 to its last 》, with a document number in brackets after
    it) and the text after it."""
    end = text.rfind("》")
    if end < 0:
        return text, ""
    end += 1
    doc = re.match(r"\s*[(（][^()（）]{0,30}[)）]", text[end:])
    if doc:
        end += doc.end()
    return text[:end], text[end:]


def _split_tail(tail: str) -> tuple[str, str, str]:
    """公开时限, 公开主体 and 公开渠道 run together after the 公开依据: the channels open with
    the first box (■, □ …), the deadline ends with its deadline phrase."""
    box = BOX.search(tail)
    channels = tail[box.start() :].strip() if box else ""
    rest = tail[: box.start()] if box else tail
    match = DEADLINE_END.match(rest)
    if not match:
        return "", rest.strip(), channels
    return match.group(0).strip(), rest[match.end() :].strip(), channels
