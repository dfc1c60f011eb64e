"""Saving a layout profile: the column mappings staff confirmed, kept for files with the same headers."""

from collections.abc import Iterable

from django.db import transaction

from catalog.importers.headers import ColumnMapping, header_signature
from catalog.importers.profiles import mapping_targets
from catalog.importers.records import ImportFailed
from catalog.models import LayoutProfile


@transaction.atomic
def layout_profile_save(*, name: str, mappings: Iterable[ColumnMapping], by=None) -> list[LayoutProfile]:
    """Save (or update) under ``name`` the mapping of each distinct header of one file: one
    LayoutProfile row a header (a file whose tables print different headers keeps each
    one's mapping under the one name; a table is matched by its own header). One profile a
    header: saving another name for a header moves it to that name. Raises ImportFailed when
    the name is taken by a header the file does not have (a name is one file's layout)."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise ImportFailed("版式名称须为 1–100 个字。")
    by_signature = {}
    for mapping in mappings:
        by_signature.setdefault(header_signature(mapping), mapping)
    if not by_signature:
        raise ImportFailed("文件中没有读出表头，无法保存表格版式。")
    clash = LayoutProfile.objects.filter(name=name).exclude(signature__in=by_signature).first()
    if clash is not None:
        raise ImportFailed(f"版式名称“{name}”已用于另一种表头（{'、'.join(clash.headers)}），请换一个名称。")
    saved = []
    for signature, mapping in by_signature.items():
        profile, _ = LayoutProfile.objects.select_for_update().get_or_create(
            signature=signature, defaults={"name": name, "created_by": by}
        )
        profile.name = name
        profile.headers = [column.printed for column in mapping.columns]
        profile.mapping = mapping_targets(mapping)
        profile.save()
        saved.append(profile)
    return saved


def profile_save_from(record, name: str, *, by=None) -> str:
    """What confirming an upload with a name, or ``import_catalogue --save-profile NAME``, keeps:
    the column mapping of each of the file's headers as read (staff's corrections included),
    in the caller's transaction; the name saved, or "" when none was given."""
    if not name.strip() or not record.mappings:
        return ""
    return layout_profile_save(name=name, mappings=record.mappings, by=by)[0].name
