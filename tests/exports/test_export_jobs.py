"""Exports above EXPORT_DIRECT_MAX_ROWS: the request returns at once to a job page, a worker
writes the file, the page then offers it; the same export is not run twice, the queue is
bounded, old files are cleaned up, and a job's page is found only by its random address."""

import os
import time

import pytest
from django.urls import reverse

from catalog.exports import stored
from catalog.exports.stored import exports_root
from catalog.models import Job
from catalog.search.filters import filter_items
from catalog.services import jobs
from tests.workers import run_queued_jobs

from .helpers import csv_rows, file_names


@pytest.fixture
def big(settings, tmp_path):
    """Every export of more than one item goes through a job; files under a temporary MEDIA_ROOT."""
    settings.EXPORT_DIRECT_MAX_ROWS = 1
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def job_of(response) -> Job:
    assert response.status_code == 302, response.status_code
    return Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_a_long_export_returns_at_once_and_a_worker_writes_the_file(client, world, big):
    params = {"domain": "shehui-jiuzhu", "sort": "name"}
    expected = [item.pk for item in filter_items(params)[1]]
    assert len(expected) == 2
    started = client.get(reverse("exports:items", args=["csv"]), params)
    job = job_of(started)
    assert started["Location"] == reverse("exports:job", args=[job.pk])
    assert (job.kind, job.state, job.created_by) == ("export", Job.State.QUEUED, None)
    assert not exports_root().exists()  # nothing written in the request
    page = client.get(started["Location"])
    assert "排队中" in page.content.decode() and 'data-status-url="' in page.content.decode()
    assert "no-store" in page["Cache-Control"]  # never kept by the page cache

    run_queued_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.result["count"] == 2
    page = client.get(started["Location"]).content.decode()
    download = reverse("exports:job_download", args=[job.pk])
    assert f'href="{download}"' in page and 'data-status-url="' not in page
    assert "已导出 2 项（筛选条件：" in page

    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert file_names(response)[1] == job.result["filename"]
    assert job.result["filename"].startswith("政务公开事项_社会救助_") and job.result["filename"].endswith(".csv")
    assert [int(row["事项ID"]) for row in csv_rows(response)] == expected
    rows = csv_rows(client.get(download))
    assert rows[0]["网址"].startswith("http://testserver/")  # absolute, from the request that asked


def test_the_admin_job_page_shows_the_export_too(client, admin_client, world, big):
    job = job_of(client.get(reverse("exports:items", args=["json"])))
    run_queued_jobs()
    page = admin_client.get(reverse("admin:catalog_job_view", args=[job.pk])).content.decode()
    assert "导出事项" in page and reverse("exports:job_download", args=[job.pk]) in page
    assert f'<a id="job-page" href="{reverse("exports:job", args=[job.pk])}">' in page  # the public page, to pass on


def test_the_same_export_asked_again_gets_the_same_job(client, world, big):
    url = reverse("exports:items", args=["xlsx"])
    first = job_of(client.get(url, {"domain": "shehui-jiuzhu", "q": ""}))
    assert job_of(client.get(url, {"domain": "shehui-jiuzhu"})) == first  # queued: waits for it
    run_queued_jobs()
    assert job_of(client.get(url, {"domain": "shehui-jiuzhu"})) == first  # done: its file
    assert job_of(client.get(url)) != first  # other filters
    assert job_of(client.get(reverse("exports:items", args=["csv"]), {"domain": "shehui-jiuzhu"})) != first


def test_the_queue_of_export_jobs_is_bounded(client, world, big):
    big.EXPORT_JOBS_MAX_WAITING = 1
    job_of(client.get(reverse("exports:items", args=["csv"])))
    refused = client.get(reverse("exports:items", args=["json"]))
    assert refused.status_code == 503 and refused["Retry-After"]
    assert "排队的导出任务较多" in refused.content.decode()
    assert Job.objects.count() == 1


def test_a_failed_export_says_so_in_chinese_and_leaves_no_file(client, world, big, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(stored, "write_export", broken)
    job = job_of(client.get(reverse("exports:items", args=["csv"])))
    run_queued_jobs()  # the worker logs the traceback; the job records a Chinese message
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "导出时出现内部错误，未生成文件" in page and "No space" not in page
    assert "重新导出" in page
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404
    monkeypatch.undo()
    assert job_of(client.get(reverse("exports:items", args=["csv"]))) != job  # a failed job is not reused


def test_old_export_files_are_cleaned_up_and_the_page_offers_a_new_export(client, world, big):
    old = job_of(client.get(reverse("exports:items", args=["csv"])))
    run_queued_jobs()
    folder = exports_root() / str(old.pk)
    day_ago = time.time() - 25 * 3600
    os.utime(folder, (day_ago, day_ago))
    newer = job_of(client.get(reverse("exports:items", args=["json"])))
    run_queued_jobs()  # each export job first deletes the files past EXPORT_FILE_HOURS
    assert not folder.exists() and (exports_root() / str(newer.pk)).is_dir()
    page = client.get(reverse("exports:job", args=[old.pk])).content.decode()
    assert "已超过保留期限被清理" in page
    assert client.get(reverse("exports:job_download", args=[old.pk])).status_code == 404
    assert job_of(client.get(reverse("exports:items", args=["csv"]))) != old


def test_only_export_jobs_have_a_public_page(client, world, big, admin_user):
    jobs.register(jobs.JobKind(name="test_private", label="测试", run=lambda job, progress: {}))
    private = jobs.enqueue(kind="test_private", params={}, by=admin_user)
    for name in ("exports:job", "exports:job_status", "exports:job_download"):
        assert client.get(reverse(name, args=[private.pk])).status_code == 404
    assert client.get("/exports/jobs/not-a-uuid/").status_code == 404


def test_the_status_is_json_for_the_page_script(client, world, big):
    job = job_of(client.get(reverse("exports:items", args=["csv"])))
    status = client.get(reverse("exports:job_status", args=[job.pk])).json()
    assert status["state"] == "queued" and status["finished"] is False
    run_queued_jobs()
    status = client.get(reverse("exports:job_status", args=[job.pk])).json()
    published = filter_items({})[1].count()
    assert (status["state"], status["done"], status["total"]) == ("done", published, published)


def test_small_exports_still_stream_in_the_request(client, world, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = published = filter_items({})[1].count()
    response = client.get(reverse("exports:items", args=["csv"]))
    assert response.status_code == 200 and response.streaming
    assert len(csv_rows(response)) == published and not Job.objects.exists()
