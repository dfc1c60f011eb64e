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

from .layouts import TextRow
from .records import Column

AUDIENCE_END = re.compile(r"(全社会|社会公众|特定群[体众]|特定对象)\s*$")
NAME_END = re.compile(
    r"(信息|简介|预决算|预算|决算|清单|指南|制度|规划|目录|概况|动态|情况|公告|事项|职能|文件|政策|标准|名单|结果|报告|计划|"
    r"总结|机构|领导|要闻|通知|公示|解读|办法|服务|管理|设置)$"
)
LIST_SEP = re.compile(r"[,，、;；]")
NOTE = "原文单元格之间没有分隔符，已按内容（《、全社会、要素列表）推断各列的边界，请核对"


def glued_rows(lines: list[tuple[int, str]], columns: list[Column]) -> list[TextRow]:
    """(line index, text) of the table's lines -> rows of cells in column order."""
    keys = [column.key for column in columns]
    heads = [text for _, text in lines if text.strip() and not text.lstrip().startswith("《")]
    tops = _shared_prefixes(heads) if "level1" in keys and "level2" in keys else set()
    rows: list[TextRow] = []
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
            cells[keys.index("legal_basis")], rest = rest[at:], rest[:at]
        if "level1" in keys:
            top = next(
                (t for t in sorted(tops, key=len, reverse=True) if rest.startswith(t) and len(rest) > len(t)), ""
            )
            if top:
                cells[keys.index("level1")], rest = top, rest[len(top) :]
        name, content = _split_name(rest)
        name_key = "level2" if "level2" in keys else "level1"
        if name_key in keys:
            cells[keys.index(name_key)] = name
        if "content" in keys:
            cells[keys.index("content")] = content
        elif content:
            cells[keys.index(name_key)] = name + content
        rows.append(TextRow(line=index + 1, text=text, cells=cells, notes=[NOTE]))
    return rows


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


def _split_name(text: str) -> tuple[str, str]:
    """A name and the 要素 list after it, from "机关简介机关职能,机构设置,…"."""
    chunk = LIST_SEP.split(text, maxsplit=1)[0]
    for end in range(len(chunk) - 2, 1, -1):
        if NAME_END.search(chunk[:end]):
            return chunk[:end], text[end:]
    return text, ""
