"""Writes that staff make: publishing, review, restore and merging duplicates.

Each is one transaction, records a revision (who, when, why) and refreshes the search
text of the items it touched so the public pages and search see the change at once.
"""

from collections.abc import Iterable

import reversion
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from catalog.models import (
    Channel,
    Item,
    ItemChannel,
    ItemLegalBasis,
    ItemPublisher,
    LegalBasis,
    LegalBasisAlias,
    Level,
    Organisation,
)
from catalog.search.text import refresh_search_text
from catalog.services import history


class ServiceError(Exception):
    """A write that is not allowed in the item's current state; the message is for staff."""


def _as_item(item) -> Item:
    # Proxies (the review queue) are not registered with reversion: always record the Item.
    return item if type(item) is Item else Item.objects.get(pk=item.pk)


@transaction.atomic
def item_publish(*, item: Item, by) -> Item:
    """Draft or withdrawn -> published. Publishing is the reviewer's approval, so it clears the flag."""
    item = _as_item(item)
    if item.status == Item.Status.PUBLISHED:
        raise ServiceError(f"“{item}”已是发布状态。")
    history.ensure_baseline([item])
    now = timezone.now()
    with history.revision(by=by, comment="发布" + ("（同时标记为已复核）" if item.needs_review else "")):
        item.status = Item.Status.PUBLISHED
        item.published_at = now
        item.updated_at = now
        item.withdrawn_at = None
        item.needs_review = False
        item.save(update_fields=["status", "published_at", "updated_at", "withdrawn_at", "needs_review"])
        reversion.add_to_revision(item)
    return item


@transaction.atomic
def item_withdraw(*, item: Item, by, reason: str = "") -> Item:
    """Published -> withdrawn: the item leaves the public site but is kept."""
    item = _as_item(item)
    if item.status != Item.Status.PUBLISHED:
        raise ServiceError(f"“{item}”未发布，无法撤回。")
    history.ensure_baseline([item])
    with history.revision(by=by, comment="撤回" + (f"：{reason}" if reason else "")):
        item.status = Item.Status.WITHDRAWN
        item.updated_at = item.withdrawn_at = timezone.now()
        item.save(update_fields=["status", "updated_at", "withdrawn_at"])
        reversion.add_to_revision(item)
    return item


@transaction.atomic
def item_mark_reviewed(*, item: Item, by) -> Item:
    """Clear the review flag; the reasons stay in the history."""
    item = _as_item(item)
    if not item.needs_review:
        raise ServiceError(f"“{item}”不在复核队列中。")
    history.ensure_baseline([item])
    with history.revision(by=by, comment="标记为已复核：" + "；".join(item.review_reasons or [])):
        item.needs_review = False
        item.review_reasons = []
        item.updated_at = timezone.now()
        item.save(update_fields=["needs_review", "review_reasons", "updated_at"])
        reversion.add_to_revision(item)
    return item


@transaction.atomic
def item_restore(*, version: Version, by, reason: str = "") -> list[str]:
    """Put the item's content and related rows back as they were in `version`.

    Status, placement and provenance stay as they are now. Links to laws, publishers or
    channels deleted since are skipped; returns a warning for each.
    """
    if version.content_type.model_class() is not Item:
        raise ServiceError("只能恢复事项的版本。")
    item = Item.objects.select_for_update().filter(pk=version.object_id).first()
    if item is None:
        raise ServiceError("该事项已被删除，无法恢复。")
    when = timezone.localtime(version.revision.date_created)
    comment = f"恢复到 {when:%Y-%m-%d %H:%M:%S} 的版本" + (f"：{reason}" if reason else "")
    with history.revision(by=by, comment=comment):
        warnings = apply_state(item, version.field_dict, history.related_versions(version))
        reversion.add_to_revision(item)
    refresh_search_text([item.pk])
    return warnings


def apply_state(item: Item, data: dict, related: dict) -> list[str]:
    """Write an item's content fields (all but history.NOT_RESTORED) from `data` and replace
    its related rows by `related` (model -> rows). Links to laws, publishers or channels
    deleted since are skipped, with a warning each. The caller records the revision."""
    warnings: list[str] = []
    for field in Item._meta.concrete_fields:
        if field.attname in data and field.attname not in history.NOT_RESTORED and field.attname != "search_text":
            setattr(item, field.attname, data[field.attname])
    item.updated_at = timezone.now()
    item.save()
    if "levels" in data:
        item.levels.set(Level.objects.filter(pk__in=data["levels"]))
    for model in history.RELATED_MODELS:
        model.objects.filter(item=item).delete()
    targets = {
        ItemLegalBasis: ("legal_basis_id", LegalBasis, "公开依据"),
        ItemPublisher: ("organisation_id", Organisation, "公开主体"),
        ItemChannel: ("channel_id", Channel, "公开渠道"),
    }
    for model, rows in related.items():
        for row in rows:
            row = {key: value for key, value in row.items() if key != "id"}
            if model in targets:
                attname, target_model, label = targets[model]
                if not target_model.objects.filter(pk=row[attname]).exists():
                    warnings.append(f"{label} #{row[attname]} 已不存在，未恢复该关联。")
                    continue
            model.objects.create(**row)
    return warnings


def _merge_links(*, link_model, field: str, target, duplicates) -> set[int]:
    """Point every link of the duplicates at `target`, dropping those the item already has."""
    item_ids = set()
    for link in link_model.objects.filter(**{f"{field}__in": duplicates}).order_by("pk"):
        item_ids.add(link.item_id)
        if link_model.objects.filter(item_id=link.item_id, **{field: target}).exists():
            link.delete()  # the unique (item, target) link exists already
        else:
            setattr(link, field, target)
            link.save(update_fields=[field])
    return item_ids


def _record_items(item_ids: set[int]) -> None:
    Item.objects.filter(pk__in=item_ids).update(updated_at=timezone.now())
    for item in Item.objects.filter(pk__in=item_ids):
        reversion.add_to_revision(item)


def _merge(*, target, duplicates, by, link_model, field: str, what: str, too_few: str, absorb) -> int:
    """What every merge does: the duplicates' item links move to `target` (in one revision,
    after a baseline of the items touched), `absorb(duplicates)` moves what else they own, the
    duplicates are deleted and the items' search text refreshed. Returns the items touched."""
    duplicates = [dup for dup in duplicates if dup.pk != target.pk]
    if not duplicates:
        raise ServiceError(too_few)
    affected = set(link_model.objects.filter(**{f"{field}__in": duplicates}).values_list("item_id", flat=True))
    history.ensure_baseline(Item.objects.filter(pk__in=affected))
    names = "、".join(str(dup) for dup in duplicates)
    with history.revision(by=by, comment=f"合并{what}：{names} 并入 {target}"):
        item_ids = _merge_links(link_model=link_model, field=field, target=target, duplicates=duplicates)
        absorb(duplicates)
        for dup in duplicates:
            dup.delete()
        _record_items(item_ids)
    refresh_search_text(item_ids)
    return len(item_ids)


@transaction.atomic
def legal_basis_merge(*, target: LegalBasis, duplicates: Iterable[LegalBasis], by) -> int:
    """Merge duplicate laws into `target`: links and aliases move, each duplicate's title
    becomes an alias, the duplicates are deleted. Returns the number of items touched."""

    def absorb(duplicates):
        for dup in duplicates:
            LegalBasisAlias.objects.filter(legal_basis=dup).update(legal_basis=target)
            LegalBasisAlias.objects.get_or_create(alias=dup.title, defaults={"legal_basis": target})
            if not target.document_number and dup.document_number:
                target.document_number = dup.document_number
                target.save(update_fields=["document_number"])

    return _merge(
        target=target,
        duplicates=duplicates,
        by=by,
        link_model=ItemLegalBasis,
        field="legal_basis",
        what="公开依据",
        too_few="请选择至少两条公开依据，并指定保留哪一条。",
        absorb=absorb,
    )


@transaction.atomic
def organisation_merge(*, target: Organisation, duplicates: Iterable[Organisation], by) -> int:
    """Merge duplicate publishers into `target`, moving their item links. Returns items touched."""

    def absorb(duplicates):
        if target.region_id is None:
            target.region_id = next((dup.region_id for dup in duplicates if dup.region_id), None)
            target.save(update_fields=["region"])

    return _merge(
        target=target,
        duplicates=duplicates,
        by=by,
        link_model=ItemPublisher,
        field="organisation",
        what="公开主体",
        too_few="请选择至少两个公开主体，并指定保留哪一个。",
        absorb=absorb,
    )
