"""A search as ranked conditions, and how to count and page it without sorting every match.

A backend describes a search as a `RankedMatch`: cumulative conditions, `ranks[r]` holding the
items ranked r or better (the last one is every match), plus optional `lower_bounds`: subsets
of the full match that are cheaper to evaluate. `ranked_results` turns it into the search's
`Results`: the queryset every caller sees (filtered, annotated with `search_rank`) and, beside
it, a `SearchPlan`, which `SearchPaginator` and the facets use instead of the plain queryset
when they are handed it:

- the count stops at the first lower bound that already exceeds the limit ("10,000+"), so
  a frequent term is never matched in the segments that are expensive to look up;
- the relevance-ordered page is taken rank by rank. Within a rank the order is the catalogue
  order. A rank with few matches is fetched whole and sorted; a rank with many matches is
  read in catalogue order until the page is full (PostgreSQL walks the catalogues in order
  and stops early), instead of sorting hundreds of thousands of rows to keep twenty.

Both paths give exactly the rows, totals and order of the plain queryset: tests compare them.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Case, IntegerField, Q, Value, When

# A rank with at most this many matches is fetched whole and sorted; above it, it is read in order.
PROBE_LIMIT = 5_000
# A rank that PostgreSQL expects to find through at most this many entries (RankedMatch.reads) is
# probed for up to that many rows: the probe reads them all anyway when the rank is sparse among
# them, and then sorts the whole rank in the same statement. Probed for PROBE_LIMIT rows only, a
# larger rank was read again by the sort (rank 1 of 标准 政府 at 1M items: 6,388 rows among
# 政府's 49,505 names and content entries, 69,780 expected: two statements of 42-59 ms each).
# A rank dense among them would be read whole where PROBE_LIMIT rows would do, but a dense rank
# is mostly answered from the first catalogues before any probe (_in_first_catalogues).
PROBE_WHOLE = 100_000
# The first pages of a rank are first looked for in the first catalogues alone (_in_first_catalogues).
FIRST_CATALOGUES = 20
FIRST_CATALOGUE_ROWS = 100
# An exact count of at most this many matches also gathers their ids, ranks and sort keys (one
# statement): the page and the facets are then read from them, not probed again. Above it (no
# facets then) the database sorts each rank and sends 20 rows: cheaper than 8,000 rows to sort
# here (12348 at 1M: p50 81.5 ms by probes, 186.3 ms gathered, two runs at load 4-8).
COLLECT_LIMIT = 2_000
# An exact count of more than COLLECT_LIMIT matches still brings back the first HEAD_ROWS of
# them in relevance order (sorted in the database, in the counting statement): the first pages
# are then read from them instead of sorting a rank again (a rare phrase's 3,080 matches at 1M
# items: one statement instead of the count and a sorted probe of the same rows).
HEAD_ROWS = 100


@dataclass
class RankedMatch:
    ranks: list[Q]
    lower_bounds: list[Q] = field(default_factory=list)
    # widens(i): whether the level after lower bound i can hold more rows (None: assume so)
    widened_by: list = field(default_factory=list)

    # True when the items searched are few (a township, a catalogue): every match is then
    # fetched at once, with its rank and sort keys, and counted, paged and faceted from that.
    collect_all: bool = False

    # The searched items' search entries, when the search's filters can be read there:
    # counts and rank probes then never look up catalog_item (PostgreSQL backend).
    entries: "Entries | None" = None

    # never(condition): whether the backend already knows that no item meets `condition` (a
    # term found in no document): such a rank is skipped when paging, without a statement.
    never: Callable[[Q], bool] = field(default=lambda condition: False)

    # estimate(queryset): the database's estimate of its number of rows, when the backend knows
    # it to be close (PostgreSQL, one term: the planner sees every condition's statistics). A
    # rank estimated above the probe limit is then sorted at once, without first probing its
    # first PROBE_LIMIT + 1 rows: 特困人员 in names (五保's synonym) at 1M items, 11,523 rows
    # estimated at 11,591, was read twice (a probe of 5,001 rows, 4,039 buffers, then the sort).
    estimate: Callable | None = None

    # Planner settings turned off for the plan's statements (planner_without): a condition whose
    # cost row by row the planner does not see (PostgreSQL: a term in many local fragments).
    planner_off: tuple[str, ...] = ()

    # reads(rank): PostgreSQL's estimate of the entries a statement of that rank reads through the
    # index it is driven by, when known (several terms: a bound of the rank's rows, which `estimate`
    # cannot give while all but the driving term are hidden from the planner); None: unknown.
    reads: Callable[[int], float | None] | None = None

    # walked(condition): the same condition with no term's index usable (PostgreSQL: tested row
    # by row), for the statement that walks the first catalogues' rows in order; None: as is.
    walked: Callable[[Q], Q] | None = None

    def widens(self, lower_bound: int) -> bool:
        check = self.widened_by[lower_bound] if lower_bound < len(self.widened_by) else None
        return True if check is None else check()

    @property
    def everything(self) -> Q:
        return self.ranks[-1]


@dataclass
class Entries:
    """Rows of another table that stand one-to-one for the searched items and carry their
    sort keys (SearchEntry), and how to state a rank condition over them."""

    scope: object  # a QuerySet, one row per searched item, pk = the item's pk
    translate: Callable[[Q], Q | None]  # None: this condition cannot be read there


# Orderings whose keys are ascending integer columns that are never NULL (the catalogue order):
# they sort the same in Python as in the database, and can be sorted by column position.
PYTHON_SORTABLE = {"catalogue__position", "catalogue_id", "position", "pk", "id"}


def sorts_in_python(order) -> bool:
    return all(field in PYTHON_SORTABLE for field in order)


def rank_expression(match: RankedMatch) -> Case:
    """0 for the best rank, 1 for the next …: the first cumulative condition an item meets."""
    last = len(match.ranks) - 1
    return Case(
        *[When(condition, then=Value(rank)) for rank, condition in enumerate(match.ranks[:-1])],
        default=Value(last),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class Results:
    """What a search returns: `items`, the matches (filtered, annotated with `search_rank`; a
    plain queryset, right on its own), and `plan`, which counts and pages them cheaply (None
    when nothing was searched). Whoever pages or facets the items is handed the plan
    explicitly (`SearchPaginator(items, n, plan=results.plan)`): nothing rides on the queryset."""

    items: object
    plan: "SearchPlan | None" = None
    # the synonyms searched as well (synonyms.Expansion), for the page's 也搜索了 note
    expansions: tuple = ()


def ranked_results(base, match: RankedMatch) -> Results:
    """`base` filtered to the matches and annotated with `search_rank`, with its SearchPlan."""
    items = base.filter(match.everything).annotate(search_rank=rank_expression(match))
    return Results(items, SearchPlan(base, match, items))


@contextmanager
def planner_without(db: str, *settings: str):
    """Within this block, on PostgreSQL, the planner's `settings` (enable_hashjoin …) are off:
    for the statements whose right plan shape is known (SET LOCAL: this transaction only)."""
    connection = connections[db]
    if not settings or connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block  # SET LOCAL would outlive the savepoint: restored below
    names = [f"'{setting}'" for setting in settings]  # names from the code, never user input
    with transaction.atomic(using=db), connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            + ", ".join(
                [
                    *(f"current_setting({name})" for name in names),
                    *(f"set_config({name}, 'off', true)" for name in names),
                ]
            )
        )
        previous = cursor.fetchone()[: len(names)]
        yield
        if nested:  # (an error rolls the savepoint back, and the settings with it)
            cursor.execute("SELECT " + ", ".join(f"set_config({name}, %s, true)" for name in names), list(previous))


class SearchPlan:
    def __init__(self, base, match: RankedMatch, items):
        self.base = base.order_by()
        self.match = match
        self._where = items.query.where.clone()  # the search's filters, to recognise its items
        self._collected: tuple | None = None  # (order, ids) once collected
        self._exact_total: int | None = None  # once capped_count has counted every match
        self._rank_of: dict[int, int] = {}  # the rank of every id paged or collected so far
        self._head: tuple | None = None  # (order, the first HEAD_ROWS [(rank, pk)]) of an exact count

    def applies_to(self, queryset) -> bool:
        """Whether `queryset` still is this search's items (ordered or prefetched, but filtered
        by nothing since): only then may it be counted and paged through the plan."""
        return not queryset.query.is_empty() and queryset.query.where == self._where

    def _planned(self):
        """The block in which the plan's statements run: without the match's `planner_off`."""
        return planner_without(self.base.db, *self.match.planner_off)

    def collected(self, order) -> list[int]:
        """Every match's id, ordered by (search_rank, *order): one query (collect_all plans)."""
        if self._collected is None or self._collected[0] != tuple(order):
            with self._planned():
                self._keep(order, self._ranked_rows(self.match.everything, order)[1])
        return self._collected[1]

    def _ranked_rows(self, condition: Q, order, limit: int | None = None) -> tuple[int, list[tuple[int, int]] | None]:
        """(how many, [(search_rank, pk)]) of the matches meeting `condition`, ordered by
        (search_rank, *order); with `limit`, only the first limit + 1 found are counted, the
        list is None when there are more than COLLECT_LIMIT, and when there are at most `limit`
        the first HEAD_ROWS in that order are kept (`_head`). From the entries when they carry
        the search's filters and the order's keys."""
        rows, ranks = self._rows_meeting(condition, entries=sorts_in_python(order)), self.match.ranks
        if rows.model is not self.base.model:
            ranks = [self.match.entries.translate(rank) for rank in ranks]
            if None in ranks:
                rows, ranks = self._rows_meeting(condition), self.match.ranks
        rows = rows.annotate(search_rank=rank_expression(RankedMatch(ranks)))
        if not sorts_in_python(order):
            ranked = list(rows.order_by("search_rank", *order).values_list("search_rank", "pk"))
            return len(ranked), ranked
        if limit is None:
            return self._sorted(rows.values_list("search_rank", *order, "pk"))
        gather = min(limit, COLLECT_LIMIT)
        if connections[rows.db].vendor != "postgresql":
            found, ranked = self._sorted(rows.values_list("search_rank", *order, "pk")[: limit + 1])
            if found <= limit:
                self._head = (tuple(order), ranked[:HEAD_ROWS])
            return found, ranked if found <= gather else None
        found, fetched = self._count_and_gather(rows, order, limit, gather)
        if not found or found > limit:
            return found, None if found else []
        ranked = self._sorted(fetched)[1]
        if found > gather:
            self._head = (tuple(order), ranked)
            return found, None
        return found, ranked

    @staticmethod
    def _count_and_gather(rows, order, limit: int, gather: int) -> tuple[int, list[tuple]]:
        """(how many of `rows` there are, up to limit + 1; their (search_rank, *order, pk)
        rows: all of them when there are at most `gather`, else the first HEAD_ROWS in that
        order when there are at most `limit`, else none), in one statement.

        The matches are counted without their catalogue's position (a join for each of up to
        10,001 rows, a third of the statement's time for 电子屏 at 1M items); it is joined to
        the rows kept only, and only once the count says they will be kept."""
        from catalog.models import Catalogue

        catalogue = order.index("catalogue__position") if "catalogue__position" in order else None
        own = [field for field in order if field != "catalogue__position"]
        if catalogue is not None and "catalogue_id" not in own:
            own, catalogue = list(order), None  # the position cannot be joined afterwards
        query = rows.values_list("search_rank", *own, "pk")[: limit + 1].query
        sql, params = query.sql_with_params()
        # Matches read from one table (the search entries): the only join is the catalogues',
        # done for up to `limit` rows, and a nested loop there (one catalogue looked up per
        # match) is what the planner picks whenever it expects few matches: 186 expected, 9,979
        # found for 平台 政府网站 within syn1-10-11 at 1M items, 43 ms in that join (131 and
        # 8,653 for fzxc within 公共法律服务, 50 ms), at load 11. A hash join reads the
        # catalogues once (12,090 at 1M: a few ms where a nested loop would have cost less).
        one_table = sum(1 for alias in query.alias_map if query.alias_refcount[alias]) == 1
        inner = [f"c{n}" for n in range(len(own) + 2)]  # search_rank, *own, pk
        kept = [
            inner[0],
            *["catalogue.position" if n == catalogue else inner[own.index(field) + 1] for n, field in enumerate(order)],
            inner[-1],
        ]
        join = ""
        if catalogue is not None:
            join = f"LEFT JOIN {Catalogue._meta.db_table} AS catalogue ON catalogue.id = {inner[own.index('catalogue_id') + 1]}"
        keys = ", ".join(str(n) for n in range(1, len(kept) + 1))
        arrays = ", ".join(f"array_agg(k{n})" for n in range(len(kept)))
        no_nested_loop = ("enable_nestloop",) if catalogue is not None and one_table else ()
        with planner_without(rows.db, *no_nested_loop), connections[rows.db].cursor() as cursor:
            cursor.execute(
                f"""WITH matches({", ".join(inner)}) AS MATERIALIZED ({sql}),
                         counted AS (SELECT count(*) AS found FROM matches),
                         kept AS (
                           SELECT {", ".join(f"{column} AS k{n}" for n, column in enumerate(kept))}
                           FROM matches {join}
                           WHERE (SELECT found FROM counted) <= %s
                           ORDER BY {keys}
                           LIMIT CASE WHEN (SELECT found FROM counted) <= %s THEN NULL ELSE %s END)
                    SELECT (SELECT found FROM counted), {arrays} FROM kept""",
                [*params, limit, gather, HEAD_ROWS],
            )
            found, *columns = cursor.fetchone()
        return found, list(zip(*columns)) if columns[0] is not None else []

    @staticmethod
    def _sorted(rows, gather: int | None = None) -> tuple[int, list[tuple[int, int]] | None]:
        ranked = [(row[0], row[-1]) for row in sorted(rows)]
        return len(ranked), ranked if gather is None or len(ranked) <= gather else None

    def _keep(self, order, ranked: list[tuple[int, int]]) -> None:
        self._rank_of.update((pk, rank) for rank, pk in ranked)
        self._collected = (tuple(order), [pk for _, pk in ranked])

    def matching_ids(self, limit: int) -> list[int]:
        """Up to limit + 1 ids of matches (from the collected matches when there are any)."""
        if self._collected is not None:
            return self._collected[1][: limit + 1]
        rows = self._rows_meeting(self.match.everything, entries=True)  # the entries, when they carry the filters
        with self._planned():
            return list(rows.values_list("pk", flat=True)[: limit + 1])

    def capped_count(self, limit: int, order=None) -> tuple[int, bool]:
        """(count, exact) as paging.capped_count, trying the cheaper lower bounds first.

        With `order` (the relevance order's keys after search_rank), the exact count also
        gathers the matches with their ranks and keys when there are at most COLLECT_LIMIT:
        pages and facets are then read from them (`collected`). Lower bounds (a search
        the backend expects to be large) are counted plainly: most exceed the limit."""
        with self._planned():
            return self._capped_count(limit, order)

    def _capped_count(self, limit: int, order=None) -> tuple[int, bool]:
        levels = [*self.match.lower_bounds, self.match.everything]
        collect = order is not None and sorts_in_python(order)
        if self.match.never(self.match.everything):
            # A term found in no document (a search that is then relaxed): nothing to count,
            # and no statement carrying the other terms' thousands of document ids to plan.
            if collect:
                self._keep(order, [])
            self._exact_total = 0
            return 0, True
        ranked = gathered = None
        for position, condition in enumerate(levels):
            last = position == len(levels) - 1
            if collect and last:
                found, ranked = self._ranked_rows(condition, order, limit)
                gathered = True
            else:
                found = self._rows_meeting(condition, entries=True)[: limit + 1].count()
            if found > limit:
                return limit, False
            if last or not self.match.widens(position):
                break  # the next level adds no rows: this count is the count of every match
        if collect and not gathered and found <= COLLECT_LIMIT:
            ranked = self._ranked_rows(condition, order)[1]
        if ranked is not None:
            self._keep(order, ranked)
        self._exact_total = found
        return found, True

    def page_ids(self, start: int, stop: int, order) -> list[int]:
        """Ids of rows start..stop of the matches ordered by (search_rank, *order)."""
        with self._planned():
            return self._page_ids(start, stop, order)

    def _page_ids(self, start: int, stop: int, order) -> list[int]:
        if self._collected is not None and self._collected[0] == tuple(order):
            return self._collected[1][start:stop]
        head = self._head[1] if self._head is not None and self._head[0] == tuple(order) else []
        if head and (stop <= len(head) or len(head) == self._exact_total):
            self._rank_of.update((pk, rank) for rank, pk in head[start:stop])
            return [pk for _, pk in head[start:stop]]
        ids: list[int] = []
        skip = start
        better = None
        for rank, condition in enumerate(self.match.ranks):
            if len(ids) >= stop - start:
                break
            if self.match.never(condition):
                better = condition
                continue
            bucket = self._rows_meeting(condition, better)
            probe = self._rows_meeting(condition, better, entries=sorts_in_python(order))
            walked = self._walked(condition, better)
            better = condition
            reads = self.match.reads(rank) if self.match.reads is not None else None
            found, size = self._slice(bucket, probe, order, skip, stop - start - len(ids), walked, reads)
            self._rank_of.update((pk, rank) for pk in found)
            ids += found
            skip = max(0, skip - size) if not found else 0
        return ids

    def _rows_meeting(self, condition: Q, excluding: Q | None = None, *, entries: bool = False):
        """The searched items meeting `condition` but not `excluding` (a better rank); with
        `entries`, as the searched items' entries when the match has them."""
        if entries and self.match.entries is not None:
            translated = [self.match.entries.translate(q) for q in (condition, excluding) if q is not None]
            if None not in translated:
                rows = self.match.entries.scope.filter(translated[0])
                return rows.exclude(translated[1]) if len(translated) > 1 else rows
        rows = self.base.filter(condition)
        return rows if excluding is None else rows.exclude(excluding)

    def rows(self, ids: list[int], *, like) -> list:
        """The items `ids`, in that order, fetched as `like` fetches them (select_related,
        prefetches), with their search_rank: without compiling the whole search again (the
        ranks of ids the plan paged or collected are known already)."""
        if not ids:
            return []
        rows = self.base.model._base_manager.filter(pk__in=ids)
        known = all(pk in self._rank_of for pk in ids)
        if not known:
            rows = rows.annotate(search_rank=rank_expression(self.match))
        rows.query.select_related = like.query.select_related
        rows = rows.prefetch_related(*like._prefetch_related_lookups)
        by_pk = {row.pk: row for row in rows}
        if known:
            for pk, row in by_pk.items():
                row.search_rank = self._rank_of[pk]
        return [by_pk[pk] for pk in ids if pk in by_pk]

    def _walked(self, condition: Q, excluding: Q | None):
        """The rows meeting `condition` but not `excluding`, from the entries when the match has
        them, with every term tested row by row (RankedMatch.walked); None without `walked`."""
        walked = self.match.walked
        if walked is None:
            return None
        return self._rows_meeting(walked(condition), None if excluding is None else walked(excluding), entries=True)

    def _slice(self, bucket, probe, order, skip: int, need: int, walked=None, reads=None) -> tuple[list[int], int]:
        """(ids of bucket[skip:skip + need] in `order`, the bucket's size when no id was taken).
        `probe`: the same rows as bucket, possibly from another table (the entries); `walked`:
        the same rows again, their terms tested row by row (`_walked`); `reads`: the entries
        PostgreSQL expects to read to find them (RankedMatch.reads), None when unknown.

        A rank of at most PROBE_LIMIT rows (or of at most every match, once they were counted
        exactly, or of at most PROBE_WHOLE when it is found among as few entries) is sorted
        whole; a larger one is read in order, so that PostgreSQL walks the catalogues and stops
        once the page is full.
        """
        limit = max(PROBE_LIMIT, self._exact_total or 0)
        if reads is not None and reads <= PROBE_WHOLE and sorts_in_python(order):
            limit = max(limit, PROBE_WHOLE)  # sorted in the database (_sorted_probe): no rows fetched
        if self._exact_total is None:  # more matches than counted: this rank may well be dense
            found = self._in_first_catalogues(bucket if walked is None else walked, order, skip, need)
            if found:
                return found, 0
        if not self._surely_larger(probe, limit):
            if sorts_in_python(order):
                found, size = self._sorted_probe(probe, order, skip, need, limit)
            else:
                rows = list(bucket.order_by(*order).values_list("pk", flat=True)[: limit + 1])
                found, size = rows[skip : skip + need], len(rows)
            if size <= limit:
                return found, size
        # A rank larger than the limit, sorted in the database: from the entries when they hold
        # the order's keys. The items' plan joined each match to its item, and a misestimate
        # (444 expected, 11,523 found) made it a nested loop comparing every match with each
        # catalogue walked: 386 ms against 89-118 ms from the entries (rank 3 of 五保 within
        # 社会救助 at 1M items, both at load 11).
        rows = probe if sorts_in_python(order) else bucket
        found = list(rows.order_by(*order).values_list("pk", flat=True)[skip : skip + need])
        if found:
            return found, 0
        return [], rows[:skip].count()

    def _surely_larger(self, rows, limit: int) -> bool:
        """Whether `rows` (a rank, when there are more matches than counted) are reliably
        estimated at more than `limit` (RankedMatch.estimate): one EXPLAIN, no rows read."""
        estimate = self.match.estimate
        return self._exact_total is None and estimate is not None and estimate(rows) > limit

    @staticmethod
    def _in_first_catalogues(bucket, order, skip: int, need: int) -> list[int]:
        """bucket[skip:skip + need] in catalogue order if the first FIRST_CATALOGUES catalogues
        hold that many of its rows (they come first in that order), else [].

        A dense rank (申请 in names) is answered by a few hundred items, before anything has to
        find out how large the rank is; a sparse one costs one short, fruitless walk.
        """
        if list(order[:2]) != ["catalogue__position", "catalogue_id"] or skip + need > FIRST_CATALOGUE_ROWS:
            return []
        from catalog.models import Catalogue

        first = Catalogue.objects.order_by("position", "pk").values_list("pk", flat=True)[:FIRST_CATALOGUES]
        # Item by item: the terms are checked on these catalogues' items alone (a few thousand).
        # Left to itself the planner read every entry of the driving term to hash-join them
        # (民政 共服务 at 1M items: 329,139 entries, 0.9-1.7 s against 4-27 ms, at load 16); with
        # the joins off it still drove a nested loop from the term's index (务平 政务服务中:
        # 293,568 entries of 务平's 50,000 local documents, 4.0 s), so the terms are stated
        # unindexed (`walked`), leaving the catalogues' index the only way in.
        rows = bucket.filter(catalogue__in=first).order_by(*order).values_list("pk", flat=True)[skip : skip + need]
        # Compiled first: compiling looks the terms' documents up (postgres.MatchesDocuments), through
        # the GIN index on grams, which only a bitmap scan can use. Inside the block, 中华人民's whole
        # local parts (it touches a region name) were found by reading all 166,000 at 1M (653 ms).
        rows.query.sql_with_params()
        with planner_without(bucket.db, "enable_hashjoin", "enable_mergejoin", "enable_bitmapscan"):
            found = list(rows)
        return found if len(found) == need else []

    @staticmethod
    def _sorted_probe(bucket, order, skip: int, need: int, limit: int) -> tuple[list[int], int]:
        """(ids of rows skip..skip + need of the bucket's first limit + 1 rows once sorted,
        how many of those there are): one statement, sorted in the database.

        The rows are taken unordered first (a subquery with LIMIT is never flattened), so the
        planner cannot choose to walk the whole catalogue order to find a sparse rank's rows.
        """
        sql, params = bucket.values_list(*order, "pk")[: limit + 1].query.sql_with_params()
        keys = ", ".join(str(position) for position in range(1, len(order) + 2))
        with connections[bucket.db].cursor() as cursor:
            cursor.execute(
                f"SELECT rank_rows.*, COUNT(*) OVER () FROM ({sql}) AS rank_rows ORDER BY {keys} LIMIT %s OFFSET %s",
                [*params, need, skip],
            )
            rows = cursor.fetchall()
        if rows:
            return [row[-2] for row in rows], rows[0][-1]
        return [], (bucket[: limit + 1].count() if skip else 0)
