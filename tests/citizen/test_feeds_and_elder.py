"""Atom feeds parse as Atom and change when an item is published; the elder-mode switch."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from catalog.models import Item
from tests.factories import CatalogueFactory, ItemFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    # RFC 4287: a feed has exactly one id, title and updated; every entry too.
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    return root


def titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def catalogue(db):
    return CatalogueFactory()


def test_feed_lists_published_items_and_changes_when_one_is_published(client, catalogue):
    ItemFactory(catalogue=catalogue, level1="最低生活保障", published_at=timezone.now() - timezone.timedelta(days=2))
    draft = ItemFactory(catalogue=catalogue, level1="临时救助", status=Item.Status.DRAFT)
    before = parse(client.get("/feeds/items.atom"))
    assert titles(before) == ["最低生活保障"]

    draft.status = Item.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    after = parse(client.get("/feeds/items.atom"))
    assert titles(after) == ["临时救助", "最低生活保障"]
    assert after.findtext(f"{ATOM}updated") > before.findtext(f"{ATOM}updated")
    assert after.find(f"{ATOM}entry/{ATOM}link").get("href").endswith(f"/items/{draft.pk}/")


def test_catalogue_and_domain_feeds(client, catalogue):
    other = CatalogueFactory(title="襄垣县目录")
    ItemFactory(catalogue=catalogue, level1="户口登记", domain_slug="huji-guanli")
    ItemFactory(catalogue=other, level1="就业援助", domain_slug="jiuye")
    assert titles(parse(client.get(f"/feeds/catalogues/{catalogue.slug}.atom"))) == ["户口登记"]
    assert titles(parse(client.get("/feeds/domains/jiuye.atom"))) == ["就业援助"]
    assert client.get("/feeds/domains/no-such-domain.atom").status_code == 404


def test_elder_mode_switch_sets_a_cookie_and_returns_safely(client):
    response = client.get("/elder/", {"on": "1", "next": "/statistics/?region=x"})
    assert response.status_code == 302 and response["Location"] == "/statistics/?region=x"
    assert response.cookies["elder_mode"].value == "1"
    response = client.get("/statistics/")
    assert "Cookie" in response["Vary"]
    page = response.content.decode()
    assert 'class="elder"' in page and "css/elder.css" in page and "退出长者模式" in page
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        assert client.get("/elder/", {"on": "1", "next": evil})["Location"] == "/"
    response = client.get("/elder/", {"on": "0", "next": "/statistics/"})
    assert response.cookies["elder_mode"].value == ""
    page = client.get("/statistics/").content.decode()
    assert "css/elder.css" not in page and "长者模式（大字）" in page


def test_pages_link_their_feed_and_print_stylesheet(client):
    html = client.get("/").content.decode()
    assert 'href="/static/css/print.css" media="print"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/feeds/items.atom"' in html


def test_search_feed_follows_the_search_page(client, catalogue):
    ItemFactory(catalogue=catalogue, level1="最低生活保障", content="审核信息")
    ItemFactory(catalogue=catalogue, level1="户口登记", domain_slug="huji-guanli")
    root = parse(client.get("/feeds/search.atom", {"q": "低保"}))
    assert titles(root) == ["最低生活保障"]
    assert "低保" in root.findtext(f"{ATOM}title")
    assert client.get("/feeds/search.atom", {"domain": "no-such"}).status_code == 404
    page = client.get("/search/", {"q": "低保", "page": "1"}).content.decode()
    assert 'href="/feeds/search.atom?q=%E4%BD%8E%E4%BF%9D"' in page
    domain_page = client.get("/domains/huji-guanli/").content.decode()
    assert 'href="/feeds/domains/huji-guanli.atom"' in domain_page


def test_interleaved_requests_on_the_shared_feed_object_keep_their_own_terms(rf, catalogue, monkeypatch):
    """The URLconf's SearchFeed serves every thread: a second request arriving while the first
    is being built (as under threaded workers) must not change what the first one says."""
    from django.urls import resolve

    from catalog.site.feeds import SearchFeed

    ItemFactory(catalogue=catalogue, level1="最低生活保障", content="审核信息")
    ItemFactory(catalogue=catalogue, level1="户口登记", domain_slug="huji-guanli")
    feed = resolve("/feeds/search.atom").func  # the one shared instance
    first = rf.get("/feeds/search.atom", {"q": "低保"})
    second = rf.get("/feeds/search.atom", {"q": "户口"})
    seen = {}
    title = SearchFeed.title

    def title_while_another_request_arrives(self, obj):
        if self.request is first and "second" not in seen:
            seen["second"] = parse(feed(second))
        return title(self, obj)

    monkeypatch.setattr(SearchFeed, "title", title_while_another_request_arrives)
    root = parse(feed(first))
    assert "低保" in root.findtext(f"{ATOM}title") and "户口" not in root.findtext(f"{ATOM}title")
    assert "q=%E4%BD%8E%E4%BF%9D" in root.find(f"{ATOM}link").get("href")
    assert titles(root) == ["最低生活保障"]
    assert "户口" in seen["second"].findtext(f"{ATOM}title") and titles(seen["second"]) == ["户口登记"]
