"""对标核查's references: a catalogue (or one domain section of it) that others are checked
against, and the default reference a region names for each domain."""

from django.core.exceptions import ValidationError
from django.db import models

from .catalogue import Catalogue
from .vocabulary import Domain, Region


class Reference(models.Model):
    """标准/参照目录: the whole catalogue (domain empty) or its section for one domain."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name="参照目录", on_delete=models.CASCADE, related_name="references"
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name="领域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="references",
        help_text="留空表示整本目录都是参照；选定领域则只以该领域的事项为参照",
    )
    note = models.TextField("说明", blank=True, help_text="如 国务院部门制定的标准指引、县级示范目录")
    created_at = models.DateTimeField("设定时间", auto_now_add=True)

    class Meta:
        verbose_name = "参照目录"
        verbose_name_plural = "参照目录"
        ordering = ["catalogue", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "domain"], name="reference_unique_domain"),
            models.UniqueConstraint(
                fields=["catalogue"], condition=models.Q(domain__isnull=True), name="reference_unique_whole"
            ),
        ]

    def __str__(self):
        return f"{self.catalogue} · {self.domain}" if self.domain_id else str(self.catalogue)

    def covers(self, domain) -> bool:
        """Whether this reference speaks for `domain` (a whole catalogue speaks for all of its domains)."""
        return self.domain_id is None or self.domain_id == getattr(domain, "pk", domain)

    def clean(self):
        if (
            self.catalogue_id
            and self.domain_id
            and not self.catalogue.sections.filter(domain_id=self.domain_id).exists()
        ):
            raise ValidationError({"domain": "该目录没有这个领域的分表，不能作为该领域的参照。"})


class RegionReference(models.Model):
    """The reference a region's catalogues are checked against by default, per domain."""

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.CASCADE, related_name="default_references"
    )
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="+")
    reference = models.ForeignKey(
        Reference, verbose_name="参照目录", on_delete=models.CASCADE, related_name="region_defaults"
    )

    class Meta:
        verbose_name = "区划默认参照"
        verbose_name_plural = "区划默认参照"
        ordering = ["region", "domain"]
        constraints = [models.UniqueConstraint(fields=["region", "domain"], name="region_reference_unique_domain")]

    def __str__(self):
        return f"{self.region} · {self.domain}：{self.reference}"

    def clean(self):
        if self.reference_id and self.domain_id and not self.reference.covers(self.domain_id):
            raise ValidationError({"reference": "所选参照目录不是这个领域的参照。"})
        if (
            self.reference_id
            and self.domain_id
            and self.reference.domain_id is None
            and not self.reference.catalogue.sections.filter(domain_id=self.domain_id).exists()
        ):
            raise ValidationError({"reference": "所选参照目录没有这个领域的事项。"})


class Coverage(models.Model):
    """How one catalogue covers one reference in one domain: the counts of a 对标核查,
    computed ahead by catalog/services/coverage.py (after imports and reference changes)
    so the region page reads stored rows instead of matching per request."""

    catalogue = models.ForeignKey(Catalogue, verbose_name="目录", on_delete=models.CASCADE, related_name="coverages")
    reference = models.ForeignKey(
        Reference, verbose_name="参照目录", on_delete=models.CASCADE, related_name="coverages"
    )
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.CASCADE, related_name="+")
    reference_count = models.PositiveIntegerField("参照事项数")
    covered = models.PositiveIntegerField("已覆盖")
    differs = models.PositiveIntegerField("有差异")
    weaker = models.PositiveIntegerField("弱于参照")
    ambiguous = models.PositiveIntegerField("待确认")
    missing = models.PositiveIntegerField("缺少")
    extra = models.PositiveIntegerField("多出")
    percent = models.FloatField("覆盖率（%）", null=True)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "覆盖率"
        verbose_name_plural = "覆盖率"
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "reference", "domain"], name="coverage_unique"),
        ]
        indexes = [models.Index(fields=["reference", "domain", "percent"], name="coverage_worst_first")]

    def __str__(self):
        return f"{self.catalogue} · {self.domain}：{self.percent}%"
