"""Each page issues a fixed number of queries, whatever the number of items on it."""

import pytest

from catalog.models import LegalBasis, Organisation
from tests.factories import ItemFactory


def more_items(world, n):
    for i in range(n):
        ItemFactory(
            catalogue=world.a,
            level1="最低生活保障",
            level2=f"补充事项{i}",
            laws=["社会救助暂行办法", f"办法{i}"],
            publishers=["阿尔山市民政局", f"机构{i}"],
            channels=[("zhengfu-wangzhan", f"网站{i}")],
            levels=["county"],
            elements=["甲", "乙"],
            audience_public=True,
        )


def search_queries(fixed: int, *, scanned_in_region: bool = False) -> tuple[int, int]:
    """(fewest, most) queries of a search page: `fixed` plus what the search plan spends
    (catalog/search/plan.py). On SQLite: one, the count, which fetches the matches (at most
    COUNT_LIMIT) with their ranks, so the page and the facets' ids are read from them. On
    PostgreSQL the test database is small, so the indexed backend asks the planner once for
    the whole search (the literal terms and the synonym combination 低保 -> 最低生活保障 share
    the answer) and collects every match with one query; `scanned_in_region`: the filters
    leave so few items that they are scanned row by row, and the region is also stated by its
    catalogues' ids, read once (catalog/search/postgres.py region_catalogues)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return fixed + 1, fixed + 1
    planned = fixed + 2 + (1 if scanned_in_region else 0)
    return planned, planned


def pages(world):
    law = LegalBasis.objects.get(title="社会救助暂行办法")
    bureau = Organisation.objects.get(name="阿尔山市民政局")
    return {
        # home: the first catalogues with their item counts (one statement,
        # browse.first_catalogues), their regions, the tops of the region trees, the domains'
        # counts (the tops' rows of RegionCount) and the domains (and how many catalogues there
        # are, when more than are listed: the tops' rows again)
        "home": ("/", 5),
        # region: the region with its ancestors, then its lists and counts (the regions below it
        # are a recursive subquery of the catalogue list, however deep the tree; the domains'
        # counts are the region's own rows of RegionCount)
        "region": ("/regions/aershan/", 6),
        "catalogue": ("/catalogues/bailang/", 3),
        # a table's laws, publishers, channels and levels: one statement for the page (load_links)
        "catalogue_domain": ("/catalogues/bailang/shehui-jiuzhu/", 5),
        "domain": ("/domains/shehui-jiuzhu/", 5),
        # item: the item with its catalogue and domain; its linked rows and its catalogue's
        # region with the regions above it (one statement, load_links); the two lists of
        # related items (one statement)
        "item": (world.a1.get_absolute_url(), 3),
        "laws": ("/laws/", 2),
        "law": (law.get_absolute_url(), 9),
        "publishers": ("/publishers/", 2),
        "publisher": (bureau.get_absolute_url(), 8),
        # search: +1 for the synonym table (the look-up in search(); the 也搜索了 note shows
        # what that found, catalog.search.plan.Results.expansions),
        # +2 for the catalogue options (how many, then which; with a region +2: the regions below
        # it, its option), +3 for the facets (the ids, the counts, the names of every facet's values), plus
        # the search plan's queries
        "search": ("/search/?q=低保", search_queries(11)),
        # nothing found (the synonyms, the count), then the relaxed form 低保 found: counted once,
        # for its page (no EXISTS first; on PostgreSQL the planner is asked once for both), with
        # the vocabulary's 4 (一级 and 二级 names, domains, synonyms) and the suggestions' synonyms;
        # no facets (the form shown is faceted on its own page)
        "search_relaxed": ("/search/?q=低保户", search_queries(16)),
        # with a region, domain and publisher: each filter's value, and the regions below the
        # region once (region_with_descendants: one statement, asked again of the same instance)
        "search_filtered": (
            "/search/?q=低保&domain=shehui-jiuzhu&region=aershan&publisher=%d" % bureau.pk,
            search_queries(15, scanned_in_region=True),
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "region",
        "catalogue",
        "catalogue_domain",
        "domain",
        "item",
        "laws",
        "law",
        "publishers",
        "publisher",
        "search",
        "search_filtered",
        "search_relaxed",
    ],
)
def test_query_count_is_pinned_and_does_not_grow(client, world, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url, expected = pages(world)[name]
    fewest, most = expected if isinstance(expected, tuple) else (expected, expected)
    for extra in (0, 12):
        more_items(world, extra)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert fewest <= len(ctx.captured_queries) <= most, [q["sql"][:120] for q in ctx.captured_queries]


@pytest.mark.parametrize(
    "url, setting", [("/search/?q=低保", "SEARCH_PAGE_SIZE"), ("/domains/shehui-jiuzhu/", "LIST_PAGE_SIZE")]
)
def test_query_count_does_not_depend_on_page_size(client, world, monkeypatch, url, setting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.site import views

    more_items(world, 6)
    counts = []
    for size in (1, 3, 100, 1000):
        monkeypatch.setattr(views, setting, size)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    if setting == "SEARCH_PAGE_SIZE" and connection.vendor == "sqlite":
        # the plan reads ranks until the page is full: one more query per rank, never more
        # than the ranks (six with synonyms); once every rank is read, larger pages add nothing
        assert counts[0] <= counts[1] <= counts[2] == counts[3] <= counts[0] + 5
    else:
        assert counts[0] == counts[1] == counts[2] == counts[3]


@pytest.mark.parametrize("url, cached", [("/", "all"), ("/domains/shehui-jiuzhu/", 1), ("/regions/xinganmeng/", 2)])
def test_whole_table_aggregates_are_cached_until_the_data_changes(client, world, settings, url, cached):
    """The home page's lists and counts, a domain's per-catalogue counts and a region's domain
    counts: with the data cache on they are read once per data version (`cached`: how many
    queries that saves)."""
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


@pytest.mark.parametrize("url", ["/", "/regions/xinganmeng/", "/regions/aershan/"])
def test_home_and_region_pages_count_domains_from_region_counts(client, world, url):
    """The domains' counts of the home and region pages are the region's (or the tops') rows of
    RegionCount, not a sum over PublishedCount's rows of every catalogue in the region."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    statements = [query["sql"] for query in ctx.captured_queries]
    assert any('FROM "catalog_regioncount"' in sql and '"domain_id"' in sql for sql in statements)
    assert not [sql for sql in statements if '"catalog_publishedcount"."domain_id"' in sql]


def test_region_counts_are_the_sums_of_their_catalogues(world):
    """What the home and region pages show from RegionCount is what PublishedCount says of
    the catalogues in the region and below it (or of every catalogue)."""
    from catalog.models import Catalogue, Region
    from catalog.models.item import region_subtree
    from catalog.search.filters import public_catalogues
    from catalog.site import browse

    def shown(domains):
        return [(domain.slug, domain.item_count) for domain in domains]

    assert shown(browse.domains_in_region(None)) == shown(browse.domains_with_counts(Catalogue.objects.values("pk")))
    for region in Region.objects.all():
        in_subtree = Catalogue.objects.filter(region__in=region_subtree(region))
        assert shown(browse.domains_in_region(region)) == shown(browse.domains_with_counts(in_subtree.values("pk")))
        total = region.published_counts.filter(domain=None).first()
        assert (total.catalogues if total else 0) == public_catalogues(in_subtree).count()
