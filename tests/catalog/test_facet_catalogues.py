"""The catalogue facet lists the catalogues with most results, in catalogue order, and says when
there are more (at 1M items a result can lie in a thousand catalogues, one per region)."""

import pytest
from django.http import QueryDict

from catalog.models import Item
from catalog.site import facets
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 10])
def test_the_catalogue_facet_keeps_the_largest_in_catalogue_order(monkeypatch, limit):
    monkeypatch.setattr(facets, "CATALOGUE_LIMIT", limit)
    # catalogue order (position) 甲 乙 丙 丁 戊; results 1, 2, 3, 2, 2: 丙 first, then the tie of
    # 乙, 丁 and 戊 in catalogue order across the cut, 甲 last
    sizes = {"甲": 1, "乙": 2, "丙": 3, "丁": 2, "戊": 2}
    made = {}
    for position, name in reversed(list(enumerate(sizes))):  # created in reverse: ids do not decide
        made[name] = CatalogueFactory(region__name=f"{name}镇", title=f"{name}镇目录", position=position)
    for name, size in sizes.items():
        for _ in range(size):
            ItemFactory(catalogue=made[name], linked=True)
    found = facets.compute_facets(Item.objects.all(), QueryDict())
    catalogue = next(facet for facet in found if facet.name == "catalogue")
    largest = ["丙", "乙", "丁", "戊", "甲"][:limit]
    expected = [(f"{name}镇目录", sizes[name]) for name in sizes if name in largest]  # in catalogue order
    assert [(value.label, value.count) for value in catalogue.values] == expected
    assert catalogue.more == (limit < len(sizes))
    assert [value.value for value in catalogue.values] == [made[name].slug for name in sizes if name in largest]


def test_the_page_says_only_the_largest_catalogues_are_listed(client, monkeypatch):
    monkeypatch.setattr(facets, "CATALOGUE_LIMIT", 2)
    for position in range(3):
        catalogue = CatalogueFactory(position=position)
        ItemFactory(catalogue=catalogue, level1="最低生活保障", linked=True)
    html = client.get("/search/", {"q": "最低生活保障"}).content.decode()
    section = html.split('<section aria-labelledby="facet-catalogue">')[1].split("</section>")[0]
    assert section.count("<li>") == 2 and "仅列出事项最多的 2 个。" in section
