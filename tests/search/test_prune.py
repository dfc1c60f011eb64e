"""Search documents nobody points at are deleted after an import updates a catalogue's items
and after items are deleted in the admin (catalog/search/index.prune_documents)."""

import pytest
from django.db import connection

from catalog.importers.load import import_record
from catalog.importers.pipeline import read_catalogue
from catalog.importers.records import CatalogueMeta
from catalog.models import Item

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

HEADER = "序号,一级事项,二级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体\n"
META = CatalogueMeta(
    slug="prune", title="清理测试目录", region=[("prune-x", "清理县", "county")], domain=("社会救助", "shehui-jiuzhu")
)


def catalogue(*rows):
    data = (
        HEADER
        + "".join(
            f"{n},{a},{b},{c},《社会救助暂行办法》,20个工作日内,民政局,政府网站\n"
            for n, (a, b, c) in enumerate(rows, 1)
        )
    ).encode()
    return read_catalogue(data, name="prune.csv", meta=META)


def orphans() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM catalog_searchdocument d WHERE NOT EXISTS (
                 SELECT 1 FROM catalog_searchentry e
                 WHERE d.id IN (e.names_id, e.content_id, e.template_id, e.local_id) OR d.id = ANY(e.local_fragments))"""
        )
        return cursor.fetchone()[0]


def test_a_reimport_leaves_no_orphaned_documents(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_record(
            catalogue(("最低生活保障", "低保审批", "审批名单甲乙丙"), ("特困供养", "特困认定", "认定结果丁戊"))
        )
    assert orphans() == 0
    # The new edition changes one item's content: it is updated in place, and its old
    # content document is pointed at by nobody any more.
    with django_capture_on_commit_callbacks(execute=True):
        import_record(
            catalogue(("最低生活保障", "低保审批", "审批名单己庚辛"), ("特困供养", "特困认定", "认定结果丁戊"))
        )
    assert orphans() == 0
    assert [item.level2 for item in Item.objects.all().search("己庚")] == ["低保审批"]
    assert list(Item.objects.all().search("甲乙")) == []


def test_deleting_items_in_the_admin_prunes_their_documents(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_record(
            catalogue(("最低生活保障", "低保审批", "审批名单甲乙丙"), ("特困供养", "特困认定", "认定结果丁戊"))
        )
    item = Item.objects.get(level1="特困供养")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/catalog/item/{item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert orphans() == 0
    assert list(Item.objects.all().search("丁戊")) == []
