"""Junctions: where the local parts were cut at a region name, with the context around the cut.

A term found in no local fragment can still be in a local part, when it overlaps one of the
names the part was cut at. Until now a term was looked up in the whole local parts when it
*could* overlap one of the names (catalog_search_region_names, kept in each web worker as sets):
it lies in a name, contains one, begins with a name's ending or ends with a name's beginning.
With thousands of names almost every term begins or ends with some name's first or last
character: 政务服务中 (中德镇 is a name) rechecked ~52,000 local documents at 1M items and
sent their ids inline. Each cut's occurrence of a name is now recorded with K characters of
context (catalog_search_junctions, sql/tables.sql), and a term goes to the whole local parts
only when it overlaps one (sql/functions.sql catalog_search_near_junction): one GIN lookup.

Existing entries get their junctions from their local documents and their catalogue region's
path, one pass over the distinct (local document, region, fragments) of the entries. An entry
whose fragments are not those its current path cuts (its region renamed or moved since it was
indexed) may have been cut at any name ever cut at: its local document gets the junctions of
every name of catalog_search_region_names it holds. That table then goes. The SQL files are
embedded as of this migration (tests/test_migrations.py).
"""

from importlib import import_module

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
-- catalog_search_region_path(region): the upper-cased names of a region and of every region
--   above it (太和镇, 和平县, 兴安盟, 内蒙古自治区 for 太和镇): the names a local part is cut at.
-- catalog_search_fragments(local, names): the local part's lines cut at every occurrence of
--   each of `names` (catalog_search_region_path of the item's catalogue region; upper-cased,
--   as upper(line) is cut), distinct and non-empty: 政府网站, 人民政府 and 民政局 are then one
--   document for every region (kind 4) where a whole local part (kind 3) is one per region and
--   text. A village's line printed with its whole path (XX市XX乡XX村教育局 XX市XX乡XX村督导中心)
--   is cut at the city and township too: cut at the village alone, 教育局 XX市XX乡 was one
--   fragment per township (1,209 fragments held 教育局 at 1M items, 7 now). A term found in a
--   fragment is in the local part; a term in the local part that is in no fragment overlaps
--   an occurrence of one of the names in the line (each cut is at an occurrence of a name in
--   upper(line) itself: a name holds no line break). Those occurrences are recorded as
--   junctions (catalog_search_cut_junctions), and catalog/search/postgres.py looks up the
--   whole local parts only for a term that overlaps one of them (catalog_search_near_junction).
-- catalog_search_junction_context(): K, the characters of context a junction keeps on each
--   side of its name.
-- catalog_search_cut_junctions(local, names): every occurrence of each of `names` in
--   upper(local), overlapping ones included (a superset of the occurrences
--   catalog_search_fragments cuts, longest name first), as (before, name, after): the K
--   characters of the line before it and after it, fewer at the line's ends; a context also
--   stops at a space, a tab or a line break (U+3000 too), which no term holds (the backend
--   answers a term with whitespace without the index). Kept in catalog_search_junctions
--   (tables.sql), only ever added to: entries cut at a region's old name keep theirs.
-- catalog_search_near_junction(term): whether upper(term), of length t, occurs in some
--   junction's right(before, t - 1) || name || left(after, t - 1), which is exactly whether it
--   overlaps a recorded occurrence of a name (t - 1 characters of context cannot hold an
--   occurrence that does not). For t > K + 1 each window of K + 1 characters of the term is
--   tested instead: an occurrence of the term overlapping a name holds one overlapping it
--   (sound, and conservative). One GIN lookup per window: the junctions holding all its keys,
--   one of them next to or in the name (tables.sql), then rechecked.
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

CREATE OR REPLACE FUNCTION catalog_search_region_path(region bigint) RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
  WITH RECURSIVE up(id, parent_id, name, depth) AS (
    SELECT id, parent_id, upper(name), 0 FROM catalog_region WHERE id = region
    UNION ALL
    SELECT r.id, r.parent_id, upper(r.name), up.depth + 1
    FROM catalog_region r JOIN up ON r.id = up.parent_id WHERE up.depth < 20
  )
  SELECT coalesce(array_agg(DISTINCT name ORDER BY name) FILTER (WHERE name <> ''), '{}')
    FROM up
$$;

CREATE OR REPLACE FUNCTION catalog_search_fragments(local text, names text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  cut text := upper(local);
  name text;
BEGIN
  -- Longest first: a name inside a longer one (和平 in 和平乡) must not cut the longer one.
  FOR name IN SELECT n FROM unnest(names) AS n WHERE n <> '' ORDER BY length(n) DESC, n LOOP
    cut := replace(cut, name, E'\n');
  END LOOP;
  RETURN (SELECT coalesce(array_agg(DISTINCT f), '{}') FROM unnest(string_to_array(cut, E'\n')) AS f
          WHERE f <> '');
END
$$;

CREATE OR REPLACE FUNCTION catalog_search_junction_context() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 4 $$;

CREATE OR REPLACE FUNCTION catalog_search_cut_junctions(local text, names text[])
RETURNS TABLE (before text, name text, after text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  cut text := upper(local);
  -- the same characters, each space, tab and carriage return a line break: contexts end there
  lines text := translate(upper(local), E' \t\r\u3000', E'\n\n\n\n');
  k integer := catalog_search_junction_context();
  n text;
  at integer;
  found integer;
BEGIN
  FOREACH n IN ARRAY names LOOP
    CONTINUE WHEN n = '';
    at := 0;
    LOOP
      found := strpos(substr(cut, at + 1), n);
      EXIT WHEN found = 0;
      at := at + found;  -- the occurrence starts here; the next one is looked for from at + 1
      before := reverse(split_part(reverse(substr(lines, greatest(at - k, 1), at - greatest(at - k, 1))), E'\n', 1));
      name := n;
      after := split_part(substr(lines, at + length(n), k), E'\n', 1);
      RETURN NEXT;
    END LOOP;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION catalog_search_near_junction(term text) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
  SELECT EXISTS (
    SELECT 1
    FROM upper(term) AS u
    CROSS JOIN LATERAL generate_series(1, greatest(length(u) - catalog_search_junction_context(), 1)) AS i
    CROSS JOIN LATERAL substr(u, i, catalog_search_junction_context() + 1) AS w
    JOIN catalog_search_junctions j
      ON j.grams @> catalog_search_query_grams(w) AND j.name_grams && catalog_search_query_grams(w)
    WHERE strpos(right(j.before, length(w) - 1) || j.name || left(j.after, length(w) - 1), w) > 0)
$$;

CREATE OR REPLACE FUNCTION catalog_search_index(ids bigint[]) RETURNS integer
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  changed integer;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS catalog_search_segments (
    id bigint, n text, c text, t text, l text, names text[]) ON COMMIT DROP;
  TRUNCATE catalog_search_segments;
  INSERT INTO catalog_search_segments
  WITH paths AS MATERIALIZED (  -- once a region, not once an item
    SELECT region_id, catalog_search_region_path(region_id) AS names
    FROM (SELECT DISTINCT catalog_catalogue.region_id
          FROM catalog_item JOIN unnest(ids) AS wanted(item_id) ON catalog_item.id = wanted.item_id
          JOIN catalog_catalogue ON catalog_catalogue.id = catalog_item.catalogue_id) AS batch
  ), src AS (
    SELECT catalog_item.id,
           concat_ws(E'\n', level1, level2, level3) AS n,
           content AS c,
           search_text AS s,
           array_to_string(array_remove(ARRAY[level1, level2, level3, content], ''), E'\n') AS pre,
           publisher_text AS p,
           paths.names
    FROM catalog_item JOIN unnest(ids) AS wanted(item_id) ON catalog_item.id = wanted.item_id
    JOIN catalog_catalogue ON catalog_catalogue.id = catalog_item.catalogue_id
    JOIN paths ON paths.region_id = catalog_catalogue.region_id
  ), rest AS MATERIALIZED (
    SELECT id, n, c, p, names,
           CASE WHEN pre = '' THEN s
                WHEN s = pre THEN ''
                WHEN left(s, length(pre) + 1) = pre || E'\n' THEN substr(s, length(pre) + 2)
                ELSE s END AS r
    FROM src
  ), cut AS (
    SELECT id, n, c, r, names,
           CASE WHEN p = '' THEN 0 ELSE strpos(E'\n' || r || E'\n', E'\n' || p || E'\n') END AS k
    FROM rest
  )
  SELECT id, n, c,
         CASE WHEN k = 0 THEN r WHEN k = 1 THEN '' ELSE left(r, k - 2) END,
         CASE WHEN k = 0 THEN '' ELSE substr(r, k) END,
         names
  FROM cut;

  INSERT INTO catalog_search_junctions (before, name, after)
  SELECT DISTINCT junction.before, junction.name, junction.after
  FROM (SELECT DISTINCT l, names FROM catalog_search_segments WHERE l <> '') AS cut,
       catalog_search_cut_junctions(cut.l, cut.names) AS junction
  ON CONFLICT DO NOTHING;

  INSERT INTO catalog_searchdocument (digest, kind, text)
  SELECT DISTINCT ON (digest) digest, kind, x FROM (
    SELECT md5(kind::text || x)::uuid AS digest, kind, x
    FROM catalog_search_segments,
         unnest(ARRAY[n, c, t, l], ARRAY[0, 1, 2, 3]) AS segment_kind(x, kind)
    WHERE x <> ''
    UNION ALL
    SELECT md5('4' || x)::uuid, 4, x
    FROM catalog_search_segments, unnest(catalog_search_fragments(l, names)) AS fragment(x)) AS segment
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
           SELECT DISTINCT d.id FROM unnest(catalog_search_fragments(s.l, s.names)) AS fragment(x)
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
    "tables.sql": r"""-- What the search tables need beyond the Django models (PostgreSQL).
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
""",
}

# The junctions of the existing entries (see the docstring), before the table of names goes.
FILL_JUNCTIONS_SQL = r"""
CREATE TEMP TABLE catalog_search_paths ON COMMIT DROP AS
  SELECT regions.region_id, catalog_search_region_path(regions.region_id) AS names
  FROM (SELECT DISTINCT region_id FROM catalog_catalogue) AS regions;
CREATE TEMP TABLE catalog_search_cut_parts ON COMMIT DROP AS
  SELECT d.text, p.names,
         ARRAY(SELECT f FROM unnest(catalog_search_fragments(d.text, p.names)) AS fragment(f) ORDER BY f)
           IS DISTINCT FROM
         ARRAY(SELECT f.text FROM catalog_searchdocument f WHERE f.id = ANY(parts.local_fragments) ORDER BY f.text)
           AS stale
  FROM (SELECT DISTINCT e.local_id, c.region_id, e.local_fragments
        FROM catalog_searchentry e JOIN catalog_catalogue c ON c.id = e.catalogue_id
        WHERE e.local_id IS NOT NULL) AS parts
  JOIN catalog_search_paths p ON p.region_id = parts.region_id
  JOIN catalog_searchdocument d ON d.id = parts.local_id;
INSERT INTO catalog_search_junctions (before, name, after)
  SELECT DISTINCT junction.before, junction.name, junction.after
  FROM catalog_search_cut_parts part
  CROSS JOIN LATERAL catalog_search_cut_junctions(
    part.text,
    CASE WHEN part.stale
         THEN part.names || ARRAY(SELECT n.name FROM catalog_search_region_names n
                                  WHERE strpos(upper(part.text), n.name) > 0)
         ELSE part.names END) AS junction
  ON CONFLICT DO NOTHING;
DROP TABLE catalog_search_cut_parts, catalog_search_paths;
"""


def record_junctions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_SQL["tables.sql"])  # first: catalog_search_near_junction reads the table
        schema_editor.execute(SEARCH_SQL["functions.sql"])
        schema_editor.execute(FILL_JUNCTIONS_SQL)
        schema_editor.execute(SEARCH_SQL["indexes.sql"])  # the GIN index once filled
        schema_editor.execute("DROP TABLE catalog_search_region_names; ANALYZE catalog_search_junctions")


def keep_region_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # 0023's functions, and the names cut at: every junction's, and every catalogue region's path
        schema_editor.execute(
            import_module("catalog.migrations.0023_fragments_cut_at_region_path").SEARCH_SQL["functions.sql"]
        )
        schema_editor.execute(
            """CREATE TABLE catalog_search_region_names (name text PRIMARY KEY);
               INSERT INTO catalog_search_region_names (name)
                 SELECT name FROM catalog_search_junctions
                 UNION
                 SELECT name FROM (SELECT DISTINCT region_id FROM catalog_catalogue) AS regions,
                                  unnest(catalog_search_region_path(regions.region_id)) AS path(name)
                 WHERE name <> '';
               DROP TABLE catalog_search_junctions;
               DROP FUNCTION catalog_search_near_junction(text);
               DROP FUNCTION catalog_search_cut_junctions(text, text[]);
               DROP FUNCTION catalog_search_junction_context();"""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0026_redundant_item_indexes_dropped"),
    ]

    operations = [
        migrations.RunPython(record_junctions, keep_region_names),
    ]
