"""Search entries: an index on their catalogue and position, so that a search within a region
(the 行政区划 filter) counts and ranks from the entries of the region's catalogues
(catalog/search/postgres.py entry_scope); and the number of distinct documents per entry
column told to the planner (catalog_search_entry_statistics, functions.sql), which ANALYZE's
sample underestimates tenfold. The SQL files are embedded as of this migration
(tests/test_migrations.py); SQLite has no search index.
"""

from django.db import migrations

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
-- catalog_search_fragments(local, region): the local part's lines cut at every occurrence of
--   the item's region name (upper-cased, as upper(line) is cut), distinct and non-empty: 政府网站,
--   人民政府 and 民政局 are then one document for every region (kind 4) where a whole local part
--   (kind 3) is one per region and text. A term found in a fragment is in the local part; a term
--   in the local part that is in no fragment overlaps the region's name: the names cut at are
--   kept in catalog_search_region_names (tables.sql), and catalog/search/postgres.py looks
--   up the whole local parts for a term that could overlap one of them.
-- catalog_search_index(ids): cuts each item's search_text into four segments at line
--   boundaries (0 names, 1 content, 2 the rest of the template, 3 the local part that starts
--   with 公开主体), stores each distinct segment once as a catalog_searchdocument, points the
--   item's catalog_searchentry at them with the keys a public search filters and sorts on
--   (published, domain, catalogue, position) and at the fragments of its local part
--   (local_fragments), and records which documents occur in which
--   domain (catalog_searchdocumentdomain). Returns the number of entries that changed.
-- catalog_search_entry_statistics(): tells the planner how many distinct documents each entry
--   column points at (ALTER COLUMN … SET n_distinct, as a fraction of the entries), then
--   ANALYZEs. ANALYZE's sample of 30,000 rows sees 2,022 of the 25,979 content documents at
--   1M items, so a rare phrase's 2,930 content documents were estimated at 367,000 entries
--   (actually 3,080) and counted by reading all 1M instead of through the index. Run after
--   bulk indexing (catalog/search/index.py index_items_between) and by the migration.
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

CREATE OR REPLACE FUNCTION catalog_search_fragments(local text, region text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT f), '{}') FROM
    unnest(string_to_array(local, E'\n')) AS line(x),
    unnest(CASE WHEN coalesce(region, '') = '' THEN ARRAY[upper(line.x)]
                ELSE string_to_array(replace(upper(line.x), region, E'\n'), E'\n') END) AS fragment(f)
  WHERE f <> ''
$$;

CREATE OR REPLACE FUNCTION catalog_search_index(ids bigint[]) RETURNS integer
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changed integer;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS catalog_search_segments (
    id bigint, n text, c text, t text, l text, region text) ON COMMIT DROP;
  TRUNCATE catalog_search_segments;
  INSERT INTO catalog_search_segments
  WITH src AS (
    SELECT catalog_item.id,
           concat_ws(E'\n', level1, level2, level3) AS n,
           content AS c,
           search_text AS s,
           array_to_string(array_remove(ARRAY[level1, level2, level3, content], ''), E'\n') AS pre,
           publisher_text AS p,
           upper(catalog_region.name) AS region
    FROM catalog_item JOIN unnest(ids) AS wanted(item_id) ON catalog_item.id = wanted.item_id
    JOIN catalog_catalogue ON catalog_catalogue.id = catalog_item.catalogue_id
    JOIN catalog_region ON catalog_region.id = catalog_catalogue.region_id
  ), rest AS MATERIALIZED (
    SELECT id, n, c, p, region,
           CASE WHEN pre = '' THEN s
                WHEN s = pre THEN ''
                WHEN left(s, length(pre) + 1) = pre || E'\n' THEN substr(s, length(pre) + 2)
                ELSE s END AS r
    FROM src
  ), cut AS (
    SELECT id, n, c, r, region,
           CASE WHEN p = '' THEN 0 ELSE strpos(E'\n' || r || E'\n', E'\n' || p || E'\n') END AS k
    FROM rest
  )
  SELECT id, n, c,
         CASE WHEN k = 0 THEN r WHEN k = 1 THEN '' ELSE left(r, k - 2) END,
         CASE WHEN k = 0 THEN '' ELSE substr(r, k) END,
         region
  FROM cut;

  INSERT INTO catalog_search_region_names (name)
  SELECT DISTINCT region FROM catalog_search_segments WHERE region <> ''
  ON CONFLICT (name) DO NOTHING;

  INSERT INTO catalog_searchdocument (digest, kind, text)
  SELECT DISTINCT ON (digest) digest, kind, x FROM (
    SELECT md5(kind::text || x)::uuid AS digest, kind, x
    FROM catalog_search_segments,
         unnest(ARRAY[n, c, t, l], ARRAY[0, 1, 2, 3]) AS segment_kind(x, kind)
    WHERE x <> ''
    UNION ALL
    SELECT md5('4' || x)::uuid, 4, x
    FROM catalog_search_segments, unnest(catalog_search_fragments(l, region)) AS fragment(x)) AS segment
  WHERE NOT EXISTS (SELECT 1 FROM catalog_searchdocument d WHERE d.digest = segment.digest)
  ON CONFLICT (digest) DO NOTHING;

  INSERT INTO catalog_searchentry (item_id, names_id, content_id, template_id, local_id,
                                  local_fragments, published, domain_id, catalogue_id, position)
  SELECT s.id,
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('0' || s.n)::uuid AND s.n <> ''),
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('1' || s.c)::uuid AND s.c <> ''),
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('2' || s.t)::uuid AND s.t <> ''),
         (SELECT d.id FROM catalog_searchdocument d WHERE d.digest = md5('3' || s.l)::uuid AND s.l <> ''),
         CASE WHEN s.l <> '' THEN ARRAY(
           SELECT DISTINCT d.id FROM unnest(catalog_search_fragments(s.l, s.region)) AS fragment(x)
           JOIN catalog_searchdocument d ON d.digest = md5('4' || fragment.x)::uuid ORDER BY d.id) END,
         i.status = 'published', i.domain_id, i.catalogue_id, i.position
  FROM catalog_search_segments s JOIN catalog_item i ON i.id = s.id
  ON CONFLICT (item_id) DO UPDATE SET
    names_id = EXCLUDED.names_id, content_id = EXCLUDED.content_id,
    template_id = EXCLUDED.template_id, local_id = EXCLUDED.local_id,
    local_fragments = EXCLUDED.local_fragments,
    published = EXCLUDED.published, domain_id = EXCLUDED.domain_id,
    catalogue_id = EXCLUDED.catalogue_id, position = EXCLUDED.position
  WHERE (catalog_searchentry.names_id, catalog_searchentry.content_id,
         catalog_searchentry.template_id, catalog_searchentry.local_id, catalog_searchentry.local_fragments,
         catalog_searchentry.published, catalog_searchentry.domain_id,
         catalog_searchentry.catalogue_id, catalog_searchentry.position)
        IS DISTINCT FROM (EXCLUDED.names_id, EXCLUDED.content_id, EXCLUDED.template_id, EXCLUDED.local_id,
                          EXCLUDED.local_fragments,
                          EXCLUDED.published, EXCLUDED.domain_id, EXCLUDED.catalogue_id, EXCLUDED.position);
  GET DIAGNOSTICS changed = ROW_COUNT;

  INSERT INTO catalog_searchdocumentdomain (domain_id, document_id)
  SELECT DISTINCT catalog_item.domain_id, segment.document_id
  FROM catalog_item
  JOIN catalog_searchentry e ON e.item_id = catalog_item.id
  CROSS JOIN LATERAL unnest(ARRAY[e.names_id, e.content_id, e.template_id, e.local_id] || e.local_fragments)
    AS segment(document_id)
  WHERE segment.document_id IS NOT NULL AND catalog_item.id = ANY(ids)
  ON CONFLICT DO NOTHING;
  TRUNCATE catalog_search_segments;
  RETURN changed;
END
$$;

CREATE OR REPLACE FUNCTION catalog_search_entry_statistics() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  distinct_documents bigint;
  column_name text;
BEGIN
  SELECT count(*) INTO total FROM catalog_searchentry;
  IF total > 0 THEN
    FOREACH column_name IN ARRAY ARRAY['names_id', 'content_id', 'template_id', 'local_id'] LOOP
      EXECUTE 'SELECT count(DISTINCT ' || quote_ident(column_name) || ') FROM catalog_searchentry'
        INTO distinct_documents;
      EXECUTE 'ALTER TABLE catalog_searchentry ALTER COLUMN ' || quote_ident(column_name)
        || ' SET (n_distinct = ' || (-greatest(distinct_documents, 1)::numeric / total)::text || ')';
    END LOOP;
  END IF;
  ANALYZE catalog_searchentry;
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
}


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_SQL["functions.sql"])
        schema_editor.execute(SEARCH_SQL["indexes.sql"])
        schema_editor.execute("SELECT catalog_search_entry_statistics()")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            """DROP INDEX IF EXISTS catalog_searchentry_catalogue;
               DROP FUNCTION IF EXISTS catalog_search_entry_statistics();
               ALTER TABLE catalog_searchentry ALTER COLUMN names_id RESET (n_distinct),
                 ALTER COLUMN content_id RESET (n_distinct), ALTER COLUMN template_id RESET (n_distinct),
                 ALTER COLUMN local_id RESET (n_distinct);"""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0015_local_fragments"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
