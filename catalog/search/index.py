"""Keeping the PostgreSQL search index in sync (triggers do it; these are the manual paths)."""

from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.db import connection, transaction


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
    """Re-index an id range in batches (after a bulk load with triggers disabled), then ANALYZE
    (with the entry columns' distinct counts told to the planner: sql/functions.sql)."""
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
        cursor.execute("ANALYZE catalog_searchdocument; ANALYZE catalog_item")
        cursor.execute("SELECT catalog_search_entry_statistics()")  # and ANALYZE catalog_searchentry
    return changed


def keep_statistics_current(written: int) -> None:
    """Called after each batch an import writes: when the import has written more items than the
    planner believes catalog_item holds (twice as many), ANALYZE the tables the search triggers
    read. A new database's tables were analyzed empty by the migrations, so the triggers'
    document lookups were planned as sequential scans of the whole table, once per row: the
    first 2,000-row catalogue took 2.4, 3.3, 4.3 and 5.3 s for its four batches (auto_explain).
    ANALYZE inside the import's transaction counts its own rows, and takes no lock that blocks
    reads or writes; on a database of any size it never runs for an import smaller than it."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'catalog_item'::regclass")
        (believed,) = cursor.fetchone()
        if 2 * believed >= written:
            return
        cursor.execute("ANALYZE catalog_item; ANALYZE catalog_searchdocument; ANALYZE catalog_searchentry")


def prune_documents() -> int:
    """Delete the documents no entry points at any more, with their domain pairs; returns how
    many documents went. Deleted and re-imported items leave their old documents behind (an
    entry goes with its item; a document may be shared, so nothing deletes it then).

    Runs once an import has committed (catalog/importers/load.py) and after items or
    catalogues are deleted in the admin. One anti-join per entry column, each on its index (fragments: the GIN index)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """WITH gone AS (
                 DELETE FROM catalog_searchdocument d
                 WHERE NOT EXISTS (SELECT 1 FROM catalog_searchentry e WHERE e.names_id = d.id)
                   AND NOT EXISTS (SELECT 1 FROM catalog_searchentry e WHERE e.content_id = d.id)
                   AND NOT EXISTS (SELECT 1 FROM catalog_searchentry e WHERE e.template_id = d.id)
                   AND NOT EXISTS (SELECT 1 FROM catalog_searchentry e WHERE e.local_id = d.id)
                   AND (d.kind <> 4 OR NOT EXISTS (
                     SELECT 1 FROM catalog_searchentry e WHERE e.local_fragments @> ARRAY[d.id]))
                 RETURNING d.id
               ), pairs AS (
                 DELETE FROM catalog_searchdocumentdomain p USING gone WHERE p.document_id = gone.id
               )
               SELECT count(*) FROM gone"""
        )
        return cursor.fetchone()[0]


def prune_documents_on_commit() -> None:
    """prune_documents() once the current transaction commits (at once outside one)."""
    transaction.on_commit(prune_documents)


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
