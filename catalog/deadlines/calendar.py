"""Working days (工作日) in mainland China: weekdays, minus statutory holidays, plus 调休 workdays.

Plain Python, no Django. Three sources, in this order:

1. the `chinesecalendar` package for the years it ships (2004–2026 in 1.11.0);
2. years staff entered from the State Council notice (passed in as `YearRule`s; the
   database side lives in `catalog.deadlines.store`);
3. any other year: an *estimate* that counts Monday–Friday only. Every result that
   touched such a year says so (`is_estimate`), so a date is never silently wrong.

We use the package's day data, not its `find_workday`: that function counts the start
day itself when the start is a rest day, so it returns one working day too late
(start 2025-10-04, n=20 gives 11-05; the 20th working day after is 11-04). Periods
start on the day after the event (民法典 Art. 201), so the arithmetic here is always
"strictly after".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

import chinese_calendar

# The package's holiday names are English; show the Chinese ones.
HOLIDAY_NAMES_ZH = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class Source(str, Enum):
    PACKAGE = "package"  # chinesecalendar's data
    TABLE = "table"  # entered by staff from the State Council notice
    ESTIMATE = "estimate"  # unknown year: weekdays only

    @property
    def label(self) -> str:
        return {
            "package": "国务院放假安排（内置数据）",
            "table": "国务院放假安排（后台录入）",
            "estimate": "估算（仅按周一至周五）",
        }[self.value]


@dataclass(frozen=True)
class YearRule:
    """One year's State Council schedule: holiday days and adjusted (调休) working days, each with a name."""

    year: int
    holidays: Mapping[dt.date, str] = field(default_factory=dict)
    workdays: Mapping[dt.date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Day:
    date: dt.date
    is_workday: bool
    name: str  # 国庆节, 春节（调休上班）, 周末, or "" for an ordinary weekday
    source: Source

    @property
    def is_estimate(self) -> bool:
        return self.source is Source.ESTIMATE

    @property
    def is_holiday(self) -> bool:
        """A statutory holiday or bridge day, as opposed to an ordinary weekend."""
        return not self.is_workday and self.name != "周末"


@dataclass(frozen=True)
class RestPeriod:
    """Consecutive rest days with one name, for display: 国庆节、中秋节 2025-10-01 至 2025-10-08."""

    name: str
    start: dt.date
    end: dt.date
    days: int

    def __str__(self) -> str:
        if self.start == self.end:
            return f"{self.name} {self.start.isoformat()}"
        return f"{self.name} {self.start.isoformat()} 至 {self.end.isoformat()}（{self.days}天）"


@dataclass(frozen=True)
class WorkdaySpan:
    """The result of counting `n` working days strictly after `start`."""

    start: dt.date
    n: int
    end: dt.date
    counted: tuple[dt.date, ...]
    skipped: tuple[Day, ...]  # rest days between start (exclusive) and end
    estimated_years: tuple[int, ...]

    @property
    def is_estimate(self) -> bool:
        return bool(self.estimated_years)

    @property
    def holidays_skipped(self) -> tuple[Day, ...]:
        return tuple(day for day in self.skipped if day.is_holiday)

    @property
    def weekend_days_skipped(self) -> int:
        return sum(1 for day in self.skipped if not day.is_holiday)

    def rest_periods(self) -> list[RestPeriod]:
        return group_rest_days(self.skipped)


class WorkingDayCalendar:
    """Answers "is this a working day?" and counts working days. Cheap to build; its rules never change."""

    def __init__(self, years: Iterable[YearRule] = ()):
        self._years: dict[int, YearRule] = {}
        self._days: dict[dt.date, Day] = {}  # memo: a lateness check asks about the same days many times
        for rule in years:
            if not package_knows(rule.year):
                self._years[rule.year] = rule

    def source(self, year: int) -> Source:
        if package_knows(year):
            return Source.PACKAGE
        if year in self._years:
            return Source.TABLE
        return Source.ESTIMATE

    def day(self, date: dt.date) -> Day:
        try:
            return self._days[date]
        except KeyError:
            day = self._days[date] = self._compute_day(date)
            return day

    def _compute_day(self, date: dt.date) -> Day:
        source = self.source(date.year)
        weekend = date.weekday() >= 5
        if source is Source.PACKAGE:
            on_holiday, english = chinese_calendar.get_holiday_detail(date)
            name = HOLIDAY_NAMES_ZH.get(english, english or "")
            if not on_holiday and name and weekend:
                return Day(date, True, f"{name}（调休上班）", source)
            if on_holiday and not name:
                return Day(date, False, "周末", source)
            return Day(date, not on_holiday, name if on_holiday else "", source)
        if source is Source.TABLE:
            rule = self._years[date.year]
            if date in rule.workdays:
                return Day(date, True, f"{rule.workdays[date]}（调休上班）", source)
            if date in rule.holidays:
                return Day(date, False, rule.holidays[date], source)
        return Day(date, not weekend, "周末" if weekend else "", source)

    def is_workday(self, date: dt.date) -> bool:
        return self.day(date).is_workday

    def add_working_days(self, start: dt.date, n: int) -> WorkdaySpan:
        """The `n`th working day strictly after `start` (n=0 gives `start` itself)."""
        if n < 0:
            raise ValueError("n must not be negative")
        counted: list[dt.date] = []
        skipped: list[Day] = []
        estimated: set[int] = set()
        current = start
        while len(counted) < n:
            current += dt.timedelta(days=1)
            day = self.day(current)
            if day.is_estimate:
                estimated.add(current.year)
            if day.is_workday:
                counted.append(current)
            else:
                skipped.append(day)
        return WorkdaySpan(start, n, current, tuple(counted), tuple(skipped), tuple(sorted(estimated)))

    def subtract_working_days(self, end: dt.date, n: int) -> dt.date:
        """The `n`th working day strictly before `end` (for 提前N个工作日)."""
        current, found = end, 0
        while found < n:
            current -= dt.timedelta(days=1)
            found += self.is_workday(current)
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> tuple[int, bool]:
        """Working days in (start, end], and whether any of them was estimated. 0 if end <= start."""
        count, estimate = 0, False
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            day = self.day(current)
            estimate = estimate or day.is_estimate
            count += day.is_workday
        return count, estimate

    def next_workday_on_or_after(self, date: dt.date) -> tuple[dt.date, tuple[Day, ...]]:
        """The first working day from `date` on, and the rest days passed over to reach it."""
        passed = []
        day = self.day(date)
        while not day.is_workday:
            passed.append(day)
            day = self.day(day.date + dt.timedelta(days=1))
        return day.date, tuple(passed)


@lru_cache(maxsize=None)
def package_knows(year: int) -> bool:
    """Whether chinesecalendar ships this year's schedule (it raises for the others)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def group_rest_days(days: Iterable[Day]) -> list[RestPeriod]:
    """Merge runs of consecutive rest days, named after the holidays in them (or 周末)."""
    runs: list[list[Day]] = []
    for day in days:
        if runs and day.date == runs[-1][-1].date + dt.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    result = []
    for run in runs:
        names = list(dict.fromkeys(d.name for d in run if d.is_holiday)) or ["周末"]
        result.append(RestPeriod("、".join(names), run[0].date, run[-1].date, len(run)))
    return result
