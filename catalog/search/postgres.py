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
and are looked up at once. Local parts are one per region and text (each names its region),
tens of thousands for a term like 政府网站; so each local part is also cut at its region's
name into fragments shared by every region (政府网站, 人民政府, 民政局), and an entry lists
them in `local_fragments` (GIN-indexed). A term is looked for in the fragments, unless it
overlaps an occurrence of a name some local part was cut at (太和镇, 镇人民政府: each cut is
recorded with its context, a junction): then in the whole local parts. Either
lookup happens only when a query is compiled that needs it (`MatchesDocuments` is lazy), and
the plan's counts try the other segments first (catalog/search/plan.py), so a frequent term
never needs it.

With several terms, the one PostgreSQL expects in the fewest entries drives the index scan and
the others are checked on its rows. When the portal's filters leave few rows (the planner's
estimate, below `scan_below`), the simple backend's row-by-row check is used: same results,
cheaper there.
"""

import json
import operator
from functools import cached_property, reduce
from itertools import combinations

from django.db import connection
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL

from catalog.models import Catalogue, Item, SearchDocument, SearchDocumentDomain, SearchEntry
from catalog.models.item import region_with_descendants

from .paging import COUNT_LIMIT
from .plan import Entries, RankedMatch, Results, ranked_results
from .simple import SimpleBackend

SEGMENTS = ("names", "content", "template", "local")
LOCAL = SEGMENTS.index("local")
# Two terms are proved to share no domain (`disjoint`) only when counting their common items
# would read many entries (PostgreSQL expects more than DOMAIN_PROOF_ENTRIES of each: 民政局办公室
# 共服务 at 1M items, 123,130 expected, read 125,470 to find none, 66-133 ms; 管理 12348's count,
# driven by 12348's 8,653 entries (16,724 expected), took 15-20 ms, no more than the proof's 16-28
# ms), and when it is cheap: the domains of the smaller one's documents take at most
# DOMAIN_PROOF_SMALLER index probes, the search for a common one at most DOMAIN_PROOF_LARGER
# (民政局办公室 共服务: 2 and 14 documents, 0.4 ms).
DOMAIN_PROOF_ENTRIES = 20_000
DOMAIN_PROOF_SMALLER = 2_000
DOMAIN_PROOF_LARGER = 20_000

# A term found in more local fragments than this is tested with the GIN index only, and through
# chunks of at most this many fragments. `&&` compares every fragment of a row with every id of
# the list: with 教育局's 1,209 fragments at 1M items (教育局 安民市高高街道 …: a line that names a
# town besides the region it was cut at) that is 17 us a row, and the planner, which estimates a
# long list's overlap at a fifth of the entries (226,791; 17,268 hold one), read 571,922 entries
# one by one to count 10,001 (10.0 s). One GIN scan of the whole list costs it per found row and
# list entry (102 ms); chunks of 64 cost a few ms each (18 ms together).
LONG_FRAGMENT_LIST = 64


class TermDocuments:
    """The documents containing one term (case-insensitive, as `icontains`), by segment;
    with `domain`, only documents that occur in that domain's items."""

    def __init__(self, term: str, domain=None):
        self.term = term
        self.domain = domain
        self._literals: dict[str, str] = {}
        self.disjoint_from: dict[int, bool] = {}  # id(other TermDocuments): proved by `disjoint`
        self.entries: float | None = None  # PostgreSQL's estimate of its entries (planner_entries), once asked
        self.estimates: dict[str, float] = {}  # planner_entries' EXPLAINs: rows by segment, and every entry

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
    def touches_region(self) -> bool:
        """Whether the term overlaps an occurrence of a region name some local part was cut
        at (a junction, sql/functions.sql catalog_search_near_junction): only then can it
        occur in a local part outside every fragment. One indexed lookup, about a millisecond."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT catalog_search_near_junction(%s)", [self.term])
            return cursor.fetchone()[0]

    @cached_property
    def local(self) -> list[int]:
        """The local documents to look for: the fragments containing the term (few: they are
        shared by every region), or, when the term overlaps a junction, the whole
        local parts containing it (one per region and text)."""
        kind = SearchDocument.Kind.LOCAL if self.touches_region else SearchDocument.Kind.FRAGMENT
        return list(self._documents(kind=kind).values_list("id", flat=True))

    def ids(self, segment: str) -> list[int]:
        return self.local if segment == "local" else self.shared[segment]

    def every_id(self) -> list[int] | None:
        """All the term's documents; None when that would look up the whole local parts of a
        term that overlaps a junction, which nothing has needed yet (tens of thousands)."""
        if self.touches_region and "local" not in self.__dict__:
            return None
        return [pk for segment in SEGMENTS for pk in self.ids(segment)]

    @cached_property
    def domains(self) -> list[int]:
        """The domains the term's documents occur in (SearchDocumentDomain: a superset, pairs
        are only ever added)."""
        found = SearchDocumentDomain.objects.filter(AnyOf("document_id", self.every_id() or []))
        return list(found.values_list("domain_id", flat=True).distinct())

    def array_literal(self, segment: str) -> str:
        """The ids as a PostgreSQL array literal ('{1,2,3}'), written once per search: psycopg
        would adapt the list element by element for every statement (14 ms a page for 低保 申请
        at 1M items, under the profiler)."""
        if segment not in self._literals:
            self._literals[segment] = "{%s}" % ",".join(map(str, self.ids(segment)))
        return self._literals[segment]

    @property
    def many_fragments(self) -> bool:
        """Whether the term is looked up in more local fragments than LONG_FRAGMENT_LIST."""
        return not self.touches_region and len(self.local) > LONG_FRAGMENT_LIST

    def fragment_chunks(self) -> list[str]:
        """The fragments' ids as array literals of at most LONG_FRAGMENT_LIST ids each."""
        if "chunks" not in self._literals:
            ids = self.local
            chunks = [ids[n : n + LONG_FRAGMENT_LIST] for n in range(0, len(ids), LONG_FRAGMENT_LIST)]
            self._literals["chunks"] = ["{%s}" % ",".join(map(str, chunk)) for chunk in chunks]
        return self._literals["chunks"]


class MatchesDocuments(Func):
    """`search_entry.<segment>_id = ANY(<the term's documents>)`, the ids fetched when compiled;
    for the local segment `search_entry.local_fragments && <the term's fragments>`, or the
    `local_id` test when the term overlaps a junction (TermDocuments.local).

    `indexed=False` writes `(column + 0)`: the same rows, but the planner cannot use the
    column's index, so the term is checked on the rows the driving term found instead of
    building a second large bitmap. NULL (an item without that segment) counts as false, so
    the condition can be negated (`exclude`).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, documents: TermDocuments, segment: str, *, indexed: bool = True, path: str = "search_entry__"):
        columns = [f"{path}{segment}_id"] + ([f"{path}local_fragments"] if segment == "local" else [])
        super().__init__(*[F(column) for column in columns])
        self.documents, self.segment, self.indexed, self.path = documents, segment, indexed, path

    def on_entries(self) -> "MatchesDocuments":
        """The same condition stated over SearchEntry rows instead of items."""
        return MatchesDocuments(self.documents, self.segment, indexed=self.indexed, path="")

    def unindexed(self) -> "MatchesDocuments":
        """The same condition, tested row by row (no index of the term's columns usable); a
        term in many fragments stays indexed (LONG_FRAGMENT_LIST: costly row by row)."""
        if self.segment == "local" and self.documents.many_fragments:
            return self
        return MatchesDocuments(self.documents, self.segment, indexed=False, path=self.path)

    def as_sql(self, compiler, connection, **extra_context):
        ids = self.documents.ids(self.segment)
        if not ids:
            return "FALSE", []
        if self.segment == "local" and not self.documents.touches_region:
            column, params = compiler.compile(self.source_expressions[1])
            # A term's fragments are mostly few: `&&` is cheap row by row too (coalesce: no
            # index). Many: one `&&` a chunk, each a short GIN scan (LONG_FRAGMENT_LIST).
            tested = column if self.indexed else f"coalesce({column}, '{{}}')"
            chunks = self.documents.fragment_chunks() if self.documents.many_fragments else None
            if chunks is None:
                chunks = [self.documents.array_literal(self.segment)]
            overlaps = " OR ".join(f"{tested} && %s::bigint[]" for _chunk in chunks)
            return f"({column} IS NOT NULL AND ({overlaps}))", [*params, *chunks]
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
    shared = sum(per_document[segment] * len(ids) for segment, ids in documents.shared.items())
    # A local fragment is printed by every region that prints the line (政府网站): many items.
    # A term that overlaps a junction would have to look up the whole local parts,
    # which is what this estimate must not cost: they are left out.
    return shared + (0 if documents.touches_region else 1000 * len(documents.local))


def planner_entries(documents: TermDocuments, segments: tuple[str, ...] = SEGMENTS) -> float:
    """PostgreSQL's estimate of the search entries holding the term in one of `segments` (EXPLAIN,
    not executed): picks the term that drives a query of several, rank by rank. Far closer than
    `estimated_items`, whose fixed items per document rate a rare phrase printed in 2,911 content
    documents (3,141 entries at 1M items) above 务平台 (about 300,000), so the frequent term drove
    and the count read all 1M entries to find none in common (550 ms instead of 25). As in
    `estimated_items`, the whole local parts are not looked up for an estimate.

    One EXPLAIN a segment, combined as the planner combines alternatives (as independent): the
    segments' estimates serve every rank, and planning a long list of ids is what an EXPLAIN
    costs (标准's 3,857 content documents at 1M items: 5-8 ms, each time they are planned)."""
    if "every entry" not in documents.estimates:
        documents.estimates["every entry"] = max(planner_rows(SearchEntry.objects.all()), 1.0)
    every = documents.estimates["every entry"]
    missing = 1.0  # the share of entries holding the term in none of the segments
    for segment in segments:
        if segment == "local" and documents.touches_region:
            continue
        if segment not in documents.estimates:
            found = documents.ids(segment)
            condition = MatchesDocuments(documents, segment, path="")
            documents.estimates[segment] = planner_rows(SearchEntry.objects.filter(condition)) if found else 0.0
        missing *= 1 - min(documents.estimates[segment] / every, 1.0)
    return every * (1 - missing)


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


def unindexed(condition):
    """`condition` (MatchesDocuments combined by Q) with every term tested row by row: for a
    statement that walks a few rows in order (the first catalogues' entries, plan.py), which
    the planner would otherwise drive from a term's index."""
    if isinstance(condition, MatchesDocuments):
        return condition.unindexed()
    if isinstance(condition, Q):
        children = [unindexed(child) for child in condition.children]
        return Q(*children, _connector=condition.connector, _negated=condition.negated)
    return condition


def never(condition) -> bool:
    """Whether no item can meet `condition` (MatchesDocuments combined by Q): a term's segment
    with no documents, in every alternative of some term, terms required in one segment with no
    document in common there (`no_common_document`), or two terms it requires found in no
    common domain (`disjoint`). Looks up only what compiling the condition would, and the
    domains of a few documents."""
    if isinstance(condition, MatchesDocuments):
        return not condition.documents.ids(condition.segment)
    if isinstance(condition, Q) and not condition.negated:
        children = (never(child) for child in condition.children)
        if condition.connector != Q.AND:
            return all(children)
        return (
            any(children)
            or no_common_document(condition)
            or any(disjoint(a, b) for a, b in combinations(required_terms(condition), 2))
        )
    return False


def no_common_document(condition: Q) -> bool:
    """Whether terms that `condition` (an AND) requires in the same shared segment have no
    document in common there: an entry has one names, one content and one template document,
    so both terms in the names (rank 0) need one names document holding both. Sets of ids
    already looked up, no statement: 民政 共服务 at 1M items probed its rank 0 twice (the first
    catalogues, then a sorted probe reading 38,000 entries) to find it empty, 140-170 ms."""
    by_segment: dict[str, list[set[int]]] = {}
    for child in condition.children:
        while isinstance(child, Q) and not child.negated and len(child.children) == 1:
            child = child.children[0]
        if isinstance(child, MatchesDocuments) and child.segment != "local":
            by_segment.setdefault(child.segment, []).append(set(child.documents.ids(child.segment)))
    return any(len(found) > 1 and not set.intersection(*found) for found in by_segment.values())


def required_terms(condition) -> list[TermDocuments]:
    """The terms every item meeting `condition` (MatchesDocuments combined by Q) contains."""
    if isinstance(condition, MatchesDocuments):
        return [condition.documents]
    if not isinstance(condition, Q) or condition.negated or not condition.children:
        return []
    parts = [required_terms(child) for child in condition.children]
    if condition.connector == Q.AND:
        return list({id(documents): documents for part in parts for documents in part}.values())
    common = set.intersection(*({id(documents) for documents in part} for part in parts))
    return [documents for documents in parts[0] if id(documents) in common]


def disjoint(a: TermDocuments, b: TermDocuments) -> bool:
    """Whether the documents of `a` and those of `b` occur in no common domain: every item has
    one domain, so then no item holds both terms, and a search of both finds nothing without
    reading the entries. Two frequent terms rarely share no item; a local term and a names word
    of other domains often do (民政局办公室 共服务: 125,470 entries read to find none in common,
    66-133 ms at 1M items; their documents' domains: two index probes and fourteen).
    False when unknown, or not worth knowing: counting would read few entries, or the terms'
    documents are too many to look up cheaply (DOMAIN_PROOF_ENTRIES, _SMALLER, _LARGER)."""
    if id(b) in a.disjoint_from:
        return a.disjoint_from[id(b)]
    if a.domain is not None or b.domain is not None:
        return False  # within one domain (the 领域 filter), every document found occurs there
    if min(a.entries or 0, b.entries or 0) <= DOMAIN_PROOF_ENTRIES:
        return False  # counting them is cheap enough
    ids = {id(a): a.every_id(), id(b): b.every_id()}
    if None in ids.values():
        return False  # not cached: the whole local parts may be looked up later
    smaller, larger = sorted((a, b), key=lambda documents: len(ids[id(documents)]))
    proved = False
    if len(ids[id(smaller)]) <= DOMAIN_PROOF_SMALLER and len(ids[id(larger)]) <= DOMAIN_PROOF_LARGER:
        shared = SearchDocumentDomain.objects.filter(AnyOf("document_id", ids[id(larger)]))
        proved = not smaller.domains or not shared.filter(domain_id__in=smaller.domains).exists()
    a.disjoint_from[id(b)] = b.disjoint_from[id(a)] = proved
    return proved


def entry_scope(queryset, domain=None, region=None):
    """The SearchEntry rows of `queryset`'s items, when its only filters are the ones entries
    carry (published, the region searched in through the entry's catalogue, and the domain
    searched in); None otherwise."""
    if queryset.model is not Item or queryset.query.is_sliced:
        return None
    expected, entries = Item.objects.published(), SearchEntry.objects.filter(published=True)
    if region is not None:
        regions = region_with_descendants(region)
        expected = expected.filter(catalogue__region__in=regions)
        # The region's catalogues by id, not a join to them: PostgreSQL then knows how many
        # entries they hold and can intersect them with a term's entries in the indexes (a
        # BitmapAnd) instead of testing each of a province's 52,000 entries (户籍 within
        # syn1-10-18 at 1M items, catalog/search/plan.py's count).
        entries = entries.filter(AnyOf("catalogue_id", region_catalogues(region)))
    if queryset.query.where == expected.query.where:
        return entries
    if domain is not None and queryset.query.where == expected.filter(domain__exact=domain).query.where:
        return entries.filter(domain=domain)
    return None


def region_catalogues(region) -> list[int]:
    """The ids of the catalogues of `region` and of every region below it: one statement, once
    per region instance, as region_with_descendants (a search asks for each synonym combination)."""
    ids = getattr(region, "_catalogues", None)
    if ids is None:
        found = Catalogue.objects.filter(region__in=region_with_descendants(region)).values_list("pk", flat=True)
        ids = region._catalogues = list(found)
    return list(ids)


class AnyOf(Func):
    """`column = ANY('{1,2,…}')`: the ids as one array literal (one parameter, however many ids),
    each of them seen by the planner."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, ids: list[int]):
        super().__init__(F(column))
        self.ids = ids

    def as_sql(self, compiler, connection, **extra_context):
        if not self.ids:
            return "FALSE", []
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::bigint[])", [*params, "{%s}" % ",".join(map(str, self.ids))]


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

    def match(
        self, queryset, terms: list[str], *, domain=None, region=None, lookups: dict | None = None
    ) -> RankedMatch:
        """`domain`: every item of `queryset` is in this domain (the portal's 领域 filter), so
        documents that occur only in other domains can be skipped. `region`: every item is in
        this region or below (the 行政区划 filter), so counts can read the entries alone. `lookups`: a dict shared by
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
            if region is not None and queryset.model is Item:
                # The region's items also by their catalogues' ids (the same rows: the queryset
                # joins the catalogues to test their region), so that PostgreSQL can intersect
                # them with the domain's items in the indexes before testing any text. Joined
                # only, it tested every item of the domain and then the region of each match: 民政
                # 政府信息 服务 within 公共文化服务 and syn1-10-35 at 1M items, three frequent terms
                # met by 23,039 of its items, to keep 1,359 (198 ms; 20 ms with the ids).
                in_region = Q(AnyOf("catalogue_id", region_catalogues(region)))
                match.ranks = [*match.ranks[:-1], match.ranks[-1] & in_region]
            return match
        documents = [lookups.setdefault(("documents", term), TermDocuments(term, domain)) for term in terms]
        if len(documents) > 1:
            for term_documents in documents:
                term_documents.entries = planner_entries(term_documents)  # its EXPLAINs kept: once a search
            documents.sort(key=lambda term_documents: term_documents.entries)

        def driving(segments):
            """The term PostgreSQL expects in the fewest entries within `segments`: the one whose
            index a rank of those segments is read through. Per rank, not once for the search: a
            term frequent in the local parts can be rare in the names and content. 标准 政府 at 1M
            items: 标准, expected in fewer entries overall (767,967 against 997,028), drove every
            rank, and rank 1's probe read 779,279 entries to find 5,001 rows (211 ms), where
            政府's names and content (69,780 expected) hold all 6,388 rows of that rank."""
            if len(documents) == 1 or segments == SEGMENTS:
                return documents[0]
            return min(documents, key=lambda term_documents: planner_entries(term_documents, segments))

        def matches(term_documents, segments):
            indexed = term_documents is driving(segments)
            return any_of(MatchesDocuments(term_documents, segment, indexed=indexed) for segment in segments)

        def every_term(segments):
            return all_of(matches(term_documents, segments) for term_documents in documents)

        rank_segments = [SEGMENTS[:1], SEGMENTS[:2], SEGMENTS]
        ranks = [every_term(segments) for segments in rank_segments]

        def reads(rank):
            """The driving term's entries in the rank's segments, as PostgreSQL expects them; None
            with one term (`estimate` then sees the rank itself) or when they include whole local
            parts (a term that could overlap a region name: left out of planner_entries)."""
            segments, driver = rank_segments[rank], driving(rank_segments[rank])
            if len(documents) == 1 or (driver.touches_region and "local" in segments):
                return None
            return planner_entries(driver, segments)

        # A term in many fragments is tested row by row at a cost the planner does not see
        # (LONG_FRAGMENT_LIST): the plan's statements may then not read the entries one by one.
        planner_off = ("enable_seqscan",) if any(d.many_fragments for d in documents) else ()
        # One term: every condition is on an indexed column whose statistics the planner sees
        # (several: all but the driving term are hidden from it, `indexed=False`).
        estimate = planner_rows if len(documents) == 1 else None
        if "entries" not in lookups:
            scope = entry_scope(queryset, domain, region)
            lookups["entries"] = None if scope is None else Entries(scope, on_entries)
        if estimated_items(documents[0]) <= COUNT_LIMIT or not any(d.touches_region for d in documents):
            # Probably few matches: the count will be exact, and counting without the local
            # segment first would only add a query. Nor is the local segment worth leaving out
            # when every term is looked up in the fragments (a few ids, cheap row by row): a
            # lower bound that finds few (务平台 情况: 11 of 1,779) is counted, then every match
            # again, two reads of all the entries where one would do.
            return RankedMatch(
                ranks,
                entries=lookups["entries"],
                never=never,
                estimate=estimate,
                planner_off=planner_off,
                walked=unindexed,
                reads=reads,
            )
        return RankedMatch(
            ranks,
            never=never,
            estimate=estimate,
            lower_bounds=[every_term(SEGMENTS[:LOCAL])],
            # the local segment adds matches only if some term occurs in a local document
            widened_by=[lambda: any(term_documents.local for term_documents in documents)],
            entries=lookups["entries"],
            planner_off=planner_off,
            walked=unindexed,
            reads=reads,
        )

    def search(self, queryset, terms: list[str], *, domain=None, region=None) -> Results:
        return ranked_results(queryset, self.match(queryset, terms, domain=domain, region=region))
