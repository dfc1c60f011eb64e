"""Values kept in each process until the data changes (portal.cache.kept_in_process): the search
form's options, the synonym table and the words a search that found nothing is relaxed with are
not read again by every search page, and a staff edit still shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Domain, Region, Synonym
from catalog.search.synonyms import lookup
from portal.cache import invalidate_pages, kept_in_process
from tests.test_page_cache import committed

pytestmark = pytest.mark.django_db

# The tables the search form's options, the synonyms and the relaxing vocabulary are read from.
OPTION_TABLES = ('"catalog_region"', '"catalog_catalogue"', '"catalog_domain"', '"catalog_channel"', '"catalog_level"')


@pytest.fixture
def process_cache(settings):
    settings.PAGE_CACHE_SECONDS = settings.DATA_CACHE_SECONDS = 0  # pages rendered every time
    settings.PROCESS_DATA_CACHE = True
    cache.clear()
    invalidate_pages()  # nothing kept from an earlier test
    yield
    cache.clear()


def test_values_follow_the_pages_version(process_cache):
    calls = []

    def options():
        calls.append(1)
        return [("minzheng", f"民政{len(calls)}")]

    assert kept_in_process("options", options) == [("minzheng", "民政1")]
    assert kept_in_process("options", options) == [("minzheng", "民政1")]
    invalidate_pages()
    assert kept_in_process("options", options) == [("minzheng", "民政2")]
    assert calls == [1, 1]


def test_without_a_shared_version_nothing_is_kept(process_cache, settings, monkeypatch):
    """Off (a per-process cache cannot tell this worker of another's edit), or with the cache
    down: computed every time, never an error."""
    calls = []
    settings.PROCESS_DATA_CACHE = False
    kept_in_process("options", lambda: calls.append(1))
    kept_in_process("options", lambda: calls.append(1))
    assert calls == [1, 1]

    settings.PROCESS_DATA_CACHE = True

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", broken)
    kept_in_process("options", lambda: calls.append(1))
    kept_in_process("options", lambda: calls.append(1))
    assert calls == [1, 1, 1, 1]


def test_what_a_lagging_replica_gave_is_not_kept(process_cache, monkeypatch):
    import portal.cache

    monkeypatch.setattr(portal.cache, "primary_position", lambda: "0/3000148")
    invalidate_pages()
    monkeypatch.setattr(portal.cache, "replica_has_reached", lambda position: False)
    calls = []
    for _ in range(2):
        kept_in_process("options", lambda: calls.append(1))
    assert calls == [1, 1]


def _statements_on(tables, run):
    with CaptureQueriesContext(connection) as ctx:
        result = run()
    return result, [q["sql"] for q in ctx.captured_queries if any(f"FROM {t}" in q["sql"] for t in tables)]


def test_the_search_form_reads_its_options_once_per_data_version(client, world, process_cache, settings):
    settings.PROCESS_DATA_CACHE = False
    uncached, statements = _statements_on(OPTION_TABLES, lambda: client.get("/search/", {"q": "低保"}).content)
    assert statements  # the options are read from these tables
    settings.PROCESS_DATA_CACHE = True
    client.get("/search/", {"q": "公开"})
    page, statements = _statements_on(OPTION_TABLES, lambda: client.get("/search/", {"q": "低保"}).content)
    assert statements == []
    assert page == uncached  # the same options, byte for byte


def test_a_region_below_the_listed_levels_still_gets_its_option(client, world, process_cache):
    county = Region.objects.exclude(level__in=["province", "city"]).exclude(parent=None).order_by("code").first()
    client.get("/search/", {"q": "低保"})
    html = client.get("/search/", {"q": "低保", "region": county.code}).content.decode()
    assert f'<option value="{county.code}" selected>{county.name}</option>' in html


def test_a_staff_edit_shows_at_once(client, world, process_cache):
    client.get("/search/", {"q": "低保"})
    domain = Domain.objects.get(slug="shehui-jiuzhu")
    with committed():
        domain.name = "社会救助（改）"
        domain.save()
    assert ">社会救助（改）</option>" in client.get("/search/", {"q": "低保"}).content.decode()


def test_synonyms_are_read_once_per_data_version_and_found_the_same(process_cache, settings):
    Synonym.objects.create(term="社救", expansions="社会救助")
    Synonym.objects.create(term="救助", expansions="社会救助\n救济")
    Synonym.objects.create(term="停用", expansions="社会救助", enabled=False)
    queries = [["低保"], ["社会救助"], ["救助", "最低生活保障"], ["救济", "无此词"], ["停用"], []]
    settings.PROCESS_DATA_CACHE = False
    expected = [lookup(terms) for terms in queries]
    settings.PROCESS_DATA_CACHE = True
    lookup(["低保"])
    found, statements = _statements_on(['"catalog_synonym"'], lambda: [lookup(terms) for terms in queries])
    assert found == expected
    assert expected[1] == {"社会救助": ["救助", "社救"]} and expected[4] == {}
    assert statements == []

    with committed():
        Synonym.objects.create(term="社助", expansions="社会救助")
    assert lookup(["社会救助"]) == {"社会救助": ["救助", "社助", "社救"]}


def test_a_search_that_found_nothing_reads_no_vocabulary_again(client, world, process_cache):
    """The relaxed forms and suggestions need the synonym table and the vocabulary of names."""
    client.get("/search/", {"q": "低保户申请表格"})
    tables = ['"catalog_synonym"', '"catalog_domain"', "catalog_item WHERE status"]
    response, statements = _statements_on(tables, lambda: client.get("/search/", {"q": "低保金领取"}))
    assert response.status_code == 200
    assert statements == []
