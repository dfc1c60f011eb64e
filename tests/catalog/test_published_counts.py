"""PublishedCount, the summary the pages count from, says what a count of the items says,
after every kind of write: saves, QuerySet.update, bulk_create, raw SQL, deletes."""

import pytest
from django.db import connection
from django.db.models import Count, F

from catalog.models import Catalogue, Domain, Item, PublishedCount
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db


def counted_from_items() -> dict[tuple[int, int], int]:
    rows = Item.objects.published().order_by().values_list("catalogue", "domain").annotate(n=Count("pk"))
    return {(catalogue, domain): n for catalogue, domain, n in rows}


def summary() -> dict[tuple[int, int], int]:
    rows = PublishedCount.objects.held().values_list("catalogue", "domain", "items")
    return {(catalogue, domain): n for catalogue, domain, n in rows}


def assert_in_step():
    assert summary() == counted_from_items()
    assert not PublishedCount.objects.filter(items__lt=0).exists()


@pytest.fixture
def two_catalogues(vocabulary):
    a, b = CatalogueFactory(), CatalogueFactory()
    for catalogue in (a, b):
        ItemFactory.create_batch(3, catalogue=catalogue)
        ItemFactory(catalogue=catalogue, domain_slug="shehui-baoxian")
        ItemFactory(catalogue=catalogue, status=Item.Status.DRAFT)
    return a, b


def test_items_created_published_or_not(two_catalogues):
    a, b = two_catalogues
    assert summary()[(a.pk, Domain.objects.get(slug="shehui-jiuzhu").pk)] == 3
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
