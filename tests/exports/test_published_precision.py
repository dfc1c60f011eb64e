"""An item's 发布时间 says no more than its catalogue's date: 000 is dated only to the month
(its cover prints “2022 年 10 月”), so its items are published “2022-10”, never
2022-10-01T00:00:00+08:00; a time set on publication keeps its full form."""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from catalog.models import Catalogue, Item

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ZHEN = "aershan-zhen-2022"


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def zhen(db):
    files = [FIXTURES / "00_vocabulary.json", *sorted(FIXTURES.glob("0[14]_*.json"))]
    call_command("loaddata", *map(str, files), verbosity=0)
    return Catalogue.objects.get(slug=ZHEN)


def test_items_of_a_month_dated_catalogue_are_published_in_that_month(client, zhen):
    assert zhen.issued_date_precision == "month"
    api = client.get("/api/items/", {"catalogue": ZHEN}).json()["results"]
    assert api and {row["published_at"] for row in api} == {"2022-10"}
    rows = list(
        csv.DictReader(io.StringIO(body(client.get("/exports/items.csv", {"catalogue": ZHEN})).decode("utf-8-sig")))
    )
    assert rows and {row["发布时间"] for row in rows} == {"2022-10"}
    records = json.loads(body(client.get("/exports/items.json", {"catalogue": ZHEN})))
    records = records["items"] if isinstance(records, dict) else records
    assert {record["published_at"] for record in records} == {"2022-10"}


def test_a_time_set_on_publication_keeps_its_full_form(client, zhen):
    item = Item.objects.filter(catalogue=zhen, status=Item.Status.PUBLISHED).order_by("pk").first()
    moment = datetime.datetime(2023, 3, 5, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    Item.objects.filter(pk=item.pk).update(published_at=moment)
    row = client.get(f"/api/items/{item.pk}/").json()
    assert row["published_at"] == "2023-03-05T09:30:00+08:00"
    Catalogue.objects.filter(pk=zhen.pk).update(issued_date_precision="day")
    other = Item.objects.filter(catalogue=zhen, status=Item.Status.PUBLISHED).exclude(pk=item.pk).order_by("pk").first()
    assert client.get(f"/api/items/{other.pk}/").json()["published_at"] == "2022-10-01T00:00:00+08:00"
