"""后台任务 in the admin: the list of one's jobs (and those of one's regions), and the job page
/admin/catalog/job/<id>/ that follows a job's progress and then shows its result."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from catalog.exports.stored import job_download
from catalog.models import Job
from catalog.services import jobs, roles
from catalog.staff_admin import export_jobs
from catalog.staff_admin.scoping import ViewOnlyAdminMixin

try:  # the task backend's own list of task results: English, and for operators (the worker's log)
    from django_tasks_db.models import DBTaskResult

    admin.site.unregister(DBTaskResult)
except (ImportError, admin.exceptions.NotRegistered):
    pass


class KindFilter(admin.SimpleListFilter):
    title = "类型"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(name, kind.label) for name, kind in sorted(jobs.KINDS.items())]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "kind_label", "state_label", "progress", "created_by", "region")
    list_select_related = ("created_by", "region")
    list_filter = ("state", KindFilter)
    list_display_links = None

    def get_queryset(self, request):
        return Job.objects.visible_to(request.user, region_ids=roles.region_ids_in_scope(request.user))

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    @admin.display(description="类型")
    def kind_label(self, job):
        kind = jobs.kind_of(job)
        url = reverse("admin:catalog_job_view", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, kind.label if kind else job.kind)

    @admin.display(description="状态")
    def state_label(self, job):
        return job.state_label

    @admin.display(description="进度")
    def progress(self, job):
        if job.percent is None:
            return job.message
        return f"{job.progress_done}/{job.progress_total}（{job.percent}%）{job.message}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<uuid:job_id>/", wrap(self.job_view), name="catalog_job_view"),
            path("<uuid:job_id>/status/", wrap(self.status_view), name="catalog_job_status"),
            path("<uuid:job_id>/retry/", wrap(self.retry_view), name="catalog_job_retry"),
            path("<uuid:job_id>/download/", wrap(self.download_view), name="catalog_job_download"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:catalog_job_view", args=[object_id]))

    def _job(self, request, job_id) -> Job:
        job = self.get_queryset(request).select_related("created_by", "region").filter(pk=job_id).first()
        if job is None or not self.has_view_permission(request, job):
            raise Http404("该任务不存在，或不在您负责的区划范围内。")
        return job

    def job_view(self, request, job_id):
        job = self._job(request, job_id)
        kind = jobs.kind_of(job)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"后台任务：{kind.label if kind else job.kind}",
            "job": job,
            "kind": kind,
            "status": jobs.status(job),
            "result": job.result,
            "stale_minutes": settings.JOB_STALE_MINUTES,
            "can_retry": (job.state == Job.State.FAILED or job.is_stale) and self._may_retry(request, job),
            "page": kind.page(job, request) if kind and kind.page else None,
        }
        if job.state == Job.State.DONE and kind and kind.context:
            context.update(kind.context(job, request))
        return TemplateResponse(request, "admin/catalog/job/job.html", context)

    def status_view(self, request, job_id):
        return JsonResponse(jobs.status(self._job(request, job_id)), json_dumps_params={"ensure_ascii": False})

    def download_view(self, request, job_id):
        """The file of a finished export of the admin's selection, to staff who may see the job."""
        job = self._job(request, job_id)
        response = job_download(job) if job.kind == export_jobs.ADMIN_EXPORT and job.state == Job.State.DONE else None
        if response is None:
            raise Http404("导出文件不存在或已清理。")
        response["Cache-Control"] = "no-store"
        return response

    def _may_retry(self, request, job) -> bool:
        return request.user.is_superuser or job.created_by_id == request.user.pk

    def retry_view(self, request, job_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, job_id)
        if not self._may_retry(request, job):
            raise PermissionDenied
        try:
            jobs.retry(job=job)
        except jobs.JobFailed as error:
            self.message_user(request, str(error), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:catalog_job_view", args=[job.pk]))
