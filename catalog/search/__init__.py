"""Chinese substring search over items.

`search(queryset, q)` is the one entry point; it returns `Results`: the matching items
(`.items`, annotated with `search_rank`) and the plan that counts and pages them (`.plan`,
handed explicitly to SearchPaginator and the facets). `Item.objects.search(q)` is the same
search as a QuerySet method, for callers that only want the items (CatalogConfig.ready
plugs `search` into ItemQuerySet, so the models never import this package). The FilterSet
calls `search` and keeps the plan (`filterset.search_plan`). It splits `q` into terms
(whitespace-separated) and delegates to a backend:

    class Backend:
        def match(self, queryset, terms: list[str], *, domain=None, region=None, lookups=None) -> RankedMatch:
            '''The items whose search_text contains every term as a substring
            (case-insensitive), as cumulative rank conditions (0 = all terms in
            一级/二级/三级事项 names, 1 = in names or content, 2 = anywhere).'''

        def search(self, queryset, terms, *, domain=None, region=None) -> Results:
            '''ranked_results(queryset, self.match(...)): the matches, annotated with
            `search_rank`, and the plan that counts and pages them (plan.py).'''

The backend is chosen by settings.SEARCH_BACKEND (a dotted path) or, when unset, by the
database vendor: the indexed backend (postgres.py) on PostgreSQL, the simple one elsewhere.
`refresh_search_text` keeps the denormalised Item.search_text in sync; on PostgreSQL,
triggers re-index every inserted or updated item (sql/*.sql), so every write path that
goes through the database (save, bulk_update, COPY) keeps the index current.
"""

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .plan import Results
from .text import build_search_text, refresh_search_text, to_simplified

MAX_TERMS = 8
MAX_QUERY_LENGTH = 100


def parse_terms(q: str | None) -> list[str]:
    """Whitespace-separated terms, deduplicated, without control characters, bounded, and in
    simplified characters (the catalogues are printed in them: 戶口 is searched as 户口)."""
    if not q:
        return []
    cleaned = "".join(ch if ch.isprintable() else " " for ch in to_simplified(q[:MAX_QUERY_LENGTH]))
    terms: list[str] = []
    for term in cleaned.split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


DEFAULT_BACKENDS = {"postgresql": "catalog.search.postgres.PostgresBackend"}


def get_backend(path: str | None = None):
    if not path:
        from django.db import connection

        path = getattr(settings, "SEARCH_BACKEND", None) or DEFAULT_BACKENDS.get(
            connection.vendor, "catalog.search.simple.SimpleBackend"
        )
    return _load_backend(path)


@lru_cache(maxsize=None)
def _load_backend(path: str):
    return import_string(path)()


def search(
    queryset, q: str | None, *, expand: bool = True, domain=None, region=None, lookups: dict | None = None
) -> Results:
    """Items of `queryset` matching every term; with `expand`, synonyms too (ranked after
    literal matches, see catalog.search.synonyms). A quoted term ("低保") is never expanded.
    Without terms: `queryset` itself, and no plan.

    `domain`, `region`: the caller has already kept only this domain's items, only this
    region's (and below): lets the index skip other domains' documents and count from the
    search entries; the results are the same.

    `lookups`: a dict shared by the searches of one request over the same `queryset` (a query
    and the relaxed forms retried when it found nothing, catalog/search/relax.py): each term's
    documents and the planner's estimates are then looked up once (PostgresBackend.match)."""
    terms = parse_terms(q)
    if not terms:
        return Results(queryset)
    from .synonyms import expanded_search

    return expanded_search(get_backend(), queryset, terms, expand=expand, domain=domain, region=region, lookups=lookups)


__all__ = [
    "Results",
    "build_search_text",
    "get_backend",
    "parse_terms",
    "refresh_search_text",
    "search",
    "to_simplified",
]
