"""The statistics page: every number equals a count computed independently from the database."""

import pytest
from django.db import connection

from catalog.models import Item, Region
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    top = Region.objects.create(name="兴安盟", code="xinganmeng", level=Region.Level.CITY)
    county = Region.objects.create(name="阿尔山市", code="aershan", level=Region.Level.COUNTY, parent=top)
    other = Region.objects.create(name="襄垣县", code="xiangyuan", level=Region.Level.COUNTY)
    a = CatalogueFactory(title="阿尔山市目录", region=county)
    b = CatalogueFactory(title="襄垣县目录", region=other)
    ItemFactory(
        catalogue=a,
        level1="最低生活保障",
        audience_public=True,
        mode_proactive=True,
        channels=["zhengfu-wangzhan", "gongshilan"],
        levels=["county", "township"],
        deadline_kind="working_days",
        deadline_days=10,
    )
    ItemFactory(
        catalogue=a,
        level1="临时救助",
        audience_specific=True,
        mode_on_request=True,
        channels=["zhengfu-wangzhan"],
        levels=["county"],
        deadline_kind="working_days",
        deadline_days=20,
        needs_review=True,
        review_reasons=["列错位"],
    )
    ItemFactory(
        catalogue=a,
        domain_slug="huji-guanli",
        level1="户口登记",
        audience_public=True,
        mode_proactive=False,  # the catalogue prints 公开方式 and ticks neither (未勾选)
        mode_on_request=False,
        levels_stated=False,  # and has no 公开层级 column (未注明)
        channels=["gongshilan"],
        deadline_kind="prompt",
    )
    ItemFactory(
        catalogue=b,
        domain_slug="jiuye",
        level1="就业援助",
        deadline_kind="working_days",
        deadline_days=10,
        levels=["village"],
    )
    ItemFactory(
        catalogue=b,
        level1="草稿事项",
        status=Item.Status.DRAFT,
        channels=["zhengfu-wangzhan"],
        deadline_days=5,
        deadline_kind="working_days",
    )
    return {"a": a, "b": b, "county": county, "top": top}


def sql_count(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def table_rows(chart):
    return {row.label: row.count for row in chart.rows}


def charts_of(response):
    return {chart.slug: chart for chart in response.context["charts"]}


def test_numbers_equal_database_counts(client, data):
    response = client.get("/statistics/")
    assert response.status_code == 200
    charts = charts_of(response)
    item = Item._meta.db_table
    published = f"SELECT COUNT(*) FROM {item} WHERE status = 'published'"
    assert response.context["total"] == sql_count(published) == 4
    for name, count in table_rows(charts["domain"]).items():
        assert count == sql_count(
            f"SELECT COUNT(*) FROM {item} i JOIN catalog_domain d ON d.id = i.domain_id WHERE i.status='published' AND d.name=%s",
            [name],
        )
    assert sum(table_rows(charts["domain"]).values()) == 4
    assert table_rows(charts["catalogue"]) == {"阿尔山市目录": 3, "襄垣县目录": 1}
    for name, count in table_rows(charts["channel"]).items():
        assert count == sql_count(
            f"SELECT COUNT(DISTINCT i.id) FROM {item} i JOIN catalog_itemchannel ic ON ic.item_id = i.id "
            "JOIN catalog_channel c ON c.id = ic.channel_id WHERE i.status='published' AND c.name=%s",
            [name],
        )
    assert table_rows(charts["channel"]) == {"政府网站": 2, "社区/企事业单位/村公示栏（电子屏）": 2}
    # 未注明: the catalogue has no such column (NULL); 未勾选: printed, nothing ticked
    assert table_rows(charts["audience"]) == {"全社会": 2, "特定群众": 1, "未注明": 1, "未勾选": 0}
    assert table_rows(charts["mode"]) == {"主动": 1, "依申请公开": 1, "未注明": 1, "未勾选": 1}
    assert table_rows(charts["level"]) == {"县级": 2, "乡镇级": 1, "村（社区）级": 1, "未注明": 1, "未勾选": 0}
    assert table_rows(charts["deadline"]) == {"10 个工作日": 2, "20 个工作日": 1, "及时公开（无固定期限）": 1}
    assert response.context["flagged"] == sql_count(f"{published} AND needs_review = %s", [True]) == 1
    shares = {row.label: row.share for row in charts["audience"].rows}
    assert shares["全社会"] == 50.0


def test_scoped_to_a_region_and_its_descendants(client, data):
    response = client.get("/statistics/", {"region": "xinganmeng"})
    assert response.context["total"] == 3
    assert table_rows(charts_of(response)["catalogue"]) == {"阿尔山市目录": 3}
    response = client.get("/statistics/", {"catalogue": data["b"].slug})
    assert response.context["total"] == 1


def test_rows_link_to_the_filtered_list(client, data):
    response = client.get("/statistics/", {"region": "aershan"})
    rows = {row.label: row.url for row in charts_of(response)["domain"].rows}
    assert rows["社会救助"].endswith("?region=aershan&domain=shehui-jiuzhu")
    deadline = {row.label: row.url for row in charts_of(response)["deadline"].rows}
    assert deadline["10 个工作日"].endswith("deadline_max=10")
    html = response.content.decode()
    assert 'href="/search/?region=aershan&amp;domain=shehui-jiuzhu"' in html


def test_charts_are_accessible_svg_with_a_table(client, data):
    html = client.get("/statistics/").content.decode()
    assert html.count('<svg class="bar-chart" role="img"') == 7
    assert html.count("<caption>") >= 7
    assert '<desc id="chart-domain-desc">各领域事项数：共 3 类' in html


def test_an_invalid_scope_says_so_and_counts_nothing(client, data):
    response = client.get("/statistics/", {"region": "nowhere"})
    assert response.status_code == 400
    assert response.context["total"] == 0
    assert "筛选条件无效" in response.content.decode()


def test_scope_select_lists_upper_levels_and_bounded_catalogues_but_accepts_any(client, data, monkeypatch):
    import re

    from catalog.search import filters

    def options(html, name):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
        return None if select is None else re.findall(r'<option value="([^"]*)"', select.group(1))

    html = client.get("/statistics/").content.decode()
    assert options(html, "region") == ["", "xiangyuan", "xinganmeng"]  # not the county below 兴安盟
    assert options(html, "catalogue") == ["", data["a"].slug, data["b"].slug]
    response = client.get("/statistics/", {"region": "aershan"})  # a county: not an option, still a scope
    assert response.status_code == 200 and response.context["total"] == 3
    monkeypatch.setattr(filters, "CATALOGUE_OPTION_LIMIT", 1)  # too many catalogues for a select
    html = client.get("/statistics/", {"catalogue": data["b"].slug}).content.decode()
    assert options(html, "catalogue") is None
    assert f'<input type="hidden" name="catalogue" value="{data["b"].slug}">' in html
