"""PublishedCount, RegionCount, LegalBasisCount and PublisherCount, the summaries the pages count
from, say what a count of the items says, after every kind of write: saves, QuerySet.update,
bulk_create, raw SQL, deletes, imports and re-imports, a catalogue moved to another region, a
region moved under another, links to laws and publishers added, re-pointed and removed."""

import pytest
from django.db import connection
from django.db.models import Count, F, Sum

from catalog.models import (
    Catalogue,
    Domain,
    Item,
    ItemLegalBasis,
    ItemPublisher,
    LegalBasis,
    LegalBasisCount,
    LegalBasisTotal,
    Organisation,
    PublishedCount,
    PublisherCount,
    PublisherTotal,
    Region,
    RegionCount,
)
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

pytestmark = pytest.mark.django_db


def counted_from_items() -> dict[tuple[int, int], int]:
    rows = Item.objects.published().order_by().values_list("catalogue", "domain").annotate(n=Count("pk"))
    return {(catalogue, domain): n for catalogue, domain, n in rows}


def summary() -> dict[tuple[int, int], int]:
    rows = PublishedCount.objects.held().values_list("catalogue", "domain", "items")
    return {(catalogue, domain): n for catalogue, domain, n in rows}


def region_counted_from_items() -> dict[tuple[int, int | None], tuple[int, int, int]]:
    """{(region, domain or None for all): (items, catalogues, catalogues of the region itself
    for all domains)} of the published items of each region and every region below it, counted
    from the items and the region tree."""
    parents = dict(Region.objects.values_list("pk", "parent"))
    items, catalogues, own = {}, {}, {}
    for region, catalogue, domain in Item.objects.published().values_list("catalogue__region", "catalogue", "domain"):
        own.setdefault(region, set()).add(catalogue)
        while region is not None:
            for key in ((region, domain), (region, None)):
                items[key] = items.get(key, 0) + 1
                catalogues.setdefault(key, set()).add(catalogue)
            region = parents[region]
    return {
        (region, domain): (n, len(catalogues[region, domain]), len(own.get(region, ())) if domain is None else 0)
        for (region, domain), n in items.items()
    }


def region_summary() -> dict[tuple[int, int | None], tuple[int, int, int]]:
    rows = RegionCount.objects.exclude(items=0, catalogues=0, own_catalogues=0)
    fields = ("region", "domain", "items", "catalogues", "own_catalogues")
    return {(region, domain): (n, catalogues, own) for region, domain, n, catalogues, own in rows.values_list(*fields)}


def linked_counted_from_items(links, key: str) -> dict[tuple[int, int], int]:
    """{(law or publisher, catalogue): published items} counted from the links."""
    rows = links.filter(item__status=Item.Status.PUBLISHED).order_by().values_list(key, "item__catalogue")
    return {(linked, catalogue): n for linked, catalogue, n in rows.annotate(n=Count("pk"))}


def linked_summary(counts, key: str) -> dict[tuple[int, int], int]:
    return {(linked, catalogue): n for linked, catalogue, n in counts.held().values_list(key, "catalogue", "items")}


def assert_in_step():
    assert summary() == counted_from_items()
    assert not PublishedCount.objects.filter(items__lt=0).exists()
    assert region_summary() == region_counted_from_items()
    laws = linked_summary(LegalBasisCount.objects, "legal_basis")
    assert laws == linked_counted_from_items(ItemLegalBasis.objects, "legal_basis")
    publishers = linked_summary(PublisherCount.objects, "organisation")
    assert publishers == linked_counted_from_items(ItemPublisher.objects, "organisation")
    assert not LegalBasisCount.objects.filter(items__lt=0).exists()
    assert not PublisherCount.objects.filter(items__lt=0).exists()
    assert totals(PublisherTotal, "name") == totals_counted_from_items(
        ItemPublisher, "organisation", Organisation, "name"
    )
    assert totals(LegalBasisTotal, "title") == totals_counted_from_items(
        ItemLegalBasis, "legal_basis", LegalBasis, "title"
    )


def totals_counted_from_items(links, key: str, model, name: str) -> dict[int, tuple[str, int]]:
    """{publisher or law: (its name or title, published items)} counted from the links."""
    rows = links.objects.filter(item__status=Item.Status.PUBLISHED).order_by().values_list(key)
    counts = dict(rows.annotate(n=Count("pk")))
    return {pk: (label, counts[pk]) for pk, label in model.objects.filter(pk__in=counts).values_list("pk", name)}


def totals(model, name: str) -> dict[int, tuple[str, int]]:
    return {pk: (label, n) for pk, label, n in model.objects.exclude(items=0).values_list("pk", name, "items")}


def publisher_totals() -> dict[int, tuple[str, int]]:
    return totals(PublisherTotal, "name")


@pytest.fixture
def two_catalogues(vocabulary):
    """Two catalogues in one county under a city under a province, their items citing one or
    two laws and naming one or two publishers."""
    province = RegionFactory(level=Region.Level.PROVINCE)
    city = RegionFactory(level=Region.Level.CITY, parent=province)
    county = RegionFactory(level=Region.Level.COUNTY, parent=city)
    a, b = CatalogueFactory(region=county), CatalogueFactory(region=county)
    for catalogue in (a, b):
        ItemFactory.create_batch(3, catalogue=catalogue, laws=("条例甲", "条例乙"), publishers=("民政局",))
        ItemFactory(
            catalogue=catalogue, domain_slug="shehui-baoxian", laws=("条例乙",), publishers=("人社局", "民政局")
        )
        ItemFactory(catalogue=catalogue, status=Item.Status.DRAFT, laws=("条例甲",), publishers=("民政局",))
    return a, b


def test_items_created_published_or_not(two_catalogues):
    a, b = two_catalogues
    jiuzhu = Domain.objects.get(slug="shehui-jiuzhu")
    assert summary()[(a.pk, jiuzhu.pk)] == 3
    province = a.region.parent.parent
    assert region_summary()[(province.pk, jiuzhu.pk)] == (6, 2, 0)
    assert region_summary()[(province.pk, None)] == (8, 2, 0)
    assert region_summary()[(a.region.pk, None)] == (8, 2, 2)
    assert_in_step()


def test_publishing_withdrawing_and_moving_by_save(two_catalogues):
    a, b = two_catalogues
    draft = Item.objects.get(catalogue=a, status=Item.Status.DRAFT)
    draft.status = Item.Status.PUBLISHED
    draft.save()
    assert_in_step()
    item = Item.objects.published().filter(catalogue=a).first()
    item.domain = Domain.objects.get(slug="shehui-baoxian")
    item.save()
    assert_in_step()
    item.status = Item.Status.WITHDRAWN
    item.save()
    assert_in_step()
    item.level2 = "只改了名称"  # no count changes
    item.save()
    assert_in_step()


def test_queryset_update_and_bulk_create(two_catalogues):
    a, b = two_catalogues
    Item.objects.filter(catalogue=a).update(status=Item.Status.WITHDRAWN)
    assert_in_step()
    Item.objects.filter(catalogue=b, status=Item.Status.PUBLISHED).update(catalogue=a, position=F("position") + 1000)
    assert_in_step()
    template = Item.objects.filter(catalogue=b).first()
    Item.objects.bulk_create(
        Item(
            catalogue=b,
            section=template.section,
            domain=template.domain,
            position=100 + n,
            status=Item.Status.PUBLISHED if n % 2 else Item.Status.DRAFT,
        )
        for n in range(5)
    )
    assert_in_step()


def test_raw_sql(two_catalogues):
    a, b = two_catalogues
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_item SET status = 'published' WHERE catalogue_id = %s", [b.pk])
    assert_in_step()


def test_deleting_items_and_catalogues(two_catalogues):
    a, b = two_catalogues
    Item.objects.filter(catalogue=a, domain__slug="shehui-baoxian").delete()
    assert_in_step()
    Catalogue.objects.get(pk=b.pk).delete()
    assert_in_step()
    assert not PublishedCount.objects.filter(catalogue=b.pk).exists()


def test_links_added_repointed_and_removed(two_catalogues):
    a, b = two_catalogues
    first, second = LegalBasis.objects.get(title="条例甲"), LegalBasis.objects.get(title="条例乙")
    assert LegalBasisCount.objects.get(legal_basis=first, catalogue=a).items == 3
    assert LegalBasisCount.objects.get(legal_basis=second, catalogue=a).items == 4
    draft = Item.objects.get(catalogue=a, status=Item.Status.DRAFT)
    published = Item.objects.published().filter(catalogue=a, domain__slug="shehui-baoxian").get()
    ItemLegalBasis.objects.create(item=published, legal_basis=first, position=2)
    ItemLegalBasis.objects.create(item=draft, legal_basis=second, position=2)  # a draft's link counts nowhere
    assert_in_step()
    ItemLegalBasis.objects.filter(legal_basis=first, item__catalogue=a).update(
        legal_basis=LegalBasis.objects.create(title="条例丙")
    )
    assert_in_step()
    ItemLegalBasis.objects.filter(item__catalogue=b, legal_basis=second).delete()
    assert_in_step()
    # two publishers merged, as staff do with duplicates: the links re-pointed, the duplicate deleted
    bureau, other = Organisation.objects.get(name="民政局"), Organisation.objects.get(name="人社局")
    ItemPublisher.objects.filter(organisation=other).exclude(item__publisher_links__organisation=bureau).update(
        organisation=bureau
    )
    ItemPublisher.objects.filter(organisation=other).delete()
    other.delete()
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_itemlegalbasis WHERE item_id = %s", [draft.pk])
        cursor.execute("UPDATE catalog_itemlegalbasis SET item_id = %s WHERE item_id = %s", [draft.pk, published.pk])
    assert_in_step()


def test_publishers_renamed_and_their_counts_edited(two_catalogues):
    """A publisher's total carries its name (the publisher index orders by it): renamed by a
    save, by QuerySet.update or by raw SQL, the total follows; so it does when PublisherCount
    rows are edited directly."""
    bureau, other = Organisation.objects.get(name="民政局"), Organisation.objects.get(name="人社局")
    bureau.name = "民政厅"
    bureau.save()
    assert_in_step()
    Organisation.objects.filter(pk=other.pk).update(name="人力资源和社会保障局")
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_organisation SET name = %s WHERE id = %s", ["民政部门", bureau.pk])
    assert_in_step()
    # a count row changed and moved to another publisher by hand: both totals follow the counts
    row = PublisherCount.objects.filter(organisation=bureau).first()
    newcomer = Organisation.objects.create(name="新设局")
    PublisherCount.objects.filter(pk=row.pk).update(organisation=newcomer, items=F("items") + 2)
    assert publisher_totals() == publishers_summed_from_counts()
    assert publisher_totals()[newcomer.pk] == ("新设局", row.items + 2)
    PublisherCount.objects.filter(pk=row.pk).update(organisation=bureau, items=row.items)
    assert_in_step()


def publishers_summed_from_counts() -> dict[int, tuple[str, int]]:
    rows = PublisherCount.objects.held().order_by().values_list("organisation", "organisation__name")
    return {pk: (name, n) for pk, name, n in rows.annotate(n=Sum("items"))}


def test_laws_retitled(two_catalogues):
    """A law's total carries its title (the law index orders by it): retitled by a save, by
    QuerySet.update or by raw SQL, the total follows."""
    first, second = LegalBasis.objects.get(title="条例甲"), LegalBasis.objects.get(title="条例乙")
    first.title = "条例甲（修订）"
    first.save()
    assert_in_step()
    LegalBasis.objects.filter(pk=second.pk).update(title="条例乙（2024年修订）")
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_legalbasis SET title = %s WHERE id = %s", ["条例甲（2025年修订）", first.pk])
    assert_in_step()
    assert totals(LegalBasisTotal, "title")[first.pk] == ("条例甲（2025年修订）", 3 * 2)


def test_catalogues_holding_items_come_and_go(two_catalogues):
    """A catalogue counts while it holds published items (it is public): withdrawn or back to
    drafts it stops counting, published again it counts again."""
    a, b = two_catalogues
    Item.objects.filter(catalogue=a).update(status=Item.Status.DRAFT)
    assert_in_step()
    assert region_summary()[(a.region.pk, None)] == (4, 1, 1)
    Item.objects.filter(catalogue=a).update(status=Item.Status.PUBLISHED)
    assert_in_step()
    assert region_summary()[(a.region.pk, None)] == (9, 2, 2)  # a's draft published too


def test_catalogue_moved_to_another_region(two_catalogues):
    a, b = two_catalogues
    elsewhere = RegionFactory(level=Region.Level.COUNTY, parent=a.region.parent, name="另一县")
    a.region = elsewhere
    a.save()
    assert_in_step()
    Catalogue.objects.filter(pk=a.pk).update(region=RegionFactory(level=Region.Level.PROVINCE))
    assert_in_step()


def test_region_moved_under_another(two_catalogues):
    a, b = two_catalogues
    county = a.region
    other_province = RegionFactory(level=Region.Level.PROVINCE)
    county.parent = RegionFactory(level=Region.Level.CITY, parent=other_province, name="另一市")
    county.save()
    assert_in_step()
    Region.objects.filter(pk=county.pk).update(parent=None)
    assert_in_step()


def test_import_draft_publish_and_reimport(vocabulary):
    """An import as drafts, published by a second import, then a re-import of a changed copy
    (adds, changes and withdraws rows), then the catalogue deleted: the summaries follow each."""
    from catalog.importers.load import import_record
    from catalog.services.editions import import_catalogue
    from tests.importers.seeds import S004, SOURCES
    from tests.importers.test_editions import changed_copy, read

    import_record(read((SOURCES / S004).read_bytes()), draft=True)
    assert_in_step()
    import_record(read((SOURCES / S004).read_bytes()))
    assert_in_step()
    catalogue = Catalogue.objects.get()
    assert region_summary()[(catalogue.region.pk, None)] == (Item.objects.published().count(), 1, 1)
    import_catalogue(read(changed_copy()))
    assert Item.objects.filter(status=Item.Status.WITHDRAWN).exists()
    assert_in_step()
    catalogue.delete()
    assert_in_step()
    assert region_summary() == {}
