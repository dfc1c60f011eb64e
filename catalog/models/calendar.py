"""Holiday schedules staff enter for years chinesecalendar does not know, and saved lateness checks."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class HolidayYear(models.Model):
    """One year's 国务院办公厅关于部分节假日安排的通知, as entered by staff."""

    year = models.PositiveIntegerField(
        "年份",
        unique=True,
        help_text="只录入 chinesecalendar 未内置的年份（1.11.0 内置 2004–2026 年）；未录入的年份按周一至周五估算",
    )
    notice_title = models.CharField(
        "通知名称", max_length=300, blank=True, help_text="如 国务院办公厅关于2027年部分节假日安排的通知"
    )
    notice_url = models.URLField("通知网址", blank=True)
    note = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    class Meta:
        verbose_name = "节假日安排（年度）"
        verbose_name_plural = "节假日安排（年度）"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年节假日安排"

    def clean(self):
        # Years chinesecalendar ships are refused by the admin form (catalog/staff_admin/calendar.py).
        if self.year and not 1949 < self.year < 2200:
            raise ValidationError({"year": "年份不合理。"})


class HolidayPeriod(models.Model):
    """A run of days off (放假), e.g. 春节 2027-02-05 至 2027-02-13."""

    year = models.ForeignKey(HolidayYear, verbose_name="年度", on_delete=models.CASCADE, related_name="periods")
    name = models.CharField("节日名称", max_length=50, help_text="如 春节")
    start = models.DateField("放假开始")
    end = models.DateField("放假结束（含）")

    class Meta:
        verbose_name = "放假期间"
        verbose_name_plural = "放假期间"
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="holiday_period_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.start} 至 {self.end}"

    def clean(self):
        if self.start and self.end:
            if self.end < self.start:
                raise ValidationError({"end": "结束日期不能早于开始日期。"})
            if (self.end - self.start).days > 31:
                raise ValidationError({"end": "一次放假不应超过31天，请检查日期。"})

    def days(self):
        current = self.start
        while current <= self.end:
            yield current
            current += dt.timedelta(days=1)


class AdjustedWorkday(models.Model):
    """A weekend day that is a working day (调休上班), e.g. 2027-02-20（星期六）."""

    year = models.ForeignKey(
        HolidayYear, verbose_name="年度", on_delete=models.CASCADE, related_name="adjusted_workdays"
    )
    date = models.DateField("上班日期")
    name = models.CharField("所属节日", max_length=50, help_text="如 春节")

    class Meta:
        verbose_name = "调休上班日"
        verbose_name_plural = "调休上班日"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["date"], name="adjusted_workday_unique_date")]

    def __str__(self):
        return f"{self.date}（{self.name}调休上班）"

    def clean(self):
        if self.date and self.date.weekday() < 5:
            raise ValidationError({"date": "调休上班日应为星期六或星期日；工作日本来就上班，无需录入。"})
        if self.date and self.year_id and self.date.year not in (self.year.year - 1, self.year.year):
            raise ValidationError({"date": f"日期不属于{self.year.year}年的节假日安排。"})


class LatenessCheck(models.Model):
    """An auditor's saved 公开时效核查: the input file's hash, when, by whom, and the report rows."""

    title = models.CharField("名称", max_length=200, blank=True)
    file_name = models.CharField("上传文件名", max_length=255)
    file_sha256 = models.CharField("文件 SHA-256", max_length=64)
    checked_at = models.DateTimeField("核查时间", help_text="计算报告的时间")
    saved_at = models.DateTimeField("保存时间", auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    counts = models.JSONField("汇总", default=dict, blank=True)
    rows = models.JSONField("逐行结果", default=list, blank=True)

    class Meta:
        verbose_name = "公开时效核查"
        verbose_name_plural = "公开时效核查"
        ordering = ["-saved_at"]
        permissions = [("run_lateness_check", "可进行公开时效核查")]

    def __str__(self):
        return self.title or f"{self.file_name}（{self.checked_at:%Y-%m-%d %H:%M}）"
