"""Control characters typed or pasted into the admin are not stored, and a NUL in a filter is no 500."""

from django.urls import reverse

from tests.admin.conftest import item_form_data


def test_an_item_edit_with_a_control_character_is_stored_without_it(login, world):
    item = world["items"]["arxan2"]
    data = item_form_data(item, content="申请条件\x01、办理\x1f流程", level1="最低\x08生活保障")
    response = login("editor").post(reverse("admin:catalog_item_change", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.content == "申请条件、办理流程" and item.level1 == "最低生活保障"
    assert "\x01" not in item.search_text


def test_a_nul_in_an_admin_filter_is_not_a_500(login, world):
    """On PostgreSQL a NUL reached the query and was a 500; it is dropped before any view."""
    client = login("admin")
    url = reverse("admin:catalog_item_changelist")
    for query in ("q=%00", "q=%E4%BD%8E%00", "status=%00", "level1=%00x"):
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 302), query
    page = client.get(f"{url}?q=阿尔山%00").content.decode()
    assert "\x00" not in page


def test_a_nul_in_a_path_is_a_chinese_400(client, db):
    response = client.get("/catalogues/x%00y/")
    assert response.status_code == 400 and "无效字符" in response.content.decode()
