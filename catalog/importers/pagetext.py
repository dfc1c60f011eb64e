"""The page around a table: title, document metadata, chrome, tables of contents (pure).

Text before a table (and between tables) never becomes an item. From it the importer
keeps what describes the catalogue: its title, and the document metadata a government
page prints above it (索引号, 发布机构, 成文日期, 文号 …) in any of the forms seen:
``key: value`` (several on a line), ``- key:value`` lists, and a grid of key | value
cells. View counts, breadcrumbs, 字体 大/中/小, 打印 and attachment names are skipped.

>>> page = read_page([(3, "索 引 号:370400/2022-00091"), (4, "- 发布机构:应急管理局"), (5, "成文日期: 2023-07-13 有效性: 有效"), (6, "来源: 发布时间:2022-07-10 浏览次数: 【字体:")])
>>> page.metadata
[('索引号', '370400/2022-00091'), ('发布机构', '应急管理局'), ('成文日期', '2023-07-13'), ('有效性', '有效'), ('发布时间', '2022-07-10')]
>>> page.issuer, page.date
('应急管理局', datetime.date(2023, 7, 13))
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .cleaners import CJK, NONE_MARK
from .layouts import CHROME_RE, HEADING_RE

# Printed key (spaces removed) -> the label kept; None: printed but not worth keeping.
KEYS: dict[str, str | None] = {
    "索引号": "索引号",
    "信息索取号": "索引号",
    "主题分类": "主题分类",
    "组配分类": "组配分类",
    "所属主题": "所属主题",
    "发布机构": "发布机构",
    "发文机关": "发布机构",
    "发文机构": "发布机构",
    "填报单位": "发布机构",
    "来源": "来源",
    "文章来源": "来源",
    "信息来源": "来源",
    "稿件来源": "来源",
    "来自": "来源",
    "作者": "作者",
    "成文日期": "成文日期",
    "成文时间": "成文日期",
    "发布日期": "发布日期",
    "发布时间": "发布时间",
    "发文时间": "发布日期",
    "发文日期": "发布日期",
    "生成日期": "成文日期",
    "填报时间": "成文日期",
    "日期": "发布日期",
    "时间": "发布时间",
    "文号": "文号",
    "发文字号": "文号",
    "标题": "标题",
    "名称": "标题",
    "分类": "主题分类",
    "主题词": "主题词",
    "有效性": "有效性",
    "效力状态": "有效性",
    "废止日期": "废止日期",
    "有效期": "有效期",
    "公开方式": "公开方式",
    "公开时限": "公开时限",
    "公开范围": "公开范围",
    "Source": "来源网址",
    "浏览次数": None,
    "浏览": None,
    "点击率": None,
    "点击": None,
    "点击数": None,
    "点击量": None,
    "阅读": None,
    "阅读量": None,
    "阅读次数": None,
    "浏览量": None,
    "访问量": None,
    "访问次数": None,
}
_KEYS_ALT = "|".join(r"\s*".join(map(re.escape, key)) for key in sorted(KEYS, key=len, reverse=True))
# A key is the whole word before its colon: a label the table does not know that ends with
# a key (更新时间, 编辑来源) is a label of its own, not that key after text of the value before.
_KEY_RE = re.compile(f"(?:(?:(?<=\\s)|^)([{CJK}]{{1,4}}?))?(" + _KEYS_ALT + r")\s*[:：]")
# What a value picks up from chrome printed after it: a key the page left without its colon
# (发布日期:2020-12-15 10:22:00    来源), or a label of its own left empty (作者: 编辑:).
_TRAILING_KEY_RE = re.compile(r"\s+(?:" + _KEYS_ALT + r")\s*$")
_EMPTY_LABEL_RE = re.compile(rf"^[{CJK}]{{1,6}}\s*[:：]")
DATE_KEYS = ("成文日期", "发布日期", "发布时间")
DATE_RE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
MONTH_RE = re.compile(r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月|[-./]\s*(\d{1,2})(?![\d.\-/]))")
TOC_RE = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d{1,2}\s*[.、．])\s*\S.*?\D(\d{1,3})\s*$")
ATTACHMENT_RE = re.compile(r"\.(docx?|xlsx?|pdf|wps|et|zip|rar)\s*$", re.I)


@dataclass
class Page:
    title: str = ""
    metadata: list[tuple[str, str]] = field(default_factory=list)
    toc: list[int] = field(default_factory=list)  # lines of a table of contents
    skipped: list[int] = field(default_factory=list)  # lines of chrome, kept out

    def value(self, *labels: str) -> str:
        for label in labels:
            for key, value in self.metadata:
                if key == label and value:
                    return value
        return ""

    @property
    def issuer(self) -> str:
        value = self.value("发布机构")
        return "" if NONE_MARK.match(value) else value

    @property
    def date(self) -> datetime.date | None:
        return self.dated[0]

    @property
    def date_precision(self) -> str:
        """ "day", or "month" for a date printed without its day (成文日期：2022年10月)."""
        return self.dated[1]

    @property
    def dated(self) -> tuple[datetime.date | None, str]:
        for label in DATE_KEYS:
            parsed = parse_date_precision(self.value(label))
            if parsed[0]:
                return parsed
        return None, DAY


DAY, MONTH = "day", "month"  # catalog.models.DatePrecision values


def parse_date(text: str) -> datetime.date | None:
    match = DATE_RE.search(text or "")
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_date_precision(text: str) -> tuple[datetime.date | None, str]:
    """A printed date and how precise it is; a month alone is stored as its first day.

    >>> parse_date_precision("2023-07-13 有效性: 有效")
    (datetime.date(2023, 7, 13), 'day')
    >>> parse_date_precision("2022年10月")
    (datetime.date(2022, 10, 1), 'month')
    >>> parse_date_precision("2022 年 10 月印发")
    (datetime.date(2022, 10, 1), 'month')
    >>> parse_date_precision("2022-10")
    (datetime.date(2022, 10, 1), 'month')
    >>> parse_date_precision("第2022年13月")
    (None, 'day')
    """
    full = parse_date(text)
    if full or DATE_RE.search(text or ""):
        return full, DAY
    match = MONTH_RE.search(text or "")
    month = int(match.group(2) or match.group(3)) if match else 0
    if 1 <= month <= 12:
        return datetime.date(int(match.group(1)), month, 1), MONTH
    return None, DAY


def read_page(lines: list[tuple[int, str]]) -> Page:
    """Title, metadata and skipped lines from the text outside the tables."""
    page = Page()
    titles: list[str] = []
    waiting = ""  # a key printed alone ("索引号：", a cell of its own), whose value is the next line
    for number, text in lines:
        stripped = text.strip().lstrip("-").strip()
        if not stripped:
            continue
        pairs = _pairs(stripped)
        if not pairs and waiting and _value_like(stripped):
            pairs = [(waiting, stripped)]
        waiting = ""
        if pairs:
            for key, value in pairs:
                label = KEYS.get(re.sub(r"\s+", "", key))
                if label and value and not any(k == label and v == value for k, v in page.metadata):
                    page.metadata.append((label, value))
            if not pairs[-1][1]:
                waiting = pairs[-1][0]
            page.skipped.append(number)
            continue
        if TOC_RE.match(stripped) and "|" not in stripped:
            page.toc.append(number)
            continue
        if CHROME_RE.match(stripped) or ATTACHMENT_RE.search(stripped):
            page.skipped.append(number)
            continue
        cells = [cell.strip() for cell in stripped.split("|") if cell.strip()]
        title = cells[0].lstrip("#").strip() if len(cells) == 1 else ""
        if title and re.search(r"目录|清单|领域|标准", title) and len(title) <= 80:
            titles.append(title)
        page.skipped.append(number)
    # The title names the catalogue: prefer one naming a domain (…领域…目录), then the last.
    with_domain = [t for t in titles if "领域" in t and re.search(r"目录|标准", t)]
    page.title = page.value("标题") or (with_domain or titles or [""])[-1]
    page.title = re.sub(r"^Page\s*\d+\s*-\s*", "", page.title)
    return page


def is_metadata(text: str) -> bool:
    """Whether a line outside the tables is document metadata (索引号:… | 分类:…), not a title."""
    return bool(_pairs(text.strip().lstrip("-").strip()))


def _value_like(text: str) -> bool:
    """A line that can be the value of a key printed alone above it: short, not a title or chrome."""
    return len(text) <= 60 and not re.search(r"目录|清单|领域", text) and not CHROME_RE.match(text)


def _pairs(text: str) -> list[tuple[str, str]]:
    """key/value pairs of a metadata line, in either printed form."""
    if "|" in text:
        cells = [cell.strip() for cell in text.split("|")]
        colon: list[tuple[str, str]] = []
        for cell in (cell for cell in cells if cell):
            found = _pairs(cell)
            if not found and colon and not colon[-1][1]:
                found = [(colon.pop()[0], cell)]  # 索引号： | 370400/2022-00091 (a grid of cells)
            colon += found
        if colon:
            return colon  # 填报单位:… | 填报时间:… |
        if cells and re.sub(r"\s+", "", cells[0]) in KEYS:
            out = []
            for i in range(0, len(cells), 2):
                key = re.sub(r"\s+", "", cells[i])
                if key in KEYS:
                    out.append((key, cells[i + 1] if i + 1 < len(cells) else ""))
            return out
        return []
    if text.startswith("Source:"):
        return [("Source", text[len("Source:") :].strip())]
    matches = list(_KEY_RE.finditer(text))
    if not matches or matches[0].start() > 0 and text[: matches[0].start()].strip():
        return []
    out = []
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(text)
        value = text[match.end() : end].strip()
        value = re.split(r"\s*【", value)[0].strip()
        value = "" if _EMPTY_LABEL_RE.match(value) else _TRAILING_KEY_RE.sub("", value)
        out.append(((match.group(1) or "") + match.group(2), value))
    return out


def heading_domain(text: str) -> str:
    """The domain a heading or title names: "(二)社会救助领域…" -> "社会救助"."""
    from .aliases import DOMAIN_ALIASES

    match = HEADING_RE.match(text)
    body = match.group(1) if match else text
    before = body.split("领域")[0] if "领域" in body else ""
    if not before:
        return ""
    for name in sorted(DOMAIN_ALIASES, key=len, reverse=True):
        if before.endswith(name):
            return name
    return before
