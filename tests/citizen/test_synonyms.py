"""低保 finds the 最低生活保障 items; literal matches first; every alternative an exact substring."""

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Item, Synonym
from catalog.search.synonyms import (
    SYNONYM_RANK_OFFSET,
    expansions_used,
    literal_query,
    plan,
)
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(catalogue):
    return {
        "full": ItemFactory(catalogue=catalogue, level1="最低生活保障", level2="审核信息", content="初审对象名单"),
        "abbr": ItemFactory(
            catalogue=catalogue, level1="最低生活保障", level2="审批信息", content="低保对象名单及相关信息"
        ),
        "content_full": ItemFactory(catalogue=catalogue, level1="临时救助", content="对象不含已享受最低生活保障的家庭"),
        "split": ItemFactory(
            catalogue=catalogue, level1="最低生活", content="保障标准"
        ),  # 最低生活保障 only across fields
        "other": ItemFactory(catalogue=catalogue, level1="特困人员救助供养", content="特困人员名单"),
        "draft": ItemFactory(catalogue=catalogue, level1="最低生活保障", status=Item.Status.DRAFT),
    }


def published():
    return Item.objects.published()


def test_the_seed_list_is_loaded_by_the_migration():
    from importlib import import_module

    seeds = import_module("catalog.migrations.0002_initial_data").SEED_SYNONYMS
    assert Synonym.objects.count() == len(seeds) == 14
    assert Synonym.objects.get(term="低保").expansion_list() == ["最低生活保障"]
    assert Synonym.objects.get(term="五保").expansion_list() == ["特困人员"]
    assert all(synonym.note for synonym in Synonym.objects.all())


def test_dibao_finds_the_full_wording(items):
    found = set(published().search("低保").values_list("pk", flat=True))
    assert found == {items["abbr"].pk, items["full"].pk, items["content_full"].pk}
    # without expansion, only the literal substring
    assert set(published().search("低保", expand=False).values_list("pk", flat=True)) == {items["abbr"].pk}


def test_literal_matches_rank_first(items):
    ranked = list(published().search("低保").order_by("search_rank", "pk").values_list("pk", "search_rank"))
    assert ranked[0] == (items["abbr"].pk, 1)  # 低保 literally, in content
    synonym_ranks = dict(ranked[1:])
    assert synonym_ranks == {
        items["full"].pk: 0 + SYNONYM_RANK_OFFSET,
        items["content_full"].pk: 1 + SYNONYM_RANK_OFFSET,
    }


def test_synonyms_work_both_ways(items, catalogue):
    """最低生活保障 also finds an item that only says 低保, after the literal matches."""
    only_dibao = ItemFactory(catalogue=catalogue, level1="残疾人补贴", content="低保对象、特困人员")
    ranked = list(published().search("最低生活保障").order_by("search_rank", "pk").values_list("pk", "search_rank"))
    literal = {items["full"].pk, items["abbr"].pk, items["content_full"].pk}
    assert {pk for pk, rank in ranked if rank < SYNONYM_RANK_OFFSET} == literal
    assert ranked[-1] == (only_dibao.pk, 1 + SYNONYM_RANK_OFFSET)  # 低保 in its content
    assert len(ranked) == 4  # still exact substrings: not items["split"]
    assert [(e.term, e.alternatives) for e in expansions_used("最低生活保障")] == [("最低生活保障", ("低保",))]
    assert set(published().search("最低生活保障", expand=False).values_list("pk", flat=True)) == literal


def test_an_expansion_of_several_rows_searches_each_term(catalogue):
    Synonym.objects.create(term="社救", expansions="社会救助")
    Synonym.objects.create(term="救助", expansions="社会救助\n救济")
    assert [(e.term, e.alternatives) for e in expansions_used("社会救助")] == [("社会救助", ("救助", "社救"))]
    # a forward expansion comes before a reverse term
    assert [(e.term, e.alternatives) for e in expansions_used("救助")] == [("救助", ("社会救助", "救济"))]


def test_exactness_is_kept(items):
    found = set(published().search("低保").values_list("pk", flat=True))
    assert items["split"].pk not in found  # 最低生活 + 保障 in two fields is not 最低生活保障
    assert items["other"].pk not in found
    assert items["draft"].pk not in found  # the queryset passed in is respected


def test_every_term_must_match_one_of_its_alternatives(items, catalogue):
    also = ItemFactory(catalogue=catalogue, level1="最低生活保障", content="办事指南")
    found = set(published().search("低保 名单").values_list("pk", flat=True))
    assert found == {items["abbr"].pk, items["full"].pk}
    assert also.pk not in found


def test_quoted_terms_are_literal(items):
    found = set(published().search('"低保"').values_list("pk", flat=True))
    assert found == {items["abbr"].pk}
    assert set(published().search("“低保”").values_list("pk", flat=True)) == {items["abbr"].pk}


def test_expansions_used_and_literal_query(items):
    assert [(e.term, e.alternatives) for e in expansions_used("低保 名单")] == [("低保", ("最低生活保障",))]
    assert literal_query("低保 名单") == '"低保" 名单'
    assert expansions_used('"低保"') == []
    assert expansions_used("名单") == []


def test_disabled_synonyms_are_not_used(items):
    Synonym.objects.filter(term="低保").update(enabled=False)
    assert set(published().search("低保").values_list("pk", flat=True)) == {items["abbr"].pk}


def test_combinations_are_bounded():
    Synonym.objects.create(term="甲", expansions="一\n二\n三\n四\n五\n六")
    Synonym.objects.create(term="乙", expansions="七\n八\n九")
    literal, expansions = plan(["甲", "乙"])
    assert literal == ["甲", "乙"]
    total = 1
    for e in expansions:
        total *= 1 + len(e.alternatives)
    assert total <= 16
    assert expansions[0].alternatives == ("一", "二", "三", "四", "五", "六")


def test_staff_input_is_validated():
    with pytest.raises(ValidationError):
        Synonym(term="低 保", expansions="最低生活保障").full_clean()
    with pytest.raises(ValidationError):
        Synonym(term="社救", expansions="社会 救助").full_clean()
    with pytest.raises(ValidationError):
        Synonym(term="社救", expansions="社救、社会救助").full_clean()
    synonym = Synonym(term="社救", expansions="社会救助、 社会救助，救助")
    synonym.full_clean()
    assert synonym.expansions == "社会救助\n救助"


def test_the_seed_expansions_occur_in_the_source_catalogues():
    """Each seed expansion (except 医疗保障, kept for 医保局 catalogues) is printed in a source."""
    from pathlib import Path

    from django.conf import settings

    text = "".join(
        path.read_text(encoding="utf-8").replace(" ", "")
        for path in (Path(settings.BASE_DIR) / "fixtures/sources").glob("*.txt")
    )
    missing = [e for synonym in Synonym.objects.all() for e in synonym.expansion_list() if e not in text]
    assert missing == ["医疗保障"]


def test_search_page_says_what_else_it_searched(client, items):
    response = client.get("/search/", {"q": "低保", "page": "1"})
    html = response.content.decode()
    assert "也搜索了：<strong>最低生活保障</strong>" in html
    assert 'href="/search/?q=%22%E4%BD%8E%E4%BF%9D%22">只搜索“低保”</a>' in html
    listed = [item.pk for item in response.context["page"].object_list]
    assert listed[0] == items["abbr"].pk  # the literal match first
    assert set(listed) == {items["abbr"].pk, items["full"].pk, items["content_full"].pk}

    literal = client.get("/search/", {"q": '"低保"'})
    assert [item.pk for item in literal.context["page"].object_list] == [items["abbr"].pk]
    assert "也搜索了" not in literal.content.decode()


def test_the_search_page_looks_synonyms_up_once(client, items):
    """The 也搜索了 note shows what the search itself found in the synonym table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/search/", {"q": "低保 名单"}).content.decode()
    assert "也搜索了：<strong>最低生活保障</strong>（与“低保”同义）" in html
    assert len([q for q in ctx.captured_queries if "catalog_synonym" in q["sql"]]) == 1


def test_staff_maintain_synonyms_in_the_admin(admin_client, items):
    assert "最低生活保障" in admin_client.get("/admin/catalog/synonym/").content.decode()
    response = admin_client.post(
        "/admin/catalog/synonym/add/",
        {"term": "特困", "expansions": "特困人员\n救助供养", "note": "测试", "enabled": "on"},
    )
    assert response.status_code == 302
    assert Synonym.objects.get(term="特困").expansion_list() == ["特困人员", "救助供养"]
    response = admin_client.post("/admin/catalog/synonym/add/", {"term": "a b", "expansions": "x"})
    assert response.status_code == 200 and "不能包含空格" in response.content.decode()


def test_results_mark_the_synonyms_they_matched(client, items):
    html = client.get("/search/", {"q": "低保"}).content.decode()
    assert "<mark>最低生活保障</mark>" in html and "<mark>低保</mark>" in html
    html = client.get("/search/", {"q": '"低保"'}).content.decode()
    assert "<mark>低保</mark>" in html and "<mark>最低生活保障</mark>" not in html


@pytest.mark.parametrize(
    "backend_path",
    [
        "catalog.search.simple.SimpleBackend",
        pytest.param("catalog.search.postgres.PostgresBackend", marks=pytest.mark.postgresql),
    ],
)
def test_same_results_on_every_backend(items, backend_path):
    from catalog.search import get_backend
    from catalog.search.synonyms import expanded_search

    backend = get_backend(backend_path)
    for q in (["低保"], ["低保", "名单"], ['"低保"'], ["最低生活保障"]):
        ranked = sorted(expanded_search(backend, published(), q).items.values_list("pk", "search_rank"))
        reference = sorted(
            expanded_search(get_backend("catalog.search.simple.SimpleBackend"), published(), q).items.values_list(
                "pk", "search_rank"
            )
        )
        assert ranked == reference, q
    assert {pk for pk, _ in expanded_search(backend, published(), ["低保"]).items.values_list("pk", "search_rank")} == {
        items["abbr"].pk,
        items["full"].pk,
        items["content_full"].pk,
    }
