"""Uploading catalogues: preview, confirm, errors by row, re-upload, scope."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Catalogue, ImportRun, Item, Job
from catalog.services import history
from tests.workers import run_queued_jobs

from .upload_files import ROWS, SUB, TOP, csv_bytes, table_rows, xlsx_bytes

pytestmark = pytest.mark.django_db
URL = "/admin/catalog/importrun/upload/"


def new_catalogue(world, **extra):
    return {"title": "阿尔山市上传测试目录", "slug": "aershan-upload", "region": world["regions"]["arxan"].pk, **extra}


def upload(client, data, name, fields):
    """POST the form; when it queued a preview job, run the worker and return the job page."""
    response = client.post(URL, {**fields, "file": SimpleUploadedFile(name, data)})
    if response.status_code != 302:
        return response  # the form's own errors
    job = Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert job.state == Job.State.QUEUED  # the request returned before the preview ran
    run_queued_jobs()
    return client.get(response["Location"])


def confirm(client, response, **choices):
    """确认导入 on a preview's job page: queue the import, run the worker, return the job page."""
    queued = client.post(URL, {"confirm": "1", "job": str(response.context["job"].pk), **choices})
    if queued["Location"].endswith("/upload/"):
        return client.get(queued["Location"])  # refused at once: the message is on the upload page
    run_queued_jobs()
    return client.get(queued["Location"], follow=True)


@pytest.mark.parametrize(
    "name,data", [("a.xlsx", xlsx_bytes()), ("a.csv", csv_bytes()), ("gbk.csv", csv_bytes(encoding="gb18030"))]
)
def test_preview_writes_nothing_and_confirm_writes_everything(login, users, world, name, data):
    client = login("reviewer")
    items_before = Item.objects.count()
    response = upload(client, data, name, new_catalogue(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "共 3 个事项" in html and "确认导入" in html
    assert "低保审批结果" in html and "特困人员认定" in html
    assert Item.objects.count() == items_before and not Catalogue.objects.filter(slug="aershan-upload").exists()

    done = confirm(client, response)
    assert "已导入" in done.content.decode()
    catalogue = Catalogue.objects.get(slug="aershan-upload")
    items = list(catalogue.items.order_by("position"))
    assert [item.level2 for item in items] == ["低保审批结果", "低保政策", "特困人员认定"]
    assert items[1].level1 == "最低生活保障"  # the merged cell above
    assert items[0].source_line == 5 and all(item.status == Item.Status.DRAFT for item in items)
    assert [link.channel.slug for link in items[1].channel_links.all()] == ["zhengfu-wangzhan", "gongshilan"]
    assert "低保审批结果" in items[0].search_text
    run = ImportRun.objects.get(catalogue=catalogue)
    assert run.user == "reviewer" and run.item_count == 3
    version = history.item_versions(items[0]).first()
    assert version.revision.user == users["reviewer"] and version.revision.comment == f"上传导入：{name}"


def test_text_format_goes_through_the_importer_parser(login, world):
    lines = [
        "阿尔山市上传测试目录",
        "（一）社会救助领域基层政务公开标准目录",
        "\t".join(cell or "" for cell in TOP),
        "\t".join(cell or "" for cell in SUB),
    ]
    lines += ["\t".join(cell or "" for cell in row) for row in ROWS]
    client = login("admin")
    response = upload(client, "\n".join(lines).encode(), "a.txt", new_catalogue(world))
    assert "共 3 个事项" in response.content.decode()
    confirm(client, response)
    assert Catalogue.objects.get(slug="aershan-upload").items.count() == 3


def test_reupload_updates_instead_of_duplicating(login, world):
    client = login("reviewer")
    confirm(client, upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world)))
    catalogue = Catalogue.objects.get(slug="aershan-upload")
    changed = [list(row) for row in ROWS]
    changed[2][2] = "特困人员认定结果"
    ids = list(catalogue.items.order_by("position").values_list("pk", flat=True))
    response = upload(client, xlsx_bytes(changed), "a.xlsx", {"catalogue": catalogue.pk, "edition": "2024版"})
    html = response.content.decode()
    assert "该目录现有 3 个事项" in html
    assert "未变 2 项，修改 1 项，新增 0 项，撤回 0 项，待确定 0 项" in html
    assert "特困人员认定结果" in response.context["preview"]["plan"]["changed"][0]["changes"][0]["new"]
    confirm(client, response)
    assert Catalogue.objects.filter(slug="aershan-upload").count() == 1
    assert list(catalogue.items.order_by("position").values_list("pk", "level2")) == list(
        zip(ids, ["低保审批结果", "低保政策", "特困人员认定结果"])
    )
    assert catalogue.editions.get(name="2024版").changes.get().item_id == ids[2]


def test_reupload_with_an_ambiguous_row_asks_staff_to_choose(login, world):
    client = login("reviewer")
    confirm(client, upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world)))
    catalogue = Catalogue.objects.get(slug="aershan-upload")
    third = catalogue.items.get(position=3)
    changed = [list(row) for row in ROWS]
    changed[2][2], changed[2][3] = "特困人员生活补贴发放", "补贴标准"
    response = upload(client, xlsx_bytes(changed), "a.xlsx", {"catalogue": catalogue.pk})
    html = response.content.decode()
    assert 'id="ambiguous-3"' in html and f'name="choice-3" value="{third.pk}"' in html
    # confirming without a choice writes nothing
    page = confirm(client, response).content.decode()
    assert "未写入任何内容" in page and "第 3 条" in page
    assert Item.objects.get(pk=third.pk).level2 == "特困人员认定"
    response = upload(client, xlsx_bytes(changed), "a.xlsx", {"catalogue": catalogue.pk})
    confirm(client, response, **{"choice-3": str(third.pk)})
    assert Item.objects.get(pk=third.pk).level2 == "特困人员生活补贴发放"
    assert catalogue.items.count() == 3


def test_rows_that_cannot_be_placed_are_errors_and_nothing_is_written(login, world):
    ticks_only = [None] * 8 + ["√", "", "√", "", "√", ""]
    response = upload(login("reviewer"), xlsx_bytes([ticks_only, *ROWS]), "bad.xlsx", new_catalogue(world))
    html = response.content.decode()
    assert "未写入任何内容" in html and "第 5 行" in html and "无法归属任何事项" in html
    assert "确认导入" not in html
    assert not Catalogue.objects.filter(slug="aershan-upload").exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("bad.xlsx", b"not a workbook", "不是有效的 Excel（XLSX）文件"),
        ("a.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("a.rtf", b"{\\rtf1}", "不支持的文件类型"),
        ("a.pdf", b"%PDF-1.4 broken", "无法读取该 PDF 文件"),
        ("a.docx", b"\xd0\xcf\x11\xe0old word", "旧版 Word"),
        ("empty.csv", b"", "空文件"),  # Django's own FileField message
        ("noheader.csv", "a,b\n1,2\n".encode(), "未找到表头"),
    ],
)
def test_unreadable_files_say_why_and_write_nothing(login, world, name, data, message):
    response = upload(login("reviewer"), data, name, new_catalogue(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "确认导入" not in html
    assert not Catalogue.objects.filter(slug="aershan-upload").exists()


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_separated_csv_files_are_read(login, world, delimiter):
    # The catalogue upload now shares the lateness check's CSV reader, which picks the delimiter.
    text = "\n".join(delimiter.join(cell or "" for cell in row) for row in table_rows())
    html = upload(login("reviewer"), text.encode("utf-8"), "a.csv", new_catalogue(world)).content.decode()
    assert "共 3 个事项" in html and "确认导入" in html


def test_what_a_file_is_comes_from_its_bytes_not_its_name(login, world):
    html = upload(login("reviewer"), xlsx_bytes(), "saved-as.csv", new_catalogue(world)).content.decode()
    assert "共 3 个事项" in html


def test_a_utf16_csv_is_refused_with_the_encoding_named(login, world):
    html = upload(login("reviewer"), csv_bytes(encoding="utf-16"), "a.csv", new_catalogue(world)).content.decode()
    assert "UTF-16" in html and "确认导入" not in html


def test_unknown_header_is_reported(login, world):
    rows = [["阿尔山市上传测试目录"], ["（一）社会救助领域"], [*TOP, "备注"], [*SUB, None], *ROWS]
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    html = upload(login("reviewer"), out.getvalue(), "x.xlsx", new_catalogue(world)).content.decode()
    # an unknown header is kept as 其他信息 and said so before confirming
    assert "表头“备注”不是政务公开目录的标准列名，其内容按“其他信息”随事项保存" in html
    assert "确认导入" in html


def test_form_errors_are_chinese(login, world):
    client = login("reviewer")
    html = upload(client, xlsx_bytes(), "a.xlsx", {}).content.decode()
    assert "请选择要更新的已有目录，或填写新目录的" in html
    html = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world, slug="arxan")).content.decode()
    assert "该网址标识已被使用" in html


def test_bad_or_replayed_confirm_writes_nothing(login, users, world):
    client = login("reviewer")
    response = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world))
    job = str(response.context["job"].pk)
    bad = client.post(URL, {"confirm": "1", "job": "../../etc/passwd"}, follow=True)
    assert "上传已过期" in bad.content.decode()
    other = client.__class__()
    other.force_login(users["admin"])  # not the uploader's preview: only the uploader confirms it
    assert "上传已过期" in other.post(URL, {"confirm": "1", "job": job}, follow=True).content.decode()
    confirm(client, response)
    again = client.post(URL, {"confirm": "1", "job": job}, follow=True)
    assert "上传已过期" in again.content.decode()
    assert Catalogue.objects.get(slug="aershan-upload").items.count() == 3


@pytest.mark.parametrize(
    "role,status", [("editor", 403), ("auditor", 403), ("reviewer", 200), ("admin", 200), ("unscoped", 403)]
)
def test_who_may_upload(login, world, role, status):
    assert login(role).get(URL).status_code == status


def test_reviewer_cannot_upload_into_another_region(login, world):
    client = login("reviewer")
    html = upload(
        client, xlsx_bytes(), "a.xlsx", new_catalogue(world, region=world["regions"]["genhe"].pk)
    ).content.decode()
    assert "选择一个有效的选项" in html
    html = upload(client, xlsx_bytes(), "a.xlsx", {"catalogue": world["catalogues"]["genhe"].pk}).content.decode()
    assert "选择一个有效的选项" in html
    assert world["catalogues"]["genhe"].items.count() == 1


def test_a_new_region_is_created_under_a_parent_in_scope_only_on_confirm(login, world):
    from catalog.models import Region

    client = login("reviewer")  # scoped to 阿尔山市
    fields = {
        "title": "白狼镇目录",
        "slug": "bailang",
        "new_region_name": "白狼镇",
        "new_region_parent": world["regions"]["arxan"].pk,
    }
    response = upload(client, xlsx_bytes(), "a.xlsx", fields)
    html = response.content.decode()
    assert "阿尔山市 › 白狼镇" in html and "确认导入时将新建该区划" in html and "读取方式：XLSX" in html
    assert not Region.objects.filter(name="白狼镇").exists()
    confirm(client, response)
    region = Region.objects.get(name="白狼镇")
    assert (region.parent, region.level, region.code) == (world["regions"]["arxan"], "township", "arxan-1")
    assert Catalogue.objects.get(slug="bailang").region == region


def test_a_new_region_needs_a_parent_within_the_uploaders_scope(login, world):
    client = login("reviewer")
    html = upload(
        client, xlsx_bytes(), "a.xlsx", {"title": "t", "slug": "t", "new_region_name": "新镇"}
    ).content.decode()
    assert "新建区划须选择上级区划" in html
    outside = {"title": "t", "slug": "t", "new_region_name": "新镇", "new_region_parent": world["regions"]["genhe"].pk}
    assert "选择一个有效的选项" in upload(client, xlsx_bytes(), "a.xlsx", outside).content.decode()
    both = {**new_catalogue(world), "new_region_name": "新镇", "new_region_parent": world["regions"]["arxan"].pk}
    assert "不要两者都填" in upload(client, xlsx_bytes(), "a.xlsx", both).content.decode()


def test_an_administrator_uploads_for_a_county_in_a_province_the_portal_has_never_seen(login, world):
    """No parent chosen and a path from the province down: every missing level is made on confirm;
    a scoped reviewer may not start at the top of the tree."""
    from catalog.models import Region

    fields = {"title": "盖州市目录", "slug": "gaizhou", "new_region_name": "辽宁省/营口市/盖州市"}
    refused = upload(login("reviewer"), xlsx_bytes(), "a.xlsx", fields).content.decode()
    assert "新建区划须选择上级区划" in refused
    client = login("admin")
    response = upload(client, xlsx_bytes(), "a.xlsx", fields)
    assert "辽宁省 › 营口市 › 盖州市" in response.content.decode()
    assert not Region.objects.filter(name="辽宁省").exists()
    confirm(client, response)
    region = Catalogue.objects.get(slug="gaizhou").region
    assert [(r.name, r.level) for r in [*region.ancestors(), region]] == [
        ("辽宁省", "province"),
        ("营口市", "city"),
        ("盖州市", "county"),
    ]
    nowhere = {**fields, "slug": "nowhere", "new_region_name": "营口县"}
    assert "没有名为“营口县”的顶级区划" in upload(client, xlsx_bytes(), "a.xlsx", nowhere).content.decode()


@pytest.mark.parametrize(
    "severity, message, written",
    [
        ("error", "第二列的内容与表头对不上", False),  # an error in any wording stops the import
        ("warning", "无法确认第5行的公开主体；未找到表头中的“备注”列", True),  # a warning in any wording does not
    ],
)
def test_problems_are_told_apart_by_their_severity_not_their_wording(
    login, world, monkeypatch, severity, message, written
):
    from catalog.importers import spreadsheets
    from catalog.importers.records import Problem

    read = spreadsheets.read_upload

    def read_with_a_problem(data, **kwargs):
        record = read(data, **kwargs)
        record.problems.append(Problem(5, message, severity))
        return record

    monkeypatch.setattr(spreadsheets, "read_upload", read_with_a_problem)
    client = login("reviewer")
    response = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world))
    html = response.content.decode()
    assert message in html
    assert ("确认导入" in html) is written
    if written:
        confirm(client, response)
    assert Catalogue.objects.filter(slug="aershan-upload").exists() is written


@pytest.mark.parametrize(
    "typed,date,precision",
    [("2022年10月", "2022-10-01", "month"), ("2024-03", "2024-03-01", "month"), ("2024-03-05", "2024-03-05", "day")],
)
def test_a_date_known_only_to_the_month_is_kept_as_a_month(login, world, typed, date, precision):
    client = login("reviewer")
    response = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world, issued_date=typed))
    confirm(client, response)
    catalogue = Catalogue.objects.get(slug="aershan-upload")
    assert (catalogue.issued_date.isoformat(), catalogue.issued_date_precision) == (date, precision)


def test_an_unreadable_date_is_refused_in_chinese(login, world):
    client = login("reviewer")
    html = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world, issued_date="2022年13月")).content.decode()
    assert "无法识别日期“2022年13月”" in html
    assert not Job.objects.exists()


def test_a_user_with_files_waiting_is_refused_before_the_file_is_kept(login, world, settings, tmp_path):
    settings.JOBS_MAX_WAITING_PER_USER = 2
    client = login("reviewer")
    for slug in ("aershan-upload-1", "aershan-upload-2"):
        queued = client.post(
            URL, {**new_catalogue(world, slug=slug), "file": SimpleUploadedFile("a.xlsx", xlsx_bytes())}
        )
        assert queued.status_code == 302
    kept = {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}
    refused = client.post(
        URL, {**new_catalogue(world, slug="aershan-upload-3"), "file": SimpleUploadedFile("a.xlsx", xlsx_bytes())}
    )
    assert refused.status_code == 200
    assert "您已有 2 个任务在排队或运行" in refused.content.decode()
    assert Job.objects.count() == 2
    assert {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()} == kept
    run_queued_jobs()  # the two previews finish: the account may upload again
    again = client.post(
        URL, {**new_catalogue(world, slug="aershan-upload-3"), "file": SimpleUploadedFile("a.xlsx", xlsx_bytes())}
    )
    assert again.status_code == 302 and Job.objects.count() == 3


def test_the_preview_cites_each_row_where_the_item_page_will(login, world):
    """A Word table's rows are "表格 1 第 3 行", a PDF's "第 2 页": the preview shows the same place
    the item page cites, not the reader's internal row count."""
    from tests.importers.test_readers import word_document

    html = upload(login("reviewer"), word_document(), "a.docx", new_catalogue(world)).content.decode()
    assert "<th>原文位置</th>" in html
    assert "<td>表格 1 第 3 行</td>" in html and "<td>表格 1 第 5 行</td>" in html


def test_reupload_preview_counts_every_new_row_and_lists_the_first(login, world, monkeypatch):
    """The plan lists the first PLAN_LIMIT new rows: the preview says how many more there are."""
    from catalog.importers import load

    monkeypatch.setattr(load, "PLAN_LIMIT", 1)
    client = login("reviewer")
    confirm(client, upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world)))
    catalogue = Catalogue.objects.get(slug="aershan-upload")
    more = [list(row) for row in ROWS]
    for n in (4, 5, 6):
        more.append([str(n), f"新增事项{n}", f"新增子项{n}", *ROWS[0][3:]])
    response = upload(client, xlsx_bytes(more), "a.xlsx", {"catalogue": catalogue.pk, "edition": "2025版"})
    html = response.content.decode()
    assert "未变 3 项，修改 0 项，新增 3 项，撤回 0 项，待确定 0 项" in html
    listed = html[html.index('<ul id="plan-new">') :].split("</ul>")[0]
    assert "新增事项4 / 新增子项4" in listed and "新增事项5" not in listed and "及另外 2 项" in listed
    confirm(client, response)
    assert catalogue.items.filter(level1__startswith="新增事项").count() == 3
    assert Job.objects.filter(kind="upload_import").latest("pk").result["new"] == 3


def test_the_jobs_read_the_kept_file_from_its_path_and_store_it_as_the_original(
    login, world, monkeypatch, settings, tmp_path
):
    """The preview and import jobs hand the importer the kept file's path (it is read in
    pieces, never held whole: Path.read_bytes is not called), and the original is copied from it."""
    import hashlib

    settings.MEDIA_ROOT = str(tmp_path / "media")
    data = xlsx_bytes()

    def whole_file(path):
        raise AssertionError(f"{path} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole_file)
    client = login("reviewer")
    done = confirm(client, upload(client, data, "a.xlsx", new_catalogue(world)))
    assert "已导入" in done.content.decode()
    catalogue = Catalogue.objects.get(slug="aershan-upload")
    assert catalogue.source_sha256 == hashlib.sha256(data).hexdigest()
    with catalogue.original.open("rb") as original:
        assert original.read() == data
    assert not list((tmp_path / "media" / "pending-uploads").glob("*.upload"))  # removed once written
