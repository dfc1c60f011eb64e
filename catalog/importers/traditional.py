"""Catalogues printed in traditional characters are read as simplified ones.

A county site's 繁體 version, or a copy of its page on another host, prints the same table
with 序號 / 公開事項 / 縣級 / 工作日內 / 《中華人民共和國…》. Every vocabulary the importer reads
against (headers, levels, marks, channels, deadlines, laws, domains) is in simplified
characters, as the portal's pages and its search index are, so such a document is converted
whole with OpenCC's t2s (catalog.search.text.to_simplified, the converter the search uses
for queries) before any of it is read; the original file is still kept as it was uploaded.

A simplified page is left alone: the converter also changes a few simplified characters
that are traditional forms as well (乾 -> 干), and a simplified catalogue may quote a
traditional name or carry a misread glyph (阿爾山巒市, corrected by aliases.OCR_ALIASES). The
real simplified pages have at most 0.4 % of their Chinese characters changed by t2s, the
traditional ones about 35 %; a document is converted from 5 % up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from catalog.search.text import to_simplified

from .cleaners import is_cjk
from .records import Problem, Severity

SHARE = 0.05  # of the Chinese characters sampled, changed by t2s
AT_LEAST = 3  # changed characters, so that a word or two is not a page
SAMPLE = 20_000  # characters looked at: the header and the first rows say it

NOTE = "原文为繁体字，已转换为简体字读取（事项以简体字保存，原件照原样保留），请核对人名、地名等专名。"


def is_traditional(text: str) -> bool:
    """Whether a text is printed in traditional characters.

    >>> is_traditional("序號 公開事項 公開內容(要素) 公開依據 縣級 鄉級")
    True
    >>> is_traditional("序号 公开事项 公开内容(要素) 公开依据 县级 乡级")
    False
    >>> is_traditional("阿爾山巒市人民政府网站：社会救助领域基层政务公开标准目录，县级、乡级事项共计四十二项")
    False
    """
    converted = to_simplified(text)
    chinese = sum(map(is_cjk, text))
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b and is_cjk(a))
    return changed >= AT_LEAST and changed >= SHARE * chinese


def _sample(texts: Iterable[str]) -> str:
    out, size = [], 0
    for text in texts:
        out.append(text)
        size += len(text)
        if size >= SAMPLE:
            break
    return "\n".join(out)[:SAMPLE]


def _texts(document) -> Iterator[str]:
    yield document.title
    if document.text is not None:
        yield document.text[:SAMPLE]
    if document.lines is not None:
        yield from islice(document.lines, SAMPLE)
    yield from document.page_text
    for part in document.parts:
        yield part.heading
        for row in part.rows:
            yield from (cell for cell in row.cells if isinstance(cell, str))


def simplify(document) -> Problem | None:
    """Convert a readers.Document printed in traditional characters to simplified, in place.

    Returns the note for the report when it did, None when the document is simplified."""
    if not is_traditional(_sample(_texts(document))):
        return None
    document.convert_text(to_simplified)
    return Problem(0, NOTE, Severity.NOTE)
