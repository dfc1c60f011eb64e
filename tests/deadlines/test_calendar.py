"""Working-day arithmetic, checked by hand against the State Council holiday notices.

Schedules used (国务院办公厅关于部分节假日安排的通知):
  2024 春节 2-10..2-17 off, 2-04 (Sun) and 2-18 (Sun) worked; 2024 国庆 10-01..10-07 off,
       9-29 (Sun) and 10-12 (Sat) worked.
  2025 春节 1-28..2-04 off, 1-26 (Sun) and 2-08 (Sat) worked; 2025 国庆·中秋 10-01..10-08 off,
       9-28 (Sun) and 10-11 (Sat) worked.
  2026 元旦 1-01..1-03 off, 1-04 (Sun) worked; 春节 2-15..2-23 off, 2-14 (Sat) and 2-28 (Sat)
       worked; 国庆 10-01..10-07 off, 9-20 (Sun) and 10-10 (Sat) worked.
"""

import datetime as dt

import chinese_calendar
import pytest

from catalog.deadlines.calendar import Source, WorkingDayCalendar, YearRule, package_knows

D = dt.date


@pytest.fixture
def cal():
    return WorkingDayCalendar()


@pytest.mark.parametrize(
    "start, n, expected",
    [
        # The case: start on a 国庆 holiday Saturday. Oct 9, 10, 11 (调休 Sat) are 1–3, ... Nov 4 is the 20th.
        (D(2025, 10, 4), 20, D(2025, 11, 4)),
        # From a Friday before 国庆: 9-28 (Sun, worked) is the 1st; 10-30 the 20th.
        (D(2025, 9, 26), 20, D(2025, 10, 30)),
        # From the 调休 Saturday 10-11 itself, and from the Sunday after it: both end on 11-07.
        (D(2025, 10, 11), 20, D(2025, 11, 7)),
        (D(2025, 10, 12), 20, D(2025, 11, 7)),
        # 2024 春节: 2-09 (Fri) is 1st, 2-18 (Sun, worked) 2nd, 2-21 the 5th.
        (D(2024, 2, 8), 5, D(2024, 2, 21)),
        # 2024 国庆: 9-29 (Sun, worked) 1st, 9-30 2nd, 10-08 3rd.
        (D(2024, 9, 27), 3, D(2024, 10, 8)),
        # 2025 春节: 1-26 (Sun, worked) 1st, 1-27 2nd, then 1-28..2-04 off, 2-05 3rd, 2-08 (Sat, worked) 6th.
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),
        (D(2025, 1, 24), 6, D(2025, 2, 8)),
        # 2026 春节: 2-14 (Sat, worked) 1st, 2-15..2-23 off, 2-25 the 3rd; 2-28 (Sat) is worked.
        (D(2026, 2, 13), 3, D(2026, 2, 25)),
        (D(2026, 2, 27), 1, D(2026, 2, 28)),
        # 2026 元旦: 1-01..1-03 off, 1-04 (Sun) worked.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        # 2026 国庆: 9-20 (Sun) worked; 10-01..10-07 off.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 30), 2, D(2026, 10, 9)),
        # n = 0 is the day itself.
        (D(2025, 10, 4), 0, D(2025, 10, 4)),
    ],
)
def test_nth_working_day_strictly_after(cal, start, n, expected):
    span = cal.add_working_days(start, n)
    assert span.end == expected
    assert len(span.counted) == n
    assert not span.is_estimate


def test_the_package_find_workday_is_one_day_late_from_a_rest_day(cal):
    # Why we do not use it: it counts the rest day itself as day 0's successor.
    assert chinese_calendar.find_workday(20, D(2025, 10, 4)) == D(2025, 11, 5)
    assert cal.add_working_days(D(2025, 10, 4), 20).end == D(2025, 11, 4)


def test_days_are_named_in_chinese(cal):
    assert cal.day(D(2025, 10, 1)).name == "国庆节"
    assert cal.day(D(2025, 10, 11)) == cal.day(D(2025, 10, 11))
    assert cal.day(D(2025, 10, 11)).is_workday and cal.day(D(2025, 10, 11)).name == "国庆节（调休上班）"
    assert cal.day(D(2024, 2, 4)).name == "春节（调休上班）"
    assert cal.day(D(2025, 10, 12)).name == "周末" and not cal.day(D(2025, 10, 12)).is_holiday
    assert cal.day(D(2025, 10, 13)).name == "" and cal.day(D(2025, 10, 13)).is_workday


def test_skipped_rest_days_are_grouped_into_periods(cal):
    span = cal.add_working_days(D(2025, 9, 26), 10)
    # 9-27 (Sat), 10-01..10-08 (国庆·中秋, 8 days), 10-12 (Sun): 10 rest days.
    assert len(span.skipped) == 10
    periods = span.rest_periods()
    holiday = [p for p in periods if p.name != "周末"]
    assert len(holiday) == 1
    assert (holiday[0].start, holiday[0].end, holiday[0].days) == (D(2025, 10, 1), D(2025, 10, 8), 8)
    assert "国庆节" in holiday[0].name and "中秋" in holiday[0].name
    assert str(holiday[0]).endswith("2025-10-01 至 2025-10-08（8天）")


def test_working_days_between(cal):
    # (9-30, 10-10]: 10-09 and 10-10 only.
    assert cal.working_days_between(D(2025, 9, 30), D(2025, 10, 10)) == (2, False)
    # (10-10, 10-12]: 10-11 is a 调休 Saturday.
    assert cal.working_days_between(D(2025, 10, 10), D(2025, 10, 12)) == (1, False)
    assert cal.working_days_between(D(2025, 10, 10), D(2025, 10, 10)) == (0, False)


def test_unknown_year_is_a_flagged_weekday_estimate(cal):
    assert package_knows(2026) and not package_knows(2027) and package_knows(2004) and not package_knows(2003)
    # Dec 21–25 (5), 28–31 (9), Jan 1 2027 counted as a plain Friday (10), Jan 4–8 (15), Jan 11–15 (20).
    span = cal.add_working_days(D(2026, 12, 20), 20)
    assert span.end == D(2027, 1, 15)
    assert span.is_estimate and span.estimated_years == (2027,)
    assert cal.day(D(2027, 1, 1)).source is Source.ESTIMATE
    # Staying inside 2026 is not an estimate.
    assert not cal.add_working_days(D(2026, 12, 1), 5).is_estimate


def test_staff_entered_year_replaces_the_estimate():
    rule = YearRule(
        2027,
        holidays={D(2027, 1, 1): "元旦", D(2027, 1, 2): "元旦", D(2027, 1, 3): "元旦"},
        workdays={D(2027, 1, 9): "元旦"},  # a made-up 调休 Saturday, to test the mechanism
    )
    cal = WorkingDayCalendar([rule])
    span = cal.add_working_days(D(2026, 12, 31), 2)
    # 1-01 off (元旦), 1-02/03 weekend, 1-04 1st, 1-05 2nd.
    assert span.end == D(2027, 1, 5)
    assert not span.is_estimate
    assert [p.name for p in span.rest_periods()] == ["元旦"]
    assert cal.add_working_days(D(2027, 1, 8), 1).end == D(2027, 1, 9)
    # Without the table the same count is an estimate that treats 1-01 as a working day.
    estimate = WorkingDayCalendar().add_working_days(D(2026, 12, 31), 2)
    assert estimate.end == D(2027, 1, 4) and estimate.is_estimate


def test_staff_rows_for_package_years_are_ignored():
    cal = WorkingDayCalendar([YearRule(2025, holidays={D(2025, 10, 13): "错误录入"})])
    assert cal.is_workday(D(2025, 10, 13))
    assert cal.source(2025) is Source.PACKAGE
