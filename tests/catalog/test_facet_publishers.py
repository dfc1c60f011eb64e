"""The publisher facet shows the most frequent publishers, then by name, and says when there are more."""

import pytest
from django.http import QueryDict

from catalog.models import Item
from catalog.site import facets
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("limit", [1, 2, 3, 10])
def test_the_publisher_facet_keeps_the_most_frequent_then_by_name(monkeypatch, limit):
    monkeypatch.setattr(facets, "PUBLISHER_LIMIT", limit)
    catalogue = CatalogueFactory(region__name="阿尔山市")
    # 乙局 3 items; 丁局, 丙局 and 甲局 2 each (a tie broken by name, across the cut); 戊局 1
    for publishers in [("乙局", "甲局", "丁局"), ("乙局", "丙局", "丁局"), ("乙局", "戊局"), ("甲局",), ("丙局",)]:
        ItemFactory(catalogue=catalogue, publishers=publishers, linked=True)
    found = facets.compute_facets(Item.objects.all(), QueryDict())
    publisher = next(facet for facet in found if facet.name == "publisher")
    counts = [("乙局", 3), ("丁局", 2), ("丙局", 2), ("甲局", 2), ("戊局", 1)]
    everyone = sorted(counts, key=lambda row: (-row[1], row[0]))
    assert [(value.label, value.count) for value in publisher.values] == everyone[:limit]
    assert publisher.more == (limit < len(everyone))
