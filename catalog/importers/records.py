"""Plain data passed between the import stages (no Django here).

The contract between a *reader* and `normalise`
------------------------------------------------
A reader turns one source file into a :class:`RawCatalogue`:

* ``sections``: one :class:`RawSection` per printed table (a domain section such as
  "(四) 社会保险领域基层政务公开标准目录", or the whole catalogue when the source has no
  sections).  ``domain_name`` is the domain as printed in the heading ("社会保险"), or
  ``""`` when the heading names none (the catalogue registry then supplies it).
* ``RawSection.columns``: the table's own columns, left to right, as recognised from
  its two header rows: each a :class:`Column` with a canonical ``key`` (see
  ``COLUMN_KEYS``), the header text as printed (``label``) and, for 公开层级 columns,
  the normalised level codes the column stands for (``("township", "village")`` for
  "乡、村级").  Tick columns are always read against these, never against a fixed layout.
* ``RawSection.rows``: every data line in order, as a :class:`RawRow`: ``cells`` maps a
  column index of ``columns`` to the text of that cell exactly as printed (HTML, marks
  and OCR spaces included: cleaning is normalise's job); ``absent`` lists the column
  indexes the line did not have at all (cells lost by OCR, as opposed to printed
  blank); ``line`` is the 1-based source line (an XLSX reader gives the sheet row);
  ``text`` the verbatim line; ``page_break_before`` is true when a page boundary
  separates the row from the one above; ``notes`` holds what the reader had to do
  (e.g. re-aligning shifted cells), in Chinese, and each note makes the row flagged.
* ``problems``: lines the reader could not place, as :class:`Problem` (line, message).

An XLSX/CSV reader for uploads in the official two-header-row layout builds the same
structure: hand the sheet's rows of cells to ``parse.parse_rows`` (or build it yourself:
``columns`` from the two header rows via ``parse.columns_from_header``, ``absent`` empty,
``page_break_before`` false), then call ``normalise`` and ``load.import_record``
(through ``pipeline``-style code: a ``CatalogueRecord`` with its ``CatalogueMeta``).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# Canonical column keys a table may have, in the official order.
COLUMN_KEYS = (
    "number",  # 序号
    "level1",  # 一级事项
    "level2",  # 二级事项
    "level3",  # 三级事项
    "content",  # 公开内容（要素）
    "legal_basis",  # 公开依据
    "deadline",  # 公开时限
    "publisher",  # 公开主体
    "channels",  # 公开渠道和载体
    "audience_public",  # 公开对象：全社会
    "audience_specific",  # 公开对象：特定群众 / 特定群体
    "mode_proactive",  # 公开方式：主动
    "mode_on_request",  # 公开方式：依申请公开
    "level",  # 公开层级（each printed column separately, with its level codes)
    "office",  # 责任科室
)
TICK_KEYS = ("audience_public", "audience_specific", "mode_proactive", "mode_on_request", "level")
NAME_KEYS = ("level1", "level2", "level3")
DATA_KEYS = ("content", "legal_basis", "deadline", "publisher", "channels", "office")


class ImportFailed(Exception):
    """The whole file cannot be imported; the message is Chinese and names the line."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    levels: tuple[str, ...] = ()


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class RawRow:
    line: int
    text: str
    cells: dict[int, str]
    absent: tuple[int, ...] = ()
    page_break_before: bool = False
    notes: list[str] = field(default_factory=list)
    where: str = ""  # where the row is in the original, as items cite it ("第 3 页"); readers/__init__.py


@dataclass
class RawSection:
    heading: str
    line: int
    domain_name: str
    columns: list[Column]
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def index(self, key: str) -> int | None:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        return None


@dataclass
class RawCatalogue:
    title: str
    sections: list[RawSection]
    problems: list[Problem] = field(default_factory=list)
    reader: str = ""  # the format read (文本, 网页（HTML）, Word（.docx）, PDF, XLSX, CSV)
    page_text: list[str] = field(default_factory=list)  # text outside the tables (metadata, chrome)


# ---- normalised records ------------------------------------------------------------


@dataclass
class LawRef:
    title: str  # canonical title, without 《》
    printed: str  # as printed (cleaned), with 《》
    document_number: str = ""


@dataclass
class ChannelRef:
    slug: str  # catalog.models.standards STANDARD_CHANNELS slug
    detail: str  # as printed (cleaned)


@dataclass
class ItemRecord:
    number: str
    level1: str
    level2: str
    level3: str = ""
    content: str = ""
    elements: list[str] = field(default_factory=list)
    legal_basis_text: str = ""
    laws: list[LawRef] = field(default_factory=list)
    deadline_text: str = ""
    deadline_kind: str = "unknown"
    deadline_days: int | None = None
    deadline_trigger: str = ""
    publicity_days: int | None = None
    publisher_text: str = ""
    publishers: list[str] = field(default_factory=list)
    channel_text: str = ""
    channels: list[ChannelRef] = field(default_factory=list)
    audience_public: bool = False
    audience_specific: bool = False
    audience_group: str = ""
    mode_proactive: bool = False
    mode_on_request: bool = False
    levels: list[str] = field(default_factory=list)
    level_label: str = ""
    responsible_office: str = ""
    review_reasons: list[str] = field(default_factory=list)
    source_line: int = 0
    source_where: str = ""  # where in the original ("第 3 页", "表格 1 第 5 行"); "" = line source_line
    source_text: str = ""

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def flag(self, reason: str) -> None:
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)


@dataclass
class SectionRecord:
    heading: str
    line: int
    domain_name: str
    columns: list[Column]
    items: list[ItemRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def flagged(self) -> list[ItemRecord]:
        return [item for item in self.items if item.needs_review]


@dataclass
class CatalogueMeta:
    """What the registry (or the command line) says about a catalogue."""

    slug: str
    title: str
    region: list[tuple[str, str, str]]  # (code, name, Region.Level value), top down
    issuer: str = ""
    issued_date: datetime.date | None = None
    provenance: str = ""
    domain: tuple[str, str] | None = None  # (name, slug) for sources without sections
    position: int = 0
    ocr_aliases: str = ""  # key into aliases.SCOPED_ALIASES


@dataclass
class CatalogueRecord:
    meta: CatalogueMeta
    source_file: str
    source_sha256: str
    sections: list[SectionRecord]
    problems: list[Problem] = field(default_factory=list)
    reader: str = ""  # RawCatalogue.reader

    @property
    def items(self) -> list[ItemRecord]:
        return [item for section in self.sections for item in section.items]
