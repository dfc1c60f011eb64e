"""Plain data passed between the import stages (no Django here).

The contract between a *reader* and `normalise`
------------------------------------------------
A reader turns one source file into a :class:`RawCatalogue`:

* ``reader``: which reader made it ("text", "xlsx", "csv", "html", "docx", "pdf"), and
  ``layout``: how the cells were laid out (``layouts.LAYOUTS`` keys, "+"-joined when a
  file mixes them; "grid" for files of cells). The dry-run report shows both.
* ``metadata``: the document metadata printed around the table, as (label, value)
  pairs in printed order (索引号, 发布机构, 成文日期, 文号 …: ``pagetext.KEYS``);
  ``page_title``, ``issuer`` and ``issued_date``: the catalogue's title, issuer and
  date as the page gives them, used when the command line or upload form does not.
* ``sections``: one :class:`RawSection` per printed table (a domain section such as
  "(四) 社会保险领域基层政务公开标准目录", or the whole catalogue when the source has no
  sections).  ``domain_name`` is the domain as printed in the heading ("社会保险"), or
  ``""`` when the heading names none (the catalogue registry then supplies it).
* ``RawSection.columns``: the table's columns, left to right, as a :class:`Column`
  each: the field it maps to (``key``: ``COLUMN_KEYS``, ``TEXT_KEYS`` or "other"), the
  header text as printed (``label``, under ``group``), the normalised level codes of a
  公开层级 column (``("township", "village")`` for "乡、村级") and how sure the mapping
  is (``certainty``). Tick columns are always read against these, never against a
  fixed layout. ``RawSection.mapping`` is the ``headers.ColumnMapping`` they came from
  (grid positions included); ``RawSection.layout`` the layout of that table.
* ``RawSection.rows``: every data line in order, as a :class:`RawRow`: ``cells`` maps a
  column index of ``columns`` to the text of that cell exactly as printed (HTML, marks
  and OCR spaces included: cleaning is normalise's job); ``absent`` lists the column
  indexes the line did not have at all (cells lost by OCR, as opposed to printed
  blank); ``line`` is the 1-based source line (an XLSX reader gives the sheet row);
  ``text`` the verbatim line(s); ``page_break_before`` is true when a page boundary
  separates the row from the one above; ``notes`` holds what the reader had to do
  (e.g. re-aligning shifted cells), in Chinese, and each note makes the row flagged;
  ``extra`` printed text under no header (kept on the item as 其他信息).
* ``RawSection.rows`` and ``SectionRecord.items`` are ``catalog.files.spool.Spool`` objects when
  the parser and normalise make them (lists are accepted): a long table is kept as
  pickles, not as objects, and what is read from them is a copy; a stage that changes
  rows or items writes them back with ``Spool.rewrite``.
* ``problems``: what the reader could not place or wants to say, as :class:`Problem`
  (line, message, severity: ``Severity.ERROR`` stops the import, ``WARNING`` is shown
  before confirming, ``NOTE`` explains). Never classify problems by their wording.

Grid readers (XLSX, CSV, HTML, DOCX, PDF tables)
------------------------------------------------
A reader that has the table as rows of cells (merged cells resolved: the text in the
top-left cell, or repeated over the span; both work) does not parse headers itself:

1. ``headers.map_columns(header_rows)`` maps the one or two header rows to fields and
   says how sure each match is; ``ColumnMapping.describe()`` lists it for a preview;
   ``headers.apply_overrides(mapping, {"具体职责": "ignore", "#3": "level1"})`` applies
   what staff chose (``headers.parse_overrides`` reads ``--columns`` text; field names
   in ``headers.FIELDS``). ``parse.parse_rows`` does steps 1–2 itself.
2. ``parse.parse_rows(rows, title=…, reader="xlsx", overrides=…)`` turns the whole grid
   (title, headings, header rows, data rows) into a RawCatalogue, exactly as for text.
3. ``pipeline.record_from_raw`` normalises it; ``load.import_record`` writes it.
``parse.parse_rows`` raises ``NoTableFound`` (an ImportFailed) when a grid has no
header at all, so a multi-sheet reader can skip such sheets without matching text.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
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
# Columns printed as one column of words rather than ticks: 公开对象 (全社会), 公开方式 /
# 公开属性 (主动公开). Anything else ("other") is kept per item as 其他信息.
TEXT_KEYS = ("audience", "mode")
TICK_KEYS = ("audience_public", "audience_specific", "mode_proactive", "mode_on_request", "level")
NAME_KEYS = ("level1", "level2", "level3")
DATA_KEYS = ("content", "legal_basis", "deadline", "publisher", "channels", "office")


class ImportFailed(Exception):
    """The whole file cannot be imported; the message is Chinese and names the line."""


class MissingNames(ImportFailed):
    """A table whose header has no name column (一级事项 …): ``mapping`` is the header as read
    (a ``headers.ColumnMapping``), so the upload preview can offer to map its columns."""

    def __init__(self, message: str, mapping=None):
        super().__init__(message)
        self.mapping = mapping


class NoTableFound(ImportFailed):
    """The file (or sheet) holds no table header at all: it is not a catalogue."""


@dataclass(frozen=True)
class Column:
    """One column of a table as the importer reads it.

    ``key`` is a field (``COLUMN_KEYS``, ``TEXT_KEYS`` or ``OTHER``); ``label`` the header
    text it is known by (the sub-header under a group: "全社会"); ``group`` the group
    header above it, if any ("公开对象"); ``certainty`` how sure the mapping is
    (``headers.EXACT`` … ``headers.UNKNOWN``, or ``headers.GIVEN`` for a staff override).
    """

    key: str
    label: str
    levels: tuple[str, ...] = ()
    group: str = ""
    certainty: str = "exact"

    @property
    def printed(self) -> str:
        """The header as printed, group and sub-header together ("公开对象／全社会")."""
        return f"{self.group}／{self.label}" if self.group and self.group != self.label else self.label


class Severity:
    """How much a problem matters. An ERROR means nothing is written (the upload
    refuses to confirm, the command stops); a WARNING is shown before confirming and
    kept in the report; a NOTE only explains what the importer did."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    LABELS = {ERROR: "错误", WARNING: "警告", NOTE: "说明"}


@dataclass
class Problem:
    line: int
    message: str
    severity: str = Severity.WARNING

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass
class RawRow:
    line: int
    text: str
    cells: dict[int, str]
    absent: tuple[int, ...] = ()
    page_break_before: bool = False
    notes: list[str] = field(default_factory=list)
    where: str = ""  # where the row is in the original, as items cite it ("第 3 页"); readers/__init__.py
    extra: list[str] = field(default_factory=list)  # printed text under no header
    open_end: bool = False  # the text ends inside the row (its last cell is not closed)
    after_header: bool = False  # the first row under a header (printed again or not)
    # Columns printed blank in a file that marks its merged cells (HTML, Word, XLSX): a blank
    # there is an empty cell, not a merged one, and does not take the value of the row above.
    blank: tuple[int, ...] = ()


@dataclass
class RawSection:
    heading: str
    line: int
    domain_name: str
    columns: list[Column]
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    layout: str = ""  # layouts.LAYOUTS key the table was read in
    mapping: object | None = None  # headers.ColumnMapping the columns came from
    pasted: bool = False  # a tab table copied from a web page (importers/pasted.py)

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
    reader: str = "文本"  # the format read (文本, 网页（HTML）, Word（.docx）, PDF, XLSX, CSV)
    page_text: list[str] = field(default_factory=list)  # text outside the tables (metadata, chrome)
    layout: str = ""  # the layouts found, "+"-joined (layouts.LAYOUTS keys; "grid" for tables of cells)
    metadata: list[tuple[str, str]] = field(default_factory=list)  # 索引号, 发布机构 … as printed
    page_title: str = ""  # the catalogue's title as the page prints it
    issuer: str = ""  # 发布机构 found in the page
    issued_date: datetime.date | None = None  # 成文日期 / 发布日期 found in the page
    profiles: list[str] = field(default_factory=list)  # layout profiles applied (headers.Corrections)
    issued_date_precision: str = "day"  # "month" when the page prints only the month (2022年10月)


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
    # None: the table has no such column (未注明); False: printed and not ticked.
    audience_public: bool | None = None
    audience_specific: bool | None = None
    audience_group: str = ""
    mode_proactive: bool | None = None
    mode_on_request: bool | None = None
    levels: list[str] = field(default_factory=list)
    levels_stated: bool = False  # the table has a 公开层级 column
    level_label: str = ""
    responsible_office: str = ""
    other_info: list[tuple[str, str]] = field(default_factory=list)  # 其他信息: (header as printed, value)
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
    # Kept as pickles (catalog.files.spool.Spool, from normalise) so that a long catalogue is not all in memory;
    # read back by iterating (copies: a change is kept only through Spool.rewrite).
    items: Sequence[ItemRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    layout: str = ""
    mapping: object | None = None  # RawSection.mapping (every column, ignored ones too)

    @property
    def flagged(self) -> list[ItemRecord]:
        """The items to review (read from the spool: for tests and small tables)."""
        return [item for item in self.items if item.needs_review]


@dataclass
class CatalogueMeta:
    """What the registry (or the command line) says about a catalogue."""

    slug: str
    title: str
    region: list[tuple[str, str, str]]  # (code, name, Region.Level value), top down
    issuer: str = ""
    issued_date: datetime.date | None = None
    issued_date_precision: str = "day"  # "month": only the month is known, stored as its first day
    provenance: str = ""
    scanned: bool = False  # the text was read from a scan (OCR): item pages say 扫描件识别录入
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
    layout: str = ""
    metadata: list[tuple[str, str]] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # RawCatalogue.profiles
    # The original file, stored by load as 原件 (read in pieces): its path, or its bytes when the
    # caller had them in memory anyway (tests, small texts); b"": nothing to store.
    original: bytes | str | os.PathLike = field(default=b"", repr=False)

    @property
    def items(self) -> list[ItemRecord]:
        """Every item, read into one list (tests and small files; the stages read section by section)."""
        return [item for section in self.sections for item in section.items]

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    @property
    def mappings(self) -> list:
        """The column mapping of each table (``headers.ColumnMapping``), as a layout profile saves them."""
        return [section.mapping for section in self.sections if section.mapping]
