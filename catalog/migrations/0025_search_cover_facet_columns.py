"""The facets' columns in the covering index of items (catalog_item_search_cover).

The facet statement (catalog/site/facets.py) reads, for up to 2,000 result ids, each item's
domain, catalogue, levels_stated and audience and mode flags. The index held the first two
only, so every id was also read from the item's row: 2,000 scattered heap pages at 1M items
(12-15 ms, against 6.6-8.5 ms for the same ids from the index alone). The index is built
again with those columns (73 MB instead of 64 MB at 1M items, 2 s). The SQL file is
embedded as of this migration (tests/test_migrations.py).
"""

from importlib import import_module

from django.db import migrations

SEARCH_SQL = {
    "indexes.sql": r"""-- Indexes PostgreSQL needs beyond the Django models' own (SQLite runs none of this).
-- Safe to run again (IF NOT EXISTS): to change an index, drop it first or give it a new name.

-- One GIN index for the few shared documents (names, content, template), one for the many
-- whole local parts and one for the local fragments, so that looking up a term's shared
-- documents never reads the local ones (catalog/search/postgres.py TermDocuments).
CREATE INDEX IF NOT EXISTS catalog_searchdocument_shared_grams
  ON catalog_searchdocument USING gin (grams) WHERE kind < 3;
CREATE INDEX IF NOT EXISTS catalog_searchdocument_local_grams
  ON catalog_searchdocument USING gin (grams) WHERE kind = 3;
CREATE INDEX IF NOT EXISTS catalog_searchdocument_fragment_grams
  ON catalog_searchdocument USING gin (grams) WHERE kind = 4;

-- The entries holding any of a term's local fragments (`local_fragments && '{…}'`,
-- catalog/search/postgres.py).
CREATE INDEX IF NOT EXISTS catalog_searchentry_local_fragments
  ON catalog_searchentry USING gin (local_fragments);

-- The entries of a region's catalogues, in catalogue order: a search within a region counts
-- and ranks from the entries (catalog/search/postgres.py entry_scope).
CREATE INDEX IF NOT EXISTS catalog_searchentry_catalogue
  ON catalog_searchentry (catalogue_id, position);

-- Lets counts and facets over a result set read status, domain and catalogue from the
-- index (an index-only scan) instead of a million-row heap; with the columns the facets
-- count (levels_stated and the audience and mode flags: catalog/site/facets.py), their
-- statement reads no item row either (migration 0025). (Raising the statistics target
-- of the entry columns was tried: with thousands of document ids in a query, estimating
-- `= ANY(...)` against long most-common-value lists took 200 ms of planning.)
CREATE INDEX IF NOT EXISTS catalog_item_search_cover
  ON catalog_item (id) INCLUDE (status, domain_id, catalogue_id, position,
    levels_stated, audience_public, audience_specific, mode_proactive, mode_on_request);

-- The feeds' order (catalog.models.item.latest_change(), newest first, as
-- catalog/site/feeds.py orders by it): the newest 50 published items are read from it
-- instead of sorting a million (2.0 s -> 12 ms). SQLite cannot index NULLS LAST.
CREATE INDEX IF NOT EXISTS item_feed_order
  ON catalog_item (GREATEST(COALESCE(updated_at, published_at), COALESCE(published_at, updated_at)) DESC NULLS LAST, id DESC)
  WHERE status = 'published';
""",
}


def cover_facet_columns(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_item_search_cover")
        schema_editor.execute(SEARCH_SQL["indexes.sql"])


def cover_search_columns(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # the index as migration 0016 wrote it
        schema_editor.execute("DROP INDEX IF EXISTS catalog_item_search_cover")
        schema_editor.execute(import_module("catalog.migrations.0016_search_entry_catalogue").SEARCH_SQL["indexes.sql"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0024_search_document_domains"),
    ]

    operations = [
        migrations.RunPython(cover_facet_columns, cover_search_columns),
    ]
