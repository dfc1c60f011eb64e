"""published_names (a loose index scan) gives SELECT DISTINCT's answer over published items."""

import pytest

from catalog.models import Item
from catalog.models.item import published_names
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db


def test_the_distinct_names_of_published_items_only(vocabulary):
    catalogue = CatalogueFactory()
    for level1, level2 in [
        ("社会救助", "最低生活保障"),
        ("社会救助", "特困供养"),
        ("社会救助", ""),
        ("户籍管理", "户口迁移"),
    ]:
        ItemFactory(catalogue=catalogue, level1=level1, level2=level2)
        ItemFactory(catalogue=catalogue, level1=level1, level2=level2)  # the same names twice
    ItemFactory(catalogue=catalogue, level1="只在草稿中", level2="草稿名称", status=Item.Status.DRAFT)
    ItemFactory(catalogue=catalogue, level1="已撤回", level2="撤回名称", status=Item.Status.WITHDRAWN)
    for field in ("level1", "level2"):
        expected = set(Item.objects.published().values_list(field, flat=True).distinct())
        found = published_names(field)
        assert len(found) == len(set(found))
        assert set(found) == expected
    assert "只在草稿中" not in published_names("level1") and "撤回名称" not in published_names("level2")


def test_other_columns_are_refused():
    with pytest.raises(ValueError):
        published_names("content; DROP TABLE catalog_item")
