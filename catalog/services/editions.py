"""Importing a catalogue, or a new edition of one, with its history recorded.

The importer (catalog.importers.load) matches the incoming rows to the catalogue's items
and updates them in place; this wraps it so every item it adds, changes or withdraws
shows in that item's history (django-reversion), with the state before the change kept.
"""

from django.db import transaction
from django.db.models import Q

from catalog.importers.load import import_record
from catalog.models import Catalogue, Item, ItemChange
from catalog.services import coverage, history


def import_catalogue(record, *, by=None, comment: str = "", dry_run: bool = False, **options) -> dict:
    """Import `record` (options as for `import_record`: draft, user, edition, choices,
    ambiguous_as_new, progress) and return the report; `by` is the user recorded in the
    history. A dry run writes nothing and records nothing."""
    if dry_run:
        return import_record(record, dry_run=True, **options)
    with transaction.atomic():
        # The importer writes in bulk (no save signals): the revision is recorded from its plan.
        report = import_record(record, before_change=history.ensure_baseline, **options)
        catalogue_id = Catalogue.objects.filter(slug=record.meta.slug).values_list("pk", flat=True).first()
        history.record_versions(
            touched_items(report["plan"], catalogue_id),
            by=by,
            comment=comment or f"导入目录《{record.meta.title}》",
            progress=options.get("progress"),
        )
        if catalogue_id is not None:
            coverage.refresh_catalogue_on_commit(catalogue_id)  # 对标核查's stored coverage, after commit
    return report


def touched_items(plan: dict, catalogue_id: int):
    """The items an import added, changed or withdrawn, as a query: the plan lists only the first
    new rows, so the added ones are read back from the edition's history (on a first import, which
    records no history, every current item of the catalogue is new)."""
    listed = [row["item"] for key in ("changed", "withdrawn") for row in plan[key]]
    if plan["first_edition"]:
        added = Item.objects.current().filter(catalogue_id=catalogue_id).values("pk")
    else:
        added = ItemChange.objects.filter(edition_id=plan["edition_id"], kind=ItemChange.Kind.ADDED).values("item_id")
    return Item.objects.filter(Q(pk__in=listed) | Q(pk__in=added))
