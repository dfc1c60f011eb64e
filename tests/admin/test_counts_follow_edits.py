"""The summaries the pages count from (PublishedCount, RegionCount) follow staff's edits in the
admin: items published and withdrawn in bulk, an item's domain changed."""

import pytest
from django.urls import reverse

from catalog.models import Domain, Item
from tests.admin.conftest import item_form_data
from tests.catalog.test_published_counts import assert_in_step

pytestmark = pytest.mark.django_db


def test_admin_edits_and_bulk_actions(login, world):
    client = login("admin")
    changelist = reverse("admin:catalog_item_changelist")
    everything = list(Item.objects.order_by("pk").values_list("pk", flat=True))
    response = client.post(changelist, {"action": "publish_selected", "_selected_action": everything})
    assert response.status_code == 302
    assert Item.objects.published().count() == len(everything)
    assert_in_step()
    item = Item.objects.published().first()
    other = Domain.objects.exclude(pk=item.domain_id).order_by("pk").first()
    response = client.post(reverse("admin:catalog_item_change", args=[item.pk]), item_form_data(item, domain=other.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Item.objects.get(pk=item.pk).domain == other
    assert_in_step()
    response = client.post(changelist, {"action": "withdraw_selected", "_selected_action": everything[:2]})
    assert response.status_code == 302
    assert Item.objects.published().count() == len(everything) - 2
    assert_in_step()
