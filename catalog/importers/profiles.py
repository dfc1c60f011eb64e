"""Saved layout profiles (catalog.models.LayoutProfile) as the readers use them.

A profile is a column mapping staff confirmed once ({header as printed -> field}); a
file whose table has the same header (``headers.header_signature``) is read with it
without asking again, and ``--profile NAME`` applies one by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from catalog.models import LayoutProfile

from .headers import CERTAINTY_LABELS, ColumnMapping, Corrections, Profile, field_choices
from .records import ImportFailed


def find_profile(signature: str) -> Profile | None:
    """The profile saved for a header, if any."""
    found = LayoutProfile.objects.filter(signature=signature).values_list("name", "mapping").first()
    return Profile(*found) if found else None


def profile_named(name: str) -> Profile:
    """A profile by its name, with the mapping of each header saved under it (a file of
    several tables saves one a header); ImportFailed (listing the saved names) when there is none."""
    rows = list(LayoutProfile.objects.filter(name=name.strip()).order_by("pk").values_list("signature", "mapping"))
    if not rows:
        saved = LayoutProfile.objects.order_by("name").values_list("name", flat=True).distinct()[:20]
        names = "、".join(saved) or "（还没有保存任何版式）"
        raise ImportFailed(f"没有名为“{name}”的表格版式。已保存的版式：{names}。")
    merged: dict[str, str] = {}
    for _, mapping in rows:  # a table of another header: the columns the saved headers name
        for header, target in mapping.items():
            merged.setdefault(header, target)
    return Profile(name.strip(), merged, tables=dict(rows))


def corrections(*, given: Mapping[str, str] | None = None, profile: str = "") -> Corrections:
    """Staff's column corrections for one import: a profile named (or else the profile saved
    for each table's header) and the columns given (which win per header)."""
    named = profile_named(profile) if profile else None
    # A header repeated on every page is looked up once.
    find = None if named else lru_cache(maxsize=32)(find_profile)
    return Corrections(given=dict(given or {}), profile=named, find=find)


def mapping_targets(mapping: ColumnMapping) -> dict[str, str]:
    """{header as printed -> field} for every column of a mapping, as a profile keeps it
    (a 公开层级 column with its levels: "level:township+village")."""
    return {
        column.printed: f"{column.key}:{'+'.join(column.levels)}"
        if column.key == "level" and column.levels
        else column.key
        for column in mapping.columns
    }


def preview_columns(mappings) -> list[dict]:
    """Each distinct column of a file's tables (by header as printed), for the upload
    preview's mapping step: the field it is read as and the choices of its select."""
    columns: dict[str, dict] = {}
    for mapping in mappings:
        for column, (printed, value) in zip(mapping.columns, mapping_targets(mapping).items()):
            if printed in columns:
                continue
            columns[printed] = {
                "printed": printed,
                "value": value,
                "field_name": dict(field_choices(value)).get(value, value),
                "certainty": column.certainty,
                "certainty_name": CERTAINTY_LABELS.get(column.certainty, column.certainty),
                "choices": field_choices(value),
            }
    return list(columns.values())


def chosen_columns(columns: list[dict], form: Mapping[str, str]) -> dict[str, str]:
    """{header -> field} for every select (``column-N``, N the position in ``columns``) that
    now differs from what the preview read; unknown values are ignored (never trusted)."""
    chosen = {}
    for n, column in enumerate(columns):
        value = form.get(f"column-{n}", "")
        if value and value != column["value"] and value in dict(field_choices(column["value"])):
            chosen[column["printed"]] = value
    return chosen
