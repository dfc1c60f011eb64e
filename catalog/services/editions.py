"""Importing a catalogue, or a new edition of one, with its history recorded.

The importer (catalog.importers.load) matches the incoming rows to the catalogue's items
and updates them in place; this wraps it so every item it adds, changes or withdraws
shows in that item's history (django-reversion), with the state before the change kept.
"""

import reversion
from django.db import transaction

from catalog.importers.load import import_record
from catalog.models import Catalogue, Item
from catalog.services import coverage, history


def import_catalogue(record, *, by=None, comment: str = "", dry_run: bool = False, **options) -> dict:
    """Import `record` (options as for `import_record`: draft, user, edition, choices,
    ambiguous_as_new, progress) and return the report; `by` is the user recorded in the
    history. A dry run writes nothing and records nothing."""
    if dry_run:
        return import_record(record, dry_run=True, **options)
    with transaction.atomic():
        with history.revision(by=by, comment=comment or f"导入目录《{record.meta.title}》"):
            report = import_record(record, before_change=history.ensure_baseline, **options)
            plan = report["plan"]
            touched = [row["item"] for key in ("changed", "new", "withdrawn") for row in plan[key]]
            _record_versions(touched, options.get("progress"))
        catalogue_id = Catalogue.objects.filter(slug=record.meta.slug).values_list("pk", flat=True).first()
        if catalogue_id is not None:
            coverage.refresh_catalogue_on_commit(catalogue_id)  # 对标核查's stored coverage, after commit
    return report


# What a version of an item follows (models/staff.py ITEM_FOLLOW), its levels and the names the
# versions are labelled with,
# read in a few queries a batch instead of several an item.
_VERSION_PREFETCH = (
    "elements",
    "levels",
    "legal_basis_links__legal_basis",
    "publisher_links__organisation",
    "channel_links__channel",
)


def _record_versions(item_ids: list[int], progress=None, batch: int = 500) -> None:
    """Add the items (with the rows they follow) to the current revision, `batch` at a time."""
    if progress and hasattr(progress, "stage"):
        progress.stage("记录修改历史", len(item_ids))
    for start in range(0, len(item_ids), batch):
        part = item_ids[start : start + batch]
        items = Item.objects.filter(pk__in=part).select_related("catalogue").prefetch_related(*_VERSION_PREFETCH)
        for item in items:
            reversion.add_to_revision(item)
        if progress:
            progress(min(start + batch, len(item_ids)), len(item_ids))
