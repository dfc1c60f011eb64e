import datetime as dt

import pytest

from catalog.deadlines.store import load_calendar
from catalog.models import AdjustedWorkday, HolidayPeriod, HolidayYear, Item
from catalog.site.calculator import calculator_context


@pytest.fixture
def item(new_item):
    return new_item(
        level1="社会救助",
        level2="最低生活保障",
        deadline_text="信息形成或者变更之日起20个工作日内",
        deadline_kind=Item.DeadlineKind.WORKING_DAYS,
        deadline_days=20,
        deadline_trigger="信息形成或者变更",
    )


def test_form_without_input(client, item):
    response = client.get(f"/items/{item.pk}/deadline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="get"' in html and 'type="date"' in html
    assert "信息形成或变更日期" in html
    assert "截止日期</dt>" not in html


def test_due_date_with_holidays_skipped(client, item):
    response = client.get(f"/items/{item.pk}/deadline/", {"formed": "2025-10-04"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<time datetime="2025-11-04">2025年11月4日 星期二</time>' in html
    assert "20 个" in html
    assert "国庆节、中秋 2025-10-05 至 2025-10-08（4天）" in html
    assert "计入的调休上班日" in html and "10月11日 星期六" in html


def test_estimate_is_shown(client, item):
    html = client.get(f"/items/{item.pk}/deadline/", {"formed": "2026-12-20"}).content.decode()
    assert "2027年1月15日" in html and "估算" in html


@pytest.mark.parametrize("value", ["明天", "2025-02-30", "1899-01-01", ""])
def test_bad_dates_give_a_chinese_message(client, item, value):
    response = client.get(f"/items/{item.pk}/deadline/", {"formed": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert any(text in html for text in ("请输入有效日期", "日期须在", "请填写日期"))


def test_partial_for_javascript(client, item):
    response = client.get(f"/items/{item.pk}/deadline/", {"formed": "2025-10-04", "partial": "1"})
    html = response.content.decode()
    assert "<html" not in html and "data-deadline-calculator" in html
    assert "2025年11月4日" in html


def test_only_published_items(client, new_item):
    draft = new_item(level1="草稿事项", status=Item.Status.DRAFT)
    assert client.get(f"/items/{draft.pk}/deadline/").status_code == 404
    assert client.get("/items/987654/deadline/").status_code == 404


def test_context_function_for_the_item_page(item, rf):
    context = calculator_context(item, rf.get("/", {"formed": "2025-10-04"}).GET)
    assert context["deadline_result"].date == dt.date(2025, 11, 4)
    assert context["deadline_url"] == f"/items/{item.pk}/deadline/"
    empty = calculator_context(item, rf.get("/").GET)
    assert empty["deadline_result"] is None and not empty["deadline_form"].is_bound


def test_staff_entered_year_is_used(db):
    year = HolidayYear.objects.create(year=2027, notice_title="（测试用）2027年部分节假日安排")
    HolidayPeriod.objects.create(year=year, name="元旦", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 3))
    AdjustedWorkday.objects.create(year=year, date=dt.date(2027, 1, 9), name="元旦")
    calendar = load_calendar()
    span = calendar.add_working_days(dt.date(2026, 12, 31), 2)
    assert span.end == dt.date(2027, 1, 5) and not span.is_estimate
    assert calendar.is_workday(dt.date(2027, 1, 9))


def test_holiday_year_rejects_years_the_package_knows(db):
    from catalog.staff_admin.calendar import HolidayYearForm

    known = HolidayYearForm(data={"year": 2025})
    assert not known.is_valid() and "chinesecalendar" in known.errors["year"][0]
    assert HolidayYearForm(data={"year": 2027}).is_valid()


def test_holiday_admin_pages(admin_client):
    assert admin_client.get("/admin/catalog/holidayyear/add/").status_code == 200
    assert admin_client.get("/admin/catalog/latenesscheck/").status_code == 200


def test_adjusted_workday_must_be_a_weekend(db):
    from django.core.exceptions import ValidationError

    year = HolidayYear.objects.create(year=2027)
    with pytest.raises(ValidationError) as error:
        AdjustedWorkday(year=year, date=dt.date(2027, 1, 8), name="元旦").full_clean()  # a Friday
    assert "星期六或星期日" in str(error.value)
    AdjustedWorkday(year=year, date=dt.date(2027, 1, 9), name="元旦").full_clean()
    with pytest.raises(ValidationError):
        HolidayPeriod(year=year, name="春节", start=dt.date(2027, 2, 10), end=dt.date(2027, 2, 1)).full_clean()
