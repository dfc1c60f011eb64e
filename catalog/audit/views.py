"""Auditors' lateness check. Nothing is stored until the auditor presses 保存: the computed
report travels between pages as a signed, compressed hidden field."""

import csv
import io
from functools import wraps
from urllib.parse import quote

from django.contrib.auth.views import LoginView, redirect_to_login
from django.core import signing
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.audit import jobs as lateness_jobs
from catalog.audit.forms import LatenessUploadForm
from catalog.deadlines.lateness import STATUS_LABELS, STATUSES, Report
from catalog.exports.lateness import to_csv, to_xlsx
from catalog.exports.response import file_response
from catalog.models import Job, LatenessCheck
from catalog.services import jobs
from catalog.services.lateness import lateness_check_save

SALT = "catalog.deadlines.lateness-report"
MAX_AGE = 12 * 60 * 60


def can_audit(user) -> bool:
    return user.is_active and (user.is_staff or user.has_perm("catalog.run_lateness_check"))


def auditor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("audit:login"))
        if not can_audit(request.user):
            return render(request, "audit/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


class AuditLoginView(LoginView):
    template_name = "audit/login.html"
    next_page = reverse_lazy("audit:lateness")


def _report_context(report: Report, **extra) -> dict:
    counts = report.counts()

    def as_rows(entries):
        return [(entry["name"], entry["total"], [entry[status] for status in STATUSES]) for entry in entries]

    return {
        "report": report,
        "total": as_rows([counts["total"]])[0],
        "groups": [
            ("目录", "by-catalogue", as_rows(counts["by_catalogue"])),
            ("领域", "by-domain", as_rows(counts["by_domain"])),
            ("公开主体", "by-publisher", as_rows(counts["by_publisher"])),
        ],
        "status_labels": [STATUS_LABELS[status] for status in STATUSES],
        **extra,
    }


@auditor_required
def check(request):
    if request.method != "POST":
        return render(request, "audit/lateness_form.html", {"form": LatenessUploadForm()})
    form = LatenessUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            jobs.check_room(request.user)
        except jobs.TooManyJobs as refusal:
            form.add_error(None, str(refusal))
    if not form.is_valid():
        return render(request, "audit/lateness_form.html", {"form": form}, status=400)
    job = lateness_jobs.start_check(upload=form.cleaned_data["file"], title=form.cleaned_data["title"], by=request.user)
    return redirect("audit:lateness_job", job_id=job.pk)


def _lateness_job(request, job_id) -> Job:
    """The auditor's own check (any check for a superuser), else 404."""
    job = Job.objects.filter(pk=job_id, kind=lateness_jobs.LATENESS).first()
    if job is None or not lateness_jobs.may_see(request.user, job):
        raise Http404("没有这次核查。")
    return job


@never_cache
@auditor_required
def lateness_job(request, job_id):
    """The check's progress, then its report (as the upload's answer was before it became a job)."""
    job = _lateness_job(request, job_id)
    if job.state != Job.State.DONE:
        return render(request, "audit/lateness_job.html", {"job": job, "status": jobs.status(job)})
    if job.result is None:  # cleared after REPORT_HOURS, as the signed report expires
        return _expired(request)
    report = Report.from_dict(job.result)
    blob = signing.dumps(job.result, salt=SALT, compress=True)
    return render(
        request, "audit/lateness_report.html", _report_context(report, blob=blob, title=job.params.get("title", ""))
    )


@never_cache
@auditor_required
def lateness_job_status(request, job_id):
    return JsonResponse(jobs.status(_lateness_job(request, job_id)), json_dumps_params={"ensure_ascii": False})


def _load_blob(request) -> Report | None:
    try:
        return Report.from_dict(signing.loads(request.POST.get("report", ""), salt=SALT, max_age=MAX_AGE))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _expired(request):
    form = LatenessUploadForm()
    return render(
        request,
        "audit/lateness_form.html",
        {"form": form, "file_problem": "核查结果已失效或不完整（超过12小时或数据被改动），请重新上传文件。"},
        status=400,
    )


def _file_response(report: Report, fmt: str) -> HttpResponse:
    stem = report.file_name.rsplit(".", 1)[0] or "report"
    suffix = "xlsx" if fmt == "xlsx" else "csv"
    body = to_xlsx(report) if suffix == "xlsx" else to_csv(report)
    return file_response(body, f"公开时效核查-{stem}.{suffix}", fallback=f"lateness-check.{suffix}")


@require_POST
@auditor_required
def download(request):
    report = _load_blob(request)
    if report is None:
        return _expired(request)
    return _file_response(report, request.POST.get("format", "csv"))


@require_POST
@auditor_required
def save(request):
    report = _load_blob(request)
    if report is None:
        return _expired(request)
    saved = lateness_check_save(report=report, title=request.POST.get("title", ""), by=request.user)
    return redirect("audit:lateness_saved", pk=saved.pk)


@auditor_required
def sample_file(request):
    """An empty CSV with the expected header and one example row (UTF-8 with BOM, opens in Excel)."""
    rows = [
        ["事项编号", "目录", "一级事项", "二级事项", "三级事项", "信息形成（变更）日期", "发布日期", "发布网址"],
        [
            "",
            "某某县政务公开标准目录",
            "社会救助",
            "最低生活保障",
            "",
            "2025-10-04",
            "2025-11-04",
            "http://www.example.gov.cn/xxgk/1.html",
        ],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return file_response(body, "公开记录模板.csv", fallback="lateness-template.csv")


@auditor_required
def saved_list(request):
    checks = LatenessCheck.objects.select_related("saved_by").defer("rows")
    return render(request, "audit/lateness_saved_list.html", {"checks": checks})


def _saved_report(check: LatenessCheck) -> Report:
    return Report.from_dict(
        {
            "file_name": check.file_name,
            "file_sha256": check.file_sha256,
            "checked_at": check.checked_at.isoformat(),
            "rows": check.rows,
        }
    )


@auditor_required
def saved_detail(request, pk):
    saved = get_object_or_404(LatenessCheck, pk=pk)
    return render(request, "audit/lateness_report.html", _report_context(_saved_report(saved), saved=saved))


@auditor_required
def saved_download(request, pk):
    saved = get_object_or_404(LatenessCheck, pk=pk)
    return _file_response(_saved_report(saved), request.GET.get("format", "csv"))


@auditor_required
def compare(request):
    """对标核查: one catalogue against a reference (read-only; ?format=xlsx|csv downloads)."""
    from django.utils import timezone

    from catalog.audit.forms import CompareForm
    from catalog.compare.comparison import GROUP_LABELS, GROUPS, RULES, compare_catalogues
    from catalog.exports.comparison import ComparisonMeta
    from catalog.exports.comparison import to_csv as comparison_csv
    from catalog.exports.comparison import to_xlsx as comparison_xlsx

    if not request.GET:
        return render(request, "audit/compare.html", {"form": CompareForm()})
    form = CompareForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/compare.html", {"form": form}, status=400)
    catalogue, reference, domain = (form.cleaned_data[name] for name in ("catalogue", "reference", "domain"))
    result = compare_catalogues(catalogue, reference, domain)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        meta = ComparisonMeta(
            catalogue=f"{catalogue.title}（{catalogue.region.name}，{catalogue.slug}）",
            reference=f"{reference.title}（{reference.region.name}，{reference.slug}）",
            domain=domain.name if domain else "参照目录的全部领域",
            generated_at=timezone.localtime(),
        )
        body = comparison_xlsx(result, meta) if fmt == "xlsx" else comparison_csv(result, meta)
        return file_response(body, f"对标核查-{catalogue.slug}-{reference.slug}.{fmt}", fallback=f"compare.{fmt}")
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "audit/compare.html",
        {
            "form": form,
            "catalogue": catalogue,
            "reference": reference,
            "domain": domain,
            "result": result,
            "groups": [(name, GROUP_LABELS[name], result.group(name)) for name in GROUPS],
            "query": query.urlencode(),
            "rules": RULES,
        },
    )


COVERAGE_PAGE_SIZE = 100


@auditor_required
def coverage(request):
    """对标核查 for a region: every catalogue under it × domain, from stored coverage, worst first."""
    from django.core.paginator import Paginator

    from catalog.audit.forms import CoverageForm
    from catalog.compare.regions import default_columns, reference_columns, region_rows

    if not request.GET:
        return render(request, "audit/coverage.html", {"form": CoverageForm()})
    form = CoverageForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/coverage.html", {"form": form}, status=400)
    region, reference = form.cleaned_data["region"], form.cleaned_data["reference"]
    columns = reference_columns(reference) if reference else default_columns(region)
    rows = region_rows(region, columns)
    if request.GET.get("format") == "xlsx":
        from django.utils import timezone

        from catalog.exports.comparison import coverage_xlsx

        body = coverage_xlsx(region, reference, columns, rows, timezone.localtime())
        return file_response(body, f"覆盖率-{region.code}.xlsx", fallback="coverage.xlsx")
    page = Paginator(rows, COVERAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    # Each cell's link, built here once per cell rather than by a {% url %} tag per cell.
    base = reverse("audit:compare")
    slugs = [(column.reference.catalogue.slug, column.domain.slug) for column in columns]
    for row in page.object_list:
        catalogue = quote(row.catalogue.slug)
        row.links = [
            (
                f"{base}?catalogue={catalogue}&reference={quote(ref)}&domain={quote(dom)}",
                "—" if cell.percent is None else f"{cell.percent}%",
                f"缺少 {cell.missing}，弱于参照 {cell.weaker}",
            )
            if cell is not None
            else None
            for cell, (ref, dom) in zip(row.cells, slugs, strict=True)
        ]
    query = request.GET.copy()
    for name in ("format", "page"):
        query.pop(name, None)
    return render(
        request,
        "audit/coverage.html",
        {
            "form": form,
            "region": region,
            "reference": reference,
            "columns": columns,
            "page": page,
            "total": len(rows),
            "query": query.urlencode(),
        },
    )
