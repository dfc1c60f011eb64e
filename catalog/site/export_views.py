"""Export views: the portal's FilterSet picks the items, export_response writes them.

Up to EXPORT_DIRECT_MAX_ROWS items stream in the request; a longer list is written by a
background job (catalog/site/export_jobs.py) and the request goes at once to the job's page,
which follows its progress and then offers the file.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from catalog.exports.response import FORMATS, describe, export_response
from catalog.exports.stored import job_download, job_file
from catalog.models import Job
from catalog.search.filters import filter_items
from catalog.services import jobs
from catalog.site import export_jobs
from catalog.site.throttle import Throttled, acquire

DEFAULT_MAX_ROWS = 500_000
DEFAULT_DIRECT_MAX_ROWS = 2_000


def _error(request, message: str, status: int, **headers):
    response = render(request, "catalog/export_error.html", {"message": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def export_items(request, fmt: str):
    if fmt not in FORMATS:
        return _error(request, f"不支持的导出格式“{fmt}”，可选 CSV、XLSX、JSON。", 404)
    filterset, queryset = filter_items(request.GET)
    errors = filterset.error_messages()
    if errors:
        return _error(request, "筛选条件有误，未导出：" + "；".join(errors), 400)
    limit = int(getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))
    count = queryset.count()
    if count > limit:
        message = f"导出的事项过多：共 {count} 项，单次最多导出 {limit} 项。请增加筛选条件（如目录、领域）后分批导出。"
        return _error(request, message, 400)
    try:
        slot = acquire(request)
    except Throttled as throttled:
        return _error(request, throttled.message, 429, **{"Retry-After": str(throttled.retry_after)})
    if count > int(getattr(settings, "EXPORT_DIRECT_MAX_ROWS", DEFAULT_DIRECT_MAX_ROWS)):
        try:
            origin = request.build_absolute_uri("/").rstrip("/")
            job = export_jobs.start_export(params=export_jobs.job_params(request.GET, fmt, origin), by=request.user)
        except export_jobs.QueueFull as full:
            return _error(request, str(full), 503, **{"Retry-After": "120"})
        finally:
            slot.release()
        return redirect("exports:job", job_id=job.pk)
    title, words = describe(filterset)
    try:
        return export_response(
            queryset, fmt, title=title, filters_description=words, request=request, on_close=slot.release
        )
    except Exception:
        slot.release()
        raise


def _export_job(job_id) -> Job:
    return get_object_or_404(Job, pk=job_id, kind=export_jobs.EXPORT)


@never_cache
def export_job(request, job_id):
    """The page of one export job: progress while it runs, then the download link."""
    job = _export_job(job_id)
    params = job.params
    again = reverse("exports:items", args=[params["format"]]) + (f"?{params['query']}" if params["query"] else "")
    context = {
        "job": job,
        "status": jobs.status(job),
        "result": job.result or {},
        "file_kept": job_file(job) is not None,
        "file_hours": export_jobs.file_hours(),
        "format_label": params["format"].upper(),
        "again": again,
        "search": reverse("catalog:search") + (f"?{params['query']}" if params["query"] else ""),
    }
    return render(request, "catalog/export_job.html", context)


@never_cache
def export_job_status(request, job_id):
    return JsonResponse(jobs.status(_export_job(job_id)), json_dumps_params={"ensure_ascii": False})


@never_cache
def export_job_download(request, job_id):
    job = _export_job(job_id)
    response = job_download(job) if job.state == Job.State.DONE else None
    if response is None:
        raise Http404("导出文件不存在或已清理。")
    return response
