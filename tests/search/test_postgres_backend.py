"""The indexed PostgreSQL backend returns exactly what the simple icontains backend returns."""

import random
import re

import pytest
from django.core.management import call_command

from catalog.models import ContentElement, Item, Region, SearchDocument, SearchEntry
from catalog.search import get_backend, refresh_search_text
from catalog.search.postgres import PostgresBackend
from catalog.search.simple import SimpleBackend
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

# where a junction's context stops (sql/functions.sql catalog_search_cut_junctions)
CONTEXT_ENDS = "[ \t\r\n\u3000]"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql,
]


def results(backend, terms, queryset=None):
    queryset = Item.objects.all() if queryset is None else queryset
    return sorted(backend.search(queryset, terms).items.values_list("pk", "search_rank"))


def indexed():
    """The indexed backend, forced to use the index even on a tiny test database."""
    backend = PostgresBackend()
    backend.scan_below = 0
    return backend


def assert_same(terms, queryset=None):
    expected = results(SimpleBackend(), terms, queryset)
    assert results(indexed(), terms, queryset) == expected, terms
    return expected


@pytest.fixture
def tricky():
    catalogue = CatalogueFactory(region__name="阿尔山市")
    ItemFactory(catalogue=catalogue, level1="社会保险", level2="ABC社保卡办理", content="100%_完成、低保", linked=True)
    ItemFactory(
        catalogue=catalogue,
        level1="低保",
        level2="最低生活保障",
        content="",
        laws=(),
        publishers=("社区工作站",),
        linked=True,
    )
    ItemFactory(
        catalogue=catalogue,
        level1="",
        level2="",
        content="",
        laws=("中华人民共和国就业促进法",),
        responsible_office="办公室",
        linked=True,
    )
    ItemFactory(
        catalogue=catalogue, level1="户籍", level2="户口迁移", content="ｆｕｌｌ宽度、Straße", channels=(), linked=True
    )
    return catalogue


def test_default_backend_on_postgresql_is_the_indexed_one():
    assert isinstance(get_backend(), PostgresBackend)


@pytest.mark.parametrize(
    "terms",
    [
        ["低保"],
        ["保"],
        ["社保"],
        ["abc"],
        ["ABC社"],
        ["100%"],
        ["%"],
        ["_"],
        ["%_"],
        ["最低生活保障"],
        ["低保", "社区"],
        ["会保\n"],
        ["险\nABC"],
        ["社会保险ABC"],
        ["户口", "ｆｕｌｌ"],
        ["strasse"],
        ["STRAßE"],
        ["无此词"],
        ["就业促进法"],
        ["办公室"],
        ["保障", "低保", "阿尔山"],
        ["\\"],
        ["'"],
    ],
)
def test_edge_cases_match_the_simple_backend(tricky, terms):
    assert_same(terms)


@pytest.fixture
def town():
    """Local parts that name their region: they are cut into fragments at the region's name."""
    catalogue = CatalogueFactory(region__name="太和镇")
    for publisher, channel in (
        ("太和镇人民政府", "太和镇人民政府网站"),
        ("县民政局太和镇民政办", "太和镇太和镇公示栏"),
    ):
        ItemFactory(catalogue=catalogue, level1="低保", publishers=(publisher,), linked=True)
        ItemFactory(
            catalogue=catalogue,
            level1="",
            level2="",
            content="",
            publishers=(publisher,),
            channels=(("zhengfu-wangzhan", channel),),
            linked=True,
        )
    other = CatalogueFactory(region__name="和平乡")
    ItemFactory(catalogue=other, level1="", level2="", content="", publishers=("和平乡人民政府",), linked=True)
    return catalogue


@pytest.mark.parametrize(
    "terms",
    [
        ["人民政府"],  # in a fragment, no region name near
        ["太和镇"],
        ["和镇"],  # inside the name
        ["和镇人"],  # begins inside the name
        ["县民政局太"],  # ends inside it
        ["镇太和"],  # spans two names
        ["太和镇人民政府网站"],  # contains the name
        ["府网站"],
        ["民政"],
        ["和", "人民政府"],
        ["乡人民", "政府"],
        ["公示栏", "太和"],
    ],
)
def test_terms_near_region_names_match_the_simple_backend(town, terms):
    assert assert_same(terms), terms  # each finds something


@pytest.fixture
def villages():
    """Village catalogues whose local parts print the village's whole path (城关镇 in 和平县,
    and 城关镇 in 太平县: the same township name under two counties)."""
    townships = {
        county: RegionFactory(name="城关镇", level=Region.Level.TOWNSHIP, parent=RegionFactory(name=county))
        for county in ("和平县", "太平县")
    }
    for county, village in (("和平县", "东村"), ("和平县", "西村"), ("太平县", "东村")):
        catalogue = CatalogueFactory(
            region__name=village, region__level=Region.Level.COMMUNITY, region__parent=townships[county]
        )
        path = f"{county}城关镇{village}"
        ItemFactory(
            catalogue=catalogue,
            level1="",
            level2="",
            content="",
            publishers=(f"{path}教育局 {path}督导中心",),
            channels=(("zhengfu-wangzhan", f"{county}人民政府网站"),),
            linked=True,
        )


def test_local_parts_are_cut_at_every_region_on_the_path(villages):
    # Cut at the village alone, "教育局 和平县城关镇" was a fragment of each township: a term in
    # the publishers of every village had one fragment per township and county.
    fragments = SearchDocument.objects.filter(kind=SearchDocument.Kind.FRAGMENT)
    assert sorted(fragments.filter(text__contains="教育局").values_list("text", flat=True)) == ["教育局 "]
    assert sorted(fragments.filter(text__contains="人民政府").values_list("text", flat=True)) == ["人民政府网站"]


@pytest.mark.parametrize(
    "terms",
    [
        ["教育局"],
        ["督导中心"],
        ["县城关"],
        ["镇东村教育"],
        ["平县城关镇东"],
        ["和平县"],
        ["城关镇"],
        ["局 和"],
        ["县人民"],
    ],
)
def test_terms_near_the_names_on_the_path_match_the_simple_backend(villages, terms):
    assert assert_same(terms), terms


def test_a_renamed_region_keeps_its_old_name_for_overlapping_terms(town):
    # Renaming the region re-indexes nothing: the local parts stay cut at the old name.
    town.region.name = "新名镇"
    town.region.save()
    for terms in (["和镇人"], ["镇太和"], ["太和镇人民政府"], ["人民政府"]):
        assert assert_same(terms), terms


def test_terms_spanning_two_fields_match_nothing(tricky):
    # "保险" ends level1 and "ABC" starts level2: joined text has a line break between them.
    assert assert_same(["保险ABC"]) == []


def test_random_terms_from_real_texts_match_the_simple_backend(tricky):
    call_command("generate_synthetic", items=600, seed=11, verbosity=0)
    texts = list(Item.objects.values_list("search_text", flat=True))
    rnd = random.Random(20261125)
    queryset = Item.objects.published()
    for _ in range(250):
        terms = []
        for _ in range(rnd.choice([1, 1, 1, 2, 3])):
            words = rnd.choice(texts).split()
            word = rnd.choice(words)
            length = rnd.choice([1, 2, 2, 2, 3, 4, 6, 8])
            start = rnd.randrange(max(1, len(word) - length + 1))
            terms.append(word[start : start + length])
        if rnd.random() < 0.1:
            terms[0] = terms[0][::-1]  # often matches nothing
        assert_same(terms, queryset)


def test_filters_and_search_compose(tricky):
    call_command("generate_synthetic", items=300, seed=3, verbosity=0)
    item = Item.objects.exclude(catalogue=tricky).first()
    queryset = Item.objects.published().filter(domain=item.domain)
    assert assert_same(["政府"], queryset)
    assert_same(["申请", "办理"], queryset)


def test_index_follows_saves_edits_and_deletes(tricky):
    item = ItemFactory(catalogue=tricky, level1="临时事项", level2="危房改造补助", linked=True)
    assert [pk for pk, _ in assert_same(["危房改造"])] == [item.pk]
    item.level2 = "农村住房安全"
    item.save()
    refresh_search_text([item.pk])
    assert assert_same(["危房改造"]) == []
    assert [pk for pk, rank in assert_same(["住房安全"])] == [item.pk]
    ContentElement.objects.create(item=item, position=99, text="资金拨付明细")
    refresh_search_text([item.pk])
    assert assert_same(["拨付明细"]) == [(item.pk, 2)]
    Item.objects.filter(pk=item.pk).update(content="补助资金拨付")
    assert assert_same(["拨付"]) == [(item.pk, 1)]
    item.delete()
    assert not SearchEntry.objects.filter(item_id=item.pk).exists()
    assert assert_same(["住房安全"]) == []


def test_narrow_filters_are_scanned_row_by_row_with_the_same_results(tricky, django_assert_num_queries):
    backend = PostgresBackend()  # default scan_below: a test database is always "narrow"
    queryset = Item.objects.published().filter(catalogue=tricky)
    with django_assert_num_queries(2):  # the planner's estimate, then the rows
        found = sorted(backend.search(queryset, ["低保"]).items.values_list("pk", "search_rank"))
    assert found == results(SimpleBackend(), ["低保"], queryset) == results(indexed(), ["低保"], queryset)


def test_search_entry_point_gives_the_same_rows(tricky):
    ids = sorted(Item.objects.all().search("  低保  社区 ").values_list("pk", flat=True))
    assert ids == [pk for pk, _ in assert_same(["低保", "社区"])]


def test_frequent_terms_are_counted_without_the_local_parts_only_when_those_are_costly(town, monkeypatch):
    """A lower bound (names, content and template only) saves looking up the whole local parts
    of a term that could overlap a region name; for terms looked up in the fragments it only
    adds a count that reads the entries once more."""
    from catalog.search import postgres

    monkeypatch.setattr(postgres, "COUNT_LIMIT", 0)  # every term "frequent"
    monkeypatch.setattr(postgres, "estimated_items", lambda documents: 1)
    public = Item.objects.published()
    assert indexed().match(public, ["人民政府"]).lower_bounds == []  # fragments: counted at once
    assert indexed().match(public, ["低保", "人民政府"]).lower_bounds == []
    assert len(indexed().match(public, ["太和镇"]).lower_bounds) == 1  # whole local parts: bounded first
    assert len(indexed().match(public, ["低保", "镇人民政府"]).lower_bounds) == 1
    for terms in (["人民政府"], ["太和镇"], ["低保", "镇人民政府"]):
        assert_same(terms)


def test_each_term_is_checked_against_the_junctions_once_a_search(town):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.search import search

    with CaptureQueriesContext(connection) as queries:
        found = search(Item.objects.all(), "低保 人民政府 公示栏")  # three terms; 低保 has a synonym (seeded)
        list(found.items.values_list("pk", flat=True))
    checks = [q["sql"] for q in queries if "catalog_search_near_junction" in q["sql"]]
    assert checks and len(checks) == len(set(checks))  # once a term (and a synonym's), whatever the combinations
    names_added = CatalogueFactory(region__name="新名镇")
    ItemFactory(catalogue=names_added, level1="", publishers=("新名镇人民政府",), linked=True)
    assert results(indexed(), ["名镇人民"]) == results(SimpleBackend(), ["名镇人民"]) != []  # a new name is seen


def junction_context() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT catalog_search_junction_context()")
        return cursor.fetchone()[0]


def recorded_junctions() -> set[tuple[str, str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT before, name, after FROM catalog_search_junctions")
        return set(cursor.fetchall())


def occurrences(text: str, names, k: int) -> set[tuple[str, str, str]]:
    """Every occurrence of each name in text.upper() (overlapping ones too), with at most k
    characters of context on each side, which stop at whitespace: the junctions to record."""
    text = text.upper()
    found = set()
    for name in names:
        at = text.find(name)
        while at >= 0:
            before = re.split(CONTEXT_ENDS, text[max(at - k, 0) : at])[-1]
            after = re.split(CONTEXT_ENDS, text[at + len(name) : at + len(name) + k])[0]
            found.add((before, name, after))
            at = text.find(name, at + 1)
    return found


def path_names(region) -> list[str]:
    names = []
    while region is not None:
        names.append(region.name.upper())
        region = region.parent
    return names


def expected_junctions(items) -> set[tuple[str, str, str]]:
    """The junctions of these items' local documents, computed here from their catalogue
    regions' paths."""
    k = junction_context()
    expected = set()
    for item in items.select_related("catalogue__region"):
        local_id = SearchEntry.objects.get(item=item).local_id
        if local_id is not None:
            text = SearchDocument.objects.get(pk=local_id).text
            expected |= occurrences(text, path_names(item.catalogue.region), k)
    return expected


def test_junctions_are_recorded_by_saves(town):
    expected = expected_junctions(Item.objects.all())
    assert ("", "太和镇", "人民政府") in expected  # a cut of the fixture, read by the reference above
    assert expected <= recorded_junctions()


def test_junctions_are_recorded_by_the_bulk_loader_and_by_imports(vocabulary):
    from catalog.importers.load import import_record
    from catalog.importers.pipeline import read_catalogue
    from tests.importers.seeds import S002, SOURCES

    import_record(read_catalogue((SOURCES / S002).read_bytes(), name=S002))  # 根河市's, which its local parts name
    imported = expected_junctions(Item.objects.all())
    assert imported and imported <= recorded_junctions()
    call_command("generate_synthetic", items=200, seed=5, verbosity=0)  # indexing deferred to the end
    generated = expected_junctions(Item.objects.filter(catalogue__source_file="synthetic"))
    assert generated - imported and generated <= recorded_junctions()


@pytest.mark.parametrize(
    "terms",
    [
        ["民政局太和镇民政"],  # longer than K + 1, spanning the name
        ["县民政局太和镇民政办"],  # the whole line
        ["太和镇太和镇公示"],  # two names
        ["和镇太和镇公示栏"],
        ["镇人民政府网站"],  # begins inside the name
        ["人民政府网"],  # after the name, in a fragment
        ["局太和"],
        ["民政局和"],  # ends with a name's first character, overlaps none
    ],
)
def test_long_terms_and_terms_beside_the_names_match_the_simple_backend(town, terms):
    ItemFactory(catalogue=town, level1="", publishers=("县民政局和社会事务办",), linked=True)
    assert assert_same(terms), terms


def local_statements(terms) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        found = indexed().search(Item.objects.all(), terms)
        list(found.items.values_list("pk", flat=True))
    return [q["sql"] for q in queries if "catalog_searchentry" in q["sql"]]


def test_a_term_beside_a_name_that_overlaps_none_is_looked_up_in_the_fragments(town):
    """民政局和 ends with 和, the first character of the name 和平乡 (and 太和镇 holds it): the
    names alone said it could overlap one, and it was looked up in every whole local part.
    It overlaps no cut: the fragments answer it. 民政局太 does overlap 太和镇 where it was cut."""
    ItemFactory(catalogue=town, level1="", publishers=("县民政局和社会事务办",), linked=True)
    statements = local_statements(["民政局和"])
    assert statements and all('"local_id"' not in sql for sql in statements)
    assert any('"local_fragments"' in sql for sql in statements)
    assert any('"local_id"' in sql for sql in local_statements(["民政局太"]))
    assert_same(["民政局和"]) and assert_same(["民政局太"])


def test_the_migration_records_the_junctions_of_existing_entries(town):
    """Migration 0027 fills the junctions from the entries' local documents: the same ones the
    index records; and for an entry cut at a region's old name (renamed, not indexed again)
    the old name's too, so terms overlapping it are still found."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        with connection.cursor() as cursor:  # the test's deferred checks first: tables.sql alters catalog_item
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        MigrationExecutor(connection).migrate([("catalog", target)])

    recorded = recorded_junctions()
    migrate("0026_redundant_item_indexes_dropped")
    migrate("0027_search_junctions")
    assert recorded_junctions() == recorded
    Region.objects.filter(pk=town.region.pk).update(name="新名镇")  # nothing indexed again
    migrate("0026_redundant_item_indexes_dropped")
    migrate("0027_search_junctions")
    assert recorded_junctions() >= recorded
    for terms in (["和镇人"], ["镇太和"], ["民政局太和镇民政"], ["人民政府"]):
        assert assert_same(terms), terms


@pytest.fixture
def two_domains(monkeypatch):
    """A local term printed only in 社会救助 and a names word only in 户籍管理, and, in 户籍管理,
    an item naming the names word with 低保's synonym; every count "costly" (a tiny database)."""
    from catalog.search import postgres

    monkeypatch.setattr(postgres, "DOMAIN_PROOF_ENTRIES", -1)
    monkeypatch.setattr(PostgresBackend, "scan_below", 0)  # the index, even on a tiny database
    catalogue = CatalogueFactory()
    office = ItemFactory(catalogue=catalogue, level1="低保", responsible_office="民政局办公室", linked=True)
    names = ItemFactory(
        catalogue=catalogue, domain_slug="huji-guanli", level1="基本公共服务", content="最低生活保障", linked=True
    )
    return office, names


def counted(q):
    """(count, exact), and the statements the count ran, of search(q) over published items."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.search import search

    results = search(Item.objects.published(), q)
    with CaptureQueriesContext(connection) as queries:
        count = results.plan.capped_count(10_000)
    return count, [q["sql"] for q in queries]


def test_terms_found_in_no_common_domain_are_proved_empty_without_reading_the_entries(two_domains):
    """民政局办公室 共服务 at 1M items read 125,470 entries to find none in common: the domains
    of their documents (SearchDocumentDomain) say so in two small statements."""
    count, statements = counted("民政局办公室 共服务")
    assert count == (0, True)
    assert statements and not any("catalog_searchentry" in sql for sql in statements)
    assert all("catalog_searchdocumentdomain" in sql for sql in statements)


def test_terms_of_a_common_domain_are_counted_and_a_synonym_of_another_domain_still_found(two_domains):
    office, names = two_domains
    count, statements = counted("低保 民政局办公室")  # one domain: counted as before
    assert count == (1, True) and any("catalog_searchentry" in sql for sql in statements)
    # 低保 and 共服务 share no domain, but 低保's synonym 最低生活保障 and 共服务 do (one item)
    assert counted("低保 共服务")[0] == (1, True)
    assert list(Item.objects.published().search("低保 共服务").values_list("pk", flat=True)) == [names.pk]
    assert counted("低保 共服务 民政局办公室")[0] == (0, True)


def test_a_rank_needing_one_names_document_with_both_terms_is_skipped_without_a_statement(tricky):
    """社会保险 is in one item's names, 低保 in another's (and in the first one's content): no
    names document holds both, so rank 0 is empty, known from the documents already looked up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.search.filters import CATALOGUE_ORDER

    public = Item.objects.published()
    for terms, rank_0_empty in ((["低保", "社会保险"], True), (["社会保险", "社保卡"], False)):
        results = indexed().search(public, terms)
        match = results.plan.match
        assert not match.never(match.everything)  # every term's documents looked up
        with CaptureQueriesContext(connection) as queries:
            assert match.never(match.ranks[0]) is rank_0_empty
        assert len(queries) == 0
        plain = results.items.order_by("search_rank", *CATALOGUE_ORDER).values_list("pk", flat=True)
        assert results.plan.page_ids(0, 10, CATALOGUE_ORDER) == list(plain) != []
        assert_same(terms)


def test_within_one_domain_no_domain_proof_is_tried(two_domains):
    """Searched within 社会救助, both terms' documents are that domain's: nothing to prove."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.search import search

    office, _names = two_domains
    public = Item.objects.published().filter(domain=office.domain)
    results = search(public, "低保 民政局办公室", domain=office.domain)
    with CaptureQueriesContext(connection) as queries:
        assert results.plan.capped_count(10_000) == (1, True)
    assert not any("catalog_searchdocumentdomain" in q["sql"] for q in queries)


@pytest.fixture
def rarer_in_names_and_content():
    """标准 in the content of 24 items and nowhere else; 政府 in the names of 3 of them and in the
    channels (local part) of every item: 政府 is the more frequent term overall, 标准 within the
    names and content. The planner's statistics are made current, as they are at scale."""
    from django.db import connection

    catalogue = CatalogueFactory(region__name="阿尔山市")
    for n in range(24):
        level2 = "政府信息公开" if n % 8 == 0 else "最低生活保障"
        ItemFactory(catalogue=catalogue, level2=level2, content="发放标准、办理流程", laws=(), linked=True)
    for _n in range(36):
        ItemFactory(catalogue=catalogue, level2="特困人员供养", content="办理流程", laws=(), linked=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_searchentry")


def driving_terms(condition) -> set[str]:
    """The terms whose index a rank condition is read through (MatchesDocuments left indexed)."""
    from django.db.models import Q

    from catalog.search.postgres import MatchesDocuments

    if isinstance(condition, MatchesDocuments):
        return {condition.documents.term} if condition.indexed else set()
    if isinstance(condition, Q):
        return set().union(*(driving_terms(child) for child in condition.children))
    return set()


def test_each_rank_is_driven_by_the_term_expected_in_the_fewest_of_its_entries(rarer_in_names_and_content, monkeypatch):
    """标准 政府 at 1M items: 标准, in fewer entries than 政府 overall, drove every rank, and the
    probe of rank 1 (both terms in the names or content) read ~500,000 entries of 标准's names
    and content to find ~6,000, where 政府's names and content hold ~45,000. Each rank is read
    through the term PostgreSQL expects in the fewest entries of that rank's segments; the
    others are tested row by row. Same rows, ranks and pages as the simple backend."""
    from catalog.search import plan as plan_module
    from catalog.search.filters import CATALOGUE_ORDER

    public = Item.objects.published()
    for terms in (["标准", "政府"], ["政府", "标准"]):
        match = indexed().match(public, terms)
        # (rank 0, both in the names, holds none: 标准 is in no names document)
        assert [driving_terms(rank) for rank in match.ranks[1:]] == [{"政府"}, {"标准"}]
        assert_same(terms)
    monkeypatch.setattr(plan_module, "PROBE_LIMIT", 1)  # every rank probed, then sorted
    results = indexed().search(public, ["标准", "政府"])
    plain = list(results.items.order_by("search_rank", *CATALOGUE_ORDER).values_list("pk", flat=True))
    paged = [pk for start in range(0, 30, 2) for pk in results.plan.page_ids(start, start + 2, CATALOGUE_ORDER)]
    assert paged == plain and len(plain) == 24


def test_a_narrow_search_within_a_region_also_states_the_region_by_its_catalogues():
    """Scanned row by row (few items), a search within a region and a domain states the region's
    items by their catalogues' ids as well as by the join to the catalogues: PostgreSQL can then
    intersect the domain's and the region's items in their indexes before testing any text (民政
    政府信息 服务 within a domain and a region at 1M items: every one of the domain's 23,039
    items that hold the terms was tested, then the region of each; 198 ms, 20 ms with the ids).
    The same rows as the simple backend, a catalogue of a region below included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Domain

    county = RegionFactory(name="阿尔山市")
    town = RegionFactory(name="白狼镇", parent=county, level=Region.Level.TOWNSHIP)
    elsewhere = RegionFactory(name="襄垣县")
    for region in (county, town, elsewhere):
        catalogue = CatalogueFactory(region=region)
        for domain_slug in ("shehui-jiuzhu", "huji-guanli"):
            ItemFactory(catalogue=catalogue, domain_slug=domain_slug, content="民政服务、政府信息公开", linked=True)
    domain = Domain.objects.get(slug="shehui-jiuzhu")
    queryset = Item.objects.published().filter(domain=domain).in_region(county)
    backend = PostgresBackend()  # default scan_below: a test database is always "narrow"
    with CaptureQueriesContext(connection) as queries:
        found = sorted(
            backend.search(queryset, ["民政", "政府信息"], domain=domain, region=county).items.values_list(
                "pk", "search_rank"
            )
        )
    assert found == results(SimpleBackend(), ["民政", "政府信息"], queryset) and len(found) == 2
    searched = [query["sql"] for query in queries if "UPPER(" in query["sql"]]
    assert searched and all('"catalog_item"."catalogue_id" = ANY(' in sql for sql in searched)


def test_the_search_entries_of_one_domain_are_read_through_an_index():
    """A frequent term within one domain (the 领域 filter) is read from that domain's entries:
    without an index on their domain PostgreSQL read all 1M entries at 1M items to keep
    义务教育's 11,523 holding 民政 (128 and 146 ms for the count and the first page; 23 and 26
    ms with it). What is checked is that the index exists and that the planner can use it."""
    from django.db import connection

    from catalog.models import Domain

    domain = Domain.objects.get(slug="shehui-jiuzhu")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'catalog_searchentry'")
        assert any(row[0].endswith("(domain_id)") for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT item_id FROM catalog_searchentry WHERE domain_id = %s", [domain.pk])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "catalog_searchentry_domain_id" in plan, plan
