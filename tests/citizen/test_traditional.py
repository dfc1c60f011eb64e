"""A query in traditional characters is searched as simplified, on every backend, and the page says so."""

import pytest

from catalog.models import Item
from catalog.search import parse_terms, to_simplified
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_to_simplified():
    assert to_simplified("戶口") == "户口"
    assert to_simplified("殘疾人補貼 身份證") == "残疾人补贴 身份证"
    assert to_simplified("最低生活保障") == "最低生活保障"  # simplified text stays as it is
    assert to_simplified("abc 123") == "abc 123"


def test_terms_are_simplified_before_anything_else():
    assert parse_terms("戶口  戶口 户口 “低保戶”") == ["户口", "“低保户”"]


def test_traditional_query_finds_simplified_text(catalogue):
    hukou = ItemFactory(
        catalogue=catalogue, domain_slug="huji-guanli", level1="户口登记项目变更更正", level2="姓名变更、更正"
    )
    ItemFactory(catalogue=catalogue, level1="临时救助")
    for q in ("戶口", "户口", "戶口 姓名"):
        assert list(Item.objects.published().search(q).values_list("pk", flat=True)) == [hukou.pk], q


def test_the_page_says_the_query_was_simplified(client, catalogue):
    ItemFactory(catalogue=catalogue, domain_slug="huji-guanli", level1="户口登记项目变更更正")
    page = client.get("/search/", {"q": "戶口"}).content.decode()
    assert "繁体字已按简体字检索：<strong>户口</strong>" in page
    assert "<mark>户口</mark>登记项目变更更正" in page  # found, and marked where it matched
    assert "繁体字" not in client.get("/search/", {"q": "户口"}).content.decode()
