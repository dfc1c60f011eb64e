"""Staff: which regions and catalogues an editor may touch, and the review queue proxy."""

import reversion
from django.conf import settings
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
reversion.register(Item, exclude=("search_text",), follow=ITEM_FOLLOW)
for _model in (ContentElement, ItemLegalBasis, ItemPublisher, ItemChannel):
    reversion.register(_model)
