"""Reviewed edits: an 编辑's change to a published item waits for a 审核 user's approval."""

import pytest
from django.urls import reverse

from catalog.models import Item, PendingRevision
from catalog.services import history

from .conftest import item_form_data

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse("admin:catalog_item_change", args=[item.pk])


@pytest.fixture
def published(world):
    item = world["items"]["arxan2"]
    Item.objects.filter(pk=item.pk).update(status=Item.Status.PUBLISHED)
    item.refresh_from_db()
    return item


def public_text(client, item):
    return client.get(item.get_absolute_url()).content.decode()


def test_an_editors_change_to_a_published_item_waits_for_approval(client, login, users, published):
    editor = login("editor")
    channels = [(link.pk, link.channel_id, link.detail, link.position) for link in published.channel_links.all()]
    channels.append(("", channels[0][1], "阿尔山市政务公开栏", 2))
    response = editor.post(
        change_url(published),
        item_form_data(published, level1="城乡最低生活保障对象", channels=channels, change_reason="更正名称"),
        follow=True,
    )
    assert "已提交审核" in response.content.decode()
    published.refresh_from_db()
    assert published.level1 != "城乡最低生活保障对象" and published.channel_links.count() == 1
    assert "城乡最低生活保障对象" not in published.search_text
    pending = PendingRevision.objects.get(item=published)
    assert pending.state == PendingRevision.State.PENDING and pending.submitted_by == users["editor"]
    client.logout()
    assert "城乡最低生活保障对象" not in public_text(client, published)

    # the reviewer sees the diff and approves
    reviewer = login("reviewer")
    page = reviewer.get(reverse("admin:catalog_pendingrevision_change", args=[pending.pk])).content.decode()
    assert "城乡最低生活保障对象" in page and "阿尔山市政务公开栏" in page and "通过并发布" in page
    reviewer.post(reverse("admin:catalog_pendingrevision_decide", args=[pending.pk]), {"decision": "approve"})
    published.refresh_from_db()
    assert published.level1 == "城乡最低生活保障对象" and published.channel_links.count() == 2
    assert "城乡最低生活保障对象" in published.search_text
    assert PendingRevision.objects.get(pk=pending.pk).state == PendingRevision.State.APPROVED
    client.logout()
    assert "城乡最低生活保障对象" in public_text(client, published)

    # history records both: the submission by the editor and the approval by the reviewer
    rows = history.history_rows(published)
    comments = [
        (row["revision"].user.username if row["revision"].user else None, row["revision"].comment) for row in rows
    ]
    assert ("reviewer", f"审核通过 #{pending.pk}（提交人 editor）：更正名称") in comments
    assert ("editor", f"提交修改待审核（#{pending.pk}）：更正名称") in comments
    approval = next(row for row in rows if row["revision"].comment.startswith("审核通过"))
    assert any(change.label == "一级事项" and change.new == "城乡最低生活保障对象" for change in approval["changes"])


def test_an_editor_may_not_approve_and_a_rejected_change_is_never_public(client, login, published):
    login("editor").post(change_url(published), item_form_data(published, level1="错误的名称"))
    pending = PendingRevision.objects.get(item=published)
    decide = reverse("admin:catalog_pendingrevision_decide", args=[pending.pk])
    assert login("editor").post(decide, {"decision": "approve"}).status_code == 403
    login("reviewer").post(decide, {"decision": "reject", "reason": "名称有误"})
    published.refresh_from_db()
    assert published.level1 != "错误的名称"
    assert PendingRevision.objects.get(pk=pending.pk).state == PendingRevision.State.REJECTED
    assert login("reviewer").post(decide, {"decision": "approve"}).status_code == 302
    published.refresh_from_db()
    assert published.level1 != "错误的名称"  # a decided revision cannot be approved later


def test_a_reviewers_own_edit_publishes_directly(login, published):
    login("reviewer").post(change_url(published), item_form_data(published, level1="审核员直接修改"))
    published.refresh_from_db()
    assert published.level1 == "审核员直接修改" and not PendingRevision.objects.exists()


def test_an_editors_edit_of_a_draft_is_saved_directly(login, world):
    draft = world["items"]["arxan"]
    assert draft.status == Item.Status.DRAFT
    login("editor").post(change_url(draft), item_form_data(draft, level1="草稿直接修改"))
    draft.refresh_from_db()
    assert draft.level1 == "草稿直接修改" and not PendingRevision.objects.exists()


def test_a_form_error_writes_nothing_and_proposes_nothing(login, published):
    response = login("editor").post(change_url(published), item_form_data(published, level1="", level2=""))
    assert response.status_code == 200
    assert not PendingRevision.objects.exists()


def test_pending_revisions_are_scoped(login, world, published):
    login("editor").post(change_url(published), item_form_data(published, level1="范围内的修改"))
    pending = PendingRevision.objects.get()
    url = reverse("admin:catalog_pendingrevision_change", args=[pending.pk])
    assert login("unscoped").get(url).status_code == 404
