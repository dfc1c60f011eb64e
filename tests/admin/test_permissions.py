"""The permission matrix: each role x each admin path x own (阿尔山市) / other (根河市) region.

editor and reviewer are scoped to 阿尔山市; auditor and admin see every region.
"""

import pytest
from django.urls import reverse

from catalog.models import Item
from catalog.services import history

from .conftest import item_form_data

pytestmark = pytest.mark.django_db

ROLES = ("editor", "reviewer", "auditor", "admin", "unscoped")
SEES = {
    "editor": {"arxan"},
    "reviewer": {"arxan"},
    "auditor": {"arxan", "genhe"},
    "admin": {"arxan", "genhe"},
    "unscoped": set(),
}
CAN_EDIT = {"editor", "reviewer", "admin", "unscoped"}  # unscoped has the right, but no items to use it on
CAN_PUBLISH = {"reviewer", "admin"}


def cases():
    return [(role, where) for role in ROLES for where in ("arxan", "genhe")]


@pytest.mark.parametrize("role,where", cases())
def test_change_list(login, world, role, where):
    html = login(role).get(reverse("admin:catalog_item_changelist")).content.decode()
    assert (f"{world['regions'][where].name}事项1" in html) == (where in SEES[role])


@pytest.mark.parametrize("role,where", cases())
def test_change_list_search_and_filters_do_not_leak(login, world, role, where):
    client = login(role)
    catalogue = world["catalogues"][where]
    html = client.get(reverse("admin:catalog_item_changelist"), {"q": world["regions"][where].name}).content.decode()
    assert (f"{world['regions'][where].name}事项1" in html) == (where in SEES[role])
    html = client.get(reverse("admin:catalog_item_changelist"), {"catalogue__id__exact": catalogue.pk}).content.decode()
    assert (f"{world['regions'][where].name}事项1" in html) == (where in SEES[role])
    # The filter sidebar lists only catalogues the user may see.
    html = client.get(reverse("admin:catalog_item_changelist")).content.decode()
    assert (catalogue.title in html) == (where in SEES[role])


@pytest.mark.parametrize("role,where", cases())
def test_change_page(login, world, role, where):
    item = world["items"][where]
    response = login(role).get(reverse("admin:catalog_item_change", args=[item.pk]))
    if where in SEES[role]:
        assert response.status_code == 200 and item.source_text in response.content.decode()
    else:
        assert response.status_code == 302  # "不存在" and back to the index
        assert reverse("admin:catalog_item_change", args=[item.pk]) not in response.url


@pytest.mark.parametrize("role,where", cases())
def test_change_post(login, world, role, where):
    item = world["items"][where]
    before = item.level1
    response = login(role).post(
        reverse("admin:catalog_item_change", args=[item.pk]), item_form_data(item, level1="被修改")
    )
    item.refresh_from_db()
    allowed = where in SEES[role] and role in CAN_EDIT
    assert (item.level1 == "被修改") == allowed
    if not allowed:
        assert item.level1 == before
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("role,where", cases())
def test_history_and_compare_pages(login, world, role, where):
    item = world["items"][where]
    history.ensure_baseline([item])
    version = history.item_versions(item).first()
    client = login(role)
    expected = 200 if where in SEES[role] else 404
    assert client.get(reverse("admin:catalog_item_history", args=[item.pk])).status_code == expected
    compare = client.get(reverse("admin:catalog_item_compare", args=[item.pk]), {"old": version.pk, "new": version.pk})
    assert compare.status_code == expected


@pytest.mark.parametrize("role,where", cases())
def test_restore(login, world, role, where):
    item = world["items"][where]
    history.ensure_baseline([item])
    version = history.item_versions(item).first()
    response = login(role).get(reverse("admin:catalog_item_restore", args=[item.pk, version.pk]))
    if where not in SEES[role]:
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if role == "admin" else 403)


@pytest.mark.parametrize("role,where", cases())
def test_publish_button(login, world, role, where):
    item = world["items"][where]
    response = login(role).post(reverse("admin:catalog_item_workflow", args=[item.pk, "publish"]))
    item.refresh_from_db()
    if where not in SEES[role]:
        assert response.status_code == 404
    elif role in CAN_PUBLISH:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert (item.status == Item.Status.PUBLISHED) == (where in SEES[role] and role in CAN_PUBLISH)


@pytest.mark.parametrize("role,where", cases())
@pytest.mark.parametrize("action", ["publish_selected", "mark_reviewed_selected", "withdraw_selected"])
def test_bulk_actions(login, world, role, where, action):
    item = world["items"][where]
    if action == "withdraw_selected":
        Item.objects.filter(pk=item.pk).update(status=Item.Status.PUBLISHED)
    login(role).post(reverse("admin:catalog_item_changelist"), {"action": action, "_selected_action": [item.pk]})
    item.refresh_from_db()
    allowed = where in SEES[role] and role in CAN_PUBLISH
    changed = {
        "publish_selected": item.status == Item.Status.PUBLISHED,
        "mark_reviewed_selected": not item.needs_review,
        "withdraw_selected": item.status == Item.Status.WITHDRAWN,
    }[action]
    assert changed == allowed


@pytest.mark.parametrize("role,where", cases())
def test_review_queue(login, world, role, where):
    html = login(role).get(reverse("admin:catalog_reviewitem_changelist")).content.decode()
    assert (world["items"][where].source_text in html) == (where in SEES[role])
    # Queue actions are scoped too.
    item = world["items"][where]
    login(role).post(
        reverse("admin:catalog_reviewitem_changelist"),
        {"action": "mark_reviewed_selected", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert (not item.needs_review) == (where in SEES[role] and role in CAN_PUBLISH)


@pytest.mark.parametrize("role,where", cases())
def test_catalogue_and_section_admins(login, world, role, where):
    client = login(role)
    catalogue = world["catalogues"][where]
    html = client.get(reverse("admin:catalog_catalogue_changelist")).content.decode()
    assert (catalogue.title in html) == (where in SEES[role])
    response = client.get(reverse("admin:catalog_catalogue_change", args=[catalogue.pk]))
    assert (response.status_code == 200) == (where in SEES[role])
    html = client.get(reverse("admin:catalog_section_changelist")).content.decode()
    assert (catalogue.title in html) == (where in SEES[role])


@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_of_laws(login, world, role):
    """Laws are a shared vocabulary: every staff role can look them up."""
    from catalog.models import LegalBasis

    LegalBasis.objects.create(title="社会救助暂行办法")
    response = login(role).get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "itemlegalbasis", "field_name": "legal_basis", "term": "救助"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["《社会救助暂行办法》"]


@pytest.mark.parametrize("role,where", cases())
def test_autocomplete_of_items_and_catalogues(login, world, role, where):
    """Any autocomplete that lands on items or catalogues goes through the scoped admin."""
    client = login(role)
    name = world["regions"][where].name
    url = reverse("admin:autocomplete")
    response = client.get(
        url, {"app_label": "catalog", "model_name": "contentelement", "field_name": "item", "term": name}
    )
    texts = [row["text"] for row in response.json()["results"]] if response.status_code == 200 else []
    assert (f"{name}事项1" in texts) == (where in SEES[role])
    response = client.get(url, {"app_label": "catalog", "model_name": "item", "field_name": "catalogue", "term": name})
    texts = [row["text"] for row in response.json()["results"]] if response.status_code == 200 else []
    assert (f"{name}目录" in texts) == (where in SEES[role])


@pytest.mark.parametrize("role", ROLES)
def test_staff_scope_and_import_admins_are_not_for_editors(login, world, role):
    client = login(role)
    scope = client.get(reverse("admin:catalog_staffscope_changelist")).status_code
    assert scope == (200 if role in ("admin", "auditor") else 403)
    runs = client.get(reverse("admin:catalog_importrun_changelist")).status_code
    assert runs == (200 if role in ("admin", "auditor", "reviewer") else 403)


def test_import_runs_are_scoped(login, world):
    from catalog.models import ImportRun

    for code in ("arxan", "genhe"):
        ImportRun.objects.create(
            catalogue=world["catalogues"][code], source_file=f"{code}-upload.xlsx", source_sha256="0"
        )
    html = login("reviewer").get(reverse("admin:catalog_importrun_changelist")).content.decode()
    assert "arxan-upload.xlsx" in html and "genhe-upload.xlsx" not in html
    html = login("auditor").get(reverse("admin:catalog_importrun_changelist")).content.decode()
    assert "arxan-upload.xlsx" in html and "genhe-upload.xlsx" in html


def test_auditor_sees_everything_read_only(login, world):
    client = login("auditor")
    item = world["items"]["genhe"]
    html = client.get(reverse("admin:catalog_item_change", args=[item.pk])).content.decode()
    assert 'name="_save"' not in html
    assert 'value="publish"' not in html


@pytest.mark.parametrize("role,where", cases())
def test_every_item_action_only_ever_receives_items_in_scope(login, users, world, role, where, monkeypatch):
    """Covers actions added later too (the CSV/XLSX exports): whatever an action does, the
    queryset it is handed never holds items outside the user's scope."""
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from catalog.staff_admin.items import ItemAdmin

    model_admin = django_admin.site._registry[Item]
    request = RequestFactory().get("/")
    request.user = users[role]
    received = {}

    def recording(name):
        def action(modeladmin, request, queryset):
            received[name] = set(queryset.values_list("pk", flat=True))

        return action

    original = ItemAdmin.get_actions

    def get_actions(self, request):
        return {name: (recording(name), name, desc) for name, (func, _, desc) in original(self, request).items()}

    monkeypatch.setattr(ItemAdmin, "get_actions", get_actions)
    item = world["items"][where]
    client = login(role)
    for name in model_admin.get_actions(request):
        client.post(reverse("admin:catalog_item_changelist"), {"action": name, "_selected_action": [item.pk]})
        client.post(
            reverse("admin:catalog_item_changelist"),
            {"action": name, "select_across": "1", "index": 0, "_selected_action": [item.pk]},
        )
    for name, pks in received.items():
        visible = {i.pk for key, i in world["items"].items() if key.startswith(tuple(SEES[role]))}
        assert pks <= visible, name
    if where not in SEES[role]:
        assert all(item.pk not in pks for pks in received.values())
    elif role in CAN_PUBLISH:
        assert received and all(item.pk in pks for pks in received.values())


@pytest.mark.parametrize("role,where", cases())
def test_other_admin_urls_of_an_item(login, world, role, where):
    """Queue, catalogue and section pages that lead to an item never show an out-of-scope one."""
    client = login(role)
    item = world["items"][where]
    for url in (
        reverse("admin:catalog_reviewitem_change", args=[item.pk]),
        reverse("admin:catalog_reviewitem_history", args=[item.pk]),
        reverse("admin:catalog_catalogue_history", args=[item.catalogue_id]),
        reverse("admin:catalog_section_change", args=[item.section_id]),
        reverse("admin:catalog_item_delete", args=[item.pk]),
    ):
        response = client.get(url, follow=True)
        assert (item.source_text in response.content.decode() or item.catalogue.title in response.content.decode()) <= (
            where in SEES[role]
        ), url


def test_an_item_outside_the_users_regions_is_reported_as_such_not_as_deleted(login, world):
    client = login("editor")
    item = world["items"]["genhe"]
    response = client.get(reverse("admin:catalog_item_change", args=[item.pk]), follow=True)
    text = response.content.decode()
    assert "不在您负责的区划或目录范围内" in text and "被删除" not in text
    assert item.source_text not in text  # nothing of the item itself is shown
    missing = client.get(reverse("admin:catalog_item_change", args=[999999]), follow=True).content.decode()
    assert "不在您负责的区划" not in missing and "不存在" in missing  # a truly missing id keeps Django's message
    garbage = client.get("/admin/catalog/item/not-a-number/change/", follow=True)
    assert garbage.status_code == 200 and "不在您负责的区划" not in garbage.content.decode()


def test_a_refused_page_is_a_chinese_403(login, world):
    response = login("auditor").get(reverse("admin:catalog_item_add"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "无权访问" in text and 'lang="zh-Hans"' in text and "Forbidden" not in text
