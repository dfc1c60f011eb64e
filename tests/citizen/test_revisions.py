"""After a new edition: the 修订记录 page, the changes feed and the 410 page of a withdrawn item."""

import pytest
from django.urls import reverse

from catalog.importers.load import import_record
from catalog.models import Item
from catalog.services import item_publish
from catalog.services.editions import import_catalogue
from tests.importers.seeds import S004, SOURCES
from tests.importers.test_editions import changed_copy, read

pytestmark = pytest.mark.django_db
SLUG = "xiangyuan-chaoyang-shequ"


@pytest.fixture
def revised():
    import_record(read((SOURCES / S004).read_bytes()))
    numbers = {item.number: item for item in Item.objects.all()}
    import_catalogue(read(changed_copy()), edition="2024版")
    return numbers


def test_revisions_page_lists_added_changed_with_diff_and_withdrawn(client, revised):
    url = reverse("catalog:catalogue_revisions", args=[SLUG])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2" in html and "2024版" in html
    assert "新增（1 项）" in html and "修改（2 项）" in html and "撤回（1 项）" in html
    assert '<th scope="row">二级事项</th><td>城市党建</td><td>城市党建工作</td>' in html
    added = Item.objects.get(level1="社区公告")
    for item in (added, revised["1"], revised["4"]):
        assert f'href="{item.get_absolute_url()}"' in html
    # the catalogue page links its revisions
    assert url in client.get(reverse("catalog:catalogue", args=[SLUG])).content.decode()


def test_a_draft_added_by_an_edition_stays_off_the_revisions_page_until_published(client, db):
    import_record(read((SOURCES / S004).read_bytes()))
    import_catalogue(read(changed_copy()), edition="2024版", draft=True)
    added = Item.objects.get(level1="社区公告")
    assert added.status == Item.Status.DRAFT
    url = reverse("catalog:catalogue_revisions", args=[SLUG])
    assert "停水停电通知" not in client.get(url).content.decode()
    item_publish(item=added, by=None)
    assert "停水停电通知" in client.get(url).content.decode()


def test_changes_feed_announces_changes_and_withdrawals(client, revised):
    for url in (reverse("citizen:changes_feed"), reverse("citizen:catalogue_changes_feed", args=[SLUG])):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
        xml = response.content.decode()
        assert "撤回：生育 / 城镇独生子女父母计划生育奖励" in xml
        assert "修改：党建工作服务 / 城市党建" in xml and "二级事项：城市党建 → 城市党建工作" in xml
        assert "新增：社区公告 / 停水停电通知" in xml
        assert revised["4"].get_absolute_url() in xml


def test_withdrawn_item_answers_410_naming_the_edition_and_the_catalogue(client, revised):
    gone = revised["4"]
    response = client.get(gone.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 410
    assert "城镇独生子女父母计划生育奖励" in html and "2024版中已没有这一事项" in html
    assert f'href="{reverse("catalog:catalogue", args=[SLUG])}"' in html
    # staff may name its replacement: the page links it
    replacement = Item.objects.get(level1="社区公告")
    Item.objects.filter(pk=gone.pk).update(replaced_by=replacement)
    html = client.get(gone.get_absolute_url()).content.decode()
    assert f'href="{replacement.get_absolute_url()}"' in html


def test_withdrawn_items_leave_lists_search_and_exports(client, revised):
    gone = revised["4"]
    for url in (
        reverse("catalog:search") + "?q=城镇独生子女父母计划生育奖励",
        reverse("catalog:catalogue_domain", args=[SLUG, gone.domain.slug]),
    ):
        assert gone.get_absolute_url() not in client.get(url).content.decode()
    export = client.get("/exports/items.csv", {"catalogue": SLUG})
    assert export.status_code == 200
    body = (b"".join(export.streaming_content) if export.streaming else export.content).decode("utf-8-sig")
    assert "社区公告" in body and "城镇独生子女父母计划生育奖励" not in body
