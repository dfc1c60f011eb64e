"""The upload form's 粘贴文本 box: a table copied from a web page and pasted instead of a file.

The pasted text takes the uploaded .txt's path: kept as a file (粘贴文本.txt, its SHA-256),
previewed and imported by the background jobs. The copies in tests/data/pasted are what
Chromium puts on the clipboard (make_pasted.py there)."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.importers.normalise import normalise
from catalog.importers.readers import read_document, to_raw
from catalog.models import Catalogue, Item, Job
from catalog.staff_admin.upload import paste_limit
from tests.workers import run_queued_jobs

from .test_upload import URL, confirm, new_catalogue
from .upload_files import xlsx_bytes

pytestmark = pytest.mark.django_db
PASTED = Path(__file__).resolve().parents[1] / "data" / "pasted"


def paste(client, text, fields):
    """POST the form with `text` in the box as a browser sends a textarea (CRLF line breaks)."""
    response = client.post(URL, {**fields, "text": text.replace("\n", "\r\n")})
    if response.status_code != 302:
        return response
    job = Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert job.state == Job.State.QUEUED  # the request returned before the text was read
    run_queued_jobs()
    return client.get(response["Location"])


@pytest.mark.parametrize("name", ["shehuijiuzhu", "genhe"])
def test_a_pasted_table_is_previewed_and_imported_as_the_same_text_in_a_file(login, world, name):
    text = (PASTED / f"{name}.txt").read_text(encoding="utf-8")
    expected = [
        (item.level1, item.level2, item.level3, item.content, item.deadline_text, item.channel_text)
        for section in normalise(to_raw(read_document(text.encode("utf-8"), name="x.txt")))
        for item in section.items
    ]
    client = login("reviewer")
    items_before = Item.objects.count()
    response = paste(client, text, new_catalogue(world))
    html = response.content.decode()
    assert f"共 {len(expected)} 个事项" in html and "确认导入" in html
    assert Item.objects.count() == items_before  # the preview wrote nothing

    assert "已导入" in confirm(client, response).content.decode()
    catalogue = Catalogue.objects.get(slug="aershan-upload")
    items = catalogue.items.order_by("position")
    assert [
        (item.level1, item.level2, item.level3, item.content, item.deadline_text, item.channel_text) for item in items
    ] == expected
    # The original is the text as pasted (the clipboard's LF line breaks), under its SHA-256.
    assert catalogue.source_file == "粘贴文本.txt"
    assert catalogue.source_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    with catalogue.original.open("rb") as original:
        assert original.read() == text.encode("utf-8")


def test_a_file_and_a_paste_together_or_neither_are_refused_in_chinese(login, world):
    client = login("reviewer")
    text = (PASTED / "shehuijiuzhu.txt").read_text(encoding="utf-8")
    both = client.post(URL, {**new_catalogue(world), "text": text, "file": SimpleUploadedFile("a.xlsx", xlsx_bytes())})
    assert both.status_code == 200 and "请只上传文件或只粘贴文本，不要两者都填" in both.content.decode()
    neither = client.post(URL, {**new_catalogue(world), "text": " \r\n\t\r\n"})
    assert neither.status_code == 200
    assert "请选择要上传的目录文件，或在“粘贴文本”中粘贴从网页复制的目录表格" in neither.content.decode()
    assert not Job.objects.exists()


def test_a_paste_over_the_limit_is_refused_with_its_size_and_nothing_is_queued(login, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024  # the form's bound follows Django's
    limit = paste_limit()
    row = (PASTED / "shehuijiuzhu.txt").read_text(encoding="utf-8")
    text = row * (limit // len(row.encode("utf-8")) + 1)
    assert limit < len(text.encode("utf-8")) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = login("reviewer").post(URL, {**new_catalogue(world), "text": text})
    html = response.content.decode()
    assert response.status_code == 200 and "粘贴的文本过大" in html and "请把文本保存为 .txt 文件" in html
    assert not Job.objects.exists()


def test_the_form_shows_the_paste_box_labelled(login, world):
    html = login("reviewer").get(URL).content.decode()
    assert '<label for="id_text">粘贴文本' in html
    assert '<textarea name="text"' in html and 'aria-describedby="id_text_helptext" id="id_text"' in html


def test_a_form_over_djangos_field_limit_gets_a_chinese_page_saying_so(login, world, settings):
    # Without the page's script (static/catalog/admin/paste.js) a large paste is a form field, and
    # Django refuses fields over DATA_UPLOAD_MAX_MEMORY_SIZE before any view runs.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    text = (PASTED / "shehuijiuzhu.txt").read_text(encoding="utf-8") * 20
    assert len(text.encode("utf-8")) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = login("reviewer").post(URL, {**new_catalogue(world), "text": text})
    html = response.content.decode()
    assert response.status_code == 400 and "提交的表单内容过大" in html and "改用“目录文件”上传" in html
    assert not Job.objects.exists()
