"""One Chinese-numeral reader (catalog/deadlines/parsing.cn_number) for the importer's
公开时限 parsing and the due-date rules: 二十个工作日 is 20 working days everywhere."""

import datetime as dt

import pytest

from catalog.deadlines.due import due_date, parse_period
from catalog.deadlines.parsing import cn_number, parse_deadline
from catalog.importers.pipeline import read_catalogue
from catalog.importers.records import CatalogueMeta


@pytest.mark.parametrize(
    "text, days",
    [("十", 10), ("十五", 15), ("二十", 20), ("二十一", 21), ("三十", 30), ("两", 2), ("15", 15)],
)
def test_cn_number(text, days):
    assert cn_number(text) == days


@pytest.mark.parametrize("text", ["", "百", "十十", "二二", "廿"])
def test_cn_number_refuses_what_it_cannot_read(text):
    assert cn_number(text) is None


@pytest.mark.parametrize(
    "text, kind, days",
    [
        ("信息形成之日起二十个工作日内", "working_days", 20),
        ("自批复之日起三十日内", "calendar_days", 30),
        ("信息形成后二十一个工作日内，公示七个工作日", "working_days", 21),
    ],
)
def test_deadline_text_with_tens_in_chinese(text, kind, days):
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.days) == (kind, days)


def test_periodic_rules_read_the_same_numerals():
    rule = parse_period("每季度结束后二十日内")
    assert rule.after_days == 20


def test_the_importer_stores_twenty_working_days_and_the_due_date_counts_them():
    data = (
        "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体\n"
        "1,社会救助,低保,名单,《社会救助暂行办法》,信息形成之日起二十个工作日内,民政局,政府网站\n"
    ).encode()
    meta = CatalogueMeta(
        slug="t", title="测试目录", region=[("x", "X市", "city")], domain=("社会救助", "shehui-jiuzhu")
    )
    [item] = [item for section in read_catalogue(data, name="t.csv", meta=meta).sections for item in section.items]
    assert (item.deadline_kind, item.deadline_days) == ("working_days", 20)
    due = due_date(
        {"kind": item.deadline_kind, "days": item.deadline_days, "text": item.deadline_text}, dt.date(2025, 3, 3)
    )
    assert due.working_days_counted == 20
    assert due.date == dt.date(2025, 3, 31)


CN = {1: "一", 3: "三", 10: "十", 12: "十二", 15: "十五", 31: "三十一"}


@pytest.mark.parametrize("month, day", [(1, 31), (3, 15), (12, 10), (3, None)])
@pytest.mark.parametrize("numerals", [str, CN.get])
@pytest.mark.parametrize("lead, tail", [("每年", "前"), ("每年", "前公开"), ("次年", "前"), ("每年", "")])
def test_a_date_each_year_is_a_periodic_deadline_not_a_count_of_days(month, day, numerals, lead, tail):
    # A department list's 公开年报 row: "每年1月31日前" was read as 31 calendar days, so the due
    # date came a month after the report was written instead of on 31 January.
    text = f"{lead}{numerals(month)}月{numerals(day) + '日' if day else '底'}{tail}"
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.days) == ("periodic", None), text
    due = due_date({"kind": parsed.kind, "text": text}, dt.date(2025, 6, 2)).date
    if lead == "每年":
        assert (due.month, due.day if day else 1) == (month, day or 1) and due.year in (2025, 2026), text


@pytest.mark.parametrize("text", ["每月10日前公开", "每月十五日前"])
def test_a_day_each_month_is_a_periodic_deadline(text):
    assert parse_deadline(text).kind == "periodic"


@pytest.mark.parametrize(
    "text, kind, days",
    [("2019年5月15日起20个工作日内", "working_days", 20), ("每年度结束后20日内公开", "calendar_days", 20)],
)
def test_a_date_before_a_count_of_days_leaves_the_count(text, kind, days):
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.days) == (kind, days)
