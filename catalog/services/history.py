"""Change history of items, on django-reversion.

One version of an item is the item row together with its elements, laws, publishers and
channels, saved in the same revision; the revision carries who, when and the reason.
Items loaded from fixtures have no version yet, so every writer calls `ensure_baseline`
first: the state before the first change is kept and can be restored.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.encoding import force_str
from reversion.models import Revision, Version

from catalog.models import (
    Catalogue,
    Channel,
    ContentElement,
    Domain,
    Item,
    ItemChannel,
    ItemLegalBasis,
    ItemPublisher,
    LegalBasis,
    Level,
    Organisation,
    Section,
)

BASELINE_COMMENT = "修改前的版本（导入时的内容）"
RELATED_MODELS = (ContentElement, ItemLegalBasis, ItemPublisher, ItemChannel)

# Fields a restore leaves alone: identity, placement, workflow state and provenance.
NOT_RESTORED = {
    "id",
    "catalogue_id",
    "section_id",
    "position",
    "status",
    "published_at",
    "updated_at",
    "needs_review",
    "review_reasons",
    "source_file",
    "source_line",
    "source_text",
    "withdrawn_at",
    "replaced_by_id",
}


@contextmanager
def revision(*, by=None, comment: str):
    """Record everything saved or added inside as one revision by `by`, with `comment`."""
    with reversion.create_revision():
        yield
        # Set last: a service called inside may have set its own comment.
        reversion.set_user(by if by is not None and by.is_authenticated else None)
        reversion.set_comment(comment)


def ensure_baseline(items, *, batch: int = 1000) -> int:
    """Give every item without a version one, holding its current state; returns how many.

    The versions are written in bulk (record_versions), in a revision of their own even when
    the caller has already opened one for the change itself, so a re-import that changes
    thousands of items loaded without history keeps their earlier state in a few queries."""
    pks = items.values_list("pk", flat=True) if hasattr(items, "values_list") else (item.pk for item in items)
    ids = list(dict.fromkeys(pks))
    missing = []
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        have = set(
            Version.objects.get_for_model(Item)
            .filter(object_id__in=[str(pk) for pk in chunk])
            .values_list("object_id", flat=True)
        )
        missing += [pk for pk in chunk if str(pk) not in have]
    if missing:
        record_versions(missing, comment=BASELINE_COMMENT)
    return len(missing)


def item_versions(item):
    return (
        Version.objects.get_for_object_reference(Item, item.pk)
        .select_related("revision", "revision__user")
        .order_by("-revision_id", "-pk")  # revision ids grow with time; dates can tie
    )


def _names(model, ids) -> dict:
    return {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}


@dataclass
class Change:
    label: str
    old: str
    new: str


def snapshot(version: Version) -> dict[str, str]:
    """The item of `version` with its related rows, as label -> printable text."""
    return snapshot_of(version.field_dict, _related_field_dicts(version))


def state_of(item: Item) -> tuple[dict, dict]:
    """The item as it is in the database, in the shape of a version: (field dict by attname,
    with "levels" as a list of ids; related rows by model)."""
    item = Item.objects.get(pk=item.pk)
    data = {field.attname: getattr(item, field.attname) for field in Item._meta.concrete_fields}
    data["levels"] = sorted(item.levels.values_list("pk", flat=True))
    related = {
        model: [
            {field.attname: getattr(row, field.attname) for field in model._meta.concrete_fields}
            for row in model.objects.filter(item=item).order_by("position")
        ]
        for model in RELATED_MODELS
    }
    return data, related


def related_by_label(related: dict) -> dict[str, list[dict]]:
    """Related rows keyed by model label (JSON-safe keys), and back with `related_by_model`."""
    return {model._meta.label_lower: rows for model, rows in related.items()}


def related_by_model(related: dict[str, list[dict]]) -> dict:
    models = {model._meta.label_lower: model for model in RELATED_MODELS}
    return {models[label]: rows for label, rows in related.items() if label in models}


def snapshot_of(data: dict, related: dict) -> dict[str, str]:
    """An item's field dict and related rows (as `state_of` gives them) as label -> text."""
    out: dict[str, str] = {}
    fk_names = {
        "catalogue_id": _names(Catalogue, [data.get("catalogue_id")]),
        "section_id": _names(Section, [data.get("section_id")]),
        "domain_id": _names(Domain, [data.get("domain_id")]),
    }
    for field in Item._meta.concrete_fields:
        # updated_at changes with every edit; the revision date already says when.
        if field.attname in ("id", "search_text", "updated_at") or field.attname not in data:
            continue
        value = data[field.attname]
        if field.attname in fk_names:
            value = fk_names[field.attname].get(value, f"#{value}")
        elif field.choices:
            value = dict(field.flatchoices).get(value, value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif value is None and field.get_internal_type() == "BooleanField":
            value = "未注明"  # 公开对象 / 公开方式 the catalogue has no column for
        elif isinstance(value, list):
            value = "；".join(str(v) for v in value)
        out[str(field.verbose_name)] = "" if value is None else str(value)
    levels = _names(Level, data.get("levels", []))
    out["公开层级"] = "、".join(levels.get(pk, f"#{pk}") for pk in data.get("levels", []))

    rows = sorted(related[ContentElement], key=lambda d: d["position"])
    out["公开内容要素"] = "\n".join(row["text"] for row in rows)
    rows = sorted(related[ItemLegalBasis], key=lambda d: d["position"])
    laws = _names(LegalBasis, [row["legal_basis_id"] for row in rows])
    out["公开依据（关联）"] = "\n".join(
        laws.get(row["legal_basis_id"], "（已删除的依据）") + (f"（原文：{row['printed']}）" if row["printed"] else "")
        for row in rows
    )
    rows = sorted(related[ItemPublisher], key=lambda d: d["position"])
    orgs = _names(Organisation, [row["organisation_id"] for row in rows])
    out["公开主体（关联）"] = "\n".join(orgs.get(row["organisation_id"], "（已删除的主体）") for row in rows)
    rows = sorted(related[ItemChannel], key=lambda d: d["position"])
    channels = _names(Channel, [row["channel_id"] for row in rows])
    out["公开渠道（关联）"] = "\n".join(
        channels.get(row["channel_id"], "（已删除的渠道）") + (f"（{row['detail']}）" if row["detail"] else "")
        for row in rows
    )
    return out


def _related_field_dicts(version: Version) -> dict:
    """Field dicts of this item's related rows saved in the same revision, by model."""
    item_id = int(version.object_id)
    types = {ContentType.objects.get_for_model(model).pk: model for model in RELATED_MODELS}
    found = {model: [] for model in RELATED_MODELS}
    for related in version.revision.version_set.filter(content_type_id__in=types):
        data = related.field_dict
        if data.get("item_id") == item_id:
            found[types[related.content_type_id]].append(data)
    return found


def diff(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    return [Change(label, old.get(label, ""), new.get(label, "")) for label in new if old.get(label, "") != new[label]]


def history_rows(item) -> list[dict]:
    """Every version of the item, newest first, each with its diff against the one before."""
    versions = list(item_versions(item))
    snaps = [snapshot(version) for version in versions]
    rows = []
    for index, version in enumerate(versions):
        previous = snaps[index + 1] if index + 1 < len(snaps) else None
        rows.append(
            {
                "version": version,
                "revision": version.revision,
                "changes": diff(previous, snaps[index]) if previous is not None else [],
                "is_first": previous is None,
            }
        )
    return rows


def related_versions(version: Version) -> dict:
    return _related_field_dicts(version)


def record_items(items, *, by=None, comment: str) -> None:
    """One revision holding the current state of `items` (after an import, say).

    Call it inside the transaction that wrote them, e.g. after
    `catalog.importers.load.import_record(...)`: the import then shows in each item's history.
    """
    with revision(by=by, comment=comment):
        for item in items:
            reversion.add_to_revision(item)


def _version_fields(model) -> tuple[str, ...]:
    """The fields reversion.register (models/staff.py) keeps in a version of `model`."""
    from catalog.models.staff import ITEM_VERSION_EXCLUDE

    opts = model._meta.concrete_model._meta
    exclude = ITEM_VERSION_EXCLUDE if model is Item else ()
    return tuple(f.name for f in opts.local_fields + opts.local_many_to_many if f.name not in exclude)


# What a version of an item follows (models/staff.py ITEM_FOLLOW), its levels and the names the
# versions are labelled with, read in a few queries a batch instead of several an item.
_VERSION_PREFETCH = (
    "elements",
    "levels",
    "legal_basis_links__legal_basis",
    "publisher_links__organisation",
    "channel_links__channel",
)


@transaction.atomic
def record_versions(items, *, by=None, comment: str, progress=None, batch: int = 500) -> int:
    """One revision by `by` holding a version of each item and of the rows it follows, as
    reversion.add_to_revision would record them, written in bulk; returns the versions written.
    `items`: a list of item ids, or a QuerySet of items (read a batch at a time in id order, so
    an import of 20,000 new items is never held as a list).

    add_to_revision copies every version already pending on each call, so an import of 20,000
    items (about 280,000 versions) took hours; here each batch is serialised and inserted at once."""
    from catalog.models.staff import ITEM_FOLLOW

    total = items.count() if isinstance(items, QuerySet) else len(items)
    if not total:
        return 0
    if progress and hasattr(progress, "stage"):
        progress.stage("记录修改历史", total)
    revision = Revision.objects.create(
        date_created=timezone.now(), user=by if by is not None and by.is_authenticated else None, comment=comment
    )
    types, fields, written, done = {}, {}, 0, 0
    for ids in _id_batches(items, batch):
        versions = []
        for item in Item.objects.filter(pk__in=ids).prefetch_related(*_VERSION_PREFETCH):
            for obj in [item, *(row for name in ITEM_FOLLOW for row in getattr(item, name).all())]:
                model = type(obj)
                if model not in types:
                    types[model] = ContentType.objects.get_for_model(model)
                    fields[model] = _version_fields(model)
                versions.append(
                    Version(
                        revision=revision,
                        content_type=types[model],
                        object_id=str(obj.pk),
                        db="default",
                        format="json",
                        serialized_data=serializers.serialize("json", [obj], fields=fields[model]),
                        object_repr=force_str(obj),
                    )
                )
        Version.objects.bulk_create(versions, batch_size=1000)
        written += len(versions)
        done += len(ids)
        if progress:
            progress(min(done, total), total)
    return written


def _id_batches(items, size: int):
    """Lists of at most `size` ids: slices of a list, or a QuerySet read on from the last id."""
    if not isinstance(items, QuerySet):
        for start in range(0, len(items), size):
            yield items[start : start + size]
        return
    last = None
    while True:
        page = items.order_by("pk") if last is None else items.filter(pk__gt=last).order_by("pk")
        ids = list(page.values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]
