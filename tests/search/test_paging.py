import pytest

from catalog.models import Item
from catalog.search import search
from catalog.search.paging import SearchPaginator, capped_count, page_rows
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db

ORDER = ("search_rank", "catalogue__position", "catalogue_id", "position", "pk")


@pytest.fixture
def items():
    catalogue = CatalogueFactory()
    return [
        ItemFactory(
            catalogue=catalogue, level2=f"低保事项{n}" if n % 2 else f"其他事项{n}", content="低保金发放", linked=True
        )
        for n in range(7)
    ]


def test_capped_count_is_exact_up_to_the_limit(items):
    results = Item.objects.all().search("低保")
    assert capped_count(results, limit=7) == (7, True)
    assert capped_count(results, limit=5) == (5, False)


def test_page_rows_equal_a_plain_slice(items):
    results = Item.objects.all().search("低保").select_related("catalogue").order_by(*ORDER)
    assert [item.pk for item in page_rows(results, 2, 5)] == [item.pk for item in results[2:5]]
    assert [item.search_rank for item in page_rows(results, 0, 7)] == [0, 0, 0, 1, 1, 1, 1]
    assert page_rows(results, 10, 20) == []


@pytest.mark.parametrize("with_plan", [True, False])
def test_search_paginator_says_when_the_count_is_capped(items, with_plan):
    found = search(Item.objects.all(), "低保")
    plan = found.plan if with_plan else None
    results = found.items.order_by(*ORDER)
    paginator = SearchPaginator(results, 3, plan=plan)
    assert paginator.count == 7 and paginator.count_is_exact
    assert [item.pk for item in paginator.page(3)] == [item.pk for item in results[6:7]]
    paginator = SearchPaginator(results, 3, plan=plan)
    paginator.count_limit = 4
    assert paginator.count == 4 and not paginator.count_is_exact
    assert paginator.num_pages == 2
