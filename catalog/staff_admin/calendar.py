"""Admin for the holiday table and saved lateness checks. Registered by catalog/staff_admin/__init__.py."""

from django import forms
from django.contrib import admin
from django.db import models

from catalog.deadlines.calendar import package_knows
from catalog.models import AdjustedWorkday, HolidayPeriod, HolidayYear, LatenessCheck


def _https_urls(field, **kwargs):
    """Form fields for HolidayYear: a URL typed without a scheme is taken as https://
    (Django 6's default; saying so silences Django 5's RemovedInDjango60Warning)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class HolidayYearForm(forms.ModelForm):
    class Meta:
        model = HolidayYear
        fields = "__all__"
        formfield_callback = _https_urls

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year and package_knows(year):
            raise forms.ValidationError(f"{year}年的安排已由 chinesecalendar 内置数据提供，无需录入。")
        return year


class HolidayPeriodInline(admin.TabularInline):
    model = HolidayPeriod
    extra = 1


class AdjustedWorkdayInline(admin.TabularInline):
    model = AdjustedWorkday
    extra = 1


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    form = HolidayYearForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("year", "notice_title", "updated_at")
    search_fields = ("notice_title",)
    inlines = (HolidayPeriodInline, AdjustedWorkdayInline)


@admin.register(LatenessCheck)
class LatenessCheckAdmin(admin.ModelAdmin):
    list_display = ("__str__", "file_name", "file_sha256", "checked_at", "saved_by")
    list_select_related = ("saved_by",)
    readonly_fields = ("file_name", "file_sha256", "checked_at", "saved_at", "saved_by", "counts", "rows")
    search_fields = ("title", "file_name", "file_sha256")
