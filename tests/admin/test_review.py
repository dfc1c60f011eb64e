"""The review queue and draft -> published -> withdrawn."""

import pytest
from django.urls import reverse

from catalog import services
from catalog.models import Item

pytestmark = pytest.mark.django_db


def test_queue_lists_flagged_items_of_own_region_with_reasons_and_source(login, world):
    html = login("reviewer").get(reverse("admin:catalog_reviewitem_changelist")).content.decode()
    assert "列错位" in html and "1 原文行 阿尔山市" in html
    assert "阿尔山市事项2" not in html  # not flagged
    assert "根河市" not in html  # other region


def test_mark_reviewed_from_queue(login, world):
    item = world["items"]["arxan"]
    response = login("reviewer").post(
        reverse("admin:catalog_reviewitem_changelist"),
        {"action": "mark_reviewed_selected", "_selected_action": [item.pk]},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.needs_review is False and item.review_reasons == []


def test_publish_from_queue_clears_flag(login, world):
    item = world["items"]["arxan"]
    login("reviewer").post(
        reverse("admin:catalog_reviewitem_changelist"), {"action": "publish_selected", "_selected_action": [item.pk]}
    )
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED and item.published_at and not item.needs_review


def test_publish_and_withdraw_buttons(login, world):
    item = world["items"]["arxan2"]
    client = login("reviewer")
    page = client.get(reverse("admin:catalog_item_change", args=[item.pk])).content.decode()
    assert 'value="publish"' in page
    client.post(reverse("admin:catalog_item_workflow", args=[item.pk, "publish"]))
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert Item.objects.published().filter(pk=item.pk).exists()
    client.post(reverse("admin:catalog_item_workflow", args=[item.pk, "withdraw"]))
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN
    assert not Item.objects.published().filter(pk=item.pk).exists()
    # GET and unknown steps are refused cleanly.
    assert client.get(reverse("admin:catalog_item_workflow", args=[item.pk, "publish"])).status_code == 405
    assert client.post(reverse("admin:catalog_item_workflow", args=[item.pk, "explode"])).status_code == 404


def test_invalid_transitions_give_messages(users, world):
    item = world["items"]["arxan2"]
    with pytest.raises(services.ServiceError, match="未发布"):
        services.item_withdraw(item=item, by=users["reviewer"])
    services.item_publish(item=item, by=users["reviewer"])
    with pytest.raises(services.ServiceError, match="已是发布状态"):
        services.item_publish(item=item, by=users["reviewer"])
    with pytest.raises(services.ServiceError, match="不在复核队列"):
        services.item_mark_reviewed(item=item, by=users["reviewer"])


def test_bulk_publish_reports_items_already_published(login, world):
    item = world["items"]["arxan2"]
    services.item_publish(item=item, by=None)
    response = login("reviewer").post(
        reverse("admin:catalog_item_changelist"),
        {"action": "publish_selected", "_selected_action": [item.pk, world["items"]["arxan"].pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "已发布 1 个事项" in html and "已是发布状态" in html
