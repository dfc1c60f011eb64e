"""Staff: which regions and catalogues an editor may touch, and the review queue proxy."""

import reversion
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .catalogue import Catalogue
from .item import ContentElement, Item, ItemChannel, ItemLegalBasis, ItemPublisher
from .vocabulary import Region


class StaffScope(models.Model):
    """The regions and catalogues an editor or reviewer is assigned to.

    A region covers every region below it. Staff without a scope (and without the
    `view_all_regions` permission) see no items at all.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="staff_scope"
    )
    regions = models.ManyToManyField(
        Region, verbose_name="负责区划", blank=True, related_name="staff_scopes", help_text="含下级区划的全部目录"
    )
    catalogues = models.ManyToManyField(Catalogue, verbose_name="负责目录", blank=True, related_name="staff_scopes")

    class Meta:
        verbose_name = "工作人员权限范围"
        verbose_name_plural = "工作人员权限范围"
        # Workflow permissions live here rather than on Item so the shared Item model
        # stays untouched; Django checks them as catalog.<codename> all the same.
        permissions = [
            ("publish_item", "可以发布或撤回事项"),
            ("review_item", "可以将事项标记为已复核"),
            ("view_all_regions", "可以查看所有区划的事项"),
            ("upload_catalogue", "可以上传目录"),
        ]

    def __str__(self):
        return f"{self.user} 的权限范围"


class ReviewItem(Item):
    """The review queue: the same rows as Item, listed with their flags and source text."""

    class Meta:
        proxy = True
        verbose_name = "待复核事项"
        verbose_name_plural = "复核队列"


# Versions: an item is one version together with its ordered related rows.
ITEM_FOLLOW = ("elements", "legal_basis_links", "publisher_links", "channel_links")
ITEM_VERSION_EXCLUDE = ("search_text",)
reversion.register(Item, exclude=ITEM_VERSION_EXCLUDE, follow=ITEM_FOLLOW)
for _model in (ContentElement, ItemLegalBasis, ItemPublisher, ItemChannel):
    reversion.register(_model)


class PendingRevision(models.Model):
    """An 编辑's change to a published item, waiting for a 审核 user: the public keeps seeing
    the published item until it is approved. `fields` holds the changed item fields
    (attname -> value), `related` the item's related rows as proposed (model label -> rows)."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "已退回"

    item = models.ForeignKey(Item, verbose_name="事项", on_delete=models.CASCADE, related_name="pending_revisions")
    fields = models.JSONField("修改的字段", default=dict, encoder=DjangoJSONEncoder)
    related = models.JSONField("关联内容", default=dict, encoder=DjangoJSONEncoder)
    comment = models.CharField("修改说明", max_length=500, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="submitted_revisions",
    )
    submitted_at = models.DateTimeField("提交时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_revisions",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "待审核的修改"
        verbose_name_plural = "待审核的修改"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["state", "item"], name="pending_state_item")]

    def __str__(self):
        return f"{self.item}（{self.get_state_display()}）"
