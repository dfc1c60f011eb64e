"""A search as ranked conditions, and how to count and page it without sorting every match.

A backend describes a search as a `RankedMatch`: cumulative conditions, `ranks[r]` holding the
items ranked r or better (the last one is every match), plus optional `lower_bounds`: subsets
of the full match that are cheaper to evaluate. `ranked_queryset` turns it into the queryset
every caller sees (filtered, annotated with `search_rank`) and attaches a `SearchPlan`, which
`SearchPaginator` uses instead of the plain queryset when it can:

- the count stops at the first lower bound that already exceeds the limit ("10,000+"), so
  a frequent term is never matched in the segments that are expensive to look up;
- the relevance-ordered page is taken rank by rank. Within a rank the order is the catalogue
  order. A rank with few matches is fetched whole and sorted; a rank with many matches is
  read in catalogue order until the page is full (PostgreSQL walks the catalogues in order
  and stops early), instead of sorting hundreds of thousands of rows to keep twenty.

Both paths give exactly the rows, totals and order of the plain queryset: tests compare them.
"""
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When

# A rank with at most this many matches is fetched whole and sorted; above it, it is read in order.
PROBE_LIMIT = 5_000


@dataclass
class RankedMatch:
    ranks: list[Q]
    lower_bounds: list[Q] = field(default_factory=list)
    # widens(i): whether the level after lower bound i can hold more rows (None: assume so)
    widened_by: list = field(default_factory=list)

    # True when the items searched are few (a township, a catalogue): every match is then
    # fetched at once, with its rank and sort keys, and counted, paged and faceted from that.
    collect_all: bool = False

    def widens(self, lower_bound: int) -> bool:
        check = self.widened_by[lower_bound] if lower_bound < len(self.widened_by) else None
        return True if check is None else check()

    @property
    def everything(self) -> Q:
        return self.ranks[-1]


# Orderings whose keys are integer columns that are never NULL (the catalogue order) sort the
# same in Python as in the database; anything else is sorted by the database.
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


def ranked_queryset(base, match: RankedMatch):
    """`base` filtered to the matches, annotated with `search_rank`, carrying its SearchPlan."""
    queryset = base.filter(match.everything).annotate(search_rank=rank_expression(match))
    queryset.query.search_plan = SearchPlan(base, match, queryset.query.where.clone())
    return queryset


class SearchPlan:
    def __init__(self, base, match: RankedMatch, where):
        self.base = base.order_by()
        self.match = match
        self.where = where
        self._collected: tuple | None = None  # (order, ids) once collected
        self._exact_total: int | None = None  # once capped_count found every match

    @classmethod
    def of(cls, queryset):
        """The plan of `queryset`, if it has one and nothing has filtered it since the search."""
        plan = getattr(queryset.query, "search_plan", None)
        if plan is None or queryset.query.is_empty() or queryset.query.where != plan.where:
            return None
        return plan

    def collected(self, order) -> list[int]:
        """Every match's id, ordered by (search_rank, *order): one query (collect_all plans)."""
        if self._collected is None or self._collected[0] != tuple(order):
            rows = self.base.filter(self.match.everything).annotate(search_rank=rank_expression(self.match))
            if sorts_in_python(order):
                ids = [row[-1] for row in sorted(rows.values_list("search_rank", *order, "pk"))]
            else:
                ids = list(rows.order_by("search_rank", *order).values_list("pk", flat=True))
            self._collected = (tuple(order), ids)
        return self._collected[1]

    def matching_ids(self, limit: int) -> list[int]:
        """Up to limit + 1 ids of matches (from the collected matches when there are any)."""
        if self._collected is not None:
            return self._collected[1][: limit + 1]
        return list(self.base.filter(self.match.everything).values_list("pk", flat=True)[: limit + 1])

    def capped_count(self, limit: int) -> tuple[int, bool]:
        """(count, exact) as paging.capped_count, trying the cheaper lower bounds first."""
        levels = [*self.match.lower_bounds, self.match.everything]
        for position, condition in enumerate(levels):
            if position and not self.match.widens(position - 1):
                break  # the next level adds no rows: this count is the count of every match
            found = self.base.filter(condition)[: limit + 1].count()
            if found > limit:
                return limit, False
        self._exact_total = found
        return found, True

    def page_ids(self, start: int, stop: int, order) -> list[int]:
        """Ids of rows start..stop of the matches ordered by (search_rank, *order)."""
        ids: list[int] = []
        skip = start
        better = None
        for condition in self.match.ranks:
            if len(ids) >= stop - start:
                break
            bucket = self.base.filter(condition)
            if better is not None:
                bucket = bucket.exclude(better)
            better = condition
            found, size = self._slice(bucket, order, skip, stop - start - len(ids))
            ids += found
            skip = max(0, skip - size) if not found else 0
        return ids

    def rows(self, ids: list[int], *, like) -> list:
        """The items `ids`, in that order, fetched as `like` fetches them (select_related,
        prefetches), with their search_rank: without compiling the whole search again."""
        if not ids:
            return []
        rows = self.base.model._base_manager.filter(pk__in=ids).annotate(search_rank=rank_expression(self.match))
        rows.query.select_related = like.query.select_related
        rows = rows.prefetch_related(*like._prefetch_related_lookups)
        by_pk = {row.pk: row for row in rows}
        return [by_pk[pk] for pk in ids if pk in by_pk]

    def _slice(self, bucket, order, skip: int, need: int) -> tuple[list[int], int]:
        """(ids of bucket[skip:skip + need] in `order`, the bucket's size when no id was taken).

        A rank of at most PROBE_LIMIT rows is fetched whole and sorted; a larger one is read in
        order. When the count was exact (at most 10,000 matches) the rank is probably small and
        is fetched at once (up to PROBE_LIMIT + 1 rows); otherwise it is counted first, since a
        frequent term's rank is usually far larger and is read in order without fetching it.
        """
        if self._exact_total is None and bucket[: PROBE_LIMIT + 1].count() > PROBE_LIMIT:
            rows = None
        elif sorts_in_python(order):
            # with their sort keys: a few thousand rows sort faster here than in the database
            rows = [row[-1] for row in sorted(bucket.values_list(*order, "pk")[: PROBE_LIMIT + 1])]
        else:
            rows = list(bucket.order_by(*order).values_list("pk", flat=True)[: PROBE_LIMIT + 1])
        if rows is not None and len(rows) <= PROBE_LIMIT:
            return rows[skip : skip + need], len(rows)
        found = list(bucket.order_by(*order).values_list("pk", flat=True)[skip : skip + need])
        if found:
            return found, 0
        return [], bucket[:skip].count()
