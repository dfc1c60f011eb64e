"""The local part of the search index also cut into fragments shared across regions.

An item's local part (publishers, channels, 责任科室) is one search document per region and
text: a term such as 政府网站 or 人民政府 matched tens of thousands of them at 1M items. Each
line is now also cut at the region's name into fragments (kind 4 documents: 政府网站, 人民政府,
民政局 are one for every region) and an entry lists its fragments (`local_fragments`, bigint[]
with a GIN index). A term that cannot overlap a region name is found through the fragments
(catalog/search/postgres.py). Existing entries are cut here from their local documents,
without re-indexing the items; SQLite only gets the empty column. The SQL files are embedded
as of this migration (tests/test_migrations.py).
"""

from importlib import import_module

import django.contrib.postgres.fields
from django.db import migrations, models

SEARCH_SQL = {
    "tables.sql": r"""-- What the search tables need beyond the Django models (PostgreSQL).
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
""",
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

# The fragments of every existing entry, from its local document and its catalogue's region.
CUT_LOCAL_SQL = r"""
INSERT INTO catalog_search_region_names (name)
  SELECT DISTINCT upper(name) FROM catalog_region WHERE name <> ''
  ON CONFLICT (name) DO NOTHING;
CREATE TEMP TABLE catalog_search_cuts ON COMMIT DROP AS
  SELECT pairs.local_id, pairs.region, catalog_search_fragments(d.text, pairs.region) AS fragments
  FROM (SELECT DISTINCT e.local_id, upper(r.name) AS region
        FROM catalog_searchentry e
        JOIN catalog_catalogue c ON c.id = e.catalogue_id
        JOIN catalog_region r ON r.id = c.region_id
        WHERE e.local_id IS NOT NULL) AS pairs
  JOIN catalog_searchdocument d ON d.id = pairs.local_id;
INSERT INTO catalog_searchdocument (digest, kind, text)
  SELECT DISTINCT ON (digest) md5('4' || f)::uuid AS digest, 4, f
  FROM catalog_search_cuts, unnest(fragments) AS fragment(f)
  ON CONFLICT (digest) DO NOTHING;
CREATE TEMP TABLE catalog_search_cut_ids ON COMMIT DROP AS
  SELECT cut.local_id, cut.region,
         ARRAY(SELECT DISTINCT d.id FROM unnest(cut.fragments) AS fragment(f)
               JOIN catalog_searchdocument d ON d.digest = md5('4' || f)::uuid ORDER BY d.id) AS ids
  FROM catalog_search_cuts cut;
UPDATE catalog_searchentry e SET local_fragments = cut.ids
  FROM catalog_catalogue c, catalog_region r, catalog_search_cut_ids cut
  WHERE c.id = e.catalogue_id AND r.id = c.region_id
    AND cut.local_id = e.local_id AND cut.region = upper(r.name);
INSERT INTO catalog_searchdocumentdomain (domain_id, document_id)
  SELECT DISTINCT e.domain_id, fragment.id
  FROM catalog_searchentry e, unnest(e.local_fragments) AS fragment(id)
  WHERE e.domain_id IS NOT NULL
  ON CONFLICT DO NOTHING;
"""


def cut_local_parts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_SQL["tables.sql"])
        schema_editor.execute(SEARCH_SQL["functions.sql"])
        schema_editor.execute(CUT_LOCAL_SQL)
        schema_editor.execute(SEARCH_SQL["indexes.sql"])
        schema_editor.execute("ANALYZE catalog_searchentry; ANALYZE catalog_searchdocument")


def drop_fragments(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # the index function as the search index's own migration wrote it (no fragments)
        previous = import_module("catalog.migrations.0003_search_index").SEARCH_SQL["functions.sql"]
        schema_editor.execute(previous)
        schema_editor.execute(
            """DELETE FROM catalog_searchdocumentdomain p USING catalog_searchdocument d
                 WHERE d.id = p.document_id AND d.kind = 4;
               DELETE FROM catalog_searchdocument WHERE kind = 4;
               DROP INDEX IF EXISTS catalog_searchdocument_fragment_grams;
               DROP FUNCTION IF EXISTS catalog_search_fragments(text, text);
               DROP TABLE IF EXISTS catalog_search_region_names;"""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0014_published_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="local_fragments",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), null=True, size=None, verbose_name="公开主体及渠道片段"
            ),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="kind",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "事项名称"),
                    (1, "公开内容"),
                    (2, "其他模板文本"),
                    (3, "公开主体及渠道"),
                    (4, "公开主体及渠道片段"),
                ],
                verbose_name="段落类型",
            ),
        ),
        migrations.RunPython(cut_local_parts, drop_fragments),
    ]
