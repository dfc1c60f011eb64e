"""The lateness check as a background job (catalog.services.jobs).

The upload's request keeps the file (catalog.files.pending) and queues the job; the worker
checks it, deletes the file and keeps the report as the job's result, which the auditor's
job page shows as the report page always did (download, 保存本次核查). A report nobody
saved is cleared from its job after REPORT_HOURS, as the signed report of the page expires.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from catalog.deadlines.lateness import FileProblem, run_check
from catalog.files import pending
from catalog.models import Job
from catalog.services import jobs

LATENESS = "lateness_check"
REPORT_HOURS = 12


def pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "pending-lateness"


def start_check(*, upload, title: str, by) -> Job:
    """Keep the uploaded file and queue its check; returns at once."""
    token, _ = pending.store(upload.chunks(), pending_dir())
    return jobs.enqueue(kind=LATENESS, params={"token": token, "file_name": upload.name, "title": title}, by=by)


def may_see(user, job: Job) -> bool:
    """A check's page is its auditor's (and a superuser's): the report names the uploaded file's records."""
    return user.is_superuser or job.created_by_id == user.pk


def page(job: Job, request) -> tuple[str, str] | None:
    if not may_see(request.user, job):
        return None
    return "在公开时效核查页查看进度和核查报告", reverse("audit:lateness_job", args=[job.pk])


def run_lateness(job: Job, progress) -> dict:
    """In the worker: the report of the kept file (as Report.as_dict()); the file is deleted."""
    Job.objects.filter(
        kind=LATENESS, finished_at__lt=timezone.now() - datetime.timedelta(hours=REPORT_HOURS), result__isnull=False
    ).update(result=None)
    path = pending.path_of(pending_dir(), job.params.get("token", ""))
    if path is None:
        raise jobs.JobFailed("上传的文件已不在服务器上（已核查过或超过一天），请重新上传。")
    try:
        progress.stage("正在核查公开记录")
        report = run_check(path, job.params.get("file_name", ""))
    except FileProblem as problem:
        raise jobs.JobFailed(f"文件无法核查：{problem}") from problem
    finally:
        path.unlink(missing_ok=True)
    return report.as_dict()


jobs.register(
    jobs.JobKind(
        name=LATENESS,
        label="公开时效核查",
        run=run_lateness,
        page=page,
        failure="核查时出现内部错误，已停止。请重新上传文件；如仍失败，请联系管理员并告知任务编号。",
    )
)
