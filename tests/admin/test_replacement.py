"""A withdrawn item's replacement, named by staff in the admin, is what its 410 page links to."""

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Item

from .conftest import item_form_data

pytestmark = pytest.mark.django_db


def withdraw(item):
    Item.objects.filter(pk=item.pk).update(status=Item.Status.WITHDRAWN, withdrawn_at=timezone.now())
    item.refresh_from_db()
    return item


def change_url(item):
    return reverse("admin:catalog_item_change", args=[item.pk])


def test_staff_name_a_withdrawn_items_replacement_and_the_410_page_links_it(login, world, client):
    gone, successor = withdraw(world["items"]["arxan"]), world["items"]["arxan2"]
    Item.objects.filter(pk=successor.pk).update(status=Item.Status.PUBLISHED)
    editor = login("editor")
    assert 'name="replaced_by"' in editor.get(change_url(gone)).content.decode()
    response = editor.post(change_url(gone), item_form_data(gone, replaced_by=successor.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    gone.refresh_from_db()
    assert gone.replaced_by == successor and gone.status == Item.Status.WITHDRAWN
    editor.logout()
    page = client.get(gone.get_absolute_url())
    assert page.status_code == 410
    assert f'href="{successor.get_absolute_url()}"' in page.content.decode()


def test_an_item_cannot_replace_itself_or_be_replaced_by_a_withdrawn_one(login, world):
    gone, other = withdraw(world["items"]["arxan"]), withdraw(world["items"]["arxan2"])
    editor = login("editor")
    for replacement, message in ((gone, "不能由自身取代"), (other, "已撤回")):
        response = editor.post(change_url(gone), item_form_data(gone, replaced_by=replacement.pk))
        assert response.status_code == 200
        assert message in response.content.decode()
    gone.refresh_from_db()
    assert gone.replaced_by is None


def test_a_current_item_offers_no_replacement(login, world):
    html = login("editor").get(change_url(world["items"]["arxan2"])).content.decode()
    assert 'name="replaced_by"' not in html
