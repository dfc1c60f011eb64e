"""The auditors' lateness check on a sample file with on-time, late, no-deadline and unmatched rows."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.deadlines import lateness as lateness_module
from catalog.deadlines.lateness import FileProblem, run_check
from catalog.exports.lateness import to_csv, to_xlsx
from catalog.models import Item, Job, LatenessCheck
from tests.exports.helpers import file_names
from tests.workers import run_queued_jobs

K = Item.DeadlineKind


def test_doctests():
    import doctest

    assert doctest.testmod(lateness_module).failed == 0


@pytest.fixture
def items(new_item):
    return {
        "dibao": new_item(
            level1="社会救助",
            level2="最低生活保障",
            deadline_text="信息形成或者变更之日起20个工作日内",
            deadline_kind=K.WORKING_DAYS,
            deadline_days=20,
        ),
        "yingji": new_item(
            level1="应急管理", level2="救灾动态", deadline_text="按进展情况及时公开", deadline_kind=K.PROMPT
        ),
        "yujing": new_item(level1="应急管理", level2="预警信息", deadline_text="即时公开", deadline_kind=K.IMMEDIATE),
        "draft": new_item(level1="草稿", level2="未发布", status=Item.Status.DRAFT, deadline_kind=K.IMMEDIATE),
    }


def sample_rows(items):
    i = items
    return [
        ["事项编号", "目录", "一级事项", "二级事项", "信息形成（变更）日期", "发布日期", "发布网址"],
        # 2: on time: due 2025-11-04 (20th working day after 国庆 Saturday 10-04), published that day.
        [i["dibao"].pk, "", "", "", "2025-10-04", "2025-11-04", "http://example.gov.cn/a"],
        # 3: matched by names (spaces as OCR prints them); published 11-06: 11-05 and 11-06 late -> 2 working days.
        [
            "",
            "测 试 县政务公开标准目录",
            "社会救助",
            "最低生活保障",
            "2025/10/4",
            "2025年11月6日",
            "http://example.gov.cn/b",
        ],
        # 4: 及时公开 -> no fixed deadline.
        [i["yingji"].pk, "", "", "", "2025-10-04", "2025-10-20", ""],
        # 5: unknown id.
        ["999999", "", "", "", "2025-10-04", "2025-10-05", ""],
        # 6: unknown catalogue.
        ["", "不存在的目录", "社会救助", "", "2025-10-04", "2025-10-05", ""],
        # 7: an item that is not published.
        [i["draft"].pk, "", "", "", "2025-10-04", "2025-10-05", ""],
        # 8: unparseable date.
        [i["dibao"].pk, "", "", "", "明天", "2025-10-05", ""],
        # 9: 即时公开, formed Fri 11-07, published Sat 11-08: late, but by less than one working day.
        [i["yujing"].pk, "", "", "", "2025-11-07", "2025-11-08", ""],
        # 10: 一级事项 matches two items and no 二级事项 given.
        ["", "测试县政务公开标准目录", "应急管理", "", "2025-11-07", "2025-11-07", ""],
        # 11: an item id that is not a number.
        ["第三项", "", "", "", "2025-11-07", "2025-11-07", ""],
    ]


def as_csv(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_sample(report, items):
    by_line = {row.line: row for row in report.rows}
    assert by_line[2].status == "on_time" and by_line[2].due == "2025-11-04"
    assert by_line[3].status == "late" and by_line[3].late_working_days == 2 and by_line[3].item_id == items["dibao"].pk
    assert "逾期 2 个工作日" in by_line[3].message
    assert by_line[4].status == "no_deadline" and "及时公开" in by_line[4].message
    assert by_line[5].status == "unmatched" and "没有编号为 999999 的事项" in by_line[5].message
    assert by_line[6].status == "unmatched" and "没有名为「不存在的目录」的目录" in by_line[6].message
    assert by_line[7].status == "unmatched" and "尚未发布" in by_line[7].message
    assert by_line[8].status == "invalid" and "无法识别为日期" in by_line[8].message and "明天" in by_line[8].message
    assert by_line[9].status == "late" and by_line[9].late_working_days == 0 and "不足1个工作日" in by_line[9].message
    assert by_line[10].status == "unmatched" and "匹配到 2 个事项" in by_line[10].message
    assert by_line[11].status == "unmatched" and "不是数字" in by_line[11].message
    counts = report.counts()
    assert counts["total"] == {
        "name": "合计",
        "total": 10,
        "on_time": 1,
        "late": 2,
        "no_deadline": 1,
        "unmatched": 5,
        "invalid": 1,
    }
    catalogue = {entry["name"]: entry for entry in counts["by_catalogue"]}["测试县政务公开标准目录"]
    assert (catalogue["on_time"], catalogue["late"], catalogue["no_deadline"]) == (1, 2, 1)
    publisher = {entry["name"]: entry for entry in counts["by_publisher"]}["测试县民政局"]
    assert publisher["late"] == 2
    assert {entry["name"] for entry in counts["by_domain"]} >= {"测试领域", "（未匹配）"}


def test_csv_sample(items):
    report = run_check(as_csv(sample_rows(items)), "sample.csv")
    check_sample(report, items)
    assert len(report.file_sha256) == 64


def test_xlsx_sample_with_real_dates_and_numbers(items):
    rows = sample_rows(items)
    rows[1][4], rows[1][5] = dt.datetime(2025, 10, 4), dt.datetime(2025, 11, 4, 9, 30)
    rows[3][0] = float(items["yingji"].pk)  # Excel keeps numbers as floats
    check_sample(run_check(as_xlsx(rows), "sample.xlsx"), items)


def test_gbk_csv_is_read(items):
    check_sample(run_check(as_csv(sample_rows(items), "gb18030"), "sample.csv"), items)


@pytest.mark.parametrize("name, make", [("sample.csv", as_csv), ("sample.xlsx", as_xlsx)])
def test_a_kept_upload_is_checked_from_its_path_as_from_its_bytes(items, tmp_path, name, make):
    """The worker checks the upload it kept by its path (catalog.files.source), read in pieces."""
    data = make(sample_rows(items))
    (tmp_path / name).write_bytes(data)
    from_path, from_bytes = run_check(tmp_path / name, name), run_check(data, name)
    check_sample(from_path, items)
    assert from_path.rows == from_bytes.rows and from_path.file_sha256 == from_bytes.file_sha256


def test_nothing_is_stored_by_a_check(items):
    run_check(as_csv(sample_rows(items)), "sample.csv")
    assert LatenessCheck.objects.count() == 0


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "a.csv", "文件是空的"),
        (as_csv([["名称", "日期"], ["x", "2025-01-01"]]), "a.csv", "缺少必需的列"),
        (as_csv([["事项编号", "信息形成日期", "发布日期"]]), "a.csv", "只有表头"),
        ("事项编号,形成日期,发布日期\n1,2025-01-01,2025-01-02\n".encode("utf-16"), "a.csv", "编码"),
        (b"not a zip file", "a.xlsx", "不是有效的 Excel"),
        (b"PK\x03\x04broken", "a.xlsx", "无法读取该 Excel 文件"),
    ],
)
def test_bad_files(db, content, name, message):
    with pytest.raises(FileProblem) as problem:
        run_check(content, name)
    assert message in str(problem.value)


def test_missing_columns_message_lists_what_was_found(db):
    with pytest.raises(FileProblem) as problem:
        run_check(as_csv([["事项编号", "日期"], ["1", "2025-01-01"]]), "a.csv")
    text = str(problem.value)
    assert "信息形成（变更）日期" in text and "发布日期" in text and "事项编号、日期" in text


def test_exports_are_formula_safe_and_excel_friendly(items):
    rows = sample_rows(items)
    rows[1][6] = '=HYPERLINK("http://evil.example","点我")'
    report = run_check(as_csv(rows), "sample.csv")
    data = to_csv(report)
    assert data.startswith("\ufeff".encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0][:3] == ["行号", "核查结果", "逾期工作日"]
    assert parsed[2][1] == "逾期公开" and parsed[2][2] == "2"

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(to_xlsx(report)))
    assert workbook.sheetnames == ["核查结果", "汇总", "文件信息"]
    sheet = workbook["核查结果"]
    assert sheet.cell(row=2, column=14).value.startswith("'=")
    assert sheet.cell(row=2, column=14).data_type == "s"


@pytest.mark.parametrize("evil", ['＝HYPERLINK("http://evil.example","点我")', "＠SUM(A1)", "－1+1"])
def test_exports_neutralise_what_any_export_does(items, evil):
    """The full-width signs LibreOffice also starts a formula with (catalog/exports/safety.py)."""
    rows = sample_rows(items)
    rows[1][6] = evil
    report = run_check(as_csv(rows), "sample.csv")
    parsed = list(csv.reader(io.StringIO(to_csv(report).decode("utf-8-sig"))))
    assert parsed[1][13] == "'" + evil

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx(report)))["核查结果"]
    assert sheet.cell(row=2, column=14).value == "'" + evil


# --- views --------------------------------------------------------------------------------


def upload(client, content, name="sample.csv"):
    """Post the file (the request returns at once to the job page), run the worker, get the page."""
    queued = client.post("/audit/lateness/", {"file": SimpleUploadedFile(name, content), "title": "十月核查"})
    if queued.status_code != 302:
        return queued
    run_queued_jobs()
    return client.get(queued["Location"])


def test_login_required(client, db):
    response = client.get("/audit/lateness/")
    assert response.status_code == 302 and response["Location"].startswith("/audit/login/")


def test_other_users_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user("citizen", password="pw-公众-123")
    client.force_login(user)
    response = client.get("/audit/lateness/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_login_page_works(client, auditor):
    assert client.get("/audit/login/").status_code == 200
    response = client.post("/audit/login/", {"username": "shenji", "password": "pw-审计-123"})
    assert response.status_code == 302


def test_upload_report_download_save(client, auditor, items):
    client.force_login(auditor)
    assert client.get("/audit/lateness/").status_code == 200
    response = upload(client, as_csv(sample_rows(items)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "按目录统计" in html and "按领域统计" in html and "按公开主体统计" in html
    assert "逾期公开（2个工作日）" in html
    assert LatenessCheck.objects.count() == 0
    blob = response.context["blob"]

    csv_response = client.post("/audit/lateness/download/", {"report": blob, "format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    assert file_names(csv_response) == ("lateness-check.csv", "公开时效核查-sample.csv")
    xlsx_response = client.post("/audit/lateness/download/", {"report": blob, "format": "xlsx"})
    assert xlsx_response.content[:4] == b"PK\x03\x04"
    assert xlsx_response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert file_names(xlsx_response) == ("lateness-check.xlsx", "公开时效核查-sample.xlsx")
    assert LatenessCheck.objects.count() == 0

    saved_response = client.post("/audit/lateness/save/", {"report": blob, "title": "十月核查"})
    assert saved_response.status_code == 302
    saved = LatenessCheck.objects.get()
    assert saved.title == "十月核查" and saved.saved_by == auditor
    import hashlib

    assert saved.file_sha256 == hashlib.sha256(as_csv(sample_rows(items))).hexdigest()
    assert saved.checked_at is not None and saved.counts["total"]["late"] == 2
    detail = client.get(saved_response["Location"])
    assert detail.status_code == 200 and saved.file_sha256 in detail.content.decode()
    assert client.get(f"/audit/lateness/checks/{saved.pk}/download/?format=xlsx").status_code == 200
    assert "十月核查" in client.get("/audit/lateness/checks/").content.decode()


def test_bad_upload_gives_a_message_not_a_500(client, auditor, db):
    client.force_login(auditor)
    response = upload(client, as_csv([["名称"], ["x"]]))  # read by the worker: the job page says why
    assert response.status_code == 200
    assert "文件无法核查：" in response.content.decode() and "缺少必需的列" in response.content.decode()
    assert "重新上传文件" in response.content.decode()
    response = upload(client, b"abc", name="notes.txt")
    assert response.status_code == 400 and "只接受 .csv 或 .xlsx 文件" in response.content.decode()
    response = client.post("/audit/lateness/", {})
    assert response.status_code == 400 and "请选择要上传的文件" in response.content.decode()


def test_tampered_report_is_refused(client, auditor, db):
    client.force_login(auditor)
    response = client.post("/audit/lateness/save/", {"report": "forged", "title": "x"})
    assert response.status_code == 400
    assert "已失效" in response.content.decode()
    assert LatenessCheck.objects.count() == 0


def test_query_count_does_not_grow_with_rows(items, django_assert_max_num_queries):
    rows = sample_rows(items)
    many = rows[:1] + rows[1:] * 30
    with django_assert_max_num_queries(8):
        report = run_check(as_csv(many), "many.csv")
    assert len(report.rows) == 300


def test_template_file_round_trips(client, auditor, items):
    client.force_login(auditor)
    response = client.get("/audit/lateness/template.csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    assert file_names(response) == ("lateness-template.csv", "公开记录模板.csv")
    # The template's header is accepted; its example row names an unknown catalogue.
    report = run_check(response.content, "template.csv")
    assert [row.status for row in report.rows] == ["unmatched"]


def test_only_web_addresses_become_links(client, auditor, items):
    client.force_login(auditor)
    rows = sample_rows(items)
    rows[1][6] = "javascript:alert(1)"
    html = upload(client, as_csv(rows)).content.decode()
    assert 'href="javascript:' not in html
    assert 'href="http://example.gov.cn/b"' in html


def test_id_wins_but_a_different_name_is_pointed_out(items):
    rows = [
        ["事项编号", "一级事项", "形成日期", "发布日期"],
        [items["dibao"].pk, "应急管理", "2025-10-04", "2025-11-04"],
    ]
    (row,) = run_check(as_csv(rows), "a.csv").rows
    assert row.status == "on_time" and row.item_id == items["dibao"].pk
    assert "一级事项与该事项（社会救助）不一致" in row.message


def test_xlsx_serial_numbers_are_dates(items):
    # 45934 days after 1899-12-30 is 2025-10-04; 45965 is 2025-11-04.
    rows = [["事项编号", "形成日期", "发布日期"], [items["dibao"].pk, 45934, 45965]]
    (row,) = run_check(as_xlsx(rows), "a.xlsx").rows
    assert (row.formed, row.published, row.status) == ("2025-10-04", "2025-11-04", "on_time")


def test_tab_separated_and_semicolon_files(items):
    for sep in ("\t", ";"):
        text = (
            sep.join(["事项编号", "形成日期", "发布日期", "备注"])
            + "\n"
            + sep.join([str(items["dibao"].pk), "2025-10-04", "2025-11-04", "已公开，见网站，按时"])
            + "\n"
        )
        (row,) = run_check(text.encode("utf-8"), "a.csv").rows
        assert row.status == "on_time"


def test_audit_login_is_throttled_like_the_admin_login(client, auditor):
    for _ in range(6):
        client.post("/audit/login/", {"username": "shenji", "password": "wrong"})
    response = client.post("/audit/login/", {"username": "shenji", "password": "pw-审计-123"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (403, 429, 200)


def test_a_merged_catalogue_cell_applies_to_every_row_it_covers(items):
    # One CSV/XLSX reader for uploads and this check (catalog/files/sheets.py): merged cells
    # are read as merges here too, where the old reader saw the rows below as blank.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["目录", "一级事项", "二级事项", "形成日期", "发布日期"])
    sheet.append(["测试县政务公开标准目录", "社会救助", "最低生活保障", "2025-10-04", "2025-11-04"])
    sheet.append([None, "应急管理", "救灾动态", "2025-10-04", "2025-10-20"])
    sheet.merge_cells("A2:A3")
    buffer = io.BytesIO()
    book.save(buffer)
    rows = run_check(buffer.getvalue(), "merged.xlsx").rows
    assert [(row.line, row.status) for row in rows] == [(2, "on_time"), (3, "no_deadline")]


def test_rows_keep_their_line_numbers_when_blank_lines_are_skipped(items):
    text = f"事项编号,形成日期,发布日期\n\n{items['dibao'].pk},2025-10-04,2025-11-06\n"
    (row,) = run_check(text.encode("utf-8"), "a.csv").rows
    assert (row.line, row.status) == (3, "late")


def test_the_upload_returns_before_the_check_and_only_its_auditor_sees_it(
    client, auditor, items, django_user_model, settings, tmp_path
):
    from django.contrib.auth.models import Permission

    settings.MEDIA_ROOT = tmp_path
    client.force_login(auditor)
    content = as_csv(sample_rows(items))
    queued = client.post("/audit/lateness/", {"file": SimpleUploadedFile("sample.csv", content), "title": "十月核查"})
    job = Job.objects.get()
    assert queued["Location"] == f"/audit/lateness/jobs/{job.pk}/"
    assert (job.kind, job.state, job.created_by) == ("lateness_check", Job.State.QUEUED, auditor)
    assert [path.read_bytes() for path in (tmp_path / "pending-lateness").iterdir()] == [content]  # kept for the worker
    page = client.get(queued["Location"]).content.decode()
    assert "排队中" in page and 'data-status-url="/audit/lateness/jobs/' in page
    assert client.get(f"/audit/lateness/jobs/{job.pk}/status/").json()["state"] == "queued"

    other = django_user_model.objects.create_user("shenji2", password="pw")
    other.user_permissions.add(Permission.objects.get(codename="run_lateness_check"))
    client.force_login(other)
    assert client.get(queued["Location"]).status_code == 404
    assert client.get(f"/audit/lateness/jobs/{job.pk}/status/").status_code == 404

    run_queued_jobs()
    assert not list((tmp_path / "pending-lateness").iterdir())  # the file is deleted once checked
    client.force_login(auditor)
    report = client.get(queued["Location"])
    assert "逾期公开（2个工作日）" in report.content.decode() and report.context["title"] == "十月核查"
    assert LatenessCheck.objects.count() == 0

    old = timezone.now() - dt.timedelta(hours=13)
    Job.objects.filter(pk=job.pk).update(finished_at=old)
    upload(client, content)  # the next check clears reports nobody saved within 12 hours
    assert Job.objects.get(pk=job.pk).result is None
    assert "已失效" in client.get(queued["Location"]).content.decode()


def test_an_auditor_with_checks_waiting_is_refused(client, auditor, settings):
    settings.JOBS_MAX_WAITING_PER_USER = 1
    client.force_login(auditor)
    first = client.post(
        "/audit/lateness/", {"file": SimpleUploadedFile("a.csv", as_csv([["名称"], ["x"]])), "title": "一"}
    )
    assert first.status_code == 302
    refused = client.post(
        "/audit/lateness/", {"file": SimpleUploadedFile("b.csv", as_csv([["名称"], ["x"]])), "title": "二"}
    )
    assert refused.status_code == 400
    assert "您已有 1 个任务在排队或运行" in refused.content.decode()
    assert Job.objects.filter(created_by=auditor).count() == 1
