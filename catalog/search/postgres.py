"""The indexed PostgreSQL backend: same rows and ranks as the simple backend, from an index.

For each term, the GIN index on SearchDocument.grams finds the distinct segments that
contain all of the term's character pairs (or the character itself, for a one-character
term); `text__icontains` then rechecks those few documents exactly, with the very
expression the simple backend uses. Items are kept when, for every term, one of their four
segments is among the matching documents. The rank follows from which segment matched:
names (0), content (1), anything else (2).

Matching documents are fetched first (one small query per term) so that the item query is
a plain `IN (…)` on the entry table's btree indexes that the planner can combine with the
portal's filters. If a term matches no document the result is empty without touching items.
With several terms, the one expected to match the fewest items drives the index scan and
the others are checked on its rows. When the portal's filters leave few rows (the
planner's estimate, below `scan_below`), the simple backend's row-by-row check is used:
same results, cheaper there.
"""
import json
import operator
from functools import reduce

from django.db import connection
from django.db.models import BooleanField, F, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In

from catalog.models import SearchDocument

from .simple import SimpleBackend, search_rank

SEGMENTS = ("names", "content", "template", "local")


def matching_documents(term: str) -> dict[str, list[int]]:
    """Ids of the documents containing `term` (case-insensitive, as `icontains`), by segment."""
    has_grams = RawSQL("grams @> catalog_search_query_grams(%s)", [term], output_field=BooleanField())
    found: dict[str, list[int]] = {segment: [] for segment in SEGMENTS}
    for pk, kind in SearchDocument.objects.filter(has_grams, text__icontains=term).values_list("id", "kind"):
        found[SEGMENTS[kind]].append(pk)
    return found


# Rough items per matching document, by kind (names repeat across most catalogues, local
# texts belong to one region). Only used to pick the term that drives the query.
ITEMS_PER_DOCUMENT = {"names": 1000, "content": 100, "template": 100, "local": 1}


def estimated_items(documents: dict[str, list[int]]) -> int:
    return sum(ITEMS_PER_DOCUMENT[segment] * len(ids) for segment, ids in documents.items())


def segment_matches(documents: dict[str, list[int]], *, indexed: bool) -> dict[str, Q]:
    """One condition per segment with matching documents (a segment without any is absent).

    `indexed=False` writes `(column + 0) IN (...)`: the same rows, but the planner cannot
    use the column's index, so the term is checked on the rows the driving term found
    instead of building a second large bitmap.
    """
    matches = {}
    for segment, ids in documents.items():
        if ids:
            column = f"search_entry__{segment}_id"
            matches[segment] = Q(**{f"{column}__in": ids}) if indexed else Q(In(F(column) + 0, ids))
    return matches


def planner_rows(queryset) -> float:
    """PostgreSQL's estimate of the number of rows of `queryset` (EXPLAIN, not executed)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


class PostgresBackend:
    # Below this many rows (the planner's estimate for the filtered queryset: a township,
    # a catalogue) checking each row's text is cheaper than the index. Measured at 1M
    # items, loaded machine: a township's 912 items, 公开: 74 ms by scanning against 4.8 s
    # through the index. At 20,000 a whole domain of a 100k database (15k items) was
    # scanned too, 3x slower than the index for 申请, hence the lower bound.
    scan_below = 5_000

    def search(self, queryset, terms: list[str]):
        if any(any(ch.isspace() for ch in term) for term in terms):
            # parse_terms never yields these; a term with a line break could span two
            # segments, so answer it the slow, plainly exact way.
            return SimpleBackend().search(queryset, terms)
        if queryset.query.has_filters() and planner_rows(queryset) < self.scan_below:
            return SimpleBackend().search(queryset, terms)
        found = [matching_documents(term) for term in terms]
        if not all(any(documents.values()) for documents in found):
            return queryset.none().annotate(search_rank=Value(2, output_field=IntegerField()))
        found.sort(key=estimated_items)
        nothing = Q(pk__in=[])  # Django compiles this to "no rows" and drops it from ORs
        in_names = Q()
        in_content = Q()
        for position, documents in enumerate(found):
            matches = segment_matches(documents, indexed=position == 0)
            queryset = queryset.filter(reduce(operator.or_, matches.values()))
            in_names &= matches.get("names", nothing)
            in_content &= matches.get("names", nothing) | matches.get("content", nothing)
        return queryset.annotate(search_rank=search_rank(in_names, in_content))
