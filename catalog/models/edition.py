"""Editions of a catalogue (2020版, 2022版) and what each changed: items added, changed, withdrawn."""

from django.db import models

from .catalogue import Catalogue, DatePrecision, date_text
from .item import Item


class Edition(models.Model):
    catalogue = models.ForeignKey(Catalogue, verbose_name="目录", on_delete=models.CASCADE, related_name="editions")
    name = models.CharField("版本", max_length=50, help_text="如 2022版")
    date = models.DateField("版本日期", null=True, blank=True, help_text="该版目录的发布日期")
    date_precision = models.CharField(
        "版本日期精确到", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    user = models.CharField("操作人", max_length=150, blank=True)

    class Meta:
        verbose_name = "目录版本"
        verbose_name_plural = "目录版本"
        ordering = ["catalogue", "-imported_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "name"], name="edition_unique_name")]

    def __str__(self):
        return f"{self.catalogue} {self.name}"

    @property
    def date_text(self) -> str:
        return date_text(self.date, self.date_precision)


class ItemChange(models.Model):
    """One item added, changed or withdrawn by importing an edition; `changes` is the field
    diff [{"label", "old", "new"}] (empty for added and withdrawn items)."""

    class Kind(models.TextChoices):
        ADDED = "added", "新增"
        CHANGED = "changed", "修改"
        WITHDRAWN = "withdrawn", "撤回"

    edition = models.ForeignKey(Edition, verbose_name="版本", on_delete=models.CASCADE, related_name="changes")
    item = models.ForeignKey(Item, verbose_name="事项", on_delete=models.CASCADE, related_name="edition_changes")
    kind = models.CharField("变动", max_length=20, choices=Kind.choices)
    changes = models.JSONField("字段变动", default=list, blank=True)
    title = models.CharField("事项名称（当时）", max_length=920, blank=True)
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "版本变动"
        verbose_name_plural = "版本变动"
        ordering = ["edition", "kind", "pk"]
        indexes = [models.Index(fields=["recorded_at"], name="itemchange_recorded")]

    def __str__(self):
        return f"{self.edition}：{self.get_kind_display()} {self.title}"
