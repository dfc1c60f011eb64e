"""The PostgreSQL search index: its functions, columns, indexes (with the feeds' order) and
triggers, as the SQL read on the day of this migration (catalog/search/sql/ holds the current
text; tests/test_migrations.py fails when those files differ from the latest migration that
embeds them, so a change to them comes with a new migration). SQLite runs none of it: there
the simple backend searches search_text directly.
"""

from django.db import migrations

# File name -> its text, applied in this order. Every statement is safe to run again.
SEARCH_SQL = {
    "functions.sql": r"""-- The search index's functions (PostgreSQL). Applied by the migration that embeds this text;
-- editing this file needs a new migration embedding it (tests/test_migrations.py).
--
-- catalog_search_grams(text): the distinct characters and character pairs of upper(text),
--   the keys of the GIN indexes (pairs containing a line break are left out: terms never
--   contain whitespace).
-- catalog_search_query_grams(text): the keys a term needs: its pairs, or the character
--   itself for a one-character term. upper() is PostgreSQL's, the same function Django's
--   `icontains` applies, so a document containing the term always has all its keys.
-- catalog_search_index(ids): cuts each item's search_text into four segments at line
--   boundaries (0 names, 1 content, 2 the rest of the template, 3 the local part that starts
--   with 公开主体), stores each distinct segment once as a catalog_searchdocument, points the
--   item's catalog_searchentry at them with the keys a public search filters and sorts on
--   (published, domain, catalogue, position), and records which documents occur in which
--   domain (catalog_searchdocumentdomain). Returns the number of entries that changed.
-- catalog_search_index_rows(): the statement triggers' function (triggers.sql): one
--   set-based pass per INSERT or UPDATE statement, unless the session has set
--   catalog.defer_search_index = on (bulk loaders then index their id range at the end).

CREATE OR REPLACE FUNCTION catalog_search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
    SELECT substr(u, i, 2) AS g FROM upper(t) AS u, generate_series(1, length(u) - 1) AS i
    UNION ALL
    SELECT substr(u, i, 1) FROM upper(t) AS u, generate_series(1, length(u)) AS i
  ) AS grams WHERE strpos(g, E'\n') = 0
$$;

CREATE OR REPLACE FUNCTION catalog_search_query_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN length(u) < 2 THEN ARRAY[u]
         ELSE ARRAY(SELECT DISTINCT substr(u, i, 2) FROM generate_series(1, length(u) - 1) AS i) END
  FROM upper(t) AS u
$$;

CREATE OR REPLACE FUNCTION catalog_search_index(ids bigint[]) RETURNS integer
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changed integer;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS catalog_search_segments (
    id bigint, n text, c text, t text, l text) ON COMMIT DROP;
  TRUNCATE catalog_search_segments;
  INSERT INTO catalog_search_segments
  WITH src AS (
    SELECT catalog_item.id,
           concat_ws(E'\n', level1, level2, level3) AS n,
           content AS c,
           search_text AS s,
           array_to_string(array_remove(ARRAY[level1, level2, level3, content], ''), E'\n') AS pre,
           publisher_text AS p
    FROM catalog_item JOIN unnest(ids) AS wanted(item_id) ON catalog_item.id = wanted.item_id
  ), rest AS MATERIALIZED (
    SELECT id, n, c, p,
           CASE WHEN pre = '' THEN s
                WHEN s = pre THEN ''
                WHEN left(s, length(pre) + 1) = pre || E'\n' THEN substr(s, length(pre) + 2)
                ELSE s END AS r
    FROM src
  ), cut AS (
    SELECT id, n, c, r,
           CASE WHEN p = '' THEN 0 ELSE strpos(E'\n' || r || E'\n', E'\n' || p || E'\n') END AS k
    FROM rest
  )
  SELECT id, n, c,
         CASE WHEN k = 0 THEN r WHEN k = 1 THEN '' ELSE left(r, k - 2) END,
         CASE WHEN k = 0 THEN '' ELSE substr(r, k) END
  FROM cut;

  INSERT INTO catalog_searchdocument (digest, kind, text)
  SELECT DISTINCT ON (digest) digest, kind, x FROM (
    SELECT md5(kind::text || x)::uuid AS digest, kind, x
    FROM catalog_search_segments,
         unnest(ARRAY[n, c, t, l], ARRAY[0, 1, 2, 3]) AS segment_kind(x, kind)
    WHERE x <> '') AS segment
  WHERE NOT EXISTS (SELECT 1 FROM catalog_searchdocument d WHERE d.digest = segment.digest)
  ON CONFLICT (digest) DO NOTHING;

  INSERT INTO catalog_searchentry (item_id, names_id, content_id, template_id, local_id,
                                  published, domain_id, catalogue_id, position)
  SELECT s.id,
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('0' || s.n)::uuid AND s.n <> ''),
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('1' || s.c)::uuid AND s.c <> ''),
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('2' || s.t)::uuid AND s.t <> ''),
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('3' || s.l)::uuid AND s.l <> ''),
         i.status = 'published', i.domain_id, i.catalogue_id, i.position
  FROM catalog_search_segments s JOIN catalog_item i ON i.id = s.id
  ON CONFLICT (item_id) DO UPDATE SET
    names_id = EXCLUDED.names_id, content_id = EXCLUDED.content_id,
    template_id = EXCLUDED.template_id, local_id = EXCLUDED.local_id,
    published = EXCLUDED.published, domain_id = EXCLUDED.domain_id,
    catalogue_id = EXCLUDED.catalogue_id, position = EXCLUDED.position
  WHERE (catalog_searchentry.names_id, catalog_searchentry.content_id,
         catalog_searchentry.template_id, catalog_searchentry.local_id,
         catalog_searchentry.published, catalog_searchentry.domain_id,
         catalog_searchentry.catalogue_id, catalog_searchentry.position)
        IS DISTINCT FROM (EXCLUDED.names_id, EXCLUDED.content_id, EXCLUDED.template_id, EXCLUDED.local_id,
                          EXCLUDED.published, EXCLUDED.domain_id, EXCLUDED.catalogue_id, EXCLUDED.position);
  GET DIAGNOSTICS changed = ROW_COUNT;

  INSERT INTO catalog_searchdocumentdomain (domain_id, document_id)
  SELECT DISTINCT catalog_item.domain_id, segment.document_id
  FROM catalog_item
  JOIN catalog_searchentry e ON e.item_id = catalog_item.id
  CROSS JOIN LATERAL unnest(ARRAY[e.names_id, e.content_id, e.template_id, e.local_id]) AS segment(document_id)
  WHERE segment.document_id IS NOT NULL AND catalog_item.id = ANY(ids)
  ON CONFLICT DO NOTHING;
  TRUNCATE catalog_search_segments;
  RETURN changed;
END
$$;

CREATE OR REPLACE FUNCTION catalog_search_index_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A bulk loader may defer indexing for its own session and index once at the end.
  IF coalesce(current_setting('catalog.defer_search_index', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM catalog_search_index(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END
$$;
""",
    "tables.sql": r"""-- What the search tables need beyond the Django models (PostgreSQL).
-- grams: each document's keys (functions.sql), computed by PostgreSQL on every insert.
-- catalog_searchentry.item_id: Django declares the link without a database constraint
--   (db_constraint=False); here it gets one that deletes an item's entry with the item.
-- Safe to run again: a later migration may re-apply the whole file.

ALTER TABLE catalog_searchdocument
  ADD COLUMN IF NOT EXISTS grams text[] GENERATED ALWAYS AS (catalog_search_grams(text)) STORED;

ALTER TABLE catalog_searchentry DROP CONSTRAINT IF EXISTS catalog_searchentry_item_fk;
ALTER TABLE catalog_searchentry
  ADD CONSTRAINT catalog_searchentry_item_fk FOREIGN KEY (item_id)
  REFERENCES catalog_item (id) ON DELETE CASCADE;
""",
    "indexes.sql": r"""-- Indexes PostgreSQL needs beyond the Django models' own (SQLite runs none of this).
-- Safe to run again (IF NOT EXISTS): to change an index, drop it first or give it a new name.

-- One GIN index for the few shared documents (names, content, template) and one for the
-- many local ones, so that looking up a term's shared documents never reads the local ones
-- (catalog/search/postgres.py TermDocuments).
CREATE INDEX IF NOT EXISTS catalog_searchdocument_shared_grams
  ON catalog_searchdocument USING gin (grams) WHERE kind < 3;
CREATE INDEX IF NOT EXISTS catalog_searchdocument_local_grams
  ON catalog_searchdocument USING gin (grams) WHERE kind = 3;

-- Lets counts and facets over a result set read status, domain and catalogue from the
-- index (an index-only scan) instead of a million-row heap. (Raising the statistics target
-- of the entry columns was tried: with thousands of document ids in a query, estimating
-- `= ANY(...)` against long most-common-value lists took 200 ms of planning.)
CREATE INDEX IF NOT EXISTS catalog_item_search_cover
  ON catalog_item (id) INCLUDE (status, domain_id, catalogue_id, position);

-- The feeds' order (catalog.models.item.latest_change(), newest first, as
-- catalog/site/feeds.py orders by it): the newest 50 published items are read from it
-- instead of sorting a million (2.0 s -> 12 ms). SQLite cannot index NULLS LAST.
CREATE INDEX IF NOT EXISTS item_feed_order
  ON catalog_item (GREATEST(COALESCE(updated_at, published_at), COALESCE(published_at, updated_at)) DESC NULLS LAST, id DESC)
  WHERE status = 'published';
""",
    "triggers.sql": r"""-- Statement triggers with transition tables: every INSERT or UPDATE on catalog_item (ORM
-- save, bulk_update, COPY, raw SQL) re-indexes the rows it wrote, in one set-based pass
-- (functions.sql). CREATE OR REPLACE TRIGGER needs PostgreSQL 14 or later.

CREATE OR REPLACE TRIGGER catalog_item_search_insert AFTER INSERT ON catalog_item
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_index_rows();
CREATE OR REPLACE TRIGGER catalog_item_search_update AFTER UPDATE ON catalog_item
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_index_rows();
""",
}

DROP_SEARCH_SQL = r"""
DROP TRIGGER IF EXISTS catalog_item_search_insert ON catalog_item;
DROP TRIGGER IF EXISTS catalog_item_search_update ON catalog_item;
DROP INDEX IF EXISTS item_feed_order;
DROP INDEX IF EXISTS catalog_item_search_cover;
DROP INDEX IF EXISTS catalog_searchdocument_shared_grams;
DROP INDEX IF EXISTS catalog_searchdocument_local_grams;
ALTER TABLE catalog_searchentry DROP CONSTRAINT IF EXISTS catalog_searchentry_item_fk;
ALTER TABLE catalog_searchdocument DROP COLUMN IF EXISTS grams;
DROP FUNCTION IF EXISTS catalog_search_index_rows();
DROP FUNCTION IF EXISTS catalog_search_index(bigint[]);
DROP FUNCTION IF EXISTS catalog_search_query_grams(text);
DROP FUNCTION IF EXISTS catalog_search_grams(text);
"""


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for text in SEARCH_SQL.values():
            schema_editor.execute(text)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEARCH_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_initial_data"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
    ]
