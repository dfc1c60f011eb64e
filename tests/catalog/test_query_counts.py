"""Each page issues a fixed number of queries, whatever the number of items on it."""
import pytest

from catalog.models import LegalBasis, Organisation
from tests.factories import make_item


def more_items(world, n):
    for i in range(n):
        make_item(
            world.a, level1="最低生活保障", level2=f"补充事项{i}", laws=["社会救助暂行办法", f"办法{i}"],
            publishers=["阿尔山市民政局", f"机构{i}"], channels=[("zhengfu-wangzhan", f"网站{i}")],
            levels=["county"], elements=["甲", "乙"], audience_public=True,
        )


def term_lookups(q: str = "低保") -> int:
    """Queries the search backend adds: the indexed PostgreSQL backend spends one per
    backend.search call (looking up the term's documents, or asking the planner how many
    rows a filtered queryset holds); search() calls it once for the literal terms and once
    per synonym combination. The simple backend adds none."""
    from math import prod

    from catalog.search import get_backend, parse_terms
    from catalog.search.postgres import PostgresBackend
    from catalog.search.synonyms import plan

    if not isinstance(get_backend(), PostgresBackend):
        return 0
    _literal, expansions = plan(parse_terms(q))
    return prod(1 + len(expansion.alternatives) for expansion in expansions)


def pages(world):
    law = LegalBasis.objects.get(title="社会救助暂行办法")
    bureau = Organisation.objects.get(name="阿尔山市民政局")
    return {
        "home": ("/", 6),
        # region: one query per tree level below it (at most four), then its lists and counts
        "region": ("/regions/aershan/", 10),
        "catalogue": ("/catalogues/bailang/", 4),
        "catalogue_domain": ("/catalogues/bailang/shehui-jiuzhu/", 9),
        "domain": ("/domains/shehui-jiuzhu/", 9),
        "item": (world.a1.get_absolute_url(), 8),
        "laws": ("/laws/", 2),
        "law": (law.get_absolute_url(), 9),
        "publishers": ("/publishers/", 2),
        "publisher": (bureau.get_absolute_url(), 8),
        # search: +2 for the synonym table (one look-up in search(), one for the 也搜索了 note),
        # +2 for the catalogue options (how many, then which; with a region +2: the regions below
        # it, its option), plus the indexed backend's per-term look-ups on PostgreSQL
        "search": ("/search/?q=低保", 22 + term_lookups()),
        "search_filtered": ("/search/?q=低保&domain=shehui-jiuzhu&region=aershan&publisher=%d" % bureau.pk, 29 + term_lookups()),
    }


@pytest.mark.parametrize(
    "name",
    ["home", "region", "catalogue", "catalogue_domain", "domain", "item", "laws", "law", "publishers", "publisher", "search", "search_filtered"],
)
def test_query_count_is_pinned_and_does_not_grow(client, world, django_assert_num_queries, name):
    url, expected = pages(world)[name]
    with django_assert_num_queries(expected):
        client.get(url)
    more_items(world, 12)
    with django_assert_num_queries(expected):
        client.get(url)


@pytest.mark.parametrize("url, setting", [("/search/?q=低保", "SEARCH_PAGE_SIZE"), ("/domains/shehui-jiuzhu/", "LIST_PAGE_SIZE")])
def test_query_count_does_not_depend_on_page_size(client, world, monkeypatch, url, setting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog import views

    more_items(world, 6)
    counts = []
    for size in (1, 3, 100):
        monkeypatch.setattr(views, setting, size)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == counts[2]


@pytest.mark.parametrize("url, cached", [("/", "all"), ("/domains/shehui-jiuzhu/", 1), ("/regions/xinganmeng/", 3)])
def test_whole_table_aggregates_are_cached_until_the_data_changes(client, world, settings, url, cached):
    """The home page's lists and counts, a domain's per-catalogue counts and a region's domain
    counts group every item of the table, domain or region: with the data cache on they are
    computed once per data version (`cached`: how many queries that saves)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.cache import invalidate_pages

    settings.PAGE_CACHE_SECONDS, settings.DATA_CACHE_SECONDS = 0, 300
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            first = client.get(url).content
        counts.append(len(ctx.captured_queries))
    assert counts[1] == (0 if cached == "all" else counts[0] - cached)
    invalidate_pages()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).content == first
    assert len(ctx.captured_queries) == counts[0]
    cache.clear()
