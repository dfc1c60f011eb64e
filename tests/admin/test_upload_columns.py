"""The upload preview's mapping step: a select a column, 重新预览, and a saved layout profile."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Catalogue, Item, LayoutProfile
from tests.workers import run_queued_jobs

from .upload_files import ROWS, SUB, TOP

pytestmark = pytest.mark.django_db
URL = "/admin/catalog/importrun/upload/"


def renamed_csv(**names) -> bytes:
    """The official layout with some headers printed otherwise (一级事项 -> 工作类别 …)."""
    out = io.StringIO()
    top = [names.get(cell, cell) for cell in TOP]
    csv.writer(out).writerows([["阿尔山市上传测试目录"], ["（一）社会救助领域基层政务公开标准目录"], top, SUB, *ROWS])
    return out.getvalue().encode("utf-8")


def fields(world):
    return {"title": "阿尔山市上传测试目录", "slug": "aershan-columns", "region": world["regions"]["arxan"].pk}


def run(client, response):
    """A POST that queued a job: the worker runs it, and the job page is returned."""
    assert response.status_code == 302 and "/admin/catalog/job/" in response["Location"]
    run_queued_jobs()
    return client.get(response["Location"])


def selects(html: str) -> dict[str, tuple[str, str]]:
    """{header as printed -> (select name, selected value)} of the preview's mapping table."""
    found = {}
    for row in re.findall(r'<tr class="upload-column">(.*?)</tr>', html, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1).strip()
        name = re.search(r'<select name="(column-\d+)"', row).group(1)
        value = re.search(r'<option value="([^"]+)" selected>', row).group(1)
        found[header] = (name, value)
    return found


def test_a_header_without_names_is_mapped_in_the_preview_and_saved_as_a_profile(login, world):
    client = login("reviewer")
    data = renamed_csv(一级事项="工作类别", 二级事项="工作项目")
    response = run(client, client.post(URL, {**fields(world), "file": SimpleUploadedFile("a.csv", data)}))
    html = response.content.decode()
    assert "表头中没有事项名称列" in html and "“工作类别”" in html and "“工作项目”" in html
    assert 'name="confirm"' not in html  # nothing to confirm yet
    columns = selects(html)
    assert columns["工作类别"][1] == "other" and columns["公开依据"][1] == "legal_basis"
    assert '<label class="visually-hidden" for="column-1"' in html and "忽略（不导入）" in html

    post = {"remap": "1", "job": str(response.context["job"].pk), columns["工作类别"][0]: "level1"}
    post[columns["工作项目"][0]] = "level2"
    post[columns["公开依据"][0]] = "no-such-field"  # a tampered value is not trusted
    again = run(client, client.post(URL, post))
    html = again.content.decode()
    assert "共 3 个事项" in html and 'name="confirm"' in html
    columns = selects(html)
    assert columns["工作类别"][1] == "level1" and columns["工作项目"][1] == "level2"
    assert columns["公开依据"][1] == "legal_basis"
    assert not Catalogue.objects.filter(slug="aershan-columns").exists()

    done = run(
        client,
        client.post(URL, {"confirm": "1", "job": str(again.context["job"].pk), "profile_name": "阿尔山救助表"}),
    )
    assert "列对应已保存为表格版式“阿尔山救助表”" in done.content.decode()
    items = Item.objects.filter(catalogue__slug="aershan-columns").order_by("position")
    assert [(i.level1, i.level2) for i in items] == [
        ("最低生活保障", "低保审批结果"),
        ("最低生活保障", "低保政策"),
        ("特困人员救助供养", "特困人员认定"),
    ]
    profile = LayoutProfile.objects.get(name="阿尔山救助表")
    assert profile.mapping["工作类别"] == "level1" and profile.created_by.username == "reviewer"

    # The next file with that header is read with the profile, without asking.
    response = run(
        client,
        client.post(URL, {**fields(world), "slug": "aershan-columns-2", "file": SimpleUploadedFile("b.csv", data)}),
    )
    html = response.content.decode()
    assert "使用版式：阿尔山救助表" in html and "共 3 个事项" in html and 'name="confirm"' in html


def test_a_stale_or_foreign_preview_cannot_remap(login, users, world):
    client = login("reviewer")
    response = client.post(URL, {"remap": "1", "job": "x" * 24, "column-0": "level1"}, follow=True)
    assert "上传已过期或已导入" in response.content.decode()
    preview = run(client, client.post(URL, {**fields(world), "file": SimpleUploadedFile("a.csv", renamed_csv())}))
    job = str(preview.context["job"].pk)
    other = client.__class__()
    other.force_login(users["admin"])
    refused = other.post(URL, {"remap": "1", "job": job, "column-0": "level1"}, follow=True)
    assert "上传已过期或已导入" in refused.content.decode()
