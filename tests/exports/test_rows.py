import pytest

from catalog.exports.rows import CSV_HEADERS, flat_row, item_record, iter_records
from catalog.models import Item
from catalog.search.filters import filter_items


@pytest.mark.parametrize("params", [{}, {"q": "低保"}, {"sort": "name"}, {"level": "village", "sort": "domain"}])
def test_export_records_equal_the_prefetched_item_records(world, params):
    """The exports' values_list path and item_record (API) say the same, in the same order."""
    queryset = filter_items(params)[1]
    expected = [item_record(item) for item in queryset.for_listing()]
    assert list(iter_records(queryset, chunk_size=2)) == expected
    assert expected  # not vacuous


def test_records_from_a_prefetched_queryset(world):
    """Admin actions may pass a changelist queryset that already prefetches."""
    queryset = Item.objects.published().for_listing().order_by("-pk")
    assert [record["id"] for record in iter_records(queryset)] == list(queryset.values_list("pk", flat=True))


def test_records_of_an_item_with_nothing_linked(world):
    bare = Item.objects.filter(level2="参保登记")
    bare.first().elements.all().delete()
    (record,) = iter_records(bare)
    assert record["elements"] == [] and record["published_at"] is None
    assert len(flat_row(record)) == len(CSV_HEADERS)


def test_records_take_a_bounded_number_of_queries(world, django_assert_num_queries):
    queryset = Item.objects.published().order_by("pk")
    with django_assert_num_queries(1 + 5 * 3):  # rows, then 5 related queries per chunk of 2 (5 items)
        assert len(list(iter_records(queryset, chunk_size=2))) == 5
