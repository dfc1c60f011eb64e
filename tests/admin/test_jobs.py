"""Background jobs: the upload's requests return before the work, a worker runs it, the job
page shows progress, errors in Chinese, 中断 and 重新运行, and only to staff of the job's region."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from catalog.models import Catalogue, Job
from catalog.services import jobs
from tests.workers import run_queued_jobs

from .conftest import make_user
from .test_upload import URL, new_catalogue, upload
from .upload_files import xlsx_bytes

pytestmark = pytest.mark.django_db


def job_of(response) -> Job:
    assert response.status_code == 302
    return Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_the_upload_and_the_confirm_return_before_their_work_is_done(login, world):
    client = login("reviewer")
    posted = client.post(URL, {**new_catalogue(world), "file": SimpleUploadedFile("a.xlsx", xlsx_bytes())})
    preview = job_of(posted)
    assert posted["Location"] == f"/admin/catalog/job/{preview.pk}/"
    assert (preview.state, preview.result, preview.kind) == (Job.State.QUEUED, None, "upload_preview")
    page = client.get(posted["Location"]).content.decode()
    assert "排队中" in page and "确认导入" not in page and 'data-status-url="' in page

    run_queued_jobs()
    preview.refresh_from_db()
    assert preview.state == Job.State.DONE and preview.result["items"] == 3
    assert "共 3 个事项" in client.get(posted["Location"]).content.decode()

    queued = client.post(URL, {"confirm": "1", "job": str(preview.pk)})
    imported = job_of(queued)
    assert imported.state == Job.State.QUEUED and imported.kind == "upload_import"
    assert not Catalogue.objects.filter(slug="aershan-upload").exists()  # nothing written yet
    assert client.get(f"/admin/catalog/job/{imported.pk}/status/").json()["state"] == "queued"

    run_queued_jobs()
    imported.refresh_from_db()
    assert imported.state == Job.State.DONE
    assert Catalogue.objects.get(slug="aershan-upload").items.count() == 3
    page = client.get(queued["Location"]).content.decode()
    assert "已导入“阿尔山市上传测试目录”" in page and "在后台查看该目录的事项" in page
    assert 'data-status-url="' not in page  # finished: the page stops polling


def test_the_import_records_its_progress(login, world):
    client = login("reviewer")
    preview = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world)).context["job"]
    assert (preview.progress_done, preview.progress_total) == (3, 3)  # the dry run's rows
    job = job_of(client.post(URL, {"confirm": "1", "job": str(preview.pk)}))
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.message) == (3, 3, "记录修改历史")  # the last step
    status = client.get(f"/admin/catalog/job/{job.pk}/status/").json()
    assert status == {
        "state": "done",
        "state_label": "已完成",
        "finished": True,
        "stale": False,
        "done": 3,
        "total": 3,
        "percent": 100,
        "message": "记录修改历史",
        "error": "",
    }


def test_an_error_inside_the_job_is_a_chinese_message_and_writes_nothing(login, world, monkeypatch):
    from catalog.services import editions

    client = login("reviewer")
    preview = upload(client, xlsx_bytes(), "a.xlsx", new_catalogue(world)).context["job"]

    def broken(record, **options):
        options["progress"](1, 3)
        raise RuntimeError("database said no")

    monkeypatch.setattr(editions, "import_catalogue", broken)
    job = job_of(client.post(URL, {"confirm": "1", "job": str(preview.pk)}))
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "未写入任何内容" in job.error and "database" not in job.error
    page = client.get(f"/admin/catalog/job/{job.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and job.error in html and "重新运行" in html
    assert "RuntimeError" not in html and "Traceback" not in html
    assert not Catalogue.objects.filter(slug="aershan-upload").exists()

    monkeypatch.undo()  # the fault is gone: 重新运行 imports the same file
    client.post(f"/admin/catalog/job/{job.pk}/retry/")
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.state, job.attempt) == (Job.State.DONE, 2)
    assert Catalogue.objects.get(slug="aershan-upload").items.count() == 3


def test_a_job_whose_worker_died_shows_as_interrupted_and_can_run_again(login, world):
    client = login("reviewer")
    posted = client.post(URL, {**new_catalogue(world), "file": SimpleUploadedFile("a.xlsx", xlsx_bytes())})
    job = job_of(posted)
    # A worker took it and died: running, and nothing heard from it for longer than the limit.
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=long_ago, updated_at=long_ago)
    html = client.get(posted["Location"]).content.decode()
    assert "中断" in html and "重新运行" in html and 'data-status-url="' not in html
    assert list(Job.objects.stale()) == [job]

    client.post(f"/admin/catalog/job/{job.pk}/retry/")
    job.refresh_from_db()
    assert (job.state, job.attempt) == (Job.State.QUEUED, 2)
    jobs.run_job.call(str(job.pk), 1)  # the first attempt's task, if it ever ran again, does nothing
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result["items"] == 3


def test_a_running_job_with_recent_progress_is_not_interrupted(login, world):
    job = jobs.enqueue(kind="upload_preview", params={}, region=world["regions"]["arxan"])
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, updated_at=timezone.now())
    job.refresh_from_db()
    assert job.state_label == "运行中" and not Job.objects.stale().exists()
    with pytest.raises(jobs.JobFailed):
        jobs.retry(job=job)


def test_staff_see_their_own_jobs_and_those_of_their_regions_only(login, users, world):
    reviewer = login("reviewer")  # 阿尔山市
    job = job_of(reviewer.post(URL, {**new_catalogue(world), "file": SimpleUploadedFile("a.xlsx", xlsx_bytes())}))
    assert job.region == world["regions"]["arxan"]
    page, status = f"/admin/catalog/job/{job.pk}/", f"/admin/catalog/job/{job.pk}/status/"

    genhe_editor = Client()
    genhe_editor.force_login(make_user("genhe-editor", "编辑", [world["regions"]["genhe"]]))
    for url in (page, status):
        assert genhe_editor.get(url).status_code == 404
    assert genhe_editor.post(f"{page}retry/").status_code == 404
    assert str(job.pk) not in genhe_editor.get("/admin/catalog/job/").content.decode()

    arxan_editor = Client()
    arxan_editor.force_login(users["editor"])  # 阿尔山市: may watch, may not run it again
    assert arxan_editor.get(page).status_code == 200
    assert str(job.pk) in arxan_editor.get("/admin/catalog/job/").content.decode()
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED)
    assert arxan_editor.post(f"{page}retry/").status_code == 403

    auditor = Client()
    auditor.force_login(users["auditor"])  # every region
    assert auditor.get(status).status_code == 200
    anonymous = Client().get(page)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_another_staff_member_of_the_region_cannot_confirm_someone_elses_preview(login, users, world):
    preview = upload(login("reviewer"), xlsx_bytes(), "a.xlsx", new_catalogue(world)).context["job"]
    colleague = Client()
    colleague.force_login(make_user("colleague", "审核", [world["regions"]["arxan"]]))
    page = colleague.get(f"/admin/catalog/job/{preview.pk}/").content.decode()
    assert "共 3 个事项" in page and 'name="confirm"' not in page
    refused = colleague.post(URL, {"confirm": "1", "job": str(preview.pk)}, follow=True)
    assert "上传已过期或已导入" in refused.content.decode()
    assert Job.objects.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_inside_the_import_transaction_is_seen_by_the_job_page(world):
    """On PostgreSQL the progress made inside the one long transaction is written by the job's
    heartbeat thread (a connection of its own), so the page sees it before the commit."""
    from django.db import connections

    job = Job.objects.create(kind="upload_import", state=Job.State.RUNNING)
    progress = jobs.Progress(job, interval=0.05)
    other = connections.create_connection("default")
    query = f"SELECT progress_done, progress_total FROM {Job._meta.db_table} WHERE id = %s"
    try:
        with transaction.atomic():
            Catalogue.objects.filter(pk=world["catalogues"]["arxan"].pk).update(title="写入中")
            progress(500, 2000)
            seen = None
            for _ in range(100):
                with other.cursor() as cursor:
                    cursor.execute(query, [job.pk])
                    seen = cursor.fetchone()
                if seen == (500, 2000):
                    break
                time.sleep(0.05)
            assert seen == (500, 2000)
            with other.cursor() as cursor:
                cursor.execute(f"SELECT title FROM {Catalogue._meta.db_table} WHERE slug = 'arxan'")
                assert cursor.fetchone() == ("阿尔山市目录",)  # the transaction's own writes are not
        assert connection.vendor == "postgresql"
    finally:
        other.close()
        progress.close()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_live_job_beats_while_a_step_reports_nothing():
    """The heartbeat keeps a live job's updated_at fresh (so it never shows as 中断); a job whose
    worker died has no heartbeat and turns stale."""
    long_ago = timezone.now() - datetime.timedelta(minutes=30)
    job = Job.objects.create(kind="upload_import", state=Job.State.RUNNING, updated_at=long_ago)
    assert Job.objects.get(pk=job.pk).is_stale
    progress = jobs.Progress(job, interval=0.05, heartbeat=0.1)
    try:
        for _ in range(100):
            if not Job.objects.get(pk=job.pk).is_stale:
                break
            time.sleep(0.05)
        assert not Job.objects.get(pk=job.pk).is_stale
    finally:
        progress.close()
    assert not progress.thread.is_alive()


def test_a_long_preview_lists_every_flagged_row_and_the_first_others(login, world, monkeypatch):
    from types import SimpleNamespace

    from catalog.staff_admin import upload as upload_module

    monkeypatch.setattr(upload_module, "PREVIEW_ROWS", 2)
    items = [
        SimpleNamespace(source_line=n, source_where="", number=str(n), level1=f"事项{n}", level2="", level3="", channels=[],
                        review_reasons=["缺少序号"] if n in (3, 5) else [])
        for n in range(1, 7)
    ]  # fmt: skip
    assert [row["source_line"] for row in upload_module._preview_rows(items)] == [1, 2, 3, 5]

    monkeypatch.setattr(upload_module, "PREVIEW_ROWS", 0)
    page = upload(login("reviewer"), xlsx_bytes(), "a.xlsx", new_catalogue(world))
    section = page.context["preview"]["sections"][0]
    assert section["count"] == 3 and section["hidden"] == 3 - len(section["items"]) > 0
    assert all(row["review_reasons"] for row in section["items"])
    html = page.content.decode()
    assert f"未列出的 {section['hidden']} 个事项无需复核，确认后照常导入" in html and 'name="confirm"' in html


def test_each_job_first_deletes_the_jobs_finished_more_than_job_keep_days_ago(settings, monkeypatch):
    settings.JOB_KEEP_DAYS = 30
    monkeypatch.setitem(jobs.KINDS, "test_noop", jobs.JobKind(name="test_noop", label="测试", run=lambda job, p: {}))
    now = timezone.now()

    def job(state, days):
        made = Job.objects.create(kind="test_noop", state=state)
        Job.objects.filter(pk=made.pk).update(updated_at=now - datetime.timedelta(days=days))
        return made

    old_done, old_failed, dead = job(Job.State.DONE, 31), job(Job.State.FAILED, 31), job(Job.State.RUNNING, 31)
    kept = {job(Job.State.DONE, 29).pk, job(Job.State.FAILED, 29).pk, job(Job.State.QUEUED, 31).pk}
    new = jobs.enqueue(kind="test_noop", params={})
    assert Job.objects.filter(pk__in=[old_done.pk, old_failed.pk, dead.pk]).count() == 3  # enqueueing deletes nothing

    run_queued_jobs()
    assert set(Job.objects.values_list("pk", flat=True)) == kept | {new.pk}
    assert Job.objects.get(pk=new.pk).state == Job.State.DONE
    # prune() alone, with the clock moved on: now the 29-day-old finished ones go too.
    assert jobs.prune(now=now + datetime.timedelta(days=2)) == 2
    assert Job.objects.filter(pk__in=kept).values_list("state", flat=True).get() == Job.State.QUEUED


def test_each_job_first_deletes_the_task_records_finished_more_than_job_keep_days_ago(settings, monkeypatch):
    """django-tasks-db keeps a record of every task; they go with the same policy as the jobs."""
    from django_tasks_db.models import DBTaskResult

    settings.JOB_KEEP_DAYS = 30
    monkeypatch.setitem(jobs.KINDS, "test_noop", jobs.JobKind(name="test_noop", label="测试", run=lambda job, p: {}))
    now = timezone.now()
    finished = [jobs.enqueue(kind="test_noop", params={}) for _ in range(3)]
    run_queued_jobs()
    old, recent, failed_old = (DBTaskResult.objects.get(pk=job.task_id) for job in finished)
    assert {old.status, recent.status} == {"SUCCESSFUL"}
    for record, days in ((old, 31), (recent, 29), (failed_old, 31)):
        DBTaskResult.objects.filter(pk=record.pk).update(finished_at=now - datetime.timedelta(days=days))
    DBTaskResult.objects.filter(pk=failed_old.pk).update(status="FAILED")
    waiting = jobs.enqueue(kind="test_noop", params={})  # queued long ago, never run: kept
    DBTaskResult.objects.filter(pk=waiting.task_id).update(enqueued_at=now - datetime.timedelta(days=40))
    last = jobs.enqueue(kind="test_noop", params={})

    run_queued_jobs()  # the first of the two queued jobs prunes; the records of both are kept
    kept = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert kept == {str(recent.pk), waiting.task_id, last.task_id}
    assert DBTaskResult.objects.filter(pk__in=[waiting.task_id, last.task_id], status="SUCCESSFUL").count() == 2


def test_the_job_page_of_a_lateness_check_links_to_its_report_for_those_who_may_open_it(login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = login("reviewer")
    queued = client.post("/audit/lateness/", {"file": SimpleUploadedFile("a.csv", "事项名称\n".encode()), "title": ""})
    job = Job.objects.get(kind="lateness_check")
    admin_page = f"/admin/catalog/job/{job.pk}/"
    link = f'<a id="job-page" href="{queued["Location"]}">'
    assert link in client.get(admin_page).content.decode()
    assert client.get(queued["Location"]).status_code == 200

    login("admin")  # a superuser may open every check
    assert link in client.get(admin_page).content.decode()
    login("auditor")  # sees every region's jobs in the admin, but not another auditor's report
    page = client.get(admin_page)
    assert page.status_code == 200 and 'id="job-page"' not in page.content.decode()
    assert client.get(queued["Location"]).status_code == 404
