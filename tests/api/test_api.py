import re

import pytest
from django.contrib.staticfiles import finders
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from catalog.importers.cleaners import CJK_RE
from catalog.search.filters import filter_items


def get_valid(client, openapi, url, params=None, status=200):
    """GET url and check the response against the OpenAPI document."""
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
    return response.json()


@pytest.mark.parametrize(
    "params",
    [{}, {"domain": "shehui-jiuzhu"}, {"q": "低保"}, {"catalogue": "aershan", "sort": "name"}, {"level": "village"}],
)
def test_item_list_is_the_filtered_list_in_order_across_pages(client, openapi, world, params):
    expected = [item.pk for item in filter_items(params)[1]]
    seen, page = [], 1
    while True:
        data = get_valid(client, openapi, "/api/items/", {**params, "page_size": 2, "page": page})
        assert data["count"] == len(expected)
        seen += [record["id"] for record in data["results"]]
        if not data["next"]:
            break
        page += 1
    assert seen == expected


def test_item_detail_matches_the_json_export_record(client, openapi, world):
    item = world.items[0]
    data = get_valid(client, openapi, f"/api/items/{item.pk}/")
    assert data["id"] == item.pk
    assert data["url"] == f"http://testserver/items/{item.pk}/"
    assert [law["title"] for law in data["legal_bases"]] == ["中华人民共和国政府信息公开条例", "社会救助暂行办法"]
    assert data["deadline"]["days"] == 20 and data["deadline"]["kind"] == "working_days"


def test_drafts_are_not_in_the_api(client, openapi, world):
    assert client.get(f"/api/items/{world.draft.pk}/").status_code == 404
    ids = [record["id"] for record in get_valid(client, openapi, "/api/items/", {"page_size": 200})["results"]]
    assert world.draft.pk not in ids


@pytest.mark.parametrize(
    "url",
    ["/api/catalogues/", "/api/domains/", "/api/legal-bases/", "/api/publishers/", "/api/channels/"],
)
def test_vocabulary_lists_validate(client, openapi, world, url):
    data = get_valid(client, openapi, url, {"page_size": 200})
    assert data["count"] == len(data["results"]) > 0


def test_catalogue_and_domain_details_use_slugs(client, openapi, world):
    assert get_valid(client, openapi, "/api/catalogues/aershan/")["title"] == world.a.title
    assert get_valid(client, openapi, "/api/domains/shehui-jiuzhu/")["name"] == "社会救助"
    assert get_valid(client, openapi, "/api/channels/zhengfu-wangzhan/")["name"] == "政府网站"


@pytest.mark.parametrize("params", [{"domain": "no-such-domain"}, {"deadline_max": "abc"}, {"publisher": "x"}])
def test_invalid_filters_are_a_400_with_chinese_messages(client, openapi, world, params):
    data = get_valid(client, openapi, "/api/items/", params, status=400)
    assert any("「" in message for message in data["detail"])


def test_bad_page_is_a_404_not_a_500(client, world):
    assert client.get("/api/items/", {"page": 999}).status_code == 404
    assert client.get("/api/items/", {"page": "abc"}).status_code == 404


def test_schema_documents_the_filters(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/items/"]["get"]["parameters"]}
    assert {
        "q",
        "domain",
        "catalogue",
        "publisher",
        "legal_basis",
        "channel",
        "level",
        "sort",
        "page",
        "page_size",
    } <= parameters


def test_docs_page_uses_only_local_assets(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html and "/api/docs/?script=" in html  # the init script, which names /api/schema/
    # No other host: no absolute or protocol-relative URL anywhere (the page embeds a random
    # CSRF token, so looking for a word such as "cdn" would fail by chance now and then).
    assert not re.search(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}", html)
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert any(path.endswith("swagger-ui-bundle.js") for path in assets)
    assert all(finders.find(path) for path in assets)  # shipped by drf-spectacular-sidecar


def test_api_is_read_only(client, world):
    assert client.post("/api/items/", {}).status_code == 405
    assert client.delete(f"/api/items/{world.items[0].pk}/").status_code == 405


def test_item_list_queries_do_not_grow_with_the_page(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # count, page, and one query per prefetched relation
        assert len(client.get("/api/items/", {"page_size": 200}).json()["results"]) == 5


def test_docs_page_runs_under_the_csp_without_inline_script(client, db):
    """The Content-Security-Policy allows no inline script: the page's init script is a file."""
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    init = client.get("/api/docs/", {"script": ""})
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()


def test_a_search_beyond_the_count_limit_says_its_count_is_not_exact_and_pages_in_order(
    client, openapi, world, monkeypatch
):
    from catalog.search.paging import SearchPaginator

    expected = [item.pk for item in filter_items({"q": "办理"})[1]]
    assert len(expected) > 2
    exact = get_valid(client, openapi, "/api/items/", {"q": "办理", "page_size": 2})
    assert (exact["count"], exact["count_is_exact"]) == (len(expected), True)
    monkeypatch.setattr(SearchPaginator, "count_limit", 2)
    seen, page = [], 1
    while True:
        data = get_valid(client, openapi, "/api/items/", {"q": "办理", "page_size": 1, "page": page})
        assert (data["count"], data["count_is_exact"]) == (2, False)
        seen += [record["id"] for record in data["results"]]
        if not data["next"]:
            break
        page += 1
    assert seen == expected[:2]
    # a list without q keeps its exact count
    assert get_valid(client, openapi, "/api/items/", {"page_size": 2})["count_is_exact"] is True


@pytest.mark.parametrize(
    "url,name",
    [
        ("/api/items/99999999/", "事项"),
        ("/api/catalogues/no-such-catalogue/", "目录"),
        ("/api/publishers/99999999/", "公开主体"),
    ],
)
def test_missing_objects_answer_404_in_chinese(client, db, url, name):
    response = client.get(url)
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert CJK_RE.search(detail) and "matches" not in detail
    assert name in detail


def test_other_api_errors_are_chinese(client, db):
    assert CJK_RE.search(client.post("/api/items/").json()["detail"])  # 405
    assert CJK_RE.search(client.get("/api/items/", {"page": 9999}).json()["detail"])
