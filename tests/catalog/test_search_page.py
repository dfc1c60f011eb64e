import re

import pytest
from django.urls import reverse

from catalog.models import Organisation
from catalog.site.display import highlight
from tests.factories import ItemFactory

URL = reverse("catalog:search")


def search(client, status=200, **params):
    response = client.get(URL, params)
    assert response.status_code == status
    return response, response.content.decode()


def result_titles(response):
    return [str(item) for item in response.context["page"].object_list]


def test_empty_search_lists_everything_published(client, world):
    response, html = search(client)
    assert result_titles(response) == [
        "最低生活保障 / 低保对象认定",
        "最低生活保障 / 低保金发放",
        "户口登记 / 户口迁移",
        "社会保险 / 参保登记",
    ]
    assert "共找到 4 项事项" in html


@pytest.mark.parametrize("q, count", [("户", 1), ("低保", 4), ("低保 发放", 1), ("不存在", 0)])
def test_search_counts(client, world, q, count):
    response, html = search(client, q=q)
    assert response.context["page"].paginator.count == count
    assert f"共找到 {count} 项事项" in html


def test_search_ranks_and_highlights(client, world):
    response, html = search(client, q="低保")
    assert result_titles(response)[:2] == ["最低生活保障 / 低保对象认定", "最低生活保障 / 低保金发放"]
    assert "最<mark>低保</mark>" not in html  # 最低生活保障 does not contain 低保
    assert "<mark>低保</mark>对象认定" in html
    assert "<mark>低保</mark>家庭的户口迁移办理" in html  # content snippet
    assert "<title>“低保”的检索结果" in html


def test_no_match_says_so_and_suggests_removing_filters(client, world):
    _, html = search(client, q="不存在", domain="shehui-jiuzhu")
    assert "没有找到符合条件的事项" in html
    assert "取消上方的部分筛选条件" in html


def test_highlight_escapes_html():
    assert highlight("<b>低保</b> & 低保", ["低保"]) == "&lt;b&gt;<mark>低保</mark>&lt;/b&gt; &amp; <mark>低保</mark>"
    assert highlight("a<script>", ["<script>"]) == "a<mark>&lt;script&gt;</mark>"
    assert highlight("ABC abc", ["b"]) == "A<mark>B</mark>C a<mark>b</mark>c"
    assert highlight("低保金", ["低保", "低保金"]) == "<mark>低保金</mark>"
    assert highlight("x", []) == "x"


def test_html_in_the_query_and_in_data_is_escaped(client, world):
    ItemFactory(catalogue=world.a, level1="<script>alert(1)</script>", level2="注入测试")
    _, html = search(client, q="<script>")
    assert "<script>alert" not in html
    assert "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;" in html
    assert "“&lt;script&gt;”的检索结果" in html


def test_facets_count_the_current_results(client, world):
    response, html = search(client, q="低保")
    facets = {facet.name: {v.label: v.count for v in facet.values} for facet in response.context["facets"]}
    assert facets["domain"] == {"社会救助": 2, "户籍管理": 1, "社会保险": 1}
    assert facets["catalogue"] == {"白狼镇政务公开标准目录": 3, "朝阳社区政务公开事项标准目录": 1}
    assert facets["channel"] == {"政府网站": 3, "便民服务站": 1, "社区/企事业单位/村公示栏（电子屏）": 1}
    assert facets["audience"] == {"全社会": 3, "特定群众": 1}
    assert facets["mode"] == {"主动": 3, "依申请公开": 1}
    assert facets["level"] == {"县级": 1, "乡镇级": 2, "村（社区）级": 1}
    assert facets["publisher"]["阿尔山市民政局"] == 2


def test_facet_links_narrow_and_selected_ones_remove(client, world):
    response, html = search(client, q="低保", page="1")
    domain_facet = next(f for f in response.context["facets"] if f.name == "domain")
    link = next(v for v in domain_facet.values if v.label == "社会救助")
    assert link.url == "?q=%E4%BD%8E%E4%BF%9D&domain=shehui-jiuzhu"
    response = client.get(URL + link.url)
    assert result_titles(response) == ["最低生活保障 / 低保对象认定", "最低生活保障 / 低保金发放"]
    domain_facet = next(f for f in response.context["facets"] if f.name == "domain")
    assert domain_facet.values[0].selected and domain_facet.values[0].url == "?q=%E4%BD%8E%E4%BF%9D"


def test_publisher_facet_link_works_and_keeps_its_value_in_the_form(client, world):
    town = Organisation.objects.get(name="白狼镇人民政府")
    response, html = search(client, publisher=str(town.pk))
    assert result_titles(response) == ["最低生活保障 / 低保金发放"]
    assert f'<input type="hidden" name="publisher" value="{town.pk}">' in html
    assert "公开主体：白狼镇人民政府" in html  # the active filter chip


def test_active_filter_chip_removes_its_filter(client, world):
    _, html = search(client, q="低保", audience="specific")
    assert 'href="?q=%E4%BD%8E%E4%BF%9D" aria-label="取消条件：公开对象 特定群众"' in html


@pytest.mark.parametrize(
    "params",
    [{"domain": "nope"}, {"publisher": "x"}, {"deadline_max": "-3"}, {"q": "长" * 101}, {"sort": "DROP TABLE"}],
)
def test_invalid_filters_give_400_with_a_chinese_message_and_no_results(client, world, params):
    response, html = search(client, status=400, **params)
    assert response.context["page"].paginator.count == 0
    assert "检索条件有误" in html and "「" in html
    assert "没有找到符合条件的事项" not in html  # the message is about the bad value, not a miss


def test_pagination_pages_are_disjoint_and_cover_everything(client, world):
    for n in range(45):
        ItemFactory(catalogue=world.b, level1="社会保险", level2=f"批量事项{n:02d}")
    seen = []
    for number in (1, 2, 3):
        response, html = search(client, q="批量事项", page=str(number))
        seen += result_titles(response)
    assert len(seen) == 45 == len(set(seen))
    assert 'aria-label="分页"' in html and 'aria-current="page">第 3 页' in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999999", "1" * 5000, "1.5", ""])
def test_odd_page_numbers_never_fail(client, world, page):
    response, _ = search(client, page=page)
    assert response.context["page"].number == 1  # only one page of results here


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return None if select is None else re.findall(r'<option value="([^"]*)"', select.group(1))


def test_region_select_lists_upper_levels_but_any_region_filters(client, world):
    _, html = search(client)
    # the tops of the trees and the province/city levels; not the counties and townships below
    assert options(html, "region") == ["", "xiangyuan", "xinganmeng"]
    response, html = search(client, region="bailang")
    assert result_titles(response) == [
        "最低生活保障 / 低保对象认定",
        "最低生活保障 / 低保金发放",
        "户口登记 / 户口迁移",
    ]
    assert "bailang" in options(html, "region")  # the chosen one is shown selected
    assert '<option value="bailang" selected>白狼镇</option>' in html


def test_catalogue_select_lists_the_catalogues_of_the_chosen_region(client, world):
    _, html = search(client)
    assert options(html, "catalogue") == ["", "bailang", "chaoyang"]
    _, html = search(client, region="aershan")
    assert options(html, "catalogue") == ["", "bailang"]


def test_too_many_catalogues_for_a_select_travel_as_a_hidden_field_and_a_chip(client, world, monkeypatch):
    from catalog.search import filters

    monkeypatch.setattr(filters, "CATALOGUE_OPTION_LIMIT", 1)
    _, html = search(client)
    assert options(html, "catalogue") is None and 'name="catalogue"' not in html
    response, html = search(client, catalogue="chaoyang")
    assert result_titles(response) == ["社会保险 / 参保登记"]
    assert '<input type="hidden" name="catalogue" value="chaoyang">' in html
    assert "目录：朝阳社区政务公开事项标准目录" in html  # the active filter chip names it
    _, html = search(client, region="aershan")  # one catalogue below 阿尔山市: a select again
    assert options(html, "catalogue") == ["", "bailang"]


def test_past_the_count_cap_the_count_says_so_and_facets_give_way_to_advice(client, world, monkeypatch):
    from catalog.search.paging import SearchPaginator
    from catalog.site import views

    monkeypatch.setattr(SearchPaginator, "count_limit", 2)
    monkeypatch.setattr(views, "SEARCH_PAGE_SIZE", 1)
    response, html = search(client, q="低保")
    assert response.context["facets"] == [] and 'class="facets"' not in html
    assert "找到超过 2 项事项" in html and "共找到" not in html
    assert "分面统计" in html and "增加一个检索词" in html
    # pages past the cap fall back to the last one
    response, html = search(client, q="低保", page="4")
    assert response.context["page"].number == 2 and len(result_titles(response)) == 1
    # under the cap, everything as before
    response, html = search(client, q="低保", domain="shehui-jiuzhu")
    assert "共找到 2 项事项" in html and "分面统计" not in html
    assert response.context["facets"]


def test_exact_counts_above_the_facet_limit_show_no_facets_but_say_why(client, world, monkeypatch):
    from catalog.site import facets, views

    monkeypatch.setattr(views, "FACET_LIMIT", 3)
    monkeypatch.setattr(facets, "FACET_LIMIT", 3)
    response, html = search(client, q="低保")
    assert "共找到 4 项事项" in html  # the count itself stays exact
    assert response.context["facets"] == [] and 'class="facets"' not in html
    assert "只在结果不超过 3 项时提供" in html
    response, html = search(client, q="低保", domain="shehui-jiuzhu")  # 2 results: facets again
    assert response.context["facets"] and "分面统计" not in html


def test_the_results_are_counted_and_paged_through_the_search_plan(client, world):
    response, _ = search(client, q="低保")
    paginator = response.context["page"].paginator
    assert paginator.plan is not None and paginator.plan.applies_to(paginator.object_list)
    response, _ = search(client, domain="shehui-jiuzhu")  # nothing searched: no plan
    assert response.context["page"].paginator.plan is None
