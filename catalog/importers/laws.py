"""公开依据 text -> ordered canonical laws (pure).

>>> [(law.title, law.document_number) for law in split_laws("《信息公开条例》及相关规定")[0]]
[('中华人民共和国政府信息公开条例', '国务院令第711号')]
>>> laws, notes = split_laws("《中华人民共和国政府信息公开条例》（国务院令 第711号）《中华人民共和国就业促进法》（2015年修正）")
>>> [(l.title, l.document_number, l.printed) for l in laws]
[('中华人民共和国政府信息公开条例', '国务院令第711号', '《中华人民共和国政府信息公开条例》（国务院令 第711号）'), ('中华人民共和国就业促进法', '', '《中华人民共和国就业促进法》（2015年修正）')]
>>> laws, notes = split_laws("《中华人民共和国政府信息公开条例》国务院令第711号,第二十条第二款:机关职能、机构设置")
>>> [(l.title, l.document_number) for l in laws], notes
([('中华人民共和国政府信息公开条例', '国务院令第711号')], [])
>>> split_laws("中办、国办印发《关于进一步推进预算公开工作的意见》的通知")[1]
['公开依据：书名号外的文字“中办、国办印发”未能归入某一依据，请核对']
"""

from __future__ import annotations

import re

from .aliases import canonical_law
from .cleaners import CJK
from .records import LawRef

PAREN_RE = re.compile(r"^\s*[（(]([^（()）]{1,40})[)）]")
DOC_NUMBER_RE = re.compile(r"令|〔\d{4}〕|\[\d{4}\]|号$")
# A document number printed after the title without brackets.
BARE_NUMBER_RE = re.compile(
    rf"^\s*((?:国务院令|主席令)\s*第\s*\d+\s*号|[{CJK}]{{2,10}}[〔\[［]\d{{4}}[〕\]］]\s*\d+\s*号)"
)
# What a title is cited for, up to the next 《: its article ("第二十条第二款：…") or a quote after a colon.
CITED_RE = re.compile(r"^[\s,，]*(?:第[一二三四五六七八九十百零\d]+条[^《]*|[:：][^《]*)")
IGNORABLE_RE = re.compile(
    r"^[\s、，,；;。和及与等]*(及相关规定|及其实施细则|等|相关规定|的通知|各地(相关|配套)?政策法规文件)?[\s、，,；;。等]*"
    r"(\d{1,2}\s*[.、．])?\s*$"  # the number of a list item before the next 《title》
)


def split_laws(text: str) -> tuple[list[LawRef], list[str]]:
    """Each 《title》 (with its document number) as a LawRef; notes on what was left over."""
    laws: list[LawRef] = []
    notes: list[str] = []
    leftovers: list[str] = []
    seen: set[str] = set()
    i, depth, start, last_end = 0, 0, None, 0
    while i < len(text):
        ch = text[i]
        if ch == "《":
            if depth == 0:
                start = i
                leftovers.append(text[last_end:i])
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0 and start is not None:
                title = text[start + 1 : i].strip()
                end = i + 1
                number = ""
                match = PAREN_RE.match(text[end:])
                if match:
                    inner = match.group(1)
                    end += match.end()
                    if DOC_NUMBER_RE.search(inner):
                        number = re.sub(r"\s+", "", inner)
                        number = re.sub(r"^中华人民共和国", "", number)
                else:
                    match = BARE_NUMBER_RE.match(text[end:])  # 》国务院令第711号, 》国办发〔2017〕47号
                    if match:
                        number = re.sub(r"\s+", "", match.group(1))
                        end += match.end()
                cited = CITED_RE.match(text[end:])
                if cited:  # ,第二十条第二款:机关职能、… (the article it rests on, quoted): that law's
                    end += cited.end()
                canonical, default_number = canonical_law(title)
                if canonical not in seen:
                    seen.add(canonical)
                    laws.append(
                        LawRef(
                            title=canonical, printed=text[start:end].strip(), document_number=number or default_number
                        )
                    )
                last_end, i, start = end, end, None
                continue
        i += 1
    if depth and start is not None:
        title = text[start + 1 :].strip()
        notes.append(f"公开依据：书名号未闭合“{_short(text[start:])}”，已按原文收录，请核对")
        canonical, number = canonical_law(title)
        if title and canonical not in seen:
            laws.append(LawRef(title=canonical, printed=text[start:].strip(), document_number=number))
    else:
        leftovers.append(text[last_end:])
    rest = [piece.strip() for piece in leftovers if not IGNORABLE_RE.match(piece)]
    if rest:
        notes.append(f"公开依据：书名号外的文字“{'…'.join(_short(p) for p in rest)}”未能归入某一依据，请核对")
    return laws, notes


def _short(text: str, limit: int = 20) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"
