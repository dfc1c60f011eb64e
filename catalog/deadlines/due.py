"""Due dates for every 公开时限 kind. Plain Python: works on an Item or on a mapping of its fields.

    due_date(item, dt.date(2025, 10, 4)) -> DueDate(kind="working_days", date=2025-11-04, ...)

The importer parses 公开时限 into kind / days / trigger / publicity_days; this module gives
each kind a meaning. Periodic rules (每年底前, 每季度…) are read from the text itself
because the item has no field for the period.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .calendar import RestPeriod, WorkingDayCalendar, group_rest_days
from .parsing import cn_number

# Item.DeadlineKind values (kept as strings so this module needs no Django).
WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
IMMEDIATE = "immediate"
PROMPT = "prompt"
BEFORE_EVENT = "before_event"
PERIODIC = "periodic"
OTHER = "other"
UNKNOWN = "unknown"

KINDS_WITH_DATE = {WORKING_DAYS, CALENDAR_DAYS, IMMEDIATE, BEFORE_EVENT, PERIODIC}


@dataclass(frozen=True)
class DeadlineFields:
    kind: str = UNKNOWN
    days: int | None = None
    trigger: str = ""
    publicity_days: int | None = None
    text: str = ""

    @classmethod
    def of(cls, source: Any) -> "DeadlineFields":
        """From an Item, a DeadlineFields, or a mapping with kind/days/trigger/publicity_days/text."""
        if isinstance(source, cls):
            return source
        if isinstance(source, Mapping):
            get = source.get
        else:
            get = lambda name, default=None: getattr(source, name, default)  # noqa: E731
        return cls(
            kind=get("deadline_kind") or get("kind") or UNKNOWN,
            days=get("deadline_days", get("days")),
            trigger=get("deadline_trigger") or get("trigger") or "",
            publicity_days=get("publicity_days"),
            text=(get("deadline_text") or get("text") or "").strip(),
        )


@dataclass(frozen=True)
class DueDate:
    kind: str
    event_date: dt.date
    date: dt.date | None
    is_estimate: bool
    working_days_counted: int | None
    holidays_skipped: tuple[RestPeriod, ...]
    explanation: str
    counted_days: tuple[dt.date, ...] = ()
    publicity_end: dt.date | None = None
    estimated_years: tuple[int, ...] = field(default=())

    @property
    def adjusted_workdays_counted(self) -> tuple[dt.date, ...]:
        """Weekend days that were counted because they were 调休 working days."""
        return tuple(day for day in self.counted_days if day.weekday() >= 5)

    @property
    def has_fixed_date(self) -> bool:
        return self.date is not None

    @property
    def statutory_holidays_skipped(self) -> tuple[RestPeriod, ...]:
        return tuple(period for period in self.holidays_skipped if period.name != "周末")


def due_date(item_or_fields: Any, event_date: dt.date, calendar: WorkingDayCalendar | None = None) -> DueDate:
    """When the information must be public, given the day it was formed or changed (or the event day)."""
    fields = DeadlineFields.of(item_or_fields)
    calendar = calendar or WorkingDayCalendar()
    handler = _HANDLERS.get(fields.kind, _no_fixed_date)
    result = handler(fields, event_date, calendar)
    if fields.publicity_days and result.date is not None:
        result = _with_publicity(result, fields.publicity_days, calendar)
    return result


def _trigger(fields: DeadlineFields) -> str:
    return fields.trigger or "信息形成或变更"


def _estimate_note(years) -> str:
    if not years:
        return ""
    listed = "、".join(f"{year}年" for year in years)
    return f"注意：{listed}的国务院节假日安排尚未录入，按周一至周五估算，实际日期可能不同。"


def _working_days(fields, event_date, calendar):
    if fields.days is None:
        return _no_fixed_date(fields, event_date, calendar, reason="原文为工作日时限，但未载明天数。")
    span = calendar.add_working_days(event_date, fields.days)
    periods = tuple(group_rest_days(span.skipped))
    holidays = [str(p) for p in periods if p.name != "周末"]
    adjusted = [day for day in span.counted if day.weekday() >= 5]
    text = (
        f"自{_trigger(fields)}之日（{event_date.isoformat()}）的次日起算，第{fields.days}个工作日为"
        f"{span.end.isoformat()}；期间跳过休息日{len(span.skipped)}天"
        + (f"，其中法定节假日：{'；'.join(holidays)}" if holidays else "")
        + (f"；调休上班日{'、'.join(d.isoformat() for d in adjusted)}计为工作日" if adjusted else "")
        + "。"
        + _estimate_note(span.estimated_years)
    )
    return DueDate(
        WORKING_DAYS,
        event_date,
        span.end,
        span.is_estimate,
        fields.days,
        periods,
        text,
        span.counted,
        estimated_years=span.estimated_years,
    )


def _calendar_days(fields, event_date, calendar):
    if fields.days is None:
        return _no_fixed_date(fields, event_date, calendar, reason="原文为自然日时限，但未载明天数。")
    last = event_date + dt.timedelta(days=fields.days)
    # 民法典第二百零三条: a period whose last day is a rest day ends on the next working day.
    end, passed = calendar.next_workday_on_or_after(last)
    estimated = tuple(
        sorted(
            {d.date.year for d in passed if d.is_estimate} | ({last.year} if calendar.day(last).is_estimate else set())
        )
    )
    text = f"自{_trigger(fields)}之日（{event_date.isoformat()}）的次日起算{fields.days}日（自然日），期满日为{last.isoformat()}"
    if end != last:
        text += f"；该日为休息日，顺延至其后第一个工作日{end.isoformat()}"
    text += "。" + _estimate_note(estimated)
    return DueDate(
        CALENDAR_DAYS,
        event_date,
        end,
        bool(estimated),
        None,
        tuple(group_rest_days(passed)),
        text,
        estimated_years=estimated,
    )


def _immediate(fields, event_date, calendar):
    text = f"即时（实时）公开：应在{_trigger(fields)}当日（{event_date.isoformat()}）公开。"
    return DueDate(IMMEDIATE, event_date, event_date, False, 0, (), text)


def _before_event(fields, event_date, calendar):
    what = f"（原文：{fields.text}）" if fields.text else ""
    if fields.days and "工作日" in fields.text:
        latest = calendar.subtract_working_days(event_date, fields.days)
        rule = f"提前{fields.days}个工作日"
    elif fields.days:
        latest = event_date - dt.timedelta(days=fields.days)
        rule = f"提前{fields.days}日"
    else:
        latest = event_date - dt.timedelta(days=1)
        rule = "事件发生前"
    estimate = calendar.day(latest).is_estimate or calendar.day(event_date).is_estimate
    text = f"应在事件发生之前公开{what}：事件日为{event_date.isoformat()}，按“{rule}”最迟于{latest.isoformat()}公开。"
    if estimate:
        text += _estimate_note(sorted({latest.year, event_date.year}))
    return DueDate(BEFORE_EVENT, event_date, latest, estimate, None, (), text)


def _periodic(fields, event_date, calendar):
    rule = parse_period(fields.text)
    if rule is None:
        return _no_fixed_date(fields, event_date, calendar, reason="定期公开，但原文未载明可计算的周期。")
    due, label = rule.next_due(event_date)
    end, passed = calendar.next_workday_on_or_after(due) if rule.roll_forward else (due, ())
    text = f"定期公开（{label}）：{event_date.isoformat()}之后最近的一次截止日为{due.isoformat()}"
    if end != due:
        text += f"，该日为休息日，顺延至{end.isoformat()}"
    text += "。"
    return DueDate(PERIODIC, event_date, end, False, None, tuple(group_rest_days(passed)), text)


def _no_fixed_date(fields, event_date, calendar, reason: str = "") -> DueDate:
    if fields.text == "同上":
        reason = "原文为“同上”，但导入时未能对应到上一行的时限，请工作人员复核。"
    elif not reason:
        reason = {
            PROMPT: "及时公开：没有固定的截止日期，应在信息形成或变更后尽快公开。",
            OTHER: "原文时限不是可计算的日期（如长期公开、按进展公开），没有固定的截止日期。",
        }.get(fields.kind, "原文未载明公开时限，没有可计算的截止日期。")
    if fields.publicity_days:
        reason += f"公示期为{fields.publicity_days}个工作日（自公开次日起算）。"
    if fields.text and fields.text != "同上":
        reason += f"原文：{fields.text}"
    return DueDate(fields.kind, event_date, None, False, None, (), reason)


def _with_publicity(result: DueDate, days: int, calendar: WorkingDayCalendar) -> DueDate:
    span = calendar.add_working_days(result.date, days)
    estimated = tuple(sorted(set(result.estimated_years) | set(span.estimated_years)))
    text = (
        result.explanation
        + f"另需公示{days}个工作日：如于{result.date.isoformat()}公开，公示期自次日起算，至{span.end.isoformat()}（含）届满。"
        + (_estimate_note(span.estimated_years) if span.estimated_years and not result.is_estimate else "")
    )
    return DueDate(
        result.kind,
        result.event_date,
        result.date,
        bool(estimated),
        result.working_days_counted,
        result.holidays_skipped,
        text,
        result.counted_days,
        span.end,
        estimated,
    )


_HANDLERS = {
    WORKING_DAYS: _working_days,
    CALENDAR_DAYS: _calendar_days,
    IMMEDIATE: _immediate,
    BEFORE_EVENT: _before_event,
    PERIODIC: _periodic,
}


# --- periodic rules -------------------------------------------------------------------

_NUM = r"(\d{1,2}|[一二两三四五六七八九十]{1,3})"  # a month or a day


@dataclass(frozen=True)
class PeriodRule:
    unit: str  # year, half, quarter, month
    month: int | None = None  # for a fixed date in the year
    day: int | None = None  # None: last day of the month
    after_days: int = 0  # 季度结束后15日内
    label: str = ""
    roll_forward: bool = False

    def next_due(self, on_or_after: dt.date) -> tuple[dt.date, str]:
        for candidate in self._candidates(on_or_after):
            if candidate >= on_or_after:
                return candidate, self.label
        raise AssertionError("unreachable")

    def _candidates(self, start: dt.date):
        year = start.year
        for y in (year - 1, year, year + 1):
            if self.unit == "year" and self.month:
                yield self._date(y, self.month, self.day)
            elif self.unit == "year":
                yield dt.date(y, 12, 31) + dt.timedelta(days=self.after_days)
            else:
                step = {"half": 6, "quarter": 3, "month": 1}[self.unit]
                for end_month in range(step, 13, step):
                    base = self._date(y, end_month, self.day if self.unit == "month" else None)
                    yield base + dt.timedelta(days=self.after_days)

    @staticmethod
    def _date(year: int, month: int, day: int | None) -> dt.date:
        last = month_calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(day or last, last))


def parse_period(text: str) -> PeriodRule | None:
    """Read a periodic deadline from 公开时限 text.

    >>> parse_period("每年底前公开").unit, parse_period("按年公开").label
    ('year', '每年年底前')
    >>> r = parse_period("每年3月底前"); (r.month, r.day)
    (3, None)
    >>> r = parse_period("每季度结束后15日内"); (r.unit, r.after_days)
    ('quarter', 15)
    >>> parse_period("及时公开") is None
    True
    """
    text = re.sub(r"\s+", "", text or "")
    if m := re.search(r"每年" + _NUM + r"月" + _NUM + r"日", text):
        month, day = cn_number(m[1]), cn_number(m[2])
        return PeriodRule("year", month, day, label=f"每年{month}月{day}日前")
    if m := re.search(r"每年" + _NUM + r"月(?:底|末|份)", text):
        month = cn_number(m[1])
        return PeriodRule("year", month, None, label=f"每年{month}月底前")
    after = re.search(r"(?:结束|终了|期满)后" + _NUM + r"(个工作日|日|天)", text)
    after_days = cn_number(after[1]) if after else 0
    suffix = f"，周期结束后{after_days}日内" if after else ""
    if "半年" in text:
        return PeriodRule("half", after_days=after_days, label="每半年" + suffix, roll_forward=bool(after))
    if "季度" in text or "每季" in text:
        return PeriodRule("quarter", after_days=after_days, label="每季度" + suffix, roll_forward=bool(after))
    if m := re.search(r"每月" + _NUM + r"日", text):
        return PeriodRule("month", day=cn_number(m[1]), label=f"每月{cn_number(m[1])}日前")
    if "每月" in text or "按月" in text:
        return PeriodRule("month", after_days=after_days, label="每月" + suffix, roll_forward=bool(after))
    if re.search(r"每年|按年|年度|年底|年末", text):
        return PeriodRule(
            "year",
            after_days=after_days,
            label="每年年底前" if not after else "每年" + suffix,
            roll_forward=bool(after),
        )
    return None
