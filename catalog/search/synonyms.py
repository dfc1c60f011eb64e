"""Synonym expansion on top of any search backend.

Citizens type 低保; the catalogues print 最低生活保障, and 低保 is not a substring of it.
A staff-maintained table (`catalog.models.Synonym`) maps a query term to the wordings the
catalogues use. A query then matches an item when, for every term, the term itself *or*
one of its expansions is a substring of the item's search text. Every alternative is still
an exact substring match run by the configured backend, so the backend's exactness holds.

Ranking: items matching the literal query keep the backend's ranks (0, 1, 2); items found
only through a synonym get those ranks plus SYNONYM_RANK_OFFSET (3, 4, 5), so literal
matches always come first.

A term written in quotes ("低保" or “低保”) is searched literally, without expansion:
that is how the results page offers "只搜索原词".
"""
import operator
from dataclasses import dataclass
from functools import reduce
from itertools import product

from .plan import RankedMatch, ranked_queryset

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
    """Enabled synonyms of these terms from the table: {term: [expansion, …]} (one query)."""
    from catalog.models import Synonym

    if not terms:
        return {}
    rows = Synonym.objects.filter(term__in=terms, enabled=True).only("term", "expansions")
    return {row.term: row.expansion_list() for row in rows if row.expansion_list()}


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


def expanded_search(backend, queryset, terms: list[str], *, expand: bool = True, domain=None):
    """Search with the backend, adding synonym-only matches ranked after the literal ones."""
    literal, expansions = plan(terms, expand=expand)
    if not literal:
        return queryset
    if not expansions:
        return backend.search(queryset, literal, domain=domain)

    by_term = {e.term: e.alternatives for e in expansions}
    choices = [(term,) + by_term.get(term, ()) for term in literal]
    lookups: dict = {}  # what the backend looks up once for every combination
    literal_match = backend.match(queryset, literal, domain=domain, lookups=lookups)
    synonym_matches = [
        backend.match(queryset, list(combo), domain=domain, lookups=lookups)
        for combo in product(*choices)
        if list(combo) != literal
    ]
    # Literal ranks come first, so an item matching literally never gets a synonym rank;
    # rank r + SYNONYM_RANK_OFFSET: not a literal match, but some combination's rank r.
    literal_any = literal_match.everything
    synonym_ranks = [
        literal_any | reduce(operator.or_, [match.ranks[rank] for match in synonym_matches]) for rank in BACKEND_RANKS
    ]
    return ranked_queryset(
        queryset,
        RankedMatch(
            ranks=[*literal_match.ranks, *synonym_ranks],
            lower_bounds=literal_match.lower_bounds,
            collect_all=literal_match.collect_all,
            entries=literal_match.entries,
        ),
    )


def expansions_used(q: str | None) -> list[Expansion]:
    """What the results page reports as 也搜索了：… for this query."""
    from . import parse_terms

    return plan(parse_terms(q))[1]


def literal_query(q: str | None, expansions: list[Expansion] | None = None) -> str:
    """The same query with every expanded term quoted, i.e. searched literally only.

    Pass the `expansions_used(q)` already computed to save the synonym look-up."""
    from . import parse_terms

    terms = parse_terms(q)
    expanded = {e.term for e in (expansions if expansions is not None else plan(terms)[1])}
    return " ".join(f'"{term}"' if term in expanded else term for term, _ in split_quoted(terms))


# --- the reviewed seed list ------------------------------------------------------------
# (term, expansions, note). Each checked against fixtures/sources/*.txt (file:line cited);
# the data migration 0005_citizen loads it, staff maintain the table in the admin afterwards.
SEED_SYNONYMS = [
    ("低保", ["最低生活保障"],
     "低保即城乡居民最低生活保障。原文：000 第79–83行 事项名“最低生活保障”，第83行“低保对象名单”；002 第43行；004 第24行。"),
    ("社保", ["社会保险"],
     "社保通常指社会保险（000 第(八)部分、001 全文“社会保险领域”）。不扩展为“社会保障”：它出现在每个"
     "“人力资源和社会保障局”的公开主体中，会把几乎全部人社事项都带出来。"),
    ("社保卡", ["社会保障卡"], "社保卡即社会保障卡。原文：000 第231行等“社会保障卡管理部门”。"),
    ("医保", ["医疗保险", "医疗保障"],
     "医保指基本医疗保险，亦指医疗保障部门。原文：000 第222行、001 第87行“代缴基本医疗保险费”；004 第17行“医疗保险补贴”。"
     "“医疗保障”在种子目录中尚无出现，为医疗保障局（2018年机构改革后名称）相关目录保留。"),
    ("户口", ["户籍"], "户口与户籍同义。原文：000 第47行“户籍管理领域”，其事项依据为《户口登记条例》。"),
    ("五保", ["特困人员"],
     "农村五保供养已并入特困人员救助供养（《社会救助暂行办法》2014年；《国务院关于进一步健全特困人员救助供养制度的意见》"
     "国发〔2016〕14号），目录中已不再出现“五保”。原文：000 第84–88行、002 第43、48行“特困人员救助供养”。"),
    ("残补", ["残疾人补贴", "残疾人生活补贴", "残疾人护理补贴"],
     "残补指残疾人两项补贴（困难残疾人生活补贴、重度残疾人护理补贴）。原文：002 第47行；004 第17行“残疾人补贴”。"
     "注意：原词“残补”恰是“伤残补助金”的子串（000 第211行、001 第76行，工伤保险），按原词命中的这些事项排在前面。"),
    ("计生", ["计划生育"], "计生即计划生育。原文：004“独生子女父母计划生育奖励”。"),
    ("农保", ["居民养老保险", "居民基本养老保险"],
     "新型农村社会养老保险（新农保）已并入城乡居民基本养老保险（国发〔2014〕8号）。原文：000、001“城乡居民养老保险参保登记”"
     "“城乡居民基本养老保险关系转移接续”。"),
    ("新农保", ["居民养老保险", "居民基本养老保险"], "同“农保”。"),
    ("养老金", ["养老保险待遇"], "养老金即养老保险待遇。原文：000、001“城乡居民养老保险待遇申领”。"),
    ("失业金", ["失业保险金"], "失业金即失业保险金。原文：000“失业保险金”。"),
    ("高龄补贴", ["高龄津贴"], "高龄补贴即高龄津贴。原文：000 第97行“高龄津贴”。"),
    ("退伍", ["退役"], "“退伍军人”现称“退役军人”。原文：000、001“军人退役基本养老保险”。"),
]
