"""Counting and paging through a search's plan gives exactly what the plain queryset gives.

Runs on SQLite (simple backend) and PostgreSQL (indexed backend, forced past its row-by-row
path), with the plan's thresholds lowered so that a few dozen items exercise every path:
whole ranks sorted in Python, ranks read in catalogue order, pages that straddle two ranks,
counts stopped at a lower bound.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Item, Synonym
from catalog.search import plan as plan_module
from catalog.search import postgres as postgres_module
from catalog.search import search
from catalog.search.filters import filter_items
from catalog.search.paging import COUNT_LIMIT, SearchPaginator
from catalog.search.postgres import PostgresBackend
from catalog.search.simple import SimpleBackend
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

pytestmark = pytest.mark.django_db

ORDER = ("search_rank", "catalogue__position", "catalogue_id", "position", "pk")
# How the plan's own statements begin: counts, sorted rank probes, matches collected with their
# ranks (PostgreSQL counts and gathers them in the database).
COLLECTING = ("SELECT CASE WHEN", "WITH matches(")
PLAN_STATEMENTS = ("SELECT COUNT(*)", "SELECT rank_rows.*", *COLLECTING)
QUERIES = ["低保", "保", "办理", "民政局", "最低生活保障", "低保 办理", "保 民政", "无此词", "申请"]


@pytest.fixture(autouse=True)
def indexed_everywhere(monkeypatch):
    monkeypatch.setattr(PostgresBackend, "scan_below", 0)


@pytest.fixture
def items():
    first, second = CatalogueFactory(region__name="阿尔山市"), CatalogueFactory(region__name="襄垣县")
    second.position = 1
    second.save()
    made = []
    for n in range(12):
        catalogue = first if n % 3 else second
        made.append(
            ItemFactory(
                catalogue=catalogue,
                level1="社会救助" if n % 2 else "低保办理",
                level2=f"最低生活保障{n}" if n % 4 else f"特困人员{n}",
                content="低保金发放、办理流程" if n % 5 else "申请条件",
                publishers=("阿尔山市民政局",) if n % 2 else ("襄垣县人力资源和社会保障局",),
                linked=True,
            )
        )
    return made


def plain_page(queryset, start, stop):
    return [item.pk for item in queryset.order_by(*ORDER)[start:stop]]


@pytest.mark.parametrize("collect_limit", [0, 1000])
# PROBE_WHOLE 0: no rank probed whole; 1,000,000: every rank of several terms (RankedMatch.reads)
@pytest.mark.parametrize(("probe_limit", "probe_whole"), [(1, 0), (1, 1_000_000), (3, 0), (1000, 0)])
@pytest.mark.parametrize("q", QUERIES)
def test_paginator_pages_through_the_plan_as_through_the_queryset(
    items, monkeypatch, probe_limit, probe_whole, collect_limit, q
):
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", probe_limit)
    monkeypatch.setattr(plan_module, "PROBE_WHOLE", probe_whole)
    monkeypatch.setattr(plan_module, "COLLECT_LIMIT", collect_limit)  # 0: exact counts are counted, not fetched
    found = search(Item.objects.published(), q)
    assert found.plan is not None
    results = found.items.order_by(*ORDER)
    total = results.count()
    for count_limit in (2, 5, 100):
        paginator = SearchPaginator(results, 3, plan=found.plan)
        paginator.count_limit = count_limit
        assert (paginator.count, paginator.count_is_exact) == (min(total, count_limit), total <= count_limit)
        for number in paginator.page_range:
            page = paginator.page(number)
            start = (number - 1) * 3
            assert [item.pk for item in page] == plain_page(results, start, min(start + 3, paginator.count)), (
                q,
                number,
            )
            assert [item.search_rank for item in page] == [
                rank for rank in results.order_by(*ORDER).values_list("search_rank", flat=True)[start : start + 3]
            ][: len(page)]


def test_synonym_ranks_page_the_same_way(items, monkeypatch):
    catalogue = items[0].catalogue
    for n in range(3):
        ItemFactory(catalogue=catalogue, level1="户籍管理", level2=f"户口迁移{n}", content="迁移条件", linked=True)
        ItemFactory(
            catalogue=catalogue,
            level1="户籍管理",
            level2=f"身份证{n}",
            content="办证材料",
            publishers=("特困供养服务中心",),
            linked=True,
        )
    Synonym.objects.update_or_create(term="低保", defaults={"expansions": "申请条件\n户口\n特困供养", "enabled": True})
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 2)
    found = search(Item.objects.published(), "低保")
    results = found.items.order_by(*ORDER)
    assert {3, 4, 5} <= set(results.values_list("search_rank", flat=True)), "synonym-only matches in every segment"
    paginator = SearchPaginator(results, 4, plan=found.plan)
    assert paginator.count == results.count()
    for number in paginator.page_range:
        start = (number - 1) * 4
        assert [item.pk for item in paginator.page(number)] == plain_page(results, start, start + 4)


def test_the_filter_set_searches_last_and_keeps_the_plan(items):
    filterset, results = filter_items({"q": "低保", "domain": "shehui-jiuzhu", "sort": "relevance"})
    plan = filterset.search_plan
    assert plan is not None and plan.applies_to(results.for_listing())
    assert "domain_id" in str(plan.base.query)  # the search saw the domain filter
    paginator = SearchPaginator(results.for_listing(), 5, plan=plan)
    assert [item.pk for item in paginator.page(1)] == plain_page(results, 0, 5)


def test_a_filter_set_without_a_query_has_no_plan(items):
    filterset, _results = filter_items({"domain": "shehui-jiuzhu"})
    assert filterset.search_plan is None


def test_a_queryset_filtered_after_the_search_is_not_paged_by_its_plan(items):
    found = search(Item.objects.published(), "低保")
    narrowed = found.items.filter(level1="社会救助").order_by(*ORDER)
    assert found.plan.applies_to(found.items.order_by(*ORDER))
    assert not found.plan.applies_to(narrowed)
    assert not found.plan.applies_to(found.items.none())
    paginator = SearchPaginator(narrowed, 100, plan=found.plan)
    assert paginator.count == narrowed.count() == len([item for item in items if item.level1 == "社会救助"])


def test_other_orderings_are_paged_on_the_queryset(items):
    found = search(Item.objects.published(), "低保")
    results = found.items.order_by("level1", "level2", "pk")
    paginator = SearchPaginator(results, 5, plan=found.plan)
    assert [item.pk for item in paginator.page(2)] == [item.pk for item in results[5:10]]


@pytest.mark.postgresql
def test_a_frequent_term_is_counted_without_looking_up_local_documents(items, monkeypatch):
    # 保 is in every item's names or content ("低保…", "最低生活保障…") and in one
    # publisher's name: counting stops at the lower bound, before the local segment.
    from catalog.search import postgres

    monkeypatch.setattr(postgres, "COUNT_LIMIT", 5)  # "a frequent term" in a database this small
    found = search(Item.objects.published(), "保")
    results = found.items.order_by(*ORDER)
    paginator = SearchPaginator(results, 3, plan=found.plan)
    paginator.count_limit = 5
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.count_is_exact) == (5, False)
        paginator.page(1)
    assert not [q for q in queries if '"catalog_searchdocument"."kind" = 3' in q["sql"]]
    # the full result still needs them, and finds the same rows as the simple backend
    assert results.count() == Item.objects.published().filter(search_text__icontains="保").count()


@pytest.mark.postgresql
def test_plan_paths_on_generated_data_match_the_plain_queryset(monkeypatch):
    call_command("load_seed", verbosity=0)
    call_command("generate_synthetic", items=400, seed=5, verbosity=0)
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 40)
    for q in ["申请", "保", "低保", "公开 办理", "民政局"]:
        found = search(Item.objects.published(), q)
        results = found.items.order_by(*ORDER)
        paginator = SearchPaginator(results, 20, plan=found.plan)
        paginator.count_limit = 150
        assert paginator.count == min(results.count(), 150)
        for number in sorted({1, min(2, paginator.num_pages), paginator.num_pages}):
            start = (number - 1) * 20
            assert [item.pk for item in paginator.page(number)] == plain_page(
                results, start, min(start + 20, paginator.count)
            )


@pytest.mark.postgresql
def test_a_search_within_a_domain_skips_other_domains_documents_and_finds_the_same_rows(items):
    from catalog.models import Domain, SearchDocumentDomain
    from catalog.search.postgres import TermDocuments

    housing = Domain.objects.get(slug="nongcun-weifang-gaizao")
    moved = ItemFactory(
        catalogue=items[0].catalogue,
        level1="农村危房改造",
        level2="危房改造补助",
        content="补助标准",
        domain=housing,
        linked=True,
    )
    relief = Domain.objects.get(slug="shehui-jiuzhu")
    for q in ["保", "低保", "危房", "民政局 低保", "补助"]:
        for domain in (relief, housing):
            within = Item.objects.published().filter(domain=domain)
            hinted = within.search(q, domain=domain)
            assert sorted(hinted.values_list("pk", "search_rank")) == sorted(
                within.search(q).values_list("pk", "search_rank")
            )
    # 保 occurs in 社会救助 documents only: within 农村危房改造 nothing is looked up at all
    assert TermDocuments("保", housing).shared == {"names": [], "content": [], "template": []}
    assert TermDocuments("保", relief).shared["names"]
    # moving an item to another domain records its documents there (the index trigger)
    Item.objects.filter(pk=moved.pk).update(domain=relief)
    assert SearchDocumentDomain.objects.filter(domain=relief, document_id=moved.search_entry.names_id).exists()
    within = Item.objects.published().filter(domain=relief)
    assert moved.pk in set(within.search("危房改造", domain=relief).values_list("pk", flat=True))


def paged_and_plain(base, q, domain=None, region=None):
    """(count, every page's ids) through the plan, and the same from the plain queryset."""
    found = search(base, q, domain=domain, region=region)
    results = found.items.order_by(*ORDER)
    paginator = SearchPaginator(results, 4, plan=found.plan)
    assert found.plan.applies_to(results)
    paged = [item.pk for number in paginator.page_range for item in paginator.page(number)]
    return (paginator.count, paged), (results.count(), list(results.values_list("pk", flat=True)))


@pytest.mark.postgresql
def test_public_searches_count_and_rank_on_search_entries_which_follow_every_change(items, monkeypatch):
    from catalog.models import Domain

    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 2)
    relief, housing = Domain.objects.get(slug="shehui-jiuzhu"), Domain.objects.get(slug="nongcun-weifang-gaizao")
    public = Item.objects.published()
    found = search(public, "低保")
    paginator = SearchPaginator(found.items.order_by(*ORDER), 4, plan=found.plan)
    with CaptureQueriesContext(connection) as queries:
        paginator.page(2)
    plan_statements = [q["sql"] for q in queries if q["sql"].startswith(PLAN_STATEMENTS)]
    assert plan_statements and all('FROM "catalog_searchentry"' in sql for sql in plan_statements)
    assert not any('"catalog_item"' in sql for sql in plan_statements)
    # within a region too: the entries' catalogues say where they are
    region = items[0].catalogue.region
    found = search(public.in_region(region), "低保", region=region)
    paginator = SearchPaginator(found.items.order_by(*ORDER), 4, plan=found.plan)
    with CaptureQueriesContext(connection) as queries:
        paginator.page(1)
    plan_statements = [q["sql"] for q in queries if q["sql"].startswith(PLAN_STATEMENTS)]
    assert plan_statements and not any('"catalog_item"' in sql for sql in plan_statements)
    # and name the region's catalogues by id (no join to them), so that PostgreSQL can
    # intersect the region's entries with the term's in the indexes
    assert not any('JOIN "catalog_catalogue"' in sql for sql in plan_statements)
    # a region without catalogues finds nothing, through the plan as plainly
    empty = RegionFactory(parent=region)
    assert paged_and_plain(public.in_region(empty), "低保", None, empty) == ((0, []), (0, []))

    # withdrawn, moved to another domain, moved to the front of its catalogue: by UPDATE
    # statements as well as by save(); the index triggers copy each change to the entry
    withdrawn, moved, first = items[1], items[2], items[7]
    Item.objects.filter(pk=withdrawn.pk).update(status=Item.Status.WITHDRAWN)
    moved.domain = housing
    moved.save()
    Item.objects.filter(pk=first.pk).update(position=0)
    region = items[0].catalogue.region
    for q in QUERIES:
        for base, domain, within in (
            (public, None, None),
            (public.filter(domain=relief), relief, None),
            (public.filter(domain=housing), housing, None),
            (public.in_region(region), None, region),
            (public.in_region(region).filter(domain=relief), relief, region),
        ):
            via_plan, plain = paged_and_plain(base, q, domain, within)
            assert via_plan == plain, (q, domain, within)
    everything = paged_and_plain(public, "低保")[0][1]
    assert withdrawn.pk not in everything and moved.pk in everything
    assert paged_and_plain(public.filter(domain=housing), "低保", housing)[0][1] == [moved.pk]


class CollectingBackend(SimpleBackend):
    """The simple backend marking its matches as few: what PostgreSQL does for a township."""

    def match(self, queryset, terms, *, domain=None, region=None, lookups=None):
        match = super().match(queryset, terms)
        match.collect_all = True
        return match


@pytest.mark.parametrize("q", ["低保", "保 民政", "无此词"])
def test_collected_matches_count_page_and_facet_as_the_queryset(items, settings, q):
    from django.http import QueryDict

    from catalog.site.facets import compute_facets

    settings.SEARCH_BACKEND = "tests.search.test_plan.CollectingBackend"
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    paginator = SearchPaginator(results, 4, plan=found.plan)
    assert paginator.count == results.count()
    for number in paginator.page_range:
        start = (number - 1) * 4
        assert [item.pk for item in paginator.page(number)] == plain_page(results, start, start + 4)
    # the same facets from the plan's collected matches as counted from the queryset
    assert compute_facets(results, QueryDict(), plan=found.plan) == compute_facets(results, QueryDict())


@pytest.mark.parametrize("q", ["低保", "保 民政", "最低生活保障"])
def test_a_search_of_few_matches_is_counted_paged_and_faceted_from_one_statement(items, monkeypatch, q):
    from django.http import QueryDict

    from catalog.site.facets import compute_facets

    def plan_statements(collect_limit):
        monkeypatch.setattr(plan_module, "COLLECT_LIMIT", collect_limit)
        found = search(Item.objects.published(), q)
        results = found.items.order_by(*ORDER)
        with CaptureQueriesContext(connection) as queries:
            paginator = SearchPaginator(results, 4, plan=found.plan)
            shown = (paginator.count, [item.pk for item in paginator.page(2)])
            facets = compute_facets(results, QueryDict(), plan=found.plan)
        assert shown == (results.count(), plain_page(results, 4, 8))
        assert facets == compute_facets(results, QueryDict())
        return [query["sql"] for query in queries if query["sql"].startswith(PLAN_STATEMENTS)]

    collected = plan_statements(COUNT_LIMIT)
    assert len(collected) == 1 and collected[0].startswith(COLLECTING)
    monkeypatch.setattr(plan_module, "HEAD_ROWS", 0)  # nor the first rows kept: counted, then probed
    assert len(plan_statements(0)) > 1


@pytest.mark.parametrize("head_rows", [0, 5, 100])
@pytest.mark.parametrize("q", QUERIES)
def test_an_exact_count_above_the_collect_limit_keeps_its_first_rows_for_the_first_pages(
    items, monkeypatch, q, head_rows
):
    monkeypatch.setattr(plan_module, "COLLECT_LIMIT", 0)  # no count is gathered whole
    monkeypatch.setattr(plan_module, "HEAD_ROWS", head_rows)
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    paginator = SearchPaginator(results, 3, plan=found.plan)
    assert paginator.count == results.count()
    for number in paginator.page_range:
        with CaptureQueriesContext(connection) as queries:
            page = [item.pk for item in paginator.page(number)]
        start = (number - 1) * 3
        assert page == plain_page(results, start, start + 3)
        probes = [query["sql"] for query in queries if query["sql"].startswith(PLAN_STATEMENTS)]
        if paginator.count and start + 3 <= head_rows:
            assert probes == []  # read from the rows the count kept


@pytest.mark.postgresql
def test_ranks_of_terms_found_in_no_document_are_skipped_without_a_statement(items, monkeypatch):
    monkeypatch.setattr(plan_module, "COLLECT_LIMIT", 0)
    monkeypatch.setattr(plan_module, "HEAD_ROWS", 0)  # every page probed rank by rank
    found = search(Item.objects.published(), "民政局")  # only in the publishers: ranks 0 and 1 are empty
    results = found.items.order_by(*ORDER)
    paginator = SearchPaginator(results, 3, plan=found.plan)
    assert paginator.count == results.count() > 0
    with CaptureQueriesContext(connection) as queries:
        page = [item.pk for item in paginator.page(1)]
    assert page == plain_page(results, 0, 3)
    probes = [query["sql"] for query in queries if query["sql"].startswith("SELECT rank_rows.*")]
    assert len(probes) == 1  # rank 2 alone


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["低保 无此词", "无此词 办理", "保 民政 无此词"])
def test_a_search_with_a_term_found_in_no_document_is_counted_without_a_statement(items, q):
    """Every match needs every term: one found in no document leaves nothing to count, and
    the count is not sent the other terms' documents to plan (the page is then relaxed)."""
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    paginator = SearchPaginator(results, 3, plan=found.plan)
    with CaptureQueriesContext(connection) as queries:
        shown = (paginator.count, paginator.count_is_exact, [item.pk for item in paginator.page(1)])
    assert [query["sql"] for query in queries if query["sql"].startswith(PLAN_STATEMENTS)] == []
    assert shown == (results.count(), True, []) == (0, True, [])


def settings_in_force(matching, *names):
    """(an execute_wrapper, what it saw): for each statement that `matching(sql)` accepts, the
    values of the planner settings `names` in force when it ran (asked in the same transaction),
    and the statement."""
    seen = []

    def record(execute, sql, params, many, context):
        if matching(sql):
            with context["connection"].connection.cursor() as cursor:
                cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in names))
                seen.append((*cursor.fetchone(), sql))
        return execute(sql, params, many, context)

    return record, seen


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["低保", "保 民政", "民政局"])
def test_the_first_catalogues_are_read_item_by_item(items, monkeypatch, q):
    """A count above the limit pages from the first catalogues' items: their terms are checked
    item by item, never by joining every entry of the driving term (329,139 for 民政 共服务 at
    1M items). On a tiny table the planner would choose that anyway, so what is checked is
    that the statement is planned without the plan shapes that join them all."""
    monkeypatch.setattr(SearchPaginator, "count_limit", 3)  # more than counted: _in_first_catalogues
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 1)
    record, planned = settings_in_force(
        lambda sql: '"catalogue_id" IN (SELECT' in sql, "enable_hashjoin", "enable_mergejoin", "enable_bitmapscan"
    )
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    with connection.execute_wrapper(record):
        paginator = SearchPaginator(results, 2, plan=found.plan)
        page = [item.pk for item in paginator.page(1)]
    assert results.count() > 3 and page == plain_page(results, 0, 2)
    assert planned and {settings[:3] for settings in planned} == {("off", "off", "off")}
    with connection.cursor() as cursor:  # and for that statement only
        cursor.execute("SHOW enable_hashjoin")
        assert cursor.fetchone() == ("on",)


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["低保", "保 民政", "民政局"])
def test_the_first_catalogues_are_walked_with_every_term_tested_row_by_row(items, monkeypatch, q):
    """The first catalogues' rows are read from the search entries with every term stated
    unindexed (`(column + 0)`, `coalesce(fragments)`), so that the catalogues' index is the only
    way in: with the joins off, the planner still drove a nested loop from the term's index
    (务平 政务服务中 at 1M items: 293,568 entries of 务平's local documents, 4.0 s against 17 ms)."""
    monkeypatch.setattr(SearchPaginator, "count_limit", 3)  # more than counted: _in_first_catalogues
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 1)
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    with CaptureQueriesContext(connection) as queries:
        paginator = SearchPaginator(results, 2, plan=found.plan)
        page = [item.pk for item in paginator.page(1)]
    assert page == plain_page(results, 0, 2)
    walks = [query["sql"] for query in queries if '"catalogue_id" IN (SELECT' in query["sql"]]
    assert walks
    for sql in walks:
        assert sql.startswith('SELECT "catalog_searchentry"."item_id" AS "pk"'), sql
        assert not re.search(r'"(names|content|template|local)_id" = ANY|"local_fragments" &&', sql), sql


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["中华人民", "中华人民 条例"])
def test_the_terms_documents_are_looked_up_with_their_index_before_the_walk(items, monkeypatch, q):
    """The walk turns bitmap scans off for its own statement only: a term's documents (looked up
    when a statement that needs them is compiled) are found through the GIN index on grams,
    which only a bitmap scan can use. 中华人民 at 1M (in every item's laws, and overlapping a
    region name a local part was cut at, so its local parts are the whole local documents, looked up only when a rank needs
    them): looked up inside the walk, all 166,000 local documents were read (653 ms)."""
    # a local part cut at the region name 中华 where 中华人民 overlaps it (a junction)
    ItemFactory(catalogue=CatalogueFactory(region__name="中华"), publishers=("中华人民政府",), linked=True)
    monkeypatch.setattr(postgres_module, "COUNT_LIMIT", 3)  # expected above it: local parts counted last
    monkeypatch.setattr(SearchPaginator, "count_limit", 3)  # more than counted: _in_first_catalogues
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 1)
    record, looked_up = settings_in_force(
        lambda sql: sql.startswith('SELECT "catalog_searchdocument"."id"'), "enable_bitmapscan"
    )
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    with connection.execute_wrapper(record):
        paginator = SearchPaginator(results, 2, plan=found.plan)
        page = [item.pk for item in paginator.page(1)]
    assert page == plain_page(results, 0, 2)
    assert looked_up and {setting for setting, _ in looked_up} == {"on"}


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["低保", "保 民政", "最低生活保障"])
def test_the_counted_matches_are_joined_to_their_catalogues_without_a_nested_loop(items, q):
    """The matches a count keeps are sorted by their catalogue's position, joined for up to
    10,000 rows: a nested loop there (one catalogue looked up per match) is what the planner
    picks whenever it expects few matches, however many there are. On a tiny table it would
    pick it rightly, so what is checked is that the statement is planned without nested loops,
    when its matches come from the search entries alone, and that the setting is restored."""
    record, planned = settings_in_force(lambda sql: sql.startswith("WITH matches("), "enable_nestloop")
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    with connection.execute_wrapper(record):
        paginator = SearchPaginator(results, 2, plan=found.plan)
        shown = (paginator.count, [item.pk for item in paginator.page(1)])
    assert shown == (results.count(), plain_page(results, 0, 2)) and shown[0] > 0
    assert [setting for setting, _ in planned] == ["off"]
    with connection.cursor() as cursor:  # and for that statement only
        cursor.execute("SHOW enable_nestloop")
        assert cursor.fetchone() == ("on",)


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["局", "局 低保"])
def test_a_term_in_many_local_fragments_is_tested_in_chunks_through_the_index(items, monkeypatch, q):
    """A term found in more local fragments than LONG_FRAGMENT_LIST (教育局: 1,209 at 1M items) is
    tested with one `&&` per chunk of them, and the plan's statements are planned without
    sequential scans: `&&` compares each fragment of a row with each id of the list, a cost the
    planner does not see (it read 571,922 entries one by one to count 教育局's first 10,001: 10 s).
    The setting is restored after them."""
    from catalog.search import postgres

    monkeypatch.setattr(postgres, "LONG_FRAGMENT_LIST", 1)  # 局: 民政局, 人力资源和社会保障局
    record, planned = settings_in_force(
        lambda sql: sql.startswith(("WITH matches(", "SELECT COUNT(*)")), "enable_seqscan"
    )
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    with connection.execute_wrapper(record):
        paginator = SearchPaginator(results, 2, plan=found.plan)
        shown = (paginator.count, [item.pk for item in paginator.page(1)])
    assert shown == (results.count(), plain_page(results, 0, 2)) and shown[0] > 0
    assert planned and all(setting == "off" and sql.count("&&") >= 2 for setting, sql in planned), planned
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)


@pytest.fixture
def ranks_past_the_probe_limit(monkeypatch):
    monkeypatch.setattr(SearchPaginator, "count_limit", 5)  # more than counted (pages 1 and 2 shown)
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 1)  # every rank larger than the probe limit
    monkeypatch.setattr(plan_module, "PROBE_WHOLE", 0)  # and none probed whole
    monkeypatch.setattr(plan_module, "FIRST_CATALOGUE_ROWS", 0)  # no first-catalogue shortcut


def first_two_pages_statements(q: str) -> list[dict]:
    """The statements that page 1 and 2 of `q` (two items a page) ran, once the pages are found
    identical to the plain queryset's."""
    found = search(Item.objects.published(), q)
    results = found.items.order_by(*ORDER)
    with CaptureQueriesContext(connection) as queries:
        paginator = SearchPaginator(results, 2, plan=found.plan)
        pages = [[item.pk for item in paginator.page(number)] for number in (1, 2)]
    assert results.count() > 5 and pages == [plain_page(results, 0, 2), plain_page(results, 2, 4)]
    return queries.captured_queries


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["低保", "保 民政", "民政局"])
def test_a_rank_larger_than_the_probe_limit_is_paged_from_the_search_entries(items, ranks_past_the_probe_limit, q):
    """Past the probe limit (more matches than counted), a rank is sorted in the database: from
    the search entries, which carry the public search's filters and the order's keys, not by
    joining every match to its item (a nested loop on a misestimate: 386 ms for 五保 within
    社会救助 at 1M items)."""
    queries = first_two_pages_statements(q)
    ordered = [
        query["sql"].split(" FROM ")[0]
        for query in queries
        if query["sql"].startswith("SELECT") and ' AS "pk" FROM ' in query["sql"] and "ORDER BY" in query["sql"]
    ]
    assert ordered and set(ordered) == {'SELECT "catalog_searchentry"."item_id" AS "pk"'}


def ordered_from_the_entries(queries) -> list[str]:
    """The statements that sorted a rank in the database past its probe (ORDER BY … LIMIT)."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "catalog_searchentry"."item_id" AS "pk" FROM ')
        and "ORDER BY" in query["sql"]
        and '"catalogue_id" IN (SELECT' not in query["sql"]  # not the first catalogues' walk
    ]


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["保 民政", "低保 办理"])
def test_a_rank_of_several_terms_found_among_few_entries_is_probed_whole(
    items, ranks_past_the_probe_limit, monkeypatch, q
):
    """Several terms: a rank past the probe limit is probed whole when PostgreSQL expects its
    driving term's entries in its segments to be at most PROBE_WHOLE (the probe reads them all
    anyway when the rank is sparse among them), and then not sorted again: rank 1 of 标准 政府
    at 1M items, 6,388 rows among 政府's 49,505 names and content entries, was read by the probe
    and again by the sort. Above PROBE_WHOLE (the fixture: 0), it is sorted again as before."""
    assert ordered_from_the_entries(first_two_pages_statements(q))
    monkeypatch.setattr(plan_module, "PROBE_WHOLE", 1_000_000)
    queries = first_two_pages_statements(q)
    assert any(query["sql"].startswith("SELECT rank_rows.*") for query in queries)
    assert ordered_from_the_entries(queries) == []


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["低保", "保", "最低生活保障"])
def test_a_rank_estimated_above_the_probe_limit_is_sorted_without_probing_it_first(
    items, ranks_past_the_probe_limit, monkeypatch, q
):
    """One term: the planner sees every condition's statistics, and a rank it estimates above
    the probe limit is sorted at once, not probed for its first PROBE_LIMIT + 1 rows and then
    sorted whole (特困人员, 五保's synonym, at 1M items: 11,523 rows read twice). Several terms:
    all but the driving one are hidden from the planner, so their ranks are probed as before."""
    from catalog.search import postgres

    monkeypatch.setattr(postgres, "planner_rows", lambda queryset: 1_000_000)  # every rank "large"
    for query, probed in ((q, False), (f"{q} 民政", True)):
        queries = first_two_pages_statements(query)
        assert any(statement["sql"].startswith("SELECT rank_rows.*") for statement in queries) is probed, query
