"""The indexed PostgreSQL backend: same rows and ranks as the simple backend, from an index.

Each item's search text is stored as four deduplicated segments (catalog.models.search):
names, content, the rest of the template, and the local part (publishers, channels). For
each term, a GIN index on SearchDocument.grams finds the segments containing the term's
character pairs (or the character itself, for a one-character term); for terms longer than
two characters `icontains` then rechecks those documents exactly, with the very expression
the simple backend uses (for one or two characters the index alone is exact: the term *is*
its only key). Items are kept when, for every term, one of their segments matched. The rank
follows from which segment matched: names (0), content (1), anything else (2).

Names, content and template documents are few (the same templates repeat across regions)
and are looked up at once. Local documents are one per region and text, tens of thousands
for a term like 保 or 公开: they are looked up only when a query is compiled that needs them
(`MatchesDocuments` is lazy), and the plan's counts try the other segments first
(catalog/search/plan.py), so a frequent term never needs them.

With several terms, the one expected to match the fewest items drives the index scan and
the others are checked on its rows. When the portal's filters leave few rows (the planner's
estimate, below `scan_below`), the simple backend's row-by-row check is used: same results,
cheaper there.
"""

import json
import operator
from functools import cached_property, reduce

from django.db import connection
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL

from catalog.models import Item, SearchDocument, SearchDocumentDomain, SearchEntry

from .paging import COUNT_LIMIT
from .plan import Entries, RankedMatch, Results, ranked_results
from .simple import SimpleBackend

SEGMENTS = ("names", "content", "template", "local")
LOCAL = SEGMENTS.index("local")


class TermDocuments:
    """The documents containing one term (case-insensitive, as `icontains`), by segment;
    with `domain`, only documents that occur in that domain's items."""

    def __init__(self, term: str, domain=None):
        self.term = term
        self.domain = domain
        self._literals: dict[str, str] = {}

    def _documents(self, **kind):
        found = SearchDocument.objects.filter(
            RawSQL("grams @> catalog_search_query_grams(%s)", [self.term], output_field=BooleanField()), **kind
        )
        if len(self.term) > 2:
            found = found.filter(text__icontains=self.term)
        if self.domain is not None:
            found = found.filter(id__in=SearchDocumentDomain.objects.filter(domain=self.domain).values("document_id"))
        return found

    @cached_property
    def shared(self) -> dict[str, list[int]]:
        """Names, content and template documents (the partial GIN index on kind < 3)."""
        by_segment: dict[str, list[int]] = {segment: [] for segment in SEGMENTS[:LOCAL]}
        for pk, kind in self._documents(kind__lt=LOCAL).values_list("id", "kind"):
            by_segment[SEGMENTS[kind]].append(pk)
        return by_segment

    @cached_property
    def local(self) -> list[int]:
        return list(self._documents(kind=LOCAL).values_list("id", flat=True))

    def ids(self, segment: str) -> list[int]:
        return self.local if segment == "local" else self.shared[segment]

    def array_literal(self, segment: str) -> str:
        """The ids as a PostgreSQL array literal ('{1,2,3}'), written once per search: psycopg
        would adapt the list element by element for every statement (14 ms a page for 低保 申请
        at 1M items, under the profiler)."""
        if segment not in self._literals:
            self._literals[segment] = "{%s}" % ",".join(map(str, self.ids(segment)))
        return self._literals[segment]


class MatchesDocuments(Func):
    """`search_entry.<segment>_id = ANY(<the term's documents>)`, the ids fetched when compiled.

    `indexed=False` writes `(column + 0)`: the same rows, but the planner cannot use the
    column's index, so the term is checked on the rows the driving term found instead of
    building a second large bitmap. NULL (an item without that segment) counts as false, so
    the condition can be negated (`exclude`).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, documents: TermDocuments, segment: str, *, indexed: bool = True, path: str = "search_entry__"):
        super().__init__(F(f"{path}{segment}_id"))
        self.documents, self.segment, self.indexed = documents, segment, indexed

    def on_entries(self) -> "MatchesDocuments":
        """The same condition stated over SearchEntry rows instead of items."""
        return MatchesDocuments(self.documents, self.segment, indexed=self.indexed, path="")

    def as_sql(self, compiler, connection, **extra_context):
        ids = self.documents.ids(self.segment)
        if not ids:
            return "FALSE", []
        column, params = compiler.compile(self.source_expressions[0])
        tested = column if self.indexed else f"({column} + 0)"
        # bigint[] like the column: PostgreSQL hashes `= ANY(array)` (instead of scanning the
        # array for every row) only when both sides have the same hash function.
        return f"({column} IS NOT NULL AND {tested} = ANY(%s::bigint[]))", [
            *params,
            self.documents.array_literal(self.segment),
        ]


def estimated_items(documents: TermDocuments) -> int:
    """Rough items per matching document (names repeat across most catalogues): only used to
    pick the term that drives the query."""
    per_document = {"names": 1000, "content": 100, "template": 100}
    return sum(per_document[segment] * len(ids) for segment, ids in documents.shared.items())


def planner_rows(queryset) -> float:
    """PostgreSQL's estimate of the number of rows of `queryset` (EXPLAIN, not executed)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


def on_entries(condition) -> Q | None:
    """A condition made of MatchesDocuments over items, stated over SearchEntry rows; None
    when some part of it is something else."""
    if isinstance(condition, MatchesDocuments):
        return condition.on_entries()
    if isinstance(condition, Q):
        children = [on_entries(child) for child in condition.children]
        if None in children:
            return None
        return Q(*children, _connector=condition.connector, _negated=condition.negated)
    return None


def entry_scope(queryset, domain=None):
    """The SearchEntry rows of `queryset`'s items, when its only filters are the ones entries
    carry (published, and the domain searched in); None otherwise."""
    published = Item.objects.published()
    if queryset.model is not Item or queryset.query.is_sliced:
        return None
    if queryset.query.where == published.query.where:
        return SearchEntry.objects.filter(published=True)
    if domain is not None and queryset.query.where == published.filter(domain__exact=domain).query.where:
        return SearchEntry.objects.filter(published=True, domain=domain)
    return None


def any_of(conditions) -> Q:
    return reduce(operator.or_, [Q(condition) for condition in conditions])


def all_of(conditions) -> Q:
    return reduce(operator.and_, [Q(condition) for condition in conditions])


class PostgresBackend:
    # Below this many rows (the planner's estimate for the filtered queryset: a township,
    # a catalogue) checking each row's text is cheaper than the index. Measured at 100k
    # items (bench/RESULTS.md, 4 December): a township's 1,684 items, 公开: 58 ms by
    # scanning, 135 ms through the index; 社会救助's 3,625 items, 低保: 119 ms by scanning,
    # 76 ms through the index (search entries carry the domain, catalog/search/plan.py).
    scan_below = 2_000

    def match(self, queryset, terms: list[str], *, domain=None, lookups: dict | None = None) -> RankedMatch:
        """`domain`: every item of `queryset` is in this domain (the portal's 领域 filter), so
        documents that occur only in other domains can be skipped. `lookups`: a dict shared by
        the calls of one search (its synonym combinations, all over the same `queryset`), so
        that the planner is asked once and each term's documents are looked up once."""
        lookups = {} if lookups is None else lookups
        if any(any(ch.isspace() for ch in term) for term in terms):
            # parse_terms never yields these; a term with a line break could span two
            # segments, so answer it the slow, plainly exact way.
            return SimpleBackend().match(queryset, terms)
        if "scan" not in lookups:
            lookups["scan"] = queryset.query.has_filters() and planner_rows(queryset) < self.scan_below
        if lookups["scan"]:
            match = SimpleBackend().match(queryset, terms)
            match.collect_all = True
            return match
        documents = sorted(
            (lookups.setdefault(("documents", term), TermDocuments(term, domain)) for term in terms),
            key=estimated_items,
        )

        def matches(term_documents, segments):
            indexed = term_documents is documents[0]
            return any_of(MatchesDocuments(term_documents, segment, indexed=indexed) for segment in segments)

        def every_term(segments):
            return all_of(matches(term_documents, segments) for term_documents in documents)

        ranks = [every_term(SEGMENTS[:1]), every_term(SEGMENTS[:2]), every_term(SEGMENTS)]
        if "entries" not in lookups:
            scope = entry_scope(queryset, domain)
            lookups["entries"] = None if scope is None else Entries(scope, on_entries)
        if estimated_items(documents[0]) <= COUNT_LIMIT:
            # Probably few matches: the count will be exact, and counting without the local
            # segment first would only add a query.
            return RankedMatch(ranks, entries=lookups["entries"])
        return RankedMatch(
            ranks,
            lower_bounds=[every_term(SEGMENTS[:LOCAL])],
            # the local segment adds matches only if some term occurs in a local document
            widened_by=[lambda: any(term_documents.local for term_documents in documents)],
            entries=lookups["entries"],
        )

    def search(self, queryset, terms: list[str], *, domain=None) -> Results:
        return ranked_results(queryset, self.match(queryset, terms, domain=domain))
