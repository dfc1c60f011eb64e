"""公开对象, 公开方式, 公开层级 that a catalogue has no column for are 未注明 (unknown), not
"no", on the item page, the official table, filters, statistics, the API and the exports."""

from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from catalog.compare.comparison import ItemFacts, differences
from catalog.exports.rows import CSV_HEADERS
from catalog.models import Catalogue, Item
from tests.exports.helpers import csv_rows, json_doc, workbook

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
XIANGYUAN = "xiangyuan-chaoyang-shequ"  # no 公开对象, no 公开方式 column
GENHE = "genhe-minzheng"  # 主动公开目录: no 公开方式, no 公开层级 column


@pytest.fixture
def seeds(db):
    files = [FIXTURES / "00_vocabulary.json", *sorted(FIXTURES.glob("0[34]_*.json"))]
    call_command("loaddata", *map(str, files), verbosity=0)
    return {catalogue.slug: catalogue for catalogue in Catalogue.objects.all()}


def page(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def text(element) -> str:
    return " ".join(element.text_content().split())


def fields_of(response) -> dict[str, str]:
    """The item page's fields, 名称 -> text shown."""
    (fields,) = page(response).xpath('//dl[@class="fields"]')
    return {text(dt): text(dt.getnext()) for dt in fields.xpath("./dt")}


def first_item(slug) -> Item:
    return Item.objects.published().filter(catalogue__slug=slug).in_catalogue_order().first()


def test_the_item_page_says_not_stated(client, seeds):
    shown = fields_of(client.get(first_item(XIANGYUAN).get_absolute_url()))
    assert shown["公开对象"] == "未注明"
    assert shown["公开方式"] == "未注明"
    assert shown["公开层级"] != "未注明"  # 县级 / 乡镇 / 社区 are printed
    genhe = fields_of(client.get(first_item(GENHE).get_absolute_url()))
    assert genhe["公开方式"] == "主动"  # the catalogue is a 主动公开目录
    assert genhe["公开层级"] == "未注明"
    assert genhe["公开对象"] == "全社会"


def test_the_official_table_says_not_stated(client, seeds):
    url = reverse("catalog:catalogue_domain", args=[XIANGYUAN, first_item(XIANGYUAN).domain.slug])
    cells = page(client.get(url)).xpath('//table[@class="official"]//td[@data-label="公开对象"]')
    assert cells and {text(cell) for cell in cells} == {"未注明"}


@pytest.mark.parametrize(
    "param, expected",
    [
        ("audience", lambda: Item.objects.published().filter(catalogue__slug=XIANGYUAN)),
        ("mode", lambda: Item.objects.published().filter(catalogue__slug=XIANGYUAN)),
        ("level", lambda: Item.objects.published().filter(catalogue__slug=GENHE)),
    ],
)
def test_the_unstated_filter_finds_the_items_whose_catalogue_has_no_such_column(client, seeds, param, expected):
    want = set(expected().values_list("pk", flat=True))
    assert want
    response = client.get("/api/items/", {param: "unstated", "page_size": 500})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == want
    search = page(client.get("/search/", {param: "unstated"}))
    options = search.xpath(f'//select[@name="{param}"]/option')
    assert ("unstated", "未注明", "selected") in {(o.get("value"), text(o), o.get("selected")) for o in options}


def test_the_api_gives_null(client, seeds):
    rows = client.get("/api/items/", {"catalogue": XIANGYUAN}).json()["results"]
    assert rows and {(r["audience"]["public"], r["audience"]["specific"]) for r in rows} == {(None, None)}
    assert {(r["mode"]["proactive"], r["mode"]["on_request"]) for r in rows} == {(None, None)}
    genhe = client.get("/api/items/", {"catalogue": GENHE}).json()["results"]
    assert {r["levels"] is None for r in genhe} == {True}
    assert {(r["mode"]["proactive"], r["mode"]["on_request"]) for r in genhe} == {(True, False)}


def test_csv_and_json_exports_leave_it_empty(client, seeds):
    rows = csv_rows(client.get("/exports/items.csv", {"catalogue": XIANGYUAN}))
    assert rows and list(rows[0]) == CSV_HEADERS
    assert {(row["公开对象"], row["公开方式"]) for row in rows} == {("", "")}
    items = json_doc(client.get("/exports/items.json", {"catalogue": XIANGYUAN}))["items"]
    assert items and {(r["audience"]["public"], r["mode"]["proactive"]) for r in items} == {(None, None)}


def test_xlsx_ticks_what_the_catalogue_states_without_a_column(client, seeds):
    sheet = workbook(client.get("/exports/items.xlsx", {"catalogue": GENHE})).worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    header = [sub or top for top, sub in zip(rows[1], rows[2])]
    assert "公开层级" not in rows[1]  # the catalogue prints no 公开层级 column
    proactive = header.index("主动")
    assert {row[proactive] for row in rows[3:] if row[0] is not None} == {"√"}


def test_statistics_count_not_stated_apart_from_unticked(client, seeds):
    charts = {chart.slug: chart for chart in client.get("/statistics/").context["charts"]}
    audience = {row.label: row.count for row in charts["audience"].rows}
    published = Item.objects.published()
    assert audience["未注明"] == published.filter(audience_public__isnull=True).count() > 0
    levels = {row.label: row.count for row in charts["level"].rows}
    assert levels["未注明"] == published.filter(catalogue__slug=GENHE).count()


def test_an_unknown_audience_is_not_fewer_in_a_comparison():
    common = dict(domain_id=1, domain="社会救助", number="1", level1="低保", level2="", level3="", content="")
    reference = ItemFacts(id=1, audience_public=True, audience_specific=True, **common)
    unknown = ItemFacts(id=2, audience_public=None, audience_specific=None, **common)
    unticked = ItemFacts(id=3, audience_public=False, audience_specific=False, **common)
    assert [d.label for d in differences(reference, unknown)] == []
    assert [d.compared for d in differences(reference, unticked)] == ["缺少：全社会、特定群众"]
