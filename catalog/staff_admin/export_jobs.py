"""Exports of a long selection in the staff admin's item list, as background jobs.

Up to EXPORT_DIRECT_MAX_ROWS selected items stream within the request (ItemAdmin._export);
more are written by this job kind to MEDIA_ROOT/exports/<job id>/ (kept EXPORT_FILE_HOURS),
and the request goes to the admin's job page, which offers the file when it is done. Unlike
the public export jobs the selection may hold drafts, so the file is downloaded only through
the admin (JobAdmin.download_view: staff who may see the job), and the worker exports only
the selected items still within the scope of the staff member who asked.
"""

from catalog.exports.stored import job_file, prune_exports, write_job_export
from catalog.models import Item, Job
from catalog.services import jobs, roles

ADMIN_EXPORT = "admin_export"
TITLE = "管理后台所选事项"
ORDER = ("catalogue__position", "catalogue_id", "position", "pk")


def selection(queryset):
    """The selected items in the order of every export of a selection."""
    return queryset.order_by(*ORDER)


def start(*, ids: list[int], fmt: str, origin: str, by) -> Job:
    return jobs.enqueue(kind=ADMIN_EXPORT, params={"ids": ids, "format": fmt, "origin": origin}, by=by)


def run(job: Job, progress) -> dict:
    prune_exports()
    user = job.created_by
    if user is None or not user.is_active:
        raise jobs.JobFailed("提交导出的账号已停用或删除，未导出。")
    items = selection(roles.scope_items(Item.objects.filter(pk__in=job.params["ids"]), user))
    words = f"管理后台勾选的 {len(job.params['ids'])} 个事项"
    return write_job_export(job, items, job.params["format"], title=TITLE, words=words, progress=progress)


jobs.register(
    jobs.JobKind(
        name=ADMIN_EXPORT,
        label="导出所选事项",
        run=run,
        template="admin/catalog/job/export_result.html",
        context=lambda job, request: {"file_kept": job_file(job) is not None},
        failure="导出时出现内部错误，未生成文件。请点“重新运行”；如仍失败，请联系管理员并告知任务编号。",
    )
)
