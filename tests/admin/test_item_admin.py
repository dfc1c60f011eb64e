"""Editing an item in the admin: validation messages, flags, search text, updated_at."""

import pytest
from django.urls import reverse

from catalog.models import Channel, Item, LegalBasis

from .conftest import item_form_data

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:catalog_item_change", args=[item.pk])


def test_change_list_shows_columns_and_filters(login, world):
    client = login("admin")
    response = client.get(reverse("admin:catalog_item_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("最后修改", "待复核", "公开方式", "公开对象", "公开层级", "公开渠道和载体", "行政区划"):
        assert text in html
    response = client.get(reverse("admin:catalog_item_changelist"), {"mode": "mode_on_request"})
    assert response.status_code == 200


def test_change_list_finds_what_the_catalogue_does_not_state(login, world):
    unstated, stated = world["items"]["arxan"], world["items"]["arxan2"]
    Item.objects.filter(pk=unstated.pk).update(levels_stated=False)
    Item.objects.filter(pk=stated.pk).update(audience_public=True)
    client = login("admin")
    for params, expected in (({"levels_stated__exact": "0"}, unstated), ({"audience": "unstated"}, unstated)):
        response = client.get(reverse("admin:catalog_item_changelist"), params)
        shown = set(response.context["cl"].result_list)
        assert expected in shown and stated not in shown, params


def test_change_form_shows_source_text_beside_the_fields(login, world):
    item = world["items"]["arxan"]
    html = login("admin").get(change_url(item)).content.decode()
    assert 'aria-label="来源原文"' in html
    assert item.source_text in html
    assert "列错位" in html  # the review reason


def test_edit_saves_refreshes_search_text_and_sets_updated_at(login, world):
    item = world["items"]["arxan2"]
    response = login("editor").post(
        change_url(item), item_form_data(item, level1="城乡最低生活保障对象", change_reason="更正名称")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.level1 == "城乡最低生活保障对象"
    assert item.updated_at is not None
    assert "城乡最低生活保障对象" in item.search_text
    assert Item.objects.filter(search_text__contains="最低生活保障对象").exists()


def test_at_least_one_channel_is_required(login, world):
    item = world["items"]["arxan2"]
    link = item.channel_links.get()
    data = item_form_data(item, channels=[(link.pk, link.channel_id, link.detail, link.position)])
    data["channel_links-0-DELETE"] = "on"
    response = login("editor").post(change_url(item), data)
    assert response.status_code == 200
    assert "至少需要一个公开渠道和载体" in response.content.decode()
    assert item.channel_links.count() == 1


def test_unparseable_deadline_is_saved_but_flagged(login, world):
    item = world["items"]["arxan2"]
    data = item_form_data(item, deadline_text="随时更新吧", deadline_kind="unknown", deadline_days="")
    response = login("editor").post(change_url(item), data, follow=True)
    assert "无法解析" in response.content.decode()
    item.refresh_from_db()
    assert item.deadline_text == "随时更新吧"
    assert item.needs_review is True
    assert "公开时限无法解析：随时更新吧" in item.review_reasons


def test_day_deadline_without_days_is_an_error(login, world):
    item = world["items"]["arxan2"]
    response = login("editor").post(change_url(item), item_form_data(item, deadline_days=""))
    assert response.status_code == 200
    assert "请填写时限天数" in response.content.decode()


def test_item_needs_a_name(login, world):
    item = world["items"]["arxan2"]
    response = login("editor").post(change_url(item), item_form_data(item, level1="", level2="", level3=""))
    assert response.status_code == 200
    assert "一级、二级、三级事项至少填写一项" in response.content.decode()


def test_duplicate_law_in_inline_is_a_form_error_not_a_500(login, world):
    item = world["items"]["arxan2"]
    law = LegalBasis.objects.create(title="中华人民共和国政府信息公开条例")
    data = item_form_data(item)
    data.update({"legal_basis_links-TOTAL_FORMS": 2})
    for i in (0, 1):
        data.update(
            {
                f"legal_basis_links-{i}-item": item.pk,
                f"legal_basis_links-{i}-legal_basis": law.pk,
                f"legal_basis_links-{i}-position": i + 1,
                f"legal_basis_links-{i}-printed": "",
                f"legal_basis_links-{i}-id": "",
            }
        )
    response = login("editor").post(change_url(item), data)
    assert response.status_code == 200
    assert item.legal_basis_links.count() == 0


def test_editor_cannot_move_an_item_to_another_catalogue(login, world):
    item = world["items"]["arxan2"]
    data = item_form_data(item, catalogue=world["catalogues"]["genhe"].pk)
    login("editor").post(change_url(item), data)
    item.refresh_from_db()
    assert item.catalogue == world["catalogues"]["arxan"]


def test_adding_a_channel_via_inline(login, world):
    item = world["items"]["arxan2"]
    link = item.channel_links.get()
    board = Channel.objects.get(slug="gongshilan")
    data = item_form_data(
        item, channels=[(link.pk, link.channel_id, link.detail, 1), (None, board.pk, "村务公开栏", 2)]
    )
    response = login("editor").post(change_url(item), data)
    assert response.status_code == 302
    assert [link.detail for link in item.channel_links.all()] == ["政府网站", "村务公开栏"]
    item.refresh_from_db()
    assert "村务公开栏" in item.search_text


def test_changed_deadline_is_parsed_by_the_importer_parser(login, world):
    item = world["items"]["arxan2"]
    client = login("editor")
    response = client.post(change_url(item), item_form_data(item, deadline_text="信息形成之日起5个工作日内"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.deadline_kind, item.deadline_days, item.needs_review) == ("working_days", 5, False)
    response = client.post(change_url(item), item_form_data(item, deadline_text="按上级要求公开"), follow=True)
    item.refresh_from_db()
    assert item.deadline_kind == "other" and item.needs_review
    assert "公开时限无法解析：按上级要求公开" in item.review_reasons


def test_change_list_query_count_does_not_grow_with_items(login, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Item
    from tests.factories import ItemFactory

    client = login("editor")
    url = reverse("admin:catalog_item_changelist")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for position in range(3, 23):
        ItemFactory(catalogue=world["catalogues"]["arxan"], position=position, imported=True, status=Item.Status.DRAFT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "阿尔山市事项22" in response.content.decode()
