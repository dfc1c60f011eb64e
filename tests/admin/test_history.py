"""History: who/when/why, field-level diffs, compare, restore (superusers only), bulk actions."""

import pytest
from django.urls import reverse
from reversion.models import Version

from catalog import services
from catalog.models import Channel, Item, ItemLegalBasis, ItemPublisher, LegalBasis, Organisation
from catalog.services import history
from tests.factories import ItemFactory

from .conftest import item_form_data

pytestmark = pytest.mark.django_db


def edit(client, item, **changes):
    response = client.post(reverse("admin:catalog_item_change", args=[item.pk]), item_form_data(item, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    return item


def test_an_admin_edit_records_a_baseline_and_a_version_with_user_and_reason(login, users, world):
    item = world["items"]["arxan2"]
    edit(login("editor"), item, level1="新名称", change_reason="错别字")
    versions = list(history.item_versions(item))
    assert len(versions) == 2
    newest, baseline = versions
    assert baseline.revision.comment == history.BASELINE_COMMENT
    assert baseline.field_dict["level1"] == "阿尔山市事项2"
    assert newest.revision.user == users["editor"]
    assert "错别字" in newest.revision.comment
    assert newest.field_dict["level1"] == "新名称"


def test_history_page_shows_field_level_diff_including_related_rows(login, world):
    item = world["items"]["arxan2"]
    client = login("editor")
    board = Channel.objects.get(slug="gongshilan")
    link = item.channel_links.get()
    data = item_form_data(
        item, level1="新名称", channels=[(link.pk, link.channel_id, link.detail, 1), (None, board.pk, "村务公开栏", 2)]
    )
    assert client.post(reverse("admin:catalog_item_change", args=[item.pk]), data).status_code == 302
    html = client.get(reverse("admin:catalog_item_history", args=[item.pk])).content.decode()
    assert "一级事项" in html and "阿尔山市事项2" in html and "新名称" in html
    assert "公开渠道（关联）" in html and "村务公开栏" in html
    assert "editor" in html


def test_compare_two_versions(login, world):
    item = world["items"]["arxan2"]
    client = login("auditor")
    edit(login("editor"), item, level1="第一次")
    edit(login("editor"), item, level2="第二次")
    old, *_, new = reversed(list(history.item_versions(item)))
    client = login("auditor")
    response = client.get(reverse("admin:catalog_item_compare", args=[item.pk]), {"old": old.pk, "new": new.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共 2 处不同" in html
    assert "第一次" in html and "第二次" in html
    # Garbage ids: a message, not a 500.
    response = client.get(reverse("admin:catalog_item_compare", args=[item.pk]), {"old": "x", "new": "99999"})
    assert response.status_code == 302


def test_restore_puts_content_and_related_rows_back_and_is_recorded(login, users, world):
    item = world["items"]["arxan2"]
    law = LegalBasis.objects.create(title="社会救助暂行办法")
    ItemLegalBasis.objects.create(item=item, legal_basis=law, position=1, printed="《社会救助暂行办法》")
    board = Channel.objects.get(slug="gongshilan")
    link = item.channel_links.get()
    data = item_form_data(item, level1="改坏了", channels=[(link.pk, board.pk, "公示栏", 1)])
    data["legal_basis_links-0-DELETE"] = "on"
    assert login("editor").post(reverse("admin:catalog_item_change", args=[item.pk]), data).status_code == 302
    assert not item.legal_basis_links.exists()
    baseline = history.item_versions(item).last()

    # Editors and auditors may not restore.
    url = reverse("admin:catalog_item_restore", args=[item.pk, baseline.pk])
    assert login("editor").post(url).status_code == 403
    assert login("auditor").post(url).status_code == 403

    client = login("admin")
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "误改"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.level1 == "阿尔山市事项2"
    assert [link.channel.slug for link in item.channel_links.all()] == ["zhengfu-wangzhan"]
    assert [link.printed for link in item.legal_basis_links.all()] == ["《社会救助暂行办法》"]
    assert "阿尔山市事项2" in item.search_text and "公示栏" not in item.search_text
    latest = history.item_versions(item).first()
    assert latest.revision.user == users["admin"]
    assert "误改" in latest.revision.comment


def test_restore_keeps_status(world, users):
    item = world["items"]["arxan2"]
    history.ensure_baseline([item])
    baseline = history.item_versions(item).first()
    services.item_publish(item=item, by=users["reviewer"])
    services.item_restore(version=baseline, by=users["admin"])
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED


def test_bulk_action_is_recorded(login, users, world):
    items = [world["items"]["arxan"], world["items"]["arxan2"]]
    client = login("reviewer")
    response = client.post(
        reverse("admin:catalog_item_changelist"),
        {"action": "publish_selected", "_selected_action": [item.pk for item in items]},
    )
    assert response.status_code == 302
    for item in items:
        item.refresh_from_db()
        assert item.status == Item.Status.PUBLISHED
        latest = history.item_versions(item).first()
        assert latest.revision.comment.startswith("批量操作：发布")
        assert latest.revision.user == users["reviewer"]
        assert latest.field_dict["status"] == "published"


def test_merging_laws_moves_links_and_is_recorded(users, world):
    a, b = world["items"]["arxan"], world["items"]["arxan2"]
    long = LegalBasis.objects.create(title="中华人民共和国政府信息公开条例", document_number="")
    short = LegalBasis.objects.create(title="信息公开条例", document_number="国务院令第711号")
    ItemLegalBasis.objects.create(item=a, legal_basis=long, position=1)
    ItemLegalBasis.objects.create(item=a, legal_basis=short, position=2)  # both on one item
    ItemLegalBasis.objects.create(item=b, legal_basis=short, position=1, printed="《信息公开条例》")
    touched = services.legal_basis_merge(target=long, duplicates=[short], by=users["admin"])
    assert touched == 2
    assert not LegalBasis.objects.filter(pk=short.pk).exists()
    assert list(a.legal_basis_links.values_list("legal_basis", flat=True)) == [long.pk]
    assert b.legal_basis_links.get().legal_basis == long
    long.refresh_from_db()
    assert long.document_number == "国务院令第711号"
    assert long.aliases.filter(alias="信息公开条例").exists()
    assert "合并公开依据" in history.item_versions(b).first().revision.comment


def test_merging_organisations_via_admin_action(login, world):
    a = world["items"]["arxan"]
    keep = Organisation.objects.create(name="阿尔山市民政局")
    dup = Organisation.objects.create(name="阿尔山市 民政局")
    ItemPublisher.objects.create(item=a, organisation=keep, position=1)
    ItemPublisher.objects.create(item=world["items"]["arxan2"], organisation=dup, position=1)
    client = login("admin")
    url = reverse("admin:catalog_organisation_changelist")
    form = client.post(url, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk]})
    assert form.status_code == 200 and "请选择要保留的一项" in form.content.decode()
    response = client.post(
        url, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk], "confirm": "1", "keep": keep.pk}
    )
    assert response.status_code == 302
    assert list(Organisation.objects.values_list("name", flat=True)) == ["阿尔山市民政局"]
    assert ItemPublisher.objects.filter(organisation=keep).count() == 2
    # The list shows linked-item counts.
    assert "事项数" in client.get(url).content.decode()


def test_versions_exclude_search_text(world):
    item = world["items"]["arxan"]
    history.ensure_baseline([item])
    assert "search_text" not in Version.objects.get_for_object(item).get().field_dict


def test_versions_written_in_bulk_are_those_reversion_records(world, users):
    """history.record_versions (imports) writes, for an item and the rows it follows, the very
    versions reversion.add_to_revision would: restore and compare read them alike."""
    import reversion
    from reversion.models import Revision, Version

    from catalog.models import ContentElement

    item = world["items"]["arxan"]
    ContentElement.objects.create(item=item, position=1, text="低保对象名单")

    def versions_of(revision):
        return sorted(
            (v.content_type_id, v.object_id, v.db, v.format, v.serialized_data, v.object_repr)
            for v in Version.objects.filter(revision=revision)
        )

    with reversion.create_revision():
        reversion.add_to_revision(item)
    theirs = Revision.objects.latest("pk")
    written = history.record_versions([item.pk], by=users["reviewer"], comment="上传导入：a.xlsx")
    ours = Revision.objects.latest("pk")
    assert ours.pk != theirs.pk and (ours.user, ours.comment) == (users["reviewer"], "上传导入：a.xlsx")
    assert written == len(versions_of(ours)) == 3  # the item, its channel link, its element
    assert versions_of(ours) == versions_of(theirs)


def test_a_baseline_is_one_revision_written_in_bulk(world, django_assert_max_num_queries):
    """ensure_baseline keeps the state of many items in one revision of its own, in queries that
    do not grow with the items, the same versions reversion records, and never twice."""
    import reversion
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from reversion.models import Revision

    catalogue = world["catalogues"]["arxan"]
    items = [ItemFactory(catalogue=catalogue, linked=True, level2=f"事项{n}") for n in range(12)]
    history.ensure_baseline(items[:1])  # reads the content types once
    with CaptureQueriesContext(connection) as one:
        assert history.ensure_baseline(items[1:2]) == 1
    with reversion.create_revision():  # a change already under way keeps its own revision
        with CaptureQueriesContext(connection) as many:
            assert history.ensure_baseline(items) == 10
    assert len(many) == len(one)
    baseline = Revision.objects.latest("pk")
    assert (baseline.comment, baseline.user) == (history.BASELINE_COMMENT, None)
    ours = {v.object_id: v for v in baseline.version_set.filter(content_type__model="item")}
    assert sorted(ours) == sorted(str(item.pk) for item in items[2:])

    item = items[5]
    with reversion.create_revision():
        reversion.add_to_revision(item)
    theirs = Revision.objects.latest("pk")

    def versions_of(revision):
        return {
            (v.content_type_id, v.object_id): (v.serialized_data, v.object_repr) for v in revision.version_set.all()
        }

    recorded = versions_of(theirs)  # the item, its two elements, its law, publisher and channel links
    assert len(recorded) == 6
    assert {key: value for key, value in versions_of(baseline).items() if key in recorded} == recorded
    with django_assert_max_num_queries(2):
        # every item has its baseline now (a queryset is read as its ids)
        assert history.ensure_baseline(Item.objects.filter(pk__in=[item.pk for item in items])) == 0
