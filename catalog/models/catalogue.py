"""Catalogues (目录), their domain sections as printed, and the record of each import."""

from django.db import models

from .links import slug_url
from .vocabulary import Domain, NaturalKeyManager, Region


class DatePrecision(models.TextChoices):
    """How much of a date is known: a catalogue dated "2022年10月" is stored as 2022-10-01
    with MONTH, and shown as 2022年10月, never as the first of the month."""

    DAY = "day", "日"
    MONTH = "month", "月"


def date_text(date, precision: str) -> str:
    """2022年10月1日, or 2022年10月 when only the month is known; "" without a date."""
    if date is None:
        return ""
    if precision == DatePrecision.MONTH:
        return f"{date.year}年{date.month}月"
    return f"{date.year}年{date.month}月{date.day}日"


def date_iso(date, precision: str) -> str | None:
    """ISO 8601 with the precision known: 2022-10-01, or 2022-10 (reduced precision)."""
    if date is None:
        return None
    return f"{date:%Y-%m}" if precision == DatePrecision.MONTH else date.isoformat()


class Catalogue(models.Model):
    slug = models.SlugField("网址标识", max_length=80, unique=True)
    title = models.CharField("目录名称", max_length=300)
    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="catalogues")
    issuer = models.CharField("发布机构", max_length=200, blank=True)
    issued_date = models.DateField("发布日期", null=True, blank=True)
    issued_date_precision = models.CharField(
        "发布日期精确到",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="原文只印年月（如 2022年10月）时选“月”：日期记为当月1日，显示为 2022年10月",
    )
    scope = models.TextField("适用范围与说明", blank=True)
    source_file = models.CharField("来源文件", max_length=200, blank=True, help_text="导入时的文件名")
    source_sha256 = models.CharField("来源文件 SHA-256", max_length=64, blank=True)
    original = models.FileField(
        "原件", upload_to="originals/", max_length=200, blank=True, help_text="导入或上传的原始文件，按 SHA-256 存放"
    )
    metadata = models.JSONField(
        "文档信息",
        default=list,
        blank=True,
        help_text="原文页面载明的索引号、发布机构、成文日期、文号等，逐项为 [名称, 内容]",
    )
    provenance = models.TextField("来源说明", blank=True, help_text="版本、识别质量、与其他目录的关系")
    scanned = models.BooleanField(
        "由扫描件识别录入", default=False, help_text="原件是扫描件、文字经识别（OCR）录入时勾选；事项页的来源说明会注明"
    )
    position = models.PositiveIntegerField("排序", default=0)

    objects = NaturalKeyManager()
    natural_key_field = "slug"

    class Meta:
        verbose_name = "目录"
        verbose_name_plural = "目录"
        ordering = ["position", "title"]
        # Item lists are in catalogue order (position, id, then the item's position): reading
        # catalogues in this order lets a search page stop after the first matches.
        indexes = [models.Index(fields=["position", "id"], name="catalogue_order")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return slug_url("catalog:catalogue", "slug", self.slug)

    @property
    def issued_date_text(self) -> str:
        return date_text(self.issued_date, self.issued_date_precision)

    @property
    def issued_date_iso(self) -> str | None:
        return date_iso(self.issued_date, self.issued_date_precision)


class Section(models.Model):
    """One domain table of a catalogue, with its heading and column headers as printed."""

    catalogue = models.ForeignKey(Catalogue, verbose_name="目录", on_delete=models.CASCADE, related_name="sections")
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="sections")
    position = models.PositiveIntegerField("排序")
    heading = models.CharField("标题（原文）", max_length=300, blank=True)
    columns = models.JSONField("表头（原文）", default=list, blank=True, help_text="规范化后的列名及原文表头")
    level_labels = models.JSONField("公开层级列（原文）", default=list, blank=True, help_text="如 县级、乡、村级")
    source_line = models.PositiveIntegerField("来源行号", null=True, blank=True)

    class Meta:
        verbose_name = "目录分表"
        verbose_name_plural = "目录分表"
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "position"], name="section_unique_position"),
        ]

    def __str__(self):
        return f"{self.catalogue} · {self.domain}"


class ImportRun(models.Model):
    """A record of one import: which file (by hash), when, by whom, and what came of it."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name="目录", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_runs"
    )
    source_file = models.CharField("来源文件", max_length=200)
    source_sha256 = models.CharField("SHA-256", max_length=64)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    user = models.CharField("操作人", max_length=150, blank=True)
    item_count = models.PositiveIntegerField("事项数", default=0)
    flagged_count = models.PositiveIntegerField("待复核数", default=0)
    report = models.JSONField("报告", default=dict, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.source_file} @ {self.started_at:%Y-%m-%d %H:%M}"
