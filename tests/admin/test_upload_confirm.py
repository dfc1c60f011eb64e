"""确认导入 re-checks what its preview checked: a stale or foreign preview writes nothing."""

import hashlib

import pytest
from django.test import Client

from catalog.models import Catalogue, Item
from catalog.staff_admin.upload import _path

from .test_upload import confirm, new_catalogue, upload
from .upload_files import xlsx_bytes

pytestmark = pytest.mark.django_db


def test_a_catalogue_of_the_same_name_imported_after_the_preview_is_not_taken_over(login, users, world):
    """The race from issue 18: 阿尔山 previews slug X; 根河 imports a catalogue X and publishes it;
    阿尔山's confirm used to move it to 阿尔山市, rename it and replace its items with drafts."""
    arxan = login("reviewer")
    stale = upload(arxan, xlsx_bytes(), "a.xlsx", new_catalogue(world, slug="shared-name"))
    assert "确认导入" in stale.content.decode()

    genhe = Client()
    genhe.force_login(users["admin"])
    fields = {"title": "根河市政务公开目录", "slug": "shared-name", "region": world["regions"]["genhe"].pk}
    confirm(genhe, upload(genhe, xlsx_bytes(), "b.xlsx", {**fields, "publish": "on"}))
    theirs = Catalogue.objects.get(slug="shared-name")
    published = sorted(theirs.items.values_list("pk", "status"))
    assert theirs.region == world["regions"]["genhe"] and published

    done = confirm(arxan, stale).content.decode()
    assert "未导入任何内容" in done and "已被另一个目录使用" in done
    theirs.refresh_from_db()
    assert theirs.region == world["regions"]["genhe"] and theirs.title == "根河市政务公开目录"
    assert sorted(theirs.items.values_list("pk", "status")) == published
    assert all(status == Item.Status.PUBLISHED for _, status in published)


def test_a_file_changed_after_the_preview_is_refused(login, world):
    client = login("reviewer")
    response = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world))
    job = response.context["job"]
    path = _path(job.params["token"])
    path.write_bytes(path.read_bytes() + b"\0")  # not what was previewed
    assert hashlib.sha256(path.read_bytes()).hexdigest() != job.params["sha256"]
    done = confirm(client, response).content.decode()
    assert "与预览时的文件不一致" in done
    assert not Catalogue.objects.filter(slug="aershan-upload").exists()


def test_a_catalogue_taken_out_of_scope_after_the_preview_is_refused(login, users, world):
    client = login("reviewer")
    catalogue = world["catalogues"]["arxan"]
    before = sorted(catalogue.items.values_list("pk", "level1"))
    response = upload(client, xlsx_bytes(), "a.xlsx", {"catalogue": catalogue.pk})
    assert "确认导入" in response.content.decode()
    catalogue.region = world["regions"]["genhe"]  # moved by an administrator meanwhile
    catalogue.save()
    done = confirm(client, response).content.decode()
    assert "不在您的管理范围内" in done
    assert sorted(catalogue.items.values_list("pk", "level1")) == before
