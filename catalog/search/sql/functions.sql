-- The search index's functions (PostgreSQL). Applied by the migration that embeds this text;
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
