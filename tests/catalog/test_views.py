import re
from html import unescape as html_unescape
from urllib.parse import quote

import pytest
from django.db.models import Count
from django.urls import reverse

from catalog.models import Item, ItemLegalBasis, ItemPublisher, LegalBasis, Organisation
from catalog.search.filters import public_items
from tests.factories import ItemFactory


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def h1(html):
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def test_home_lists_catalogues_regions_and_domains(client, world):
    html = get(client, "/")
    assert "白狼镇政务公开标准目录" in html and "朝阳社区政务公开事项标准目录" in html
    assert 'href="/domains/shehui-jiuzhu/">社会救助</a> <span class="count">2 项' in html
    assert "什么是政务公开标准目录" in html
    regions = html[html.index("按地区浏览") : html.index("各地目录")]
    # only the tops of the region trees, each linking to its page; what lies below is one click on
    assert 'href="/regions/xinganmeng/">兴安盟</a> <span class="count">1 个下级区划' in regions
    assert 'href="/regions/xiangyuan/">襄垣县</a>' in regions
    assert "阿尔山市" not in regions and "白狼镇" not in regions
    assert 'role="search"' in html


def test_home_lists_only_the_first_catalogues_and_says_how_many_there_are(client, world, monkeypatch):
    from catalog.site import browse

    monkeypatch.setattr(browse, "LIST_LIMIT", 1)
    html = get(client, "/")
    table = html[html.index("各地目录") : html.index("按领域浏览")]
    assert "共收录 2 个目录，下表列出排在最前的 1 个" in table
    assert table.count('<th scope="row">') == 1


def test_region_page_includes_catalogues_below_it(client, world):
    html = get(client, reverse("catalog:region", args=["aershan"]))
    assert h1(html).startswith("阿尔山市")
    assert "白狼镇政务公开标准目录" in html and "朝阳社区" not in html
    assert 'href="/regions/bailang/"' in html  # child region
    assert "户籍管理" in html and "社会保险" not in html
    get(client, reverse("catalog:region", args=["nowhere"]), status=404)


def test_catalogue_page_shows_metadata_and_domain_counts(client, world):
    html = get(client, world.a.get_absolute_url())
    assert h1(html) == "白狼镇政务公开标准目录"
    assert "白狼镇人民政府" in html  # issuer
    assert 'href="/catalogues/bailang/shehui-jiuzhu/">社会救助</a> <span class="count">2 项' in html
    assert "3 项" in html  # published items only: the draft is not counted
    get(client, "/catalogues/nope/", status=404)


def test_catalogue_domain_page_is_the_official_table(client, world):
    html = get(client, "/catalogues/bailang/shehui-jiuzhu/")
    for column in (
        "序号",
        "一级事项",
        "二级事项",
        "公开内容",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    ):
        assert f'<th scope="col">{column}' in html
    assert html.count('scope="rowgroup" rowspan="2"') == 1  # 最低生活保障 groups its two items
    assert "低保对象认定" in html and "低保金发放" in html and "草稿事项" not in html
    assert "户口迁移" not in html  # another domain
    assert "阿尔山市人民政府网站" in html
    assert "特定群众（低保对象）" in html
    level1_link = "/search/?catalogue=bailang&amp;level1=" + quote("最低生活保障")
    assert f'href="{level1_link}"' in html
    response = client.get(level1_link.replace("&amp;", "&"))
    assert [str(i) for i in response.context["page"].object_list] == [
        "最低生活保障 / 低保对象认定",
        "最低生活保障 / 低保金发放",
    ]
    get(client, "/catalogues/bailang/no-such-domain/", status=404)


def test_domain_page_spans_catalogues(client, world):
    ItemFactory(catalogue=world.b, level1="最低生活保障", level2="朝阳社区低保公示")
    html = get(client, "/domains/shehui-jiuzhu/")
    assert "<caption>白狼镇政务公开标准目录 · 社会救助</caption>" in html
    assert "<caption>朝阳社区政务公开事项标准目录 · 社会救助</caption>" in html
    assert html.index("低保金发放") < html.index("朝阳社区低保公示")
    get(client, "/domains/nope/", status=404)


def test_item_page_shows_every_field(client, world):
    html = get(client, world.a1.get_absolute_url())
    assert h1(html) == "最低生活保障 / 低保对象认定"
    law = LegalBasis.objects.get(title="社会救助暂行办法")
    bureau = Organisation.objects.get(name="阿尔山市民政局")
    assert f'href="{law.get_absolute_url()}">《社会救助暂行办法》</a>' in html
    assert f'href="{bureau.get_absolute_url()}">阿尔山市民政局</a>' in html
    assert "<li>申请条件</li>" in html and "<li>办理流程</li>" in html
    assert "政府网站：阿尔山市人民政府网站" in html
    assert "20个工作日内" in html
    for text in ("全社会", "主动", "县级、乡镇级"):
        assert text in html
    # related: same 一级事项, and same law
    assert f'href="{world.a2.get_absolute_url()}"' in html
    assert "<title>最低生活保障 / 低保对象认定 - 白狼镇政务公开标准目录" in html
    assert 'aria-label="面包屑导航"' in html


def test_item_page_relates_items_citing_the_same_law(client, world):
    other = ItemFactory(catalogue=world.b, level1="其他", level2="同法事项", laws=["社会救助暂行办法"])
    html = get(client, world.a2.get_absolute_url())
    assert "依据同一法规的其他事项" in html and f'href="{other.get_absolute_url()}"' in html


def test_draft_items_are_404_in_chinese(client, world):
    html = get(client, world.draft.get_absolute_url(), status=404)
    assert "页面不存在" in html and "草稿事项" not in html


def test_withdrawn_items_are_410_in_chinese_with_where_to_look(client, world):
    html = get(client, world.withdrawn.get_absolute_url(), status=410)
    assert h1(html) == "本事项已撤回"
    assert "社会保险 / 已撤回事项" in html and f'href="{world.b.get_absolute_url()}"' in html
    assert reverse("catalog:catalogue_revisions", args=[world.b.slug]) in html


def test_unknown_urls_are_404_in_chinese(client, db):
    html = get(client, "/items/999999999999999999999/", status=404)
    assert "页面不存在" in html and 'lang="zh-Hans"' in html
    get(client, "/no/such/page/", status=404)


def test_legal_basis_index_and_page(client, world):
    html = get(client, reverse("catalog:legal_basis_index"))
    law = LegalBasis.objects.get(title="社会救助暂行办法")
    assert (
        f'href="{law.get_absolute_url()}">《社会救助暂行办法》</a></th>'
        '<td data-label="文号">—</td><td class="nowrap" data-label="事项数">2</td>'
    ) in html
    html = get(client, law.get_absolute_url())
    assert h1(html) == "《社会救助暂行办法》"
    assert "低保对象认定" in html and "低保金发放" in html and "户口迁移" not in html
    get(client, "/laws/999999/", status=404)


def test_law_page_never_lists_drafts(client, world):
    ItemFactory(catalogue=world.a, level2="草稿引用", laws=["社会救助暂行办法"], status=Item.Status.DRAFT)
    law = LegalBasis.objects.get(title="社会救助暂行办法")
    assert "草稿引用" not in get(client, law.get_absolute_url())


def test_law_and_publisher_pages_count_and_page_every_catalogue_in_order(client, world, monkeypatch):
    """Counted and paged from the per-catalogue counts (LegalBasisCount, PublisherCount): each
    page lists what the items' own query in catalogue order gives for it, and the total is theirs."""
    from catalog.site import views

    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    for n, catalogue in enumerate([world.b, world.a, world.b, world.a, world.b]):
        status = Item.Status.DRAFT if n == 2 else Item.Status.PUBLISHED
        ItemFactory(catalogue=catalogue, level2=f"分页事项{n}", laws=["分页条例"], publishers=["分页局"], status=status)
    law, bureau = LegalBasis.objects.get(title="分页条例"), Organisation.objects.get(name="分页局")
    for url, links in (
        (law.get_absolute_url(), {"legal_basis_links__legal_basis": law}),
        (bureau.get_absolute_url(), {"publisher_links__organisation": bureau}),
    ):
        expected = list(public_items().filter(**links).in_catalogue_order().values_list("level2", flat=True))
        assert len(expected) == 4
        for number in (1, 2):
            html = get(client, url, page=number)
            assert f"<dd>{len(expected)} 项</dd>" in html
            shown = expected[2 * (number - 1) : 2 * number]
            assert [name for name in expected if name in html] == shown
            assert html.index(shown[0]) < html.index(shown[1])
        assert "分页事项2" not in get(client, url, page=3)  # the last page; the draft on none


def test_publisher_index_and_page(client, world):
    html = get(client, reverse("catalog:publisher_index"))
    bureau = Organisation.objects.get(name="阿尔山市民政局")
    assert f'href="{bureau.get_absolute_url()}">阿尔山市民政局</a>' in html
    html = get(client, bureau.get_absolute_url())
    assert h1(html) == "阿尔山市民政局"
    assert "低保对象认定" in html and "户口迁移" not in html
    get(client, "/publishers/0/", status=404)


@pytest.mark.parametrize(
    "index, links, key, model, name, field",
    [
        ("catalog:publisher_index", ItemPublisher, "organisation", Organisation, "name", "publishers"),
        ("catalog:legal_basis_index", ItemLegalBasis, "legal_basis", LegalBasis, "title", "laws"),
    ],
)
def test_indexes_page_by_items_then_name(client, world, monkeypatch, index, links, key, model, name, field):
    """Every page of the publisher index and of the law index lists what a count of the published
    items' links gives, most items first, then by name or title (ties made on purpose), and none
    linked to drafts only."""
    from catalog.site import views

    monkeypatch.setattr(views, "INDEX_PAGE_SIZE", 2)
    for n, linked in enumerate([["乙", "甲"], ["甲"], ["丙", "乙"], ["丁"]]):
        ItemFactory(catalogue=world.a, level2=f"排序事项{n}", **{field: [f"排序{word}" for word in linked]})
    ItemFactory(catalogue=world.a, level2="草稿事项", status=Item.Status.DRAFT, **{field: ["只有草稿的"]})
    counted = links.objects.filter(item__status=Item.Status.PUBLISHED).order_by().values(key).annotate(n=Count("pk"))
    in_order = list(model.objects.order_by(name, "pk"))  # the database's collation
    counts = dict(counted.values_list(key, "n"))
    expected = sorted(((str(obj), counts[obj.pk]) for obj in in_order if obj.pk in counts), key=lambda row: -row[1])
    assert len(expected) >= 5
    shown = []
    for number in range(1, (len(expected) + 1) // 2 + 1):
        html = get(client, reverse(index), page=number)
        rows = re.findall(r'<th scope="row"><a [^>]*>([^<]*)</a>.*?data-label="事项数">(\d+)</td>', html)
        assert len(rows) == min(2, len(expected) - len(shown))
        shown += [(html_unescape(label), int(n)) for label, n in rows]
    assert shown == expected


def test_domain_page_lists_the_first_catalogues_and_links_to_the_rest(client, world, monkeypatch):
    from catalog.site import browse

    ItemFactory(catalogue=world.b, level1="最低生活保障", level2="朝阳社区低保公示")
    html = get(client, "/domains/shehui-jiuzhu/")
    listed = html[html.index("各目录中的社会救助事项") : html.index('id="items-heading"')]
    assert 'href="/catalogues/bailang/shehui-jiuzhu/">白狼镇政务公开标准目录</a> <span class="count">2 项' in listed
    assert (
        'href="/catalogues/chaoyang/shehui-jiuzhu/">朝阳社区政务公开事项标准目录</a> <span class="count">1 项' in listed
    )
    assert "更多" not in listed

    monkeypatch.setattr(browse, "LIST_LIMIT", 1)
    html = get(client, "/domains/shehui-jiuzhu/")
    listed = html[html.index("各目录中的社会救助事项") : html.index('id="items-heading"')]
    assert "白狼镇政务公开标准目录" in listed and "朝阳社区" not in listed
    assert 'href="/search/?domain=shehui-jiuzhu">更多' in listed


def test_domain_pages_run_across_catalogues_in_catalogue_order(client, world, monkeypatch):
    from catalog.site import views

    for n in range(3):
        ItemFactory(catalogue=world.b, level1="最低生活保障", level2=f"朝阳事项{n}")
    ItemFactory(catalogue=world.a, level1="最低生活保障", level2="白狼镇草稿", status=Item.Status.DRAFT)
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    every = public_items().in_domain(world.a1.domain).in_catalogue_order()
    expected = [str(item) for item in every]
    assert len(expected) == 5
    seen = []
    for number in (1, 2, 3):
        response = client.get("/domains/shehui-jiuzhu/", {"page": number})
        assert response.context["page"].paginator.count == 5
        seen += [str(item) for item in response.context["page"].object_list]
    assert seen == expected
    assert "共 5 项已公开事项，本页为第 5–5 项" in response.content.decode()
    last = client.get("/domains/shehui-jiuzhu/", {"page": "99"})  # out of range: the last page
    assert [str(item) for item in last.context["page"].object_list] == expected[4:]


def test_region_page_lists_children_and_the_first_catalogues(client, world, monkeypatch):
    from catalog.site import browse

    html = get(client, reverse("catalog:region", args=["xinganmeng"]))
    children = html[html.index("下级区划") : html.index('id="catalogues-heading"')]
    assert 'href="/regions/aershan/">阿尔山市</a>' in children and "bailang" not in children  # children only
    assert "白狼镇政务公开标准目录" in html  # catalogues anywhere below
    monkeypatch.setattr(browse, "LIST_LIMIT", 0)
    html = get(client, reverse("catalog:region", args=["xinganmeng"]))
    assert "白狼镇政务公开标准目录" not in html
    assert 'href="/search/?region=xinganmeng">更多' in html


def test_breadcrumbs_walk_up_the_region_tree(client, world):
    html = get(client, world.a1.get_absolute_url())
    crumbs = html[html.index('aria-label="面包屑导航"') :]
    positions = [crumbs.index(f'href="/regions/{code}/"') for code in ("xinganmeng", "aershan", "bailang")]
    assert positions == sorted(positions)
