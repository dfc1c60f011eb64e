"""Every date and time in exports and the API is Beijing time with its offset."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from catalog.models import Item, Region
from tests.factories import CatalogueFactory, ItemFactory, RegionFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def read(response) -> str:
    assert response.status_code == 200
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")


def test_midnight_in_beijing_stays_on_its_day_with_the_offset(client):
    catalogue = CatalogueFactory(
        title="阿尔山市目录",
        region=RegionFactory(name="阿尔山市", code="aershan", level=Region.Level.COUNTY),
        slug="aershan",
    )
    item = ItemFactory(catalogue=catalogue, level1="最低生活保障", level2="低保对象认定")
    # stored as UTC (2022-09-30T16:00Z): before, the exports printed that, a day early
    Item.objects.filter(pk=item.pk).update(published_at=datetime.datetime(2022, 10, 1, tzinfo=SHANGHAI))
    expected = "2022-10-01T00:00:00+08:00"
    assert expected in read(client.get("/exports/items.csv"))
    exported = json.loads(read(client.get("/exports/items.json")))
    assert exported["items"][0]["published_at"] == expected
    assert exported["exported_at"].endswith("+08:00")
    assert json.loads(read(client.get(f"/api/items/{item.pk}/")))["published_at"] == expected
