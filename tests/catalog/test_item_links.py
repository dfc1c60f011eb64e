"""load_links: an item's elements, laws, publishers, channels and levels in one statement, the
same rows in the same order as prefetch_related gives them."""

import gc
import weakref

import pytest

from catalog.models import Item
from catalog.models.item import LINK_KINDS, load_links
from tests.factories import GOV_SITE, ItemFactory

pytestmark = pytest.mark.django_db


def shown(item) -> dict:
    """What the pages show of each kind of linked row, in order."""
    return {
        "elements": [(e.pk, e.position, e.text) for e in item.elements.all()],
        "legal_basis_links": [
            (link.pk, link.printed, link.legal_basis.pk, str(link.legal_basis), link.legal_basis.document_number)
            for link in item.legal_basis_links.all()
        ],
        "publisher_links": [
            (link.pk, link.organisation.pk, link.organisation.name) for link in item.publisher_links.all()
        ],
        "channel_links": [
            (link.pk, link.channel.name, link.channel.slug, link.detail, str(link)) for link in item.channel_links.all()
        ],
        "levels": [(level.pk, level.code, level.name) for level in item.levels.all()],
    }


@pytest.fixture
def items(vocabulary):
    first = ItemFactory(
        level1="最低生活保障",
        elements=["申请条件", "办理流程", "审批结果"],
        laws=["社会救助暂行办法", "中华人民共和国政府信息公开条例"],
        publishers=["阿尔山市民政局", "阿尔山市财政局"],
        channels=[GOV_SITE, ("gongshilan", "村公示栏"), ("bianmin-fuwuzhan", "")],
        levels=["township", "county"],
    )
    second = ItemFactory(catalogue=first.catalogue, laws=["社会救助暂行办法"], channels=[GOV_SITE], levels=["county"])
    bare = ItemFactory(catalogue=first.catalogue)
    return [first, second, bare]


def test_the_same_rows_in_the_same_order_as_prefetch_related(items):
    ids = [item.pk for item in items]
    prefetched = {item.pk: shown(item) for item in Item.objects.filter(pk__in=ids).for_listing()}
    loaded = list(Item.objects.filter(pk__in=ids).order_by("pk"))
    load_links(loaded)
    assert {item.pk: shown(item) for item in loaded} == prefetched
    assert prefetched[items[0].pk]["elements"] and prefetched[items[0].pk]["levels"]
    assert not any(prefetched[items[2].pk].values())


def test_one_query_for_every_kind_and_none_after(items, django_assert_num_queries):
    loaded = list(Item.objects.filter(pk__in=[item.pk for item in items]))
    with django_assert_num_queries(1):
        load_links(loaded)
    with django_assert_num_queries(0):
        for item in loaded:
            shown(item)


def test_only_the_kinds_asked_for(items):
    item = Item.objects.get(pk=items[0].pk)
    load_links([item], ["levels"])
    assert set(item._prefetched_objects_cache) == {"levels"}


def test_region_path_with_the_links_in_the_same_statement(vocabulary, django_assert_num_queries):
    """With region_path, the statement also reads each item's catalogue's region and every region
    above it, as select_related("catalogue__region__parent…") would, however deep the tree; items
    of one region share its rows, and items of other regions get their own."""
    from catalog.models import Region
    from tests.factories import CatalogueFactory, RegionFactory

    top = RegionFactory(name="内蒙古自治区", code="neimenggu", level=Region.Level.PROVINCE)
    path = [top]
    for name, level in (("兴安盟", "city"), ("阿尔山市", "county"), ("白狼镇", "township"), ("林海社区", "community")):
        path.append(RegionFactory(name=name, code=f"r-{level}", level=level, parent=path[-1]))
    deepest = RegionFactory(name="第一网格", code="r-grid", level=Region.Level.COMMUNITY, parent=path[-1])
    path.append(deepest)
    deep, beside, shallow = (CatalogueFactory(region=region) for region in (deepest, deepest, top))
    items = [
        ItemFactory(catalogue=deep, laws=["社会救助暂行办法"]),
        ItemFactory(catalogue=beside),
        ItemFactory(catalogue=shallow),
    ]
    loaded = list(Item.objects.filter(pk__in=[i.pk for i in items]).select_related("catalogue").order_by("pk"))
    with django_assert_num_queries(1):
        load_links(loaded, region_path=True)
    with django_assert_num_queries(0):
        chains = [[r for r in (*item.catalogue.region.ancestors(), item.catalogue.region)] for item in loaded]
        shown(loaded[0])
    expected = [(r.pk, r.code, r.name, r.level, r.parent_id) for r in path]
    for chain, wanted in zip(chains, (expected, expected, expected[:1])):
        assert [(r.pk, r.code, r.name, r.level, r.parent_id) for r in chain] == wanted
    assert [link.legal_basis.title for link in loaded[0].legal_basis_links.all()] == ["社会救助暂行办法"]
    only = Item.objects.select_related("catalogue").get(pk=items[2].pk)
    with django_assert_num_queries(1):  # the region path alone
        load_links([only], [], region_path=True)
    assert only.catalogue.region.parent is None and only.catalogue.region.name == "内蒙古自治区"


def orm_related(item, limit):
    """related_items as ORM queries (what the item page ran before one statement did it)."""
    from django.db.models import Exists, OuterRef

    from catalog.models import ItemLegalBasis

    base = Item.objects.published().exclude(pk=item.pk)
    same_level1 = []
    if item.level1:
        same_level1 = list(base.filter(catalogue=item.catalogue_id, level1=item.level1).order_by("position")[:limit])
    laws = [link.legal_basis_id for link in item.legal_basis_links.all()]
    same_law = []
    if laws:
        cites = ItemLegalBasis.objects.filter(item=OuterRef("pk"), legal_basis__in=laws)
        shown = [other.pk for other in same_level1]
        same_law = list(base.filter(Exists(cites)).exclude(pk__in=shown).order_by("pk")[:limit])
    return same_level1, same_law


def test_related_items_are_the_orm_queries_results(vocabulary):
    from catalog.models.item import related_items

    first = ItemFactory(level1="最低生活保障", laws=["社会救助暂行办法"])
    catalogue = first.catalogue
    # the same 一级事项 in another order than the ids, some citing the law too, one a draft
    for position, law in ((90, True), (80, False), (85, True), (70, True)):
        ItemFactory(
            catalogue=catalogue, level1="最低生活保障", position=position, laws=["社会救助暂行办法"] if law else []
        )
    ItemFactory(catalogue=catalogue, level1="最低生活保障", status=Item.Status.DRAFT, laws=["社会救助暂行办法"])
    for _ in range(5):  # elsewhere, citing the law
        ItemFactory(level1="临时救助", laws=["社会救助暂行办法", "中华人民共和国政府信息公开条例"])
    unnamed = ItemFactory(catalogue=catalogue, level1="", laws=["中华人民共和国政府信息公开条例"])
    lawless = ItemFactory(catalogue=catalogue, level1="最低生活保障")
    for item in (first, unnamed, lawless, *Item.objects.filter(level1="临时救助")):
        item = Item.objects.get(pk=item.pk)
        load_links([item])
        for limit in (2, 3, 10):
            expected = orm_related(item, limit)
            got = related_items(item, limit)
            assert [[o.pk for o in lst] for lst in got] == [[o.pk for o in lst] for lst in expected]
            assert [[(str(o), o.catalogue.title, o.domain.name) for o in lst] for lst in got] == [
                [(str(o), o.catalogue.title, o.domain.name) for o in lst] for lst in expected
            ]
    assert all(related_items(first, 3)) and related_items(first, 10)[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_read_where_the_item_is_read(items, settings, tmp_path):
    """A public page's reads may go to a replica (portal/db_router.py): these statements follow
    the ORM there (outside a transaction: inside one, every read is from the primary). The
    "replica" here is a database that cannot be reached."""
    from django.db import OperationalError, connections
    from django.db.utils import load_backend

    from catalog.models.item import published_names, related_items
    from portal import db_router

    settings.DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]
    config = connections.configure_settings(
        {"default": {}, "replica": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "no" / "db")}}
    )["replica"]
    connections["replica"] = load_backend(config["ENGINE"]).DatabaseWrapper(config, "replica")
    item = Item.objects.get(pk=items[0].pk)
    load_links([item])  # outside a public read: the primary
    token = db_router._public_read.set(True)
    try:
        with pytest.raises(OperationalError):
            load_links([Item.objects.using("default").get(pk=item.pk)])
        with pytest.raises(OperationalError):
            related_items(item)
        with pytest.raises(OperationalError):
            published_names("level1")
    finally:
        db_router._public_read.reset(token)
        connections["replica"].close()
        del connections["replica"]
    assert related_items(item) == related_items(item)


def test_loaded_items_and_rows_are_freed_without_the_garbage_collector(items):
    """Nothing load_links stores refers back to the item: a page's items and their rows are
    freed when the page drops them, not left in reference cycles for a full collection."""
    loaded = list(Item.objects.filter(pk__in=[item.pk for item in items]).order_by("pk"))
    load_links(loaded)
    refs = [weakref.ref(item) for item in loaded]
    refs += [weakref.ref(row) for item in loaded for name in LINK_KINDS for row in getattr(item, name).all()]
    assert len(refs) > len(loaded) + 10
    gc.collect()
    gc.disable()
    try:
        del loaded
        assert [ref for ref in refs if ref() is not None] == []
    finally:
        gc.enable()


def test_queries_chained_on_loaded_rows_read_only_that_items_rows(items):
    first, second, bare = sorted(Item.objects.filter(pk__in=[item.pk for item in items]), key=lambda i: i.pk)
    load_links([first, second, bare])
    assert [level.code for level in first.levels.order_by("-code")] == ["township", "county"]
    assert [level.code for level in second.levels.filter(code="county")] == ["county"]
    assert bare.levels.filter(code="county").count() == 0
    assert [link.legal_basis.title for link in first.legal_basis_links.order_by("-position")] == [
        "中华人民共和国政府信息公开条例",
        "社会救助暂行办法",
    ]
    assert second.legal_basis_links.exclude(pk=0).count() == 1
    assert [e.text for e in first.elements.filter(position__gte=1).order_by("position")] == [
        e.text for e in first.elements.all() if e.position >= 1
    ]
    assert second.channel_links.count() == 1 and bare.publisher_links.count() == 0


def plan_indexes(plan: dict) -> set[str]:
    """The names of the indexes a JSON plan (EXPLAIN (FORMAT JSON)) reads catalog_item through."""
    found = {plan["Index Name"]} if plan.get("Relation Name") == "catalog_item" and "Index Name" in plan else set()
    for child in plan.get("Plans", ()):
        found |= plan_indexes(child)
    return found


@pytest.mark.postgresql
def test_the_same_level1_list_reads_only_the_items_of_that_name(vocabulary):
    """The other items of the same 一级事项 in the catalogue are read through
    item_catalogue_level1 (catalogue, level1, position): in catalogue order, only the items of
    that name. Through item_catalogue_listing, the catalogue's every item was read when fewer
    than ten share the name (at 1M items: p95 5.4 ms, max 12.7 ms for 0.1 ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.models.item import related_items
    from catalog.site.browse import item_for_page

    first = ItemFactory(level1="最低生活保障")
    fields = {"catalogue": first.catalogue, "domain": first.domain, "section": first.section, "status": first.status}
    Item.objects.bulk_create(
        Item(**fields, position=100 + n, number=str(n), level1="最低生活保障" if n % 100 == 0 else f"事项{n}")
        for n in range(500)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_item")
    item = item_for_page(first.pk)
    with CaptureQueriesContext(connection) as statements:
        same_level1, _same_law = related_items(item)
    assert [other.level1 for other in same_level1] == ["最低生活保障"] * 5
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small enough to read whole
        cursor.execute("EXPLAIN (FORMAT JSON) " + statements.captured_queries[0]["sql"])
        plan = cursor.fetchone()[0]
    assert "item_catalogue_level1" in plan_indexes(plan[0]["Plan"])


def test_item_links_write_what_the_template_loop_wrote(vocabulary):
    """The item page's lists of other items (display.item_links) are the HTML of the template
    loops they replace, escaping included."""
    from django.template import Context, Template

    from catalog.models.item import related_items
    from catalog.site.display import item_links

    first = ItemFactory(level1="<b>最低&生活\"保障'</b>", laws=["社会救助暂行办法"])
    first.catalogue.title = '阿尔山市<目录> & "其他"'
    first.catalogue.save()
    for position in (90, 80):
        ItemFactory(catalogue=first.catalogue, level1=first.level1, level2=f"<i>{position}</i>", position=position)
    for _ in range(3):
        ItemFactory(level1="临时救助 & <其他>", laws=["社会救助暂行办法"])
    item = Item.objects.get(pk=first.pk)
    load_links([item])
    same_level1, same_law = related_items(item)
    assert len(same_level1) == 2 and len(same_law) == 3
    loops = {
        False: '{% for other in items %}<li><a href="{{ other.get_absolute_url }}">{{ other }}</a></li>{% endfor %}',
        True: '{% for other in items %}<li><a href="{{ other.get_absolute_url }}">{{ other }}</a> <span class="muted">'
        "（{{ other.catalogue.title }} · {{ other.domain.name }}）</span></li>{% endfor %}",
    }
    for items in (same_level1, same_law, []):
        for with_place, loop in loops.items():
            written = item_links(items, with_place=with_place)
            assert written == Template(loop).render(Context({"items": items}))
    assert "&lt;b&gt;最低&amp;生活&quot;保障&#x27;" in item_links(same_level1)
    assert "临时救助 &amp; &lt;其他&gt;" in item_links(same_law, with_place=True)
