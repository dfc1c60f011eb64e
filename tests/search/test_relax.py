"""A search that finds nothing is retried in relaxed forms, and the page says what it did."""

import pytest

from catalog.models import Synonym
from catalog.search.relax import Vocabulary, known_words, relaxed_queries, strip_suffix, suggestions
from catalog.search.relaxing import GENERIC_WORDS, SUFFIXES
from tests.factories import CatalogueFactory, ItemFactory

VOCAB = Vocabulary.of(["最低生活保障", "低保", "残疾人补贴", "居住证申领", "暂住登记及居住证管理", "失业金", "申请"])


@pytest.fixture
def catalogue(db):
    return CatalogueFactory()


def test_the_word_lists_are_reviewed():
    assert all(suffix and why for suffix, why in SUFFIXES)
    assert all(why for why in GENERIC_WORDS.values())
    assert [len(suffix) for suffix, _ in SUFFIXES] == sorted((len(suffix) for suffix, _ in SUFFIXES), reverse=True)


def test_strip_suffix_only_to_a_known_word():
    assert strip_suffix("低保户", VOCAB) == "低保"
    assert strip_suffix("低保金", VOCAB) == "低保"
    assert strip_suffix("低保户申请", VOCAB) == "低保"
    assert strip_suffix("残疾证", VOCAB) == "残疾"  # 残疾 occurs in 残疾人补贴
    assert strip_suffix("怎么办理居住证", VOCAB) == "怎么办理居住证"  # 怎么办理居住 is not known
    assert strip_suffix("户", VOCAB) == "户"


def test_known_words_longest_first():
    assert known_words("我想申请低保需要什么材料", VOCAB) == ["申请", "低保"]
    assert known_words("怎么办理居住证", VOCAB) == ["居住证"]
    assert known_words("失业了怎么领失业金", VOCAB) == ["失业金"]  # 失业 is inside 失业金
    assert known_words("廉租房", VOCAB) == []


def test_relaxed_forms_in_order():
    assert relaxed_queries("低保户", VOCAB) == ["低保"]
    assert relaxed_queries("我想申请低保需要什么材料", VOCAB) == ["申请 低保", "低保"]  # 申请 is never alone
    assert relaxed_queries("低保户 残疾证", VOCAB) == ["低保 残疾", "低保", "残疾"]
    assert relaxed_queries("低保", VOCAB) == []
    assert relaxed_queries("廉租房", VOCAB) == []
    assert relaxed_queries('"低保户"', VOCAB) == []  # quoted: exactly what was typed
    assert relaxed_queries('"低保户" 残疾证', VOCAB) == ['"低保户" 残疾']
    assert relaxed_queries("低保戶", VOCAB) == ["低保"]  # traditional characters first made simplified
    assert relaxed_queries("", VOCAB) == []


@pytest.mark.django_db
def test_suggestions_come_from_the_vocabulary_and_synonyms():
    assert Synonym.objects.filter(term="低保").exists()
    assert suggestions("低保", VOCAB) == ["最低生活保障"]
    assert suggestions("居住证", VOCAB) == ["居住证申领", "暂住登记及居住证管理"]
    assert suggestions("申请", VOCAB) == []
    assert suggestions("廉租房", VOCAB) == []


@pytest.mark.django_db
def test_the_page_says_what_it_showed_instead(client, catalogue):
    dibao = ItemFactory(catalogue=catalogue, level1="最低生活保障", level2="审批信息", content="低保对象名单及相关信息")
    ItemFactory(catalogue=catalogue, level1="临时救助", content="救助对象名单")
    response = client.get("/search/", {"q": "低保户"})
    assert response.status_code == 200
    assert [item.pk for item in response.context["page"].object_list] == [dibao.pk]
    html = response.content.decode()
    assert "未找到“低保户”，已为您显示“低保”的结果。" in html
    assert '您是不是要找：<a href="/search/?q=%E4%BD%8E%E4%BF%9D">低保</a>' in html  # one click: 低保
    assert '<a href="/search/?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E9%9A%9C">最低生活保障</a>' in html
    assert "<mark>低保</mark>" in html  # marked as what was searched
    assert "<h1>“低保户”的检索结果</h1>" in html


@pytest.mark.django_db
def test_relaxing_keeps_the_other_filters(client, catalogue):
    ItemFactory(catalogue=catalogue, level1="最低生活保障", content="低保对象名单")
    response = client.get("/search/", {"q": "低保户", "domain": "huji-guanli"})
    assert response.context["page"].paginator.count == 0
    html = response.content.decode()
    assert "已为您显示" not in html and "没有找到符合条件的事项" in html
    assert "domain=huji-guanli" in html.split("您是不是要找：")[1].split("</p>")[0]  # suggestions keep it


@pytest.mark.django_db
def test_a_query_with_results_is_never_relaxed(client, catalogue):
    ItemFactory(catalogue=catalogue, level1="低保户名册")
    ItemFactory(catalogue=catalogue, level1="最低生活保障")
    response = client.get("/search/", {"q": "低保户"})
    assert response.context["page"].paginator.count == 1
    assert "已为您显示" not in response.content.decode() and "您是不是要找" not in response.content.decode()


@pytest.mark.django_db
def test_nothing_to_relax_says_nothing_found(client, catalogue):
    ItemFactory(catalogue=catalogue, level1="最低生活保障")
    html = client.get("/search/", {"q": "廉租房"}).content.decode()
    assert "没有找到符合条件的事项" in html and "已为您显示" not in html and "您是不是要找" not in html


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_relaxed_search_looks_each_term_up_once(client, catalogue, monkeypatch):
    """The query and its relaxed forms share their look-ups: 名单 is searched in 名单 低保户
    (nothing) and again in the form found, 名单 低保, but its documents are read once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.search.postgres import PostgresBackend

    monkeypatch.setattr(PostgresBackend, "scan_below", 0)  # the index, even on a tiny database
    dibao = ItemFactory(catalogue=catalogue, level1="低保", content="低保对象名单", linked=True)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/search/", {"q": "名单 低保户"})
    assert [item.pk for item in response.context["page"].object_list] == [dibao.pk]
    assert response.context["relaxed"].shown == "名单 低保"
    lookups = [q["sql"] for q in ctx.captured_queries if 'FROM "catalog_searchdocument"' in q["sql"]]
    assert lookups and len(lookups) == len(set(lookups))
    assert sum("'名单'" in sql for sql in lookups) == 2  # the shared documents and the fragments, once each
    # and each term is checked against the junctions (the local parts' cuts) once
    checks = [q["sql"] for q in ctx.captured_queries if "catalog_search_near_junction" in q["sql"]]
    assert checks and len(checks) == len(set(checks))


@pytest.mark.django_db
def test_a_relaxed_page_links_to_the_shown_forms_facets(client, catalogue):
    """A relaxed page's results are the form shown's: they are faceted on that form's own page
    (the note's link, other filters kept), not counted again on the page that relaxed."""
    dibao = ItemFactory(catalogue=catalogue, level1="最低生活保障", content="低保对象名单", linked=True)
    ItemFactory(catalogue=catalogue, level1="临时救助", content="救助对象名单")
    relaxed = client.get("/search/", {"q": "低保户", "domain": dibao.domain.slug})
    assert relaxed.context["relaxed"].shown == "低保"
    assert [item.pk for item in relaxed.context["page"].object_list] == [dibao.pk]
    assert relaxed.context["facets"] == [] and not relaxed.context["facets_withheld"]
    html = relaxed.content.decode()
    note = html.split('<p class="facets-elsewhere">')[1].split("</p>")[0]
    # The link says where it goes (a two-character term alone was a small target, broken over
    # two lines in elder mode at 390 px)
    assert note.endswith(">打开“低保”的检索结果页</a>。")
    link = note.split('href="')[1].split('"')[0].replace("&amp;", "&")
    shown = client.get(link)
    assert shown.context["relaxed"] is None and shown.context["search_q"] == "低保"
    assert [item.pk for item in shown.context["page"].object_list] == [dibao.pk]
    domains = [facet for facet in shown.context["facets"] if facet.name == "domain"]
    assert [(value.label, value.count) for value in domains[0].values] == [(dibao.domain.name, 1)]
