"""Importing a catalogue, or a new edition of one, with its history recorded.

The importer (catalog.importers.load) matches the incoming rows to the catalogue's items
and updates them in place; this wraps it so every item it adds, changes or withdraws
shows in that item's history (django-reversion), with the state before the change kept.
"""

from django.db import transaction

from catalog.importers.load import import_record
from catalog.models import Catalogue
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
        plan = report["plan"]
        touched = [row["item"] for key in ("changed", "new", "withdrawn") for row in plan[key]]
        history.record_versions(
            touched, by=by, comment=comment or f"导入目录《{record.meta.title}》", progress=options.get("progress")
        )
        catalogue_id = Catalogue.objects.filter(slug=record.meta.slug).values_list("pk", flat=True).first()
        if catalogue_id is not None:
            coverage.refresh_catalogue_on_commit(catalogue_id)  # 对标核查's stored coverage, after commit
    return report
