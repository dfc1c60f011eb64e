"""Synonym expansion on top of any search backend.

Citizens type 低保; the catalogues print 最低生活保障, and 低保 is not a substring of it.
A staff-maintained table (`catalog.models.Synonym`) maps a query term to the wordings the
catalogues use. A query then matches an item when, for every term, the term itself *or*
one of its alternatives is a substring of the item's search text. Every alternative is
still an exact substring match run by the configured backend, so the backend's exactness
holds.

Both ways: 低保 also searches 最低生活保障 (the row's expansions), and 最低生活保障 also
searches 低保 (the terms of the rows that list it as an expansion), since some catalogues
print the everyday word (“低保对象名单”).

Ranking: items matching the literal query keep the backend's ranks (0, 1, 2); items found
only through a synonym get those ranks plus SYNONYM_RANK_OFFSET (3, 4, 5), so literal
matches always come first.

A term written in quotes ("低保" or “低保”) is searched literally, without expansion:
that is how the results page offers "只搜索原词".
"""

import operator
from dataclasses import dataclass, replace
from functools import reduce
from itertools import product

from django.conf import settings

from portal.cache import kept_in_process

from .plan import RankedMatch, Results, ranked_results

SYNONYM_RANK_OFFSET = 3
# Each extra combination of alternatives costs the backend one more query; keep it bounded.
MAX_COMBINATIONS = 16
QUOTES = "\"'“”‘’「」『』"
BACKEND_RANKS = (0, 1, 2)


@dataclass(frozen=True)
class Expansion:
    """One query term and the wordings it was also searched for."""

    term: str
    alternatives: tuple[str, ...]


def split_quoted(terms: list[str]) -> list[tuple[str, bool]]:
    """[(term without quotes, quoted?)], dropping terms that were nothing but quotes."""
    result = []
    for term in terms:
        bare = term.strip(QUOTES)
        if bare:
            result.append((bare, bare != term))
    return result


def lookup(terms: list[str]) -> dict[str, list[str]]:
    """Enabled synonyms of these terms from the table, both ways:
    {term: [its expansions…, then the terms of rows that list it as an expansion…]}.

    From the whole enabled table kept in this process until the data changes
    (portal.cache.kept_in_process: a search page and the relaxed forms of one that found
    nothing then read no synonyms at all), or, where values are not kept, from the rows that
    can concern these terms (one query)."""
    if not terms:
        return {}
    rows = kept_in_process("synonyms", _enabled_rows) if settings.PROCESS_DATA_CACHE else _enabled_rows(terms)
    found: dict[str, list[str]] = {}
    for term, expansions in rows:  # forward first: the row's own expansions come before reverse terms
        if term in terms:
            found.setdefault(term, []).extend(expansions)
    for row_term, expansions in rows:
        for term in set(expansions) & set(terms):
            if row_term not in found.setdefault(term, []):
                found[term].append(row_term)
    return {term: alternatives for term, alternatives in found.items() if alternatives}


def _enabled_rows(terms: list[str] | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(term, expansions) of the enabled rows in term order; with `terms`, only rows naming one
    of them (`expansions__contains` narrows them; the caller checks whole entries)."""
    from django.db.models import Q

    from catalog.models import Synonym

    rows = Synonym.objects.filter(enabled=True)
    if terms is not None:
        rows = rows.filter(reduce(operator.or_, [Q(term__in=terms)] + [Q(expansions__contains=t) for t in terms]))
    return tuple((row.term, tuple(row.expansion_list())) for row in rows.only("term", "expansions").order_by("term"))


def plan(terms: list[str], *, expand: bool = True) -> tuple[list[str], list[Expansion]]:
    """The literal terms (quotes removed) and the expansions to search as well.

    Expansions are bounded so that the number of combinations stays under MAX_COMBINATIONS;
    terms later in the query lose theirs first.
    """
    parsed = split_quoted(terms)
    literal = []
    for term, _ in parsed:
        if term not in literal:
            literal.append(term)
    if not expand:
        return literal, []
    found = lookup([term for term, quoted in parsed if not quoted])
    expansions: list[Expansion] = []
    combinations = 1
    for term, quoted in parsed:
        extra = [alt for alt in found.get(term, []) if alt not in literal] if not quoted else []
        if not extra or any(e.term == term for e in expansions):
            continue
        while extra and combinations * (1 + len(extra)) > MAX_COMBINATIONS:
            extra.pop()
        if extra:
            combinations *= 1 + len(extra)
            expansions.append(Expansion(term, tuple(extra)))
    return literal, expansions


def expanded_search(
    backend, queryset, terms: list[str], *, expand: bool = True, domain=None, region=None, lookups: dict | None = None
) -> Results:
    """Search with the backend, adding synonym-only matches ranked after the literal ones.
    `lookups`: what the backend looks up once for every combination (and, when the caller
    shares it, for every search of the request over the same `queryset`)."""
    literal, expansions = plan(terms, expand=expand)
    if not literal:
        return Results(queryset)
    lookups = {} if lookups is None else lookups
    if not expansions:
        return ranked_results(queryset, backend.match(queryset, literal, domain=domain, region=region, lookups=lookups))

    by_term = {e.term: e.alternatives for e in expansions}
    choices = [(term,) + by_term.get(term, ()) for term in literal]
    literal_match = backend.match(queryset, literal, domain=domain, region=region, lookups=lookups)
    synonym_matches = [
        backend.match(queryset, list(combo), domain=domain, region=region, lookups=lookups)
        for combo in product(*choices)
        if list(combo) != literal
    ]
    # Literal ranks come first, so an item matching literally never gets a synonym rank;
    # rank r + SYNONYM_RANK_OFFSET: not a literal match, but some combination's rank r.
    literal_any = literal_match.everything
    synonym_ranks = [
        literal_any | reduce(operator.or_, [match.ranks[rank] for match in synonym_matches]) for rank in BACKEND_RANKS
    ]
    results = ranked_results(
        queryset,
        RankedMatch(
            ranks=[*literal_match.ranks, *synonym_ranks],
            lower_bounds=literal_match.lower_bounds,
            collect_all=literal_match.collect_all,
            entries=literal_match.entries,
            never=literal_match.never,
            estimate=literal_match.estimate if all(match.estimate for match in synonym_matches) else None,
            walked=literal_match.walked,
            reads=combined_reads(literal_match, synonym_matches),
            planner_off=tuple(
                sorted({setting for match in [literal_match, *synonym_matches] for setting in match.planner_off})
            ),
        ),
    )
    return replace(results, expansions=tuple(expansions))


def combined_reads(literal_match: RankedMatch, synonym_matches: list[RankedMatch]):
    """RankedMatch.reads of the combined ranks: a literal rank reads what the literal match's
    does; a synonym rank reads every literal match (its first alternative) and each
    combination's rank. None when some match cannot say."""
    if literal_match.reads is None or any(match.reads is None for match in synonym_matches):
        return None
    literal_ranks = len(literal_match.ranks)

    def reads(rank: int) -> float | None:
        if rank < literal_ranks:
            return literal_match.reads(rank)
        backend_rank = BACKEND_RANKS[rank - literal_ranks]
        parts = [literal_match.reads(literal_ranks - 1), *(match.reads(backend_rank) for match in synonym_matches)]
        return None if None in parts else sum(parts)

    return reads


def expansions_used(q: str | None) -> list[Expansion]:
    """What the results page reports as 也搜索了：… for this query (a search's own Results
    carry them already: `Results.expansions`)."""
    from . import parse_terms

    return plan(parse_terms(q))[1]


def literal_query(q: str | None, expansions: list[Expansion] | None = None) -> str:
    """The same query with every expanded term quoted, i.e. searched literally only.

    Pass the `expansions_used(q)` already computed to save the synonym look-up."""
    from . import parse_terms

    terms = parse_terms(q)
    expanded = {e.term for e in (expansions if expansions is not None else plan(terms)[1])}
    return " ".join(f'"{term}"' if term in expanded else term for term, _ in split_quoted(terms))
