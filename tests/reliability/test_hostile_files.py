"""Hostile and broken spreadsheets against both upload paths (the lateness check and the catalogue
upload): refused before parsing with a Chinese message, never a 500, nothing written."""

import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.files import UnreadableFile
from catalog.files.sheets import read_sheets
from catalog.importers.cleaners import CJK_RE
from catalog.models import Catalogue, Region
from tests.workers import run_queued_jobs

SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook(replace: dict | None = None, extra: dict | None = None) -> bytes:
    """A small real workbook, with some of its package entries replaced or added."""
    book = openpyxl.Workbook()
    book.active.append(["事项编号", "信息形成日期", "发布日期", "发布网址"])
    book.active.append([1, "2025-10-04", "2025-10-10", "https://example.gov.cn/1"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            package.writestr(info.filename, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return out.getvalue()


def bomb(megabytes=40) -> bytes:
    """Sheet XML of `megabytes` MB that deflates to a few hundred KB (the issue's 0.3–5 MB files)."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"
    rows = row * (megabytes * 1024 * 1024 // len(row))
    return workbook({SHEET: HEAD + b"<worksheet " + NS + b"><sheetData>" + rows + b"</sheetData></worksheet>"})


LAUGHS = (
    HEAD + b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b"<worksheet " + NS + b'><sheetData><row><c t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
)
DTD_ONLY = (
    HEAD + b'<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">'
    b"<worksheet " + NS + b'><sheetData><row><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
)


def hostile_files() -> dict[str, bytes]:
    good = workbook()
    return {
        "bomb": bomb(),
        "entities": workbook({SHEET: LAUGHS}),
        "dtd": workbook({SHEET: DTD_ONLY}),
        "truncated": good[: len(good) // 2],
        "garbage-sheet": workbook({SHEET: b"<worksheet><sheetData><row><c>"}),
        "no-workbook": workbook(extra={}) and _without(good, "xl/workbook.xml"),
        "many-entries": workbook(extra={f"xl/media/x{n}.bin": b"x" for n in range(3000)}),
        "wide": workbook(
            {
                SHEET: HEAD
                + b"<worksheet "
                + NS
                + b"><sheetData>"
                + b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 20000 + b"</row>"
                + b"</sheetData></worksheet>"
            }
        ),
    }  # fmt: skip


def _without(data: bytes, name: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            if info.filename != name:
                package.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


FILES = hostile_files()


@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_reader_refuses_each_hostile_file_in_chinese(kind):
    """(How fast: bench/hostile.py; the bomb is refused before any XML is parsed.)"""
    with pytest.raises(UnreadableFile) as refused:
        read_sheets(FILES[kind], name="x.xlsx")
    message = str(refused.value)
    assert CJK_RE.search(message)
    assert "Traceback" not in message and "/" not in message  # no paths or internals


@pytest.fixture
def auditor(db, django_user_model):
    user = django_user_model.objects.create_user("shenji", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="run_lateness_check"))
    return user


@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_lateness_check_answers_each_hostile_file_with_a_chinese_error(client, auditor, kind):
    client.force_login(auditor)
    queued = client.post("/audit/lateness/", {"file": SimpleUploadedFile("x.xlsx", FILES[kind])})
    assert queued.status_code == 302  # the request returns at once; the file is read by the worker
    run_queued_jobs()
    response = client.get(queued["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "文件无法核查：" in html and ("无法读取" in html or "过大" in html)


@pytest.mark.parametrize("kind", sorted(FILES))
def test_the_catalogue_upload_answers_each_hostile_file_with_a_chinese_error(client, db, django_user_model, kind):
    admin = django_user_model.objects.create_superuser("admin", "a@example.gov.cn", "pw")
    client.force_login(admin)
    region = Region.objects.create(code="hostile", name="测试县", level=Region.Level.COUNTY)
    fields = {
        "title": "测试目录",
        "slug": "hostile",
        "region": region.pk,
        "file": SimpleUploadedFile("x.xlsx", FILES[kind]),
    }
    queued = client.post("/admin/catalog/importrun/upload/", fields)
    assert queued.status_code == 302  # the request returns at once; the file is read by the worker
    run_queued_jobs()
    response = client.get(queued["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "无法读取" in html or "过大" in html or "文件中没有任何内容" in html
    assert "确认导入" not in html and not Catalogue.objects.filter(slug="hostile").exists()


def test_an_oversize_body_is_refused_before_it_is_read(client, db, django_user_model, settings):
    admin = django_user_model.objects.create_superuser("admin", "a@example.gov.cn", "pw")
    client.force_login(admin)
    read = []

    class Body(io.BytesIO):
        def read(self, *args):
            read.append(args)
            return super().read(*args)

    for url in ("/admin/catalog/importrun/upload/", "/audit/lateness/"):
        response = client.generic(
            "POST",
            url,
            b"",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(400 * 1024 * 1024),
            **{"wsgi.input": Body(b"--x--")},
        )
        assert response.status_code == 413
        assert "提交的内容过大" in response.content.decode() and "上限为 12 MB" in response.content.decode()
    assert read == []


def test_an_uploaded_file_over_the_limit_is_refused_from_its_size(client, db, django_user_model, settings):
    admin = django_user_model.objects.create_superuser("admin", "a@example.gov.cn", "pw")
    client.force_login(admin)
    settings.MAX_REQUEST_BYTES = 64 * 1024 * 1024
    region = Region.objects.create(code="big", name="测试县", level=Region.Level.COUNTY)
    data = b"a,b\n" * (11 * 1024 * 1024 // 4)
    fields = {"title": "测试目录", "slug": "big", "region": region.pk, "file": SimpleUploadedFile("x.csv", data)}
    html = client.post("/admin/catalog/importrun/upload/", fields).content.decode()
    assert "文件过大（11.0 MB），上限为 10 MB" in html
