-- What the search tables need beyond the Django models (PostgreSQL).
-- grams: each document's keys (functions.sql), computed by PostgreSQL on every insert.
-- catalog_searchentry.item_id: Django declares the link without a database constraint
--   (db_constraint=False); here it gets one that deletes an item's entry with the item.
-- catalog_search_junctions: every occurrence of a region name a local part was cut at, with
--   its context (functions.sql catalog_search_cut_junctions). Only ever added to: an entry cut
--   at a region's old name (renamed or moved since, its items not indexed again) keeps its
--   junctions. grams: the keys of the whole junction (before || name || after), which hold
--   every key of a term found in it. name_grams: the keys of the name with one character of
--   context on each side: a term of two characters or more that overlaps the name holds one
--   of its pairs (the pair at a character they share and the next one, or the one before it
--   when the term ends there), a one-character term is one of its characters. Either alone
--   finds thousands of junctions a term does not overlap at 1M items (grams: 6,197 with 教育局
--   after a village's name, 51 ms to recheck; name_grams: 39,382 names with 社区 for
--   发展社区社会, 46 ms); together (indexes.sql) they find the few it may.
-- Safe to run again: a later migration may re-apply the whole file.

CREATE TABLE IF NOT EXISTS catalog_search_junctions (
  before text NOT NULL,
  name text NOT NULL,
  after text NOT NULL,
  grams text[] GENERATED ALWAYS AS (catalog_search_grams(before || name || after)) STORED,
  name_grams text[] GENERATED ALWAYS AS (catalog_search_grams(right(before, 1) || name || left(after, 1))) STORED,
  PRIMARY KEY (before, name, after)
);

ALTER TABLE catalog_searchdocument
  ADD COLUMN IF NOT EXISTS grams text[] GENERATED ALWAYS AS (catalog_search_grams(text)) STORED;

ALTER TABLE catalog_searchentry DROP CONSTRAINT IF EXISTS catalog_searchentry_item_fk;
ALTER TABLE catalog_searchentry
  ADD CONSTRAINT catalog_searchentry_item_fk FOREIGN KEY (item_id)
  REFERENCES catalog_item (id) ON DELETE CASCADE;
