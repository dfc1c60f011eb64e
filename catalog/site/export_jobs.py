"""Long exports as background jobs (catalog.services.jobs): the job kind and how a request starts one.

Who may see an export job: anyone holding its address. Exports hold only published items,
which anyone may export, so the job page needs no login; its address carries the job's
random UUID, so one citizen cannot find another's jobs, and the page shows only what the
export itself says (its filters, counts, the file), never who asked or a file path. The
same export asked for again while its file is kept (same format, filters and site address)
gets the same job instead of a second run, and at most EXPORT_JOBS_MAX_WAITING export jobs
wait at once, so the public cannot fill the queue.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from catalog.exports.response import describe
from catalog.exports.stored import file_hours, job_file, prune_exports, write_job_export
from catalog.models import Job
from catalog.search.filters import filter_items
from catalog.services import jobs

EXPORT = "export"
DEFAULT_MAX_WAITING = 20


class QueueFull(Exception):
    """Too many export jobs are waiting; the message (Chinese) says to try later."""


def job_params(query: QueryDict, fmt: str, origin: str) -> dict:
    """The job's inputs: the filters (without empty values, in a fixed order), format, site address."""
    pairs = sorted((name, value) for name, values in query.lists() for value in values if value != "")
    return {"format": fmt, "query": urlencode(pairs), "origin": origin}


def start_export(*, params: dict, by=None) -> Job:
    """The export job for `params`: a running or finished one with its file still kept, or a new one.

    Raises QueueFull when EXPORT_JOBS_MAX_WAITING export jobs are already waiting."""
    recent = timezone.now() - datetime.timedelta(hours=file_hours())
    for job in Job.objects.filter(kind=EXPORT, params=params, created_at__gte=recent).exclude(state=Job.State.FAILED):
        if job.state == Job.State.DONE and job_file(job) is not None:
            return job
        if job.state in (Job.State.QUEUED, Job.State.RUNNING) and not job.is_stale:
            return job
    waiting = Job.objects.filter(kind=EXPORT, state=Job.State.QUEUED).count()
    if waiting >= int(getattr(settings, "EXPORT_JOBS_MAX_WAITING", DEFAULT_MAX_WAITING)):
        raise QueueFull("当前排队的导出任务较多，请几分钟后再试，或增加筛选条件缩小导出范围。")
    return jobs.enqueue(kind=EXPORT, params=params, by=by if getattr(by, "is_authenticated", False) else None)


def run_export(job: Job, progress) -> dict:
    """In the worker: write the export to MEDIA_ROOT/exports/<job id>/ and say what it holds."""
    prune_exports()
    fmt = job.params["format"]
    filterset, queryset = filter_items(QueryDict(job.params["query"]))
    errors = filterset.error_messages()
    if errors:
        raise jobs.JobFailed("筛选条件有误，未导出：" + "；".join(errors))
    title, words = describe(filterset)
    return write_job_export(job, queryset, fmt, title=title, words=words, progress=progress)


def page(job: Job, request) -> tuple[str, str]:
    """The public job page (anyone holding its address may open it): progress, then the download."""
    return "导出任务的公开页面（可把网址发给需要文件的人）", reverse("exports:job", args=[job.pk])


jobs.register(
    jobs.JobKind(
        name=EXPORT,
        label="导出事项",
        run=run_export,
        template="catalog/export_job_result.html",
        page=page,
        failure="导出时出现内部错误，未生成文件。请稍后重新导出；如仍失败，请联系网站管理员并告知任务编号。",
    )
)
