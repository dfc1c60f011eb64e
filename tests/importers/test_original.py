"""The original is kept: the imported file is stored by its SHA-256 and offered on the
catalogue page as 原件; items say where in it they are; no repository path is shown."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from catalog.importers.load import import_record
from catalog.importers.pipeline import read_catalogue
from catalog.importers.records import CatalogueMeta
from catalog.models import Catalogue, Item

from .seeds import S004, SOURCES

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
PAGE = "guangdong-xiashanxinyuan-gonggongwenhuafuwu.txt"


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Each test starts with an empty storage, whatever other tests stored."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def original_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_the_imported_file_is_stored_once_by_its_hash_and_offered_as_the_original(client):
    data = (SOURCES / S004).read_bytes()
    import_record(read_catalogue(data, name=S004))
    import_record(read_catalogue(data, name=S004))  # a re-import keeps one copy
    catalogue = Catalogue.objects.get(slug="xiangyuan-chaoyang-shequ")
    digest = hashlib.sha256(data).hexdigest()
    assert catalogue.source_sha256 == digest and catalogue.original.name == f"originals/{digest}.txt"
    assert default_storage.listdir("originals")[1].count(f"{digest}.txt") == 1
    assert catalogue.source_file == S004  # a file name, not a path in the repository

    page = client.get(catalogue.get_absolute_url()).content.decode()
    url = reverse("catalog:catalogue_original", args=[catalogue.slug])
    assert f'href="{url}"' in page and "原件" in page and digest in page
    assert "fixtures/" not in page
    response = client.get(url)
    assert response.status_code == 200 and original_bytes(response) == data
    assert S004 in response["Content-Disposition"] and response["Content-Disposition"].startswith("attachment")

    item = catalogue.items.in_catalogue_order().first()
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and f"第 {item.source_line} 行" in page and "fixtures/" not in page


@pytest.mark.django_db
def test_a_dry_run_stores_nothing_and_a_catalogue_without_public_items_offers_no_original(client):
    meta = CatalogueMeta(slug="xiashan-wenhua", title="", region=[("xiashan", "霞山区", "county")])
    data = (CORPUS / PAGE).read_bytes()
    import_record(read_catalogue(data, name=PAGE, meta=meta), dry_run=True)
    assert not default_storage.exists(f"originals/{hashlib.sha256(data).hexdigest()}.txt")

    import_record(read_catalogue(data, name=PAGE, meta=meta), draft=True)
    catalogue = Catalogue.objects.get(slug="xiashan-wenhua")
    assert catalogue.original and default_storage.exists(catalogue.original.name)
    url = reverse("catalog:catalogue_original", args=[catalogue.slug])
    assert client.get(url).status_code == 404  # drafts: not public yet
    assert f'href="{url}"' not in client.get(catalogue.get_absolute_url()).content.decode()
    Item.objects.update(status=Item.Status.PUBLISHED)
    assert original_bytes(client.get(url)) == data
    default_storage.delete(catalogue.original.name)
    assert client.get(url).status_code == 404  # a lost file is a 404, not a 500


@pytest.mark.django_db
def test_load_seed_stores_the_seed_originals(client):
    call_command("load_seed")
    for catalogue in Catalogue.objects.all():
        assert catalogue.original.name.startswith("originals/")
        source = SOURCES / catalogue.source_file
        response = client.get(reverse("catalog:catalogue_original", args=[catalogue.slug]))
        assert original_bytes(response) == source.read_bytes(), catalogue.slug


@pytest.mark.django_db
def test_the_command_reads_the_file_from_its_path_and_stores_it_unchanged(monkeypatch, tmp_path):
    """import_catalogue hands the importer the file's path: the readers and the stored
    original read it in pieces (Path.read_bytes, the whole file at once, is never called)."""
    path = tmp_path / PAGE
    path.write_bytes((CORPUS / PAGE).read_bytes())
    data = path.read_bytes()

    def whole_file(self):
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole_file)
    call_command("import_catalogue", str(path), slug="xiashan-wenhua", region="广东省/湛江市/霞山区",
                 stdout=io.StringIO())  # fmt: skip
    catalogue = Catalogue.objects.get(slug="xiashan-wenhua")
    digest = hashlib.sha256(data).hexdigest()
    assert catalogue.source_sha256 == digest and catalogue.original.name == f"originals/{digest}.txt"
    with default_storage.open(catalogue.original.name, "rb") as stored:
        assert stored.read() == data
