-- Indexes PostgreSQL needs beyond the Django models' own (SQLite runs none of this).
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

-- The junctions a term may overlap (catalog_search_near_junction, functions.sql).
CREATE INDEX IF NOT EXISTS catalog_search_junctions_grams
  ON catalog_search_junctions USING gin (grams, name_grams);

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
