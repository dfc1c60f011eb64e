"""Saving a layout profile: the column mapping staff confirmed, kept for files with the same header."""

from django.db import transaction

from catalog.importers.headers import ColumnMapping, header_signature
from catalog.importers.profiles import mapping_targets
from catalog.importers.records import ImportFailed
from catalog.models import LayoutProfile


@transaction.atomic
def layout_profile_save(*, name: str, mapping: ColumnMapping, by=None) -> LayoutProfile:
    """Save (or update) the profile of a header under ``name``. One profile a header: saving
    another name for a header renames its profile. Raises ImportFailed when the name is
    taken by the profile of another header."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise ImportFailed("版式名称须为 1–100 个字。")
    signature = header_signature(mapping)
    clash = LayoutProfile.objects.filter(name=name).exclude(signature=signature).first()
    if clash is not None:
        raise ImportFailed(f"版式名称“{name}”已用于另一种表头（{'、'.join(clash.headers)}），请换一个名称。")
    profile, created = LayoutProfile.objects.select_for_update().get_or_create(
        signature=signature,
        defaults={"name": name, "created_by": by},
    )
    profile.name = name
    profile.headers = [column.printed for column in mapping.columns]
    profile.mapping = mapping_targets(mapping)
    profile.save()
    return profile
