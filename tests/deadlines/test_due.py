"""Due dates per deadline kind, hand-checked (see test_calendar.py for the holiday schedules)."""

import datetime as dt
import doctest

import pytest

from catalog.deadlines import due as due_module
from catalog.deadlines.due import DeadlineFields, due_date, parse_period

D = dt.date


def test_doctests():
    assert doctest.testmod(due_module).failed == 0


def test_working_days_with_holidays_skipped():
    result = due_date(
        {"deadline_kind": "working_days", "deadline_days": 20, "deadline_text": "信息形成之日起20个工作日内"},
        D(2025, 10, 4),
    )
    assert result.date == D(2025, 11, 4)
    assert result.working_days_counted == 20 and len(result.counted_days) == 20
    assert not result.is_estimate
    assert [str(p) for p in result.statutory_holidays_skipped] == ["国庆节、中秋 2025-10-05 至 2025-10-08（4天）"]
    assert "第20个工作日为2025-11-04" in result.explanation


def test_working_days_into_an_unknown_year_say_estimate():
    result = due_date({"kind": "working_days", "days": 20}, D(2026, 12, 20))
    assert result.date == D(2027, 1, 15)
    assert result.is_estimate
    assert "2027年" in result.explanation and "估算" in result.explanation


def test_publicity_window_after_the_due_date():
    # 制定或获取信息之日起10个工作日内，公示7个工作日, from Fri 2025-09-26:
    # 9-28 (Sun, worked) 1, 9-29 2, 9-30 3, 10-09 4, 10-10 5, 10-11 (Sat) 6, 10-13..16 7–10 -> 10-16;
    # publicity 10-17 1, 10-20..24 2–6, 10-27 7.
    fields = DeadlineFields(
        kind="working_days", days=10, publicity_days=7, text="制定或获取信息之日起10个工作日内，公示7个工作日"
    )
    result = due_date(fields, D(2025, 9, 26))
    assert result.date == D(2025, 10, 16)
    assert result.publicity_end == D(2025, 10, 27)
    assert result.adjusted_workdays_counted == (D(2025, 9, 28), D(2025, 10, 11))
    assert "公示7个工作日" in result.explanation


@pytest.mark.parametrize(
    "event, expected",
    [
        (D(2025, 3, 5), D(2025, 3, 25)),  # ordinary Tuesday
        (D(2025, 3, 3), D(2025, 3, 24)),  # 3-23 is a Sunday: next working day
        (D(2025, 9, 14), D(2025, 10, 9)),  # 10-04 falls in 国庆: 10-09 is the first working day after it
    ],
)
def test_calendar_days(event, expected):
    result = due_date(
        {"kind": "calendar_days", "days": 20, "text": "部门预算经本级财政部门批复后20日内公开", "trigger": "批复"},
        event,
    )
    assert result.date == expected
    assert result.working_days_counted is None


def test_immediate_is_the_same_day():
    result = due_date({"kind": "immediate", "text": "实时公开"}, D(2025, 10, 4))
    assert result.date == D(2025, 10, 4)
    assert "当日" in result.explanation


@pytest.mark.parametrize("kind, text", [("prompt", "按进展情况及时公开"), ("other", "保持长期公开"), ("unknown", "")])
def test_no_fixed_date(kind, text):
    result = due_date({"kind": kind, "text": text}, D(2025, 10, 4))
    assert result.date is None and not result.has_fixed_date
    assert result.explanation
    if kind == "prompt":
        assert "没有固定的截止日期" in result.explanation


def test_unresolved_same_as_above_is_called_out():
    result = due_date({"kind": "unknown", "text": "同上"}, D(2025, 10, 4))
    assert result.date is None
    assert "同上" in result.explanation and "复核" in result.explanation


def test_before_event_is_the_day_before():
    result = due_date({"kind": "before_event", "text": "会议召开前公开"}, D(2025, 10, 10))
    assert result.date == D(2025, 10, 9)


def test_before_event_with_notice_period():
    # 提前一周 (the importer stores days=7): a meeting on 2025-10-20 needs notice by 10-13.
    assert due_date({"kind": "before_event", "days": 7, "text": "提前一周发通知邀请"}, D(2025, 10, 20)).date == D(
        2025, 10, 13
    )
    # 提前3个工作日 before Thu 2025-10-09: 10-01..10-08 are 国庆; 9-30 (1), 9-29 (2), 9-28 (Sun, worked, 3).
    result = due_date({"kind": "before_event", "days": 3, "text": "提前3个工作日公告"}, D(2025, 10, 9))
    assert result.date == D(2025, 9, 28)


def test_publicity_only_text_mentions_the_window():
    result = due_date({"kind": "other", "publicity_days": 7, "text": "公示7个工作日"}, D(2025, 10, 9))
    assert result.date is None and "公示期为7个工作日" in result.explanation


@pytest.mark.parametrize(
    "text, event, expected",
    [
        ("每年底前公开", D(2025, 11, 5), D(2025, 12, 31)),
        ("按年公开", D(2025, 1, 1), D(2025, 12, 31)),
        ("每季度公开", D(2025, 11, 5), D(2025, 12, 31)),
        ("每季度公开", D(2025, 4, 1), D(2025, 6, 30)),
        ("每年3月底前", D(2025, 4, 1), D(2026, 3, 31)),
        ("每半年公开一次", D(2025, 7, 1), D(2025, 12, 31)),
        ("每月公开", D(2025, 2, 3), D(2025, 2, 28)),
        # 15 days after the quarter: 2025-10-15 has passed on 11-05, so 2026-01-15 (a Thursday).
        ("每季度结束后15日内公开", D(2025, 11, 5), D(2026, 1, 15)),
    ],
)
def test_periodic_next_due_date(text, event, expected):
    assert due_date({"kind": "periodic", "text": text}, event).date == expected


def test_periodic_without_a_period_has_no_date():
    assert parse_period("定期公开") is None
    assert due_date({"kind": "periodic", "text": "定期公开"}, D(2025, 1, 1)).date is None


def test_reads_an_item_like_object():
    class FakeItem:
        deadline_kind = "working_days"
        deadline_days = 3
        deadline_trigger = "信息形成或变更"
        publicity_days = None
        deadline_text = "信息形成或变更之日起3个工作日内"

    # 2024-09-27: 9-29 (Sun, worked), 9-30, 10-08.
    assert due_date(FakeItem(), D(2024, 9, 27)).date == D(2024, 10, 8)
