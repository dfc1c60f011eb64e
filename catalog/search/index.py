"""Keeping the PostgreSQL search index in sync (triggers do it; these are the manual paths)."""

from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import connection


def index_items(item_ids: Iterable[int]) -> int:
    """Re-index these items now (the triggers already do this on every write)."""
    if connection.vendor != "postgresql":
        return 0
    ids = list(item_ids)
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT catalog_search_index(%s::bigint[])", [ids])
        return cursor.fetchone()[0]


def index_items_between(
    first: int, last: int, *, batch: int = 50_000, progress: Callable[[int, int], None] | None = None
) -> int:
    """Re-index an id range in batches (after a bulk load with triggers disabled), then ANALYZE."""
    if connection.vendor != "postgresql":
        return 0
    changed = 0
    total = last - first + 1
    for start in range(first, last + 1, batch):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT catalog_search_index(ARRAY(SELECT id FROM catalog_item WHERE id BETWEEN %s AND %s))",
                [start, min(start + batch - 1, last)],
            )
            changed += cursor.fetchone()[0]
        if progress:
            progress(min(start + batch, last + 1) - first, total)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_searchdocument; ANALYZE catalog_searchentry; ANALYZE catalog_item")
    return changed


def prune_documents() -> int:
    """Delete documents no entry points at any more (edits leave old segments behind)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """DELETE FROM catalog_searchdocument d WHERE NOT EXISTS (
                 SELECT 1 FROM catalog_searchentry e
                 WHERE d.id IN (e.names_id, e.content_id, e.template_id, e.local_id))"""
        )
        return cursor.rowcount


@contextmanager
def session_setting(name: str, value: str):
    """Within this block, this session's PostgreSQL setting `name` is `value` (nothing elsewhere)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"RESET {name}")  # a setting name from the code, never user input


def defer_search_index():
    """Within this block, this session's writes to catalog_item are not indexed by the
    triggers; the caller must index them afterwards (index_items_between)."""
    return session_setting("catalog.defer_search_index", "on")
