"""Layout profiles: a column mapping staff confirmed once, reused for files with the same header."""

from django.conf import settings
from django.db import models


class LayoutProfile(models.Model):
    """How the columns of one header are read: {header as printed -> field}.

    ``signature`` is the hash of the header's normalised cells (importers.headers.header_signature):
    a file whose table has that header is read with this mapping without asking again. One
    name may cover several headers: the tables of one file that print different headers,
    saved together (catalog.services.profiles.layout_profile_save)."""

    name = models.CharField("版式名称", max_length=100, help_text="如 某区社会救助表（一级目录/三级事项）")
    signature = models.CharField("表头特征", max_length=64, help_text="表头各列（去掉空白）的 SHA-256")
    headers = models.JSONField("表头", default=list, help_text="表头各列，按原文")
    mapping = models.JSONField("列对应", default=dict, help_text="表头 → 字段（other 为其他信息，ignore 为不导入）")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "表格版式"
        verbose_name_plural = "表格版式"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["signature"], name="layoutprofile_unique_signature"),
        ]

    def __str__(self):
        return self.name
