"""The auditors' lateness check: read a file of disclosure records, match each row to an item,
compute its due date and say whether it was published on time.

Stages, with plain data between them (nothing is written to the database here):
read_table (bytes -> header + cells) -> map_headers (canonical columns, unknown reported)
-> parse_rows (dates, ids; row-level errors) -> match_rows (items, bulk) -> judge (due dates)
-> summarise (counts per catalogue, domain and publisher).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from catalog.files import UnreadableFile
from catalog.files.sheets import read_sheets
from catalog.files.source import Source, sha256
from catalog.models import Catalogue, Item

from .calendar import WorkingDayCalendar
from .due import due_date
from .store import load_calendar

MAX_ROWS = 5000

ON_TIME, LATE, NO_DEADLINE, UNMATCHED, INVALID = "on_time", "late", "no_deadline", "unmatched", "invalid"
STATUS_LABELS = {
    ON_TIME: "按时公开",
    LATE: "逾期公开",
    NO_DEADLINE: "无固定时限",
    UNMATCHED: "未匹配到事项",
    INVALID: "数据有误",
}
STATUSES = tuple(STATUS_LABELS)

# Canonical column -> accepted headers (compared after normalise_header).
COLUMNS = {
    "item_id": ("事项编号", "事项id", "编号", "itemid", "item_id", "id"),
    "catalogue": ("目录", "目录名称", "所属目录", "catalogue"),
    "level1": ("一级事项", "level1"),
    "level2": ("二级事项", "level2"),
    "level3": ("三级事项", "level3"),
    "formed": (
        "信息形成(变更)日期",
        "信息形成或变更日期",
        "形成或变更日期",
        "信息形成日期",
        "形成日期",
        "变更日期",
        "形成(变更)日期",
        "事件日期",
        "dateformed",
        "formed",
    ),
    "published": ("发布日期", "公开日期", "发布时间", "公开时间", "datepublished", "published"),
    "url": ("网址", "发布网址", "公开网址", "链接", "url", "网页地址"),
}
COLUMN_LABELS = {
    "item_id": "事项编号",
    "catalogue": "目录",
    "level1": "一级事项",
    "level2": "二级事项",
    "level3": "三级事项",
    "formed": "信息形成（变更）日期",
    "published": "发布日期",
    "url": "发布网址",
}


class FileProblem(Exception):
    """The file as a whole cannot be checked (encoding, format, columns). The message is for the auditor."""


@dataclass
class RowResult:
    line: int
    status: str
    message: str = ""
    item_id: int | None = None
    item_name: str = ""
    catalogue: str = ""
    domain: str = ""
    publishers: list[str] = field(default_factory=list)
    deadline_text: str = ""
    formed: str = ""
    published: str = ""
    url: str = ""
    due: str = ""
    late_working_days: int | None = None
    is_estimate: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def link(self) -> str:
        """The URL if it is safe to link to (http/https only; never javascript: and the like)."""
        return self.url if re.match(r"^https?://", self.url, re.IGNORECASE) else ""

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class Report:
    file_name: str
    file_sha256: str
    checked_at: str
    rows: list[RowResult]
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "file_name": self.file_name,
            "file_sha256": self.file_sha256,
            "checked_at": self.checked_at,
            "warnings": self.warnings,
            "rows": [row.as_dict() for row in self.rows],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        return cls(
            data["file_name"],
            data["file_sha256"],
            data["checked_at"],
            [RowResult(**row) for row in data["rows"]],
            list(data.get("warnings", [])),
        )

    def counts(self) -> dict:
        return summarise(self.rows)


# --- reading ---------------------------------------------------------------------------


def read_table(source: Source, file_name: str) -> tuple[list[int], list[list]]:
    """The non-empty rows of the first sheet (XLSX) or of the CSV, with their 1-based line
    (sheet row) numbers. Merged cells hold their value in every position they cover."""
    try:
        (sheet,) = read_sheets(source, name=file_name, first_only=True, max_rows=MAX_ROWS + 1)
    except UnreadableFile as error:
        raise FileProblem(str(error)) from None
    kept = [(number, row) for number, row in zip(sheet.numbers, sheet.filled()) if any(_text(cell) for cell in row)]
    return [number for number, _ in kept], [row for _, row in kept]


def normalise_header(text) -> str:
    text = str(text or "").strip().lower()
    text = text.replace("（", "(").replace("）", ")")
    return re.sub(r"[\s*＊:：]", "", text)


def map_headers(header: list) -> tuple[dict[str, int], list[str]]:
    """Column positions by canonical name, and the headers we did not recognise."""
    lookup = {normalise_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
    positions: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(header):
        name = lookup.get(normalise_header(cell))
        if name and name not in positions:
            positions[name] = index
        elif str(cell).strip():
            unknown.append(str(cell).strip())
    missing = []
    if "item_id" not in positions and not {"catalogue", "level1"} <= positions.keys():
        missing.append("事项编号，或 目录 + 一级事项（+ 二级事项）")
    for required in ("formed", "published"):
        if required not in positions:
            missing.append(COLUMN_LABELS[required])
    if missing:
        found = "、".join(str(cell).strip() for cell in header if str(cell).strip()) or "（无）"
        raise FileProblem(f"缺少必需的列：{'；'.join(missing)}。文件第1行的表头为：{found}。")
    return positions, unknown


# --- cleaning ----------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日.*$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value) -> dt.date | None:
    """A date from a cell; None if blank. Raises ValueError if present but unreadable.

    >>> [parse_date(v) for v in ("2025-10-04", "2025/10/4", "2025年10月4日", "20251004", " 2025.10.04 09:30 ")]
    [datetime.date(2025, 10, 4), datetime.date(2025, 10, 4), datetime.date(2025, 10, 4), datetime.date(2025, 10, 4), datetime.date(2025, 10, 4)]
    >>> parse_date(45934)  # Excel serial number
    datetime.date(2025, 10, 4)
    >>> parse_date("")
    >>> parse_date("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value < 80000:
        # An XLSX date cell without date formatting arrives as its Excel serial number.
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = str(value or "").strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    raise ValueError(text)


def _cell(row: list, positions: dict, name: str):
    index = positions.get(name)
    if index is None or index >= len(row):
        return ""
    return row[index]


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 12 as 12.0
    return re.sub(r"\s+", " ", str(value if value is not None else "")).strip()


def _name_key(value) -> str:
    # Catalogues print 阿 尔 山 市 with spaces; compare without whitespace.
    return re.sub(r"\s+", "", str(value or ""))


# --- the check ---------------------------------------------------------------------------


def run_check(source: Source, file_name: str, *, calendar: WorkingDayCalendar | None = None) -> Report:
    """Check one uploaded file: its path, an open binary file or its bytes (catalog.files.source),
    read in pieces. Raises FileProblem for problems with the file as a whole."""
    numbers, table = read_table(source, file_name)
    if not table:
        raise FileProblem("文件中没有数据。")
    positions, unknown = map_headers(table[0])
    body = table[1:]
    if not body:
        raise FileProblem("文件只有表头，没有记录。")
    if len(body) > MAX_ROWS:
        raise FileProblem(f"文件超过 {MAX_ROWS} 行记录，请拆分后分批核查。")
    warnings = [f"未识别的列已忽略：{'、'.join(unknown)}"] if unknown else []
    calendar = calendar or load_calendar()
    matcher = _Matcher(body, positions)
    rows = [_judge(line, row, positions, matcher, calendar) for line, row in zip(numbers[1:], body)]
    return Report(
        file_name=file_name,
        file_sha256=sha256(source),
        checked_at=timezone.now().isoformat(timespec="seconds"),
        rows=rows,
        warnings=warnings,
    )


class _Matcher:
    """Finds published items for all rows with a few queries (no query per row)."""

    def __init__(self, body, positions):
        ids, titles = set(), set()
        for row in body:
            raw_id = _text(_cell(row, positions, "item_id"))
            if raw_id.isdigit():
                ids.add(int(raw_id))
            if title := _name_key(_cell(row, positions, "catalogue")):
                titles.add(title)
        self.catalogues = {}
        for catalogue in Catalogue.objects.all():
            for key in (_name_key(catalogue.title), catalogue.slug):
                self.catalogues.setdefault(key, catalogue)
        wanted = [self.catalogues[t].pk for t in titles if t in self.catalogues]
        items = (
            Item.objects.published()
            .filter(Q(pk__in=ids) | Q(catalogue_id__in=wanted))
            .select_related("catalogue", "domain")
            .prefetch_related("publisher_links__organisation")
        )
        self.by_id = {}
        self.by_names = defaultdict(list)
        for item in items:
            self.by_id[item.pk] = item
            self.by_names[(item.catalogue_id, _name_key(item.level1))].append(item)
        self.unpublished_ids = set(
            Item.objects.filter(pk__in=ids).exclude(status=Item.Status.PUBLISHED).values_list("pk", flat=True)
        )

    def match(self, row, positions) -> tuple[Item | None, str]:
        raw_id = _text(_cell(row, positions, "item_id"))
        if raw_id:
            if not raw_id.isdigit():
                return None, f"事项编号「{raw_id}」不是数字。"
            item = self.by_id.get(int(raw_id))
            if item is None:
                if int(raw_id) in self.unpublished_ids:
                    return None, f"编号为 {raw_id} 的事项尚未发布。"
                return None, f"没有编号为 {raw_id} 的事项。"
            level1 = _name_key(_cell(row, positions, "level1"))
            if level1 and level1 != _name_key(item.level1):
                return item, f"注意：按事项编号 {raw_id} 匹配，但所填一级事项与该事项（{item.level1}）不一致，请核对。"
            return item, ""
        title = _text(_cell(row, positions, "catalogue"))
        level1 = _name_key(_cell(row, positions, "level1"))
        level2 = _name_key(_cell(row, positions, "level2"))
        level3 = _name_key(_cell(row, positions, "level3"))
        if not title or not level1:
            return None, "未填写事项编号，也未同时填写目录和一级事项。"
        catalogue = self.catalogues.get(_name_key(title))
        if catalogue is None:
            return None, f"没有名为「{title}」的目录。"
        candidates = self.by_names.get((catalogue.pk, level1), [])
        if not candidates:
            return (
                None,
                f"目录「{catalogue.title}」中没有已发布的一级事项「{_text(_cell(row, positions, 'level1'))}」。",
            )
        if level2:
            candidates = [item for item in candidates if _name_key(item.level2) == level2]
            if not candidates:
                return None, f"一级事项下没有二级事项「{_text(_cell(row, positions, 'level2'))}」。"
        if level3:
            candidates = [item for item in candidates if _name_key(item.level3) == level3]
            if not candidates:
                return None, f"二级事项下没有三级事项「{_text(_cell(row, positions, 'level3'))}」。"
        if len(candidates) > 1:
            return (
                None,
                f"匹配到 {len(candidates)} 个事项（编号 {'、'.join(str(i.pk) for i in candidates[:5])}），请填写二级、三级事项或事项编号。",
            )
        return candidates[0], ""


def _judge(line: int, row: list, positions: dict, matcher: _Matcher, calendar: WorkingDayCalendar) -> RowResult:
    result = RowResult(line=line, status=INVALID, url=_text(_cell(row, positions, "url")))
    errors = []
    dates = {}
    for name in ("formed", "published"):
        raw = _cell(row, positions, name)
        try:
            dates[name] = parse_date(raw)
        except ValueError:
            errors.append(f"「{COLUMN_LABELS[name]}」无法识别为日期：{_text(raw)!r}（应为 2025-10-04 这样的格式）")
            continue
        if dates[name] is None:
            errors.append(f"「{COLUMN_LABELS[name]}」为空。")
        elif not dt.date(2000, 1, 1) <= dates[name] <= dt.date(2099, 12, 31):
            errors.append(f"「{COLUMN_LABELS[name]}」{dates[name].isoformat()} 不在 2000 至 2099 年之间。")
            dates[name] = None
    formed, published = dates.get("formed"), dates.get("published")
    result.formed = formed.isoformat() if formed else _text(_cell(row, positions, "formed"))
    result.published = published.isoformat() if published else _text(_cell(row, positions, "published"))

    item, reason = matcher.match(row, positions)
    if item is not None:
        result.item_id = item.pk
        result.item_name = str(item)
        result.catalogue = item.catalogue.title
        result.domain = item.domain.name
        result.publishers = [link.organisation.name for link in item.publisher_links.all()] or (
            [item.publisher_text] if item.publisher_text else []
        )
        result.deadline_text = item.deadline_text
    else:
        result.catalogue = _text(_cell(row, positions, "catalogue"))
        result.item_name = " / ".join(
            filter(None, (_text(_cell(row, positions, n)) for n in ("level1", "level2", "level3")))
        )

    if errors:
        result.message = "；".join(errors + ([reason] if reason else []))
        return result
    if item is None:
        result.status, result.message = UNMATCHED, reason
        return result

    due = due_date(item, formed, calendar)
    notes = [reason] if reason else []
    if published < formed:
        notes.append("发布日期早于信息形成（变更）日期，请核对。")
    if due.date is None:
        result.status = NO_DEADLINE
        result.message = " ".join([due.explanation, *notes])
        return result
    result.due = due.date.isoformat()
    result.is_estimate = due.is_estimate
    if due.is_estimate:
        notes.append("截止日期为估算（所涉年份节假日安排未录入）。")
    if published <= due.date:
        result.status = ON_TIME
    else:
        late, estimate = calendar.working_days_between(due.date, published)
        result.status, result.late_working_days = LATE, late
        result.is_estimate = result.is_estimate or estimate
        if late == 0:
            notes.insert(0, f"截止日期为 {due.date.isoformat()}，发布于其后的休息日（逾期不足1个工作日）。")
        else:
            notes.insert(0, f"截止日期为 {due.date.isoformat()}，逾期 {late} 个工作日。")
    result.message = " ".join(notes)
    return result


# --- summary -----------------------------------------------------------------------------


def summarise(rows: list[RowResult]) -> dict:
    """Counts by status overall and per catalogue, domain and publisher (a row with several
    publishers counts once under each of them)."""
    total = Counter(row.status for row in rows)
    groups = {"catalogue": defaultdict(Counter), "domain": defaultdict(Counter), "publisher": defaultdict(Counter)}
    for row in rows:
        groups["catalogue"][row.catalogue or "（未填写目录）"][row.status] += 1
        groups["domain"][row.domain or "（未匹配）"][row.status] += 1
        for publisher in row.publishers or ["（未匹配或未载明）"]:
            groups["publisher"][publisher][row.status] += 1

    def table(counter_map):
        return [
            {"name": name, "total": sum(c.values()), **{status: c.get(status, 0) for status in STATUSES}}
            for name, c in sorted(counter_map.items(), key=lambda pair: (-sum(pair[1].values()), pair[0]))
        ]

    return {
        "total": {"name": "合计", "total": len(rows), **{status: total.get(status, 0) for status in STATUSES}},
        "by_catalogue": table(groups["catalogue"]),
        "by_domain": table(groups["domain"]),
        "by_publisher": table(groups["publisher"]),
    }
