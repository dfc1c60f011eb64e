import pytest

from catalog.models import LegalBasis, Organisation
from catalog.search import MAX_QUERY_LENGTH
from catalog.search.filters import ItemFilterSet, filter_items
from tests.factories import ItemFactory


def names(queryset):
    return [item.level2 for item in queryset]


def run(**data):
    filterset, queryset = filter_items(data)
    return filterset, names(queryset)


def test_no_filter_lists_published_items_in_catalogue_order(world):
    filterset, result = run()
    assert filterset.is_valid()
    assert result == ["低保对象认定", "低保金发放", "户口迁移", "参保登记"]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("户", ["户口迁移"]),  # one character
        ("低保", ["低保对象认定", "低保金发放", "户口迁移", "参保登记"]),  # names, content, law
        ("低保 发放", ["低保金发放"]),  # every term must occur
        ("发放 低保", ["低保金发放"]),
        ("阿尔山市民政局", ["低保对象认定", "低保金发放"]),  # publishers are searchable
        ("兴安盟门户网站", ["户口迁移"]),  # and the printed channel detail
        ("不存在的词", []),
        ("100%", []),  # LIKE wildcards are literal
        ("'; DROP TABLE catalog_item; --", []),
    ],
)
def test_q_matches_every_term_as_substring(world, q, expected):
    assert run(q=q)[1] == expected


def test_q_ranks_names_then_content_then_the_rest(world):
    _, queryset = filter_items({"q": "低保"})
    ranks = [(item.level2, item.search_rank) for item in queryset]
    assert ranks == [("低保对象认定", 0), ("低保金发放", 0), ("户口迁移", 1), ("参保登记", 2)]


def test_relevance_differs_from_catalogue_order(world):
    ItemFactory(catalogue=world.b, level1="低保审核", level2="审核结果")
    assert run(q="低保")[1] == ["低保对象认定", "低保金发放", "审核结果", "户口迁移", "参保登记"]
    assert run(q="低保", sort="catalogue")[1] == ["低保对象认定", "低保金发放", "户口迁移", "参保登记", "审核结果"]


def test_q_never_finds_drafts_or_withdrawn(world):
    assert run(q="草稿事项")[1] == []
    assert run(q="已撤回")[1] == []


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("region", "aershan", ["低保对象认定", "低保金发放", "户口迁移"]),  # includes 白狼镇 below it
        ("region", "xinganmeng", ["低保对象认定", "低保金发放", "户口迁移"]),
        ("region", "xiangyuan", ["参保登记"]),
        ("catalogue", "chaoyang", ["参保登记"]),
        ("domain", "shehui-jiuzhu", ["低保对象认定", "低保金发放"]),
        ("domain", "huji-guanli", ["户口迁移"]),
        ("level1", "最低生活保障", ["低保对象认定", "低保金发放"]),
        ("level1", "最低生活", []),  # exact, not a substring
        ("channel", "gongshilan", ["低保对象认定"]),
        ("channel", "zhengfu-wangzhan", ["低保对象认定", "低保金发放", "户口迁移"]),  # 户口迁移 lists it twice
        ("audience", "public", ["低保对象认定", "户口迁移", "参保登记"]),
        ("audience", "specific", ["低保金发放"]),
        ("mode", "proactive", ["低保对象认定", "户口迁移", "参保登记"]),
        ("mode", "on_request", ["低保金发放"]),
        ("level", "township", ["低保对象认定", "低保金发放"]),
        ("level", "village", ["参保登记"]),
        ("deadline_max", "10", ["低保金发放"]),
        ("deadline_max", "20", ["低保对象认定", "低保金发放"]),  # calendar days never count
        ("deadline_max", "4", []),
    ],
)
def test_each_filter(world, key, value, expected):
    filterset, result = run(**{key: value})
    assert filterset.is_valid(), filterset.errors
    assert result == expected


def test_deadline_max_counts_immediate_as_zero_working_days(world):
    ItemFactory(
        catalogue=world.b, level1="即时事项", level2="即时公开", deadline_kind="immediate", deadline_text="即时公开"
    )
    assert run(deadline_max="0")[1] == ["即时公开"]
    assert "即时公开" in run(deadline_max="10")[1]


def test_publisher_and_legal_basis_filters_take_ids(world):
    town = Organisation.objects.get(name="白狼镇人民政府")
    bureau = Organisation.objects.get(name="阿尔山市民政局")
    rules = LegalBasis.objects.get(title="社会救助暂行办法")
    assert run(publisher=str(town.pk))[1] == ["低保金发放"]
    assert run(publisher=str(bureau.pk))[1] == ["低保对象认定", "低保金发放"]
    assert run(legal_basis=str(rules.pk))[1] == ["低保对象认定", "低保金发放"]


def test_filters_combine(world):
    assert run(q="低保", domain="shehui-jiuzhu", audience="specific")[1] == ["低保金发放"]
    assert run(q="低保", region="aershan", mode="proactive")[1] == ["低保对象认定", "户口迁移"]
    assert run(region="xiangyuan", domain="shehui-jiuzhu")[1] == []


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("catalogue", ["低保对象认定", "低保金发放", "户口迁移", "参保登记"]),
        ("number", ["低保对象认定", "低保金发放", "户口迁移", "参保登记"]),
        ("domain", ["低保对象认定", "低保金发放", "户口迁移", "参保登记"]),
    ],
)
def test_sorts_are_total_and_stable(world, sort, expected):
    filterset, queryset = filter_items({"sort": sort})
    assert names(queryset) == expected
    assert queryset.query.order_by[-1] == "pk"


def test_name_sort_groups_by_level1(world):
    # Collation of Chinese differs between databases, so check grouping, not a fixed order.
    _, queryset = filter_items({"sort": "name"})
    level1s = [item.level1 for item in queryset]
    assert sorted(level1s) == sorted(["最低生活保障", "最低生活保障", "户口登记", "社会保险"])
    first = level1s.index("最低生活保障")
    assert level1s[first + 1] == "最低生活保障"


def test_relevance_without_q_falls_back_to_catalogue_order(world):
    filterset, result = run(sort="relevance")
    assert filterset.sort_key() == "catalogue"
    assert result == run()[1]


def test_q_with_another_sort_keeps_the_same_matches(world):
    assert sorted(run(q="低保", sort="catalogue")[1]) == sorted(run(q="低保")[1])
    assert run(q="低保", sort="catalogue")[1] == ["低保对象认定", "低保金发放", "户口迁移", "参保登记"]


@pytest.mark.parametrize(
    "data, label",
    [
        ({"domain": "no-such-domain"}, "领域"),
        ({"region": "nowhere"}, "行政区划"),
        ({"catalogue": "x"}, "目录"),
        ({"publisher": "abc"}, "公开主体"),
        ({"publisher": "999999"}, "公开主体"),
        ({"legal_basis": "1.5"}, "公开依据"),
        ({"channel": "fax"}, "公开渠道"),
        ({"audience": "everyone"}, "公开对象"),
        ({"mode": "secret"}, "公开方式"),
        ({"level": "galaxy"}, "公开层级"),
        ({"deadline_max": "-1"}, "公开时限"),
        ({"deadline_max": "ten"}, "公开时限"),
        ({"sort": "random"}, "排序"),
        ({"q": "低" * (MAX_QUERY_LENGTH + 1)}, "检索词"),
        ({"q": "低保\x00"}, "检索词"),
    ],
)
def test_invalid_values_give_an_empty_list_and_a_chinese_message(world, data, label):
    filterset, queryset = filter_items(data)
    assert not filterset.is_valid()
    assert list(queryset) == []
    messages = filterset.error_messages()
    assert messages and all(message.startswith("「") for message in messages)
    assert any(label in message for message in messages)


def test_invalid_value_with_valid_ones_is_still_empty(world):
    assert run(domain="shehui-jiuzhu", publisher="abc")[1] == []


def test_unknown_parameters_are_ignored(world):
    filterset, result = run(foo="bar", page="2")
    assert filterset.is_valid()
    assert len(result) == 4


def test_active_filters_describe_the_state(world):
    filterset, _ = filter_items({"q": "低保", "domain": "shehui-jiuzhu", "audience": "specific", "sort": "name"})
    assert filterset.active_filters() == [
        ("q", "检索词", "低保"),
        ("domain", "领域", "社会救助"),
        ("audience", "公开对象", "特定群众"),
    ]
    assert filterset.search_terms() == ["低保"]


def test_filterset_accepts_another_base_queryset(world):
    filterset = ItemFilterSet({"domain": "shehui-jiuzhu"}, queryset=world.a1.__class__.objects.filter(pk=world.a2.pk))
    assert names(filterset.qs) == ["低保金发放"]
