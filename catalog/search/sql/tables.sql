-- What the search tables need beyond the Django models (PostgreSQL).
-- grams: each document's keys (functions.sql), computed by PostgreSQL on every insert.
-- catalog_searchentry.item_id: Django declares the link without a database constraint
--   (db_constraint=False); here it gets one that deletes an item's entry with the item.
-- catalog_search_region_names: every (upper-cased) region name a local part was cut at
--   (functions.sql catalog_search_fragments); only ever added to, so that a web worker knows
--   them again when their count changed (catalog/search/postgres.py RegionNames).
-- Safe to run again: a later migration may re-apply the whole file.

CREATE TABLE IF NOT EXISTS catalog_search_region_names (name text PRIMARY KEY);

ALTER TABLE catalog_searchdocument
  ADD COLUMN IF NOT EXISTS grams text[] GENERATED ALWAYS AS (catalog_search_grams(text)) STORED;

ALTER TABLE catalog_searchentry DROP CONSTRAINT IF EXISTS catalog_searchentry_item_fk;
ALTER TABLE catalog_searchentry
  ADD CONSTRAINT catalog_searchentry_item_fk FOREIGN KEY (item_id)
  REFERENCES catalog_item (id) ON DELETE CASCADE;
