"""The kinds of doubt behind a flagged item (待复核), in words a citizen can use.

The importer records its reasons for staff in full (Item.review_reasons: which cell moved
where, which OCR correction, which line); citizens see only the kind of doubt. Each reason
is classed by the first pattern it matches; the code is stable, the wording is public.
Plain data, no Django.
"""

import re

NOTICE = "本条文字由原件识别录入，个别之处可能有误，请以原件为准。"
# A catalogue imported from its own text (a web page, Word, a PDF text layer) was not read from a scan.
NOTICE_IMPORTED = "本条由原件导入时作了判断，个别之处可能有误，请以原件为准。"


def notice(scanned: bool) -> str:
    """What a flagged item's page says first: "识别录入" only for a catalogue read from a scan."""
    return NOTICE if scanned else NOTICE_IMPORTED


# code -> public wording
KINDS: dict[str, str] = {
    "columns": "原件表格中各栏的文字有错位，部分内容归入哪一栏可能有误",
    "ticks": "原件中的勾选标记（公开对象、公开方式或公开渠道）可能识别有误",
    "names": "事项名称或其层级（一级、二级）可能识别有误",
    "page_break": "本条在原件中跨页，拼接处可能有误",
    "corrected": "个别字词按常见的识别错误作了更正",
    "numbering": "原件中本条的序号缺失或重复",
    "incomplete": "原件中部分栏目为空或不完整",
    "other": "原件有不清楚之处，录入时已作判断",
}

# (code, pattern) in the order they are tried: the importer's wording of each kind.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("corrected", re.compile(r"别名表更正|识别错误更正")),
    ("page_break", re.compile(r"跨页|残字|残行|同一单元格的结尾|分印在多行")),
    ("columns", re.compile(r"单元格错位|多出单元格|缺少一列|无法对应表头|印在.{0,6}列")),
    ("ticks", re.compile(r"勾选")),
    ("numbering", re.compile(r"无序号|序号.{0,12}重复")),
    ("names", re.compile(r"事项名称|一级事项|二级事项|三级事项")),
    ("incomplete", re.compile(r"为空|留空|未能归入|未闭合|不成对|未印出")),
]


def doubt_code(reason: str) -> str:
    """The kind of one importer reason (a KINDS key)."""
    for code, pattern in PATTERNS:
        if pattern.search(reason or ""):
            return code
    return "other"


def doubt_codes(reasons) -> list[str]:
    """The kinds of an item's reasons, each once, in KINDS order."""
    found = {doubt_code(reason) for reason in reasons or ()}
    return [code for code in KINDS if code in found]


def public_doubts(reasons) -> list[str]:
    """What a citizen is told about an item's reasons: one plain sentence per kind."""
    return [KINDS[code] for code in doubt_codes(reasons)]
