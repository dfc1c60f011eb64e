"""The due-date calculator of an item: its GET form and what templates/catalog/_calculator.html needs,
for any page that includes it (the item page, the calculator's own page)."""

import datetime as dt

from django import forms
from django.urls import reverse

from catalog.deadlines.due import due_date
from catalog.deadlines.store import load_calendar

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


class DeadlineCalculatorForm(forms.Form):
    """GET form of the calculator: the day the information was formed or changed."""

    formed = forms.DateField(
        label="信息形成或变更日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"],
        error_messages={"invalid": "请输入有效日期，格式如 2025-10-04。", "required": "请填写日期。"},
        help_text="格式：年-月-日，如 2025-10-04",
    )

    def clean_formed(self):
        value = self.cleaned_data["formed"]
        if not EARLIEST <= value <= LATEST:
            raise forms.ValidationError("日期须在 2000-01-01 至 2099-12-31 之间。")
        return value


def calculator_context(item, data=None) -> dict:
    """Context for the calculator partial. `data` is request.GET; an empty GET shows just the form.

    On the item page:  context.update(calculator_context(item, request.GET))
    """
    has_input = bool(data) and "formed" in data
    form = DeadlineCalculatorForm(data if has_input else None)
    result = None
    if has_input and form.is_valid():
        result = due_date(item, form.cleaned_data["formed"], load_calendar())
    return {
        "deadline_item": item,
        "deadline_form": form,
        "deadline_result": result,
        "deadline_url": reverse("catalog:item_deadline", kwargs={"pk": item.pk}),
    }
