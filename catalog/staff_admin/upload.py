"""Uploading a catalogue: file -> dry-run preview -> confirm writes it in one transaction.

Both steps run as background jobs (catalog.services.jobs); the requests return at once and
the job page shows the progress, then the preview or the import's report."""

import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from catalog.files import pending
from catalog.files.source import sha256 as file_sha256
from catalog.importers.pagetext import parse_date_precision
from catalog.importers.places import chain_of, new_region_chain
from catalog.importers.records import ImportFailed
from catalog.models import Catalogue, Domain, Item, Job, Region
from catalog.models.catalogue import DatePrecision
from catalog.services import editions, jobs, roles

TOKEN_RE = pending.TOKEN_RE


class UploadForm(forms.Form):
    file = forms.FileField(
        label="目录文件",
        required=False,
        help_text="XLSX、CSV、Word（.docx）、PDF（含文字层）、网页（.html，可为另存的网页或复制的表格）或 .txt 文本；表格可含合并单元格。旧版 .doc、.xls 请先另存为 .docx、.xlsx。",
    )
    text = forms.CharField(
        label="粘贴文本",
        required=False,
        strip=False,  # a copied table's first cell may be empty: its tab is part of the row
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="不上传文件时，可在网页上选中目录表格（连同标题）复制，粘贴到这里；按上传的 .txt 文本读取，"
        "原件保存为“粘贴文本.txt”。",
    )
    catalogue = forms.ModelChoiceField(
        label="更新已有目录",
        queryset=Catalogue.objects.none(),
        required=False,
        help_text="重新上传同一目录（或其新版本）时选择它：现有事项逐条对应并就地更新，网址不变；新版中没有的事项撤回（不删除）。",
    )
    title = forms.CharField(label="新目录名称", max_length=300, required=False)
    slug = forms.SlugField(
        label="新目录网址标识", max_length=80, required=False, help_text="小写字母、数字和连字符，如 aershan-2024"
    )
    region = forms.ModelChoiceField(
        label="行政区划",
        queryset=Region.objects.none(),
        required=False,
        help_text="已有的区划；门户中还没有的，请在下面新建。",
    )
    new_region_name = forms.CharField(
        label="新建区划名称",
        max_length=300,
        required=False,
        help_text="如 互助土族自治县，或 营口市/盖州市（门户中没有的上级一并新建）；已有区划请在上面选择",
    )
    new_region_parent = forms.ModelChoiceField(
        label="新建区划的上级",
        queryset=Region.objects.none(),
        required=False,
        help_text="管理员新建门户中还没有的省份时不选，名称从省级写起，如 辽宁省/营口市/盖州市",
    )
    new_region_level = forms.ChoiceField(
        label="新建区划的层级", choices=[("", "比上级低一级")] + list(Region.Level.choices), required=False
    )
    issuer = forms.CharField(label="发布机构", max_length=200, required=False)
    issued_date = forms.CharField(
        label="发布日期", max_length=30, required=False, help_text="如 2024-03-01；只知道年月时写 2024年3月 或 2024-03"
    )
    domain = forms.ModelChoiceField(
        label="领域", queryset=Domain.objects.all(), required=False, help_text="文件没有“（一）××领域”分表标题时使用"
    )
    edition = forms.CharField(
        label="版本名称", max_length=50, required=False, help_text="如 2024版；不填时取发布日期的年份"
    )
    publish = forms.BooleanField(label="导入后直接发布", required=False, help_text="不勾选则以草稿导入，复核后再发布。")
    scanned = forms.BooleanField(
        label="原件是扫描件",
        required=False,
        help_text="新目录的文字由扫描件识别（OCR）录入时勾选：事项页的来源说明会注明“扫描件识别录入”。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["catalogue"].queryset = roles.scope_catalogues(Catalogue.objects.select_related("region"), user)
        region_ids = roles.region_ids_in_scope(user)
        regions = Region.objects.all()
        self.fields["region"].queryset = regions if region_ids is None else regions.filter(pk__in=region_ids)
        self.fields["new_region_parent"].queryset = self.fields["region"].queryset
        if not user.has_perm("catalog.publish_item"):
            del self.fields["publish"]
        # For static/catalog/admin/paste.js: a larger paste is sent as the file 粘贴文本.txt.
        self.fields["text"].widget.attrs.update({"data-max-bytes": paste_limit(), "data-file-name": PASTED_NAME})

    def clean_file(self):
        """The size from the upload's headers, before the file (streamed to disk) is read."""
        from catalog.importers.readers import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload and upload.size > MAX_BYTES:
            size, limit = upload.size / 1024 / 1024, MAX_BYTES // 1024 // 1024
            raise forms.ValidationError(f"文件过大（{size:.1f} MB），上限为 {limit} MB：请拆分后分批上传。")
        return upload

    def clean_text(self) -> str:
        """The pasted text with the browser's CRLF line breaks as the clipboard had them (LF);
        "" when it holds nothing but blanks."""
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if not text.strip():
            return ""
        size = len(text.encode("utf-8"))
        if size > paste_limit():
            raise forms.ValidationError(
                f"粘贴的文本过大（{size / 1024 / 1024:.1f} MB），粘贴上限为 {paste_limit() / 1024 / 1024:.1f} MB："
                "请把文本保存为 .txt 文件，用“目录文件”上传（文件上限 10 MB）。"
            )
        return text

    def clean_issued_date(self) -> tuple[datetime.date, str] | None:
        """The date and how precise it is: a month alone (2024年3月) is kept as a month."""
        text = self.cleaned_data["issued_date"].strip()
        if not text:
            return None
        date, precision = parse_date_precision(text)
        if date is None:
            raise forms.ValidationError(f"无法识别日期“{text}”：请写成 2024-03-01，或只知道年月时写 2024年3月。")
        return date, precision

    def clean(self):
        data = super().clean()
        try:
            jobs.check_room(self.user)
        except jobs.TooManyJobs as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        if data.get("file") and data.get("text"):
            self.add_error("text", "请只上传文件或只粘贴文本，不要两者都填：要导入粘贴的文本，请先清除所选文件。")
        elif not data.get("file") and not data.get("text") and "file" not in self.errors and "text" not in self.errors:
            self.add_error("file", "请选择要上传的目录文件，或在“粘贴文本”中粘贴从网页复制的目录表格。")
        if data.get("catalogue"):
            return data
        if data.get("new_region_name") and data.get("region"):
            self.add_error("new_region_name", "请只选择已有区划或只填写新建区划，不要两者都填。")
        # Only staff without a scope (administrators) may start a new region at the top of the tree.
        top_allowed = roles.region_ids_in_scope(self.user) is None
        if data.get("new_region_name") and not data.get("new_region_parent") and not top_allowed:
            self.add_error("new_region_parent", "新建区划须选择上级区划（在您的管理范围内）。")
        elif data.get("new_region_name"):
            try:
                new_region_chain(
                    name=data["new_region_name"],
                    parent=data.get("new_region_parent"),
                    level=data.get("new_region_level", ""),
                )
            except ImportFailed as error:
                self.add_error("new_region_name", str(error))
        missing = [self.fields[name].label for name in ("title", "slug") if not data.get(name)]
        if not data.get("region") and not data.get("new_region_name"):
            missing.append("行政区划（选择已有或新建）")
        if missing:
            raise forms.ValidationError(f"请选择要更新的已有目录，或填写新目录的{'、'.join(missing)}。")
        if Catalogue.objects.filter(slug=data["slug"]).exists():
            self.add_error("slug", "该网址标识已被使用：如要更新该目录，请在“更新已有目录”中选择它。")
        return data

    def meta_fields(self) -> dict:
        """What the confirm step needs to rebuild the catalogue's metadata (JSON-safe)."""
        data = self.cleaned_data
        date, precision = data.get("issued_date") or (None, DatePrecision.DAY)
        return {
            "catalogue": data["catalogue"].pk if data.get("catalogue") else None,
            "title": data.get("title", ""),
            "slug": data.get("slug", ""),
            "region": data["region"].pk if data.get("region") else None,
            "new_region": {
                "name": data["new_region_name"],
                "parent": data["new_region_parent"].pk if data.get("new_region_parent") else None,
                "level": data.get("new_region_level", ""),
            }
            if data.get("new_region_name")
            else None,
            "issuer": data.get("issuer", ""),
            "issued_date": date.isoformat() if date else None,
            "issued_date_precision": precision,
            "domain": data["domain"].pk if data.get("domain") else None,
            "publish": bool(data.get("publish")),
            "scanned": bool(data.get("scanned")),
            "edition": data.get("edition", ""),
        }


# The name the pasted text is read and kept under (its original, with its SHA-256).
PASTED_NAME = "粘贴文本.txt"


def paste_limit() -> int:
    """The most pasted text a request carries: form fields are held in memory, bounded by
    DATA_UPLOAD_MAX_MEMORY_SIZE for the whole form (the other fields need a few KB)."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 64 * 1024


def build_meta(fields: dict, user):
    """CatalogueMeta for the importer; raises PermissionDenied outside the user's scope."""
    from catalog.importers.records import CatalogueMeta

    domain = Domain.objects.filter(pk=fields["domain"]).first() if fields["domain"] else None
    domain_pair = (domain.name, domain.slug) if domain else None
    if fields["catalogue"]:
        catalogue = roles.scope_catalogues(Catalogue.objects.all(), user).filter(pk=fields["catalogue"]).first()
        if catalogue is None:
            raise PermissionDenied
        region = catalogue.region
        if domain_pair is None:
            first = catalogue.sections.select_related("domain").first()
            domain_pair = (first.domain.name, first.domain.slug) if first else None
        meta = dict(
            slug=catalogue.slug,
            title=catalogue.title,
            issuer=catalogue.issuer,
            issued_date=catalogue.issued_date,
            issued_date_precision=catalogue.issued_date_precision,
            provenance=catalogue.provenance,
            scanned=catalogue.scanned,
            position=catalogue.position,
        )
    else:
        region_ids = roles.region_ids_in_scope(user)
        new = fields.get("new_region")
        where = new["parent"] if new else fields["region"]
        if region_ids is not None and where not in region_ids:
            raise PermissionDenied
        if new:
            parent = Region.objects.get(pk=new["parent"]) if new["parent"] else None
            chain = new_region_chain(name=new["name"], parent=parent, level=new["level"])
        else:
            chain = chain_of(Region.objects.get(pk=fields["region"]))
        issued = datetime.date.fromisoformat(fields["issued_date"]) if fields["issued_date"] else None
        last = Catalogue.objects.order_by("-position").values_list("position", flat=True).first() or 0
        meta = dict(
            slug=fields["slug"],
            title=fields["title"],
            issuer=fields["issuer"],
            issued_date=issued,
            issued_date_precision=fields.get("issued_date_precision", DatePrecision.DAY),
            provenance="由管理后台上传导入。",
            scanned=bool(fields.get("scanned")),
            position=last + 1,
        )
        return CatalogueMeta(region=chain, domain=domain_pair, **meta)
    return CatalogueMeta(region=chain_of(region), domain=domain_pair, **meta)


def stale_preview(pending: dict, path: Path, user) -> str:
    """Why a confirm may not write what its preview showed (a Chinese message), or "".

    Everything the preview checked is checked again, as it is now: the file is byte for byte
    the one previewed (SHA-256), the uploader still holds the catalogue or region in scope, and
    a new catalogue's 网址标识 is still free. Between preview and confirm another region may
    have imported a catalogue of that name; confirming would move it here and replace its items.
    """
    fields = pending["fields"]
    if pending.get("sha256") != file_sha256(path):
        return "待导入的文件与预览时的文件不一致，请重新上传。"
    if fields["catalogue"]:
        in_scope = roles.scope_catalogues(Catalogue.objects.all(), user).filter(pk=fields["catalogue"])
        if not in_scope.exists():
            return "该目录已不存在或已不在您的管理范围内，请重新上传。"
        return ""
    if Catalogue.objects.filter(slug=fields["slug"]).exists():
        return (
            f"网址标识“{fields['slug']}”在预览之后已被另一个目录使用。"
            "如要更新该目录，请重新上传并在“更新已有目录”中选择它；否则请换一个网址标识。"
        )
    region_ids = roles.region_ids_in_scope(user)
    where = fields["new_region"]["parent"] if fields.get("new_region") else fields["region"]
    if region_ids is not None and where not in region_ids:
        return "该行政区划已不在您的管理范围内，请重新上传。"
    return ""


def split_problems(record) -> tuple[list[dict], list[dict]]:
    """(errors, warnings and notes) by row, as the importer classed them."""
    from catalog.importers.records import Severity
    from catalog.importers.spreadsheets import errors_of

    errors, warnings = [], []
    for problem in errors_of(record):
        (errors if problem["severity"] == Severity.ERROR else warnings).append(problem)
    return errors, warnings


def _preview(path: Path, name: str, meta, *, user, fields: dict, given: dict | None = None, progress=None) -> dict:
    """Read and dry-run the file: items, flagged rows, errors, and how each column is read
    (``given``: the columns staff changed in the preview). Writes nothing."""
    from catalog.importers.load import import_record
    from catalog.importers.profiles import corrections, preview_columns
    from catalog.importers.records import ImportFailed, MissingNames
    from catalog.importers.spreadsheets import read_upload

    progress = progress or (lambda done, total: None)
    try:
        record = read_upload(path, name=name, meta=meta, overrides=corrections(given=given))
    except ImportFailed as error:
        columns = preview_columns([error.mapping]) if isinstance(error, MissingNames) else []
        return {
            "fatal": str(error),
            "errors": [],
            "warnings": [],
            "sections": [],
            "items": 0,
            "flagged": 0,
            "columns": columns,
        }
    errors, warnings = split_problems(record)
    fatal, plan = "", None
    if not errors:
        if hasattr(progress, "stage"):
            progress.stage("试运行导入（写入后撤销，检查每一行）", record.item_count)
        try:
            report = import_record(
                record,
                draft=True,
                dry_run=True,
                user=user.get_username(),
                edition=fields.get("edition", ""),
                progress=progress,
            )
            plan = report["plan"]
            plan["new_unlisted"] = plan["new_count"] - len(plan["new"])  # "及另外 N 项"
        except ImportFailed as error:
            fatal = str(error)
    sections = []
    for section in record.sections:
        rows = _preview_rows(section.items)
        sections.append(
            {
                "heading": section.heading or section.domain_name,
                "items": rows,
                "count": len(section.items),
                "hidden": len(section.items) - len(rows),
                "flagged": sum(1 for row in rows if row["review_reasons"]),  # every flagged row is listed
            }
        )
    return {
        "fatal": fatal,
        "errors": errors,
        "warnings": warnings,
        "sections": sections,
        "items": record.item_count,
        "flagged": sum(s["flagged"] for s in sections),
        "replaces": Item.objects.current().filter(catalogue__slug=meta.slug).count(),
        "plan": plan,
        "reader": record.reader,
        "columns": preview_columns(record.mappings),
        "profiles": record.profiles,
        "place": " › ".join(name for _, name, _ in meta.region),
        "new_region": not Region.objects.filter(code=meta.region[-1][0]).exists(),
    }


# Rows listed a table in the preview: every row to be reviewed, the others up to this many.
PREVIEW_ROWS = 500


def _preview_rows(items) -> list[dict]:
    """The rows the preview lists, in file order: every flagged one, and the first
    PREVIEW_ROWS others (a 20,000-row file would make a page of many megabytes)."""
    rows, plain = [], 0
    for item in items:
        if not item.review_reasons:
            if plain >= PREVIEW_ROWS:
                continue
            plain += 1
        rows.append(_preview_row(item))
    return rows


def _preview_row(item) -> dict:
    """What the preview table shows of one item (kept as JSON in the job's result)."""
    return {
        "source_line": item.source_line,
        # Where the item is in the original, as its page cites it ("第 3 页", "表格 1 第 5 行").
        "where": item.source_where or f"第 {item.source_line} 行",
        "number": item.number,
        "level1": item.level1,
        "level2": item.level2,
        "level3": item.level3,
        "channels": [channel.detail or channel.slug for channel in item.channels],
        "review_reasons": list(item.review_reasons),
    }


def choices_from(post) -> dict[int, int | None]:
    """Staff's choices for ambiguous rows: choice-<position> = an item id or "new"."""
    choices = {}
    for key, value in post.items():
        position = key.removeprefix("choice-")
        if key.startswith("choice-") and position.isdigit() and (value == "new" or value.isdigit()):
            choices[int(position)] = None if value == "new" else int(value)
    return choices


def upload_dir() -> Path:
    """Uploaded files waiting for their preview and confirm: under MEDIA_ROOT, which the web
    processes and the task workers share (never served: media is not a public URL)."""
    return Path(settings.MEDIA_ROOT) / "pending-uploads"


def _path(token: str) -> Path:
    return upload_dir() / f"{token}{pending.SUFFIX}"


def _store(upload) -> tuple[str, str]:
    """The uploaded file (already streamed to disk by Django) copied chunk by chunk to a
    new token's path; (token, SHA-256). Files older than a day, never confirmed, are removed."""
    return pending.store(upload.chunks(), upload_dir())


def _store_form(data: dict) -> tuple[str, str, str]:
    """The form's file, or its pasted text as the UTF-8 file 粘贴文本.txt: (token, SHA-256, name).
    Either way the job reads a kept file, so a paste takes the uploaded .txt's path."""
    if data.get("file"):
        return (*_store(data["file"]), Path(data["file"].name).name)
    return (*pending.store([data["text"].encode("utf-8")], upload_dir()), PASTED_NAME)


def _job_region(data: dict):
    """The region whose staff may watch the job: the catalogue's, the chosen one, or the new one's parent."""
    if data.get("catalogue"):
        return data["catalogue"].region
    return data.get("region") or data.get("new_region_parent")


def _pending(job) -> Path | None:
    """The file a preview job read, if it is still waiting to be confirmed."""
    token = job.params.get("token", "")
    if not TOKEN_RE.match(token) or job.params.get("confirmed_by") or not _path(token).exists():
        return None
    return _path(token)


def can_remap(job, user) -> bool:
    """A finished preview of `user`'s own upload, whose file waits: its columns may be chosen again."""
    return (
        job.kind == PREVIEW
        and job.state == Job.State.DONE
        and job.created_by_id == user.pk
        and bool((job.result or {}).get("columns"))
        and _pending(job) is not None
    )


def can_confirm(job, user) -> bool:
    """A finished, clean preview of `user`'s own upload, not confirmed yet."""
    result = job.result or {}
    return (
        job.kind == PREVIEW
        and job.state == Job.State.DONE
        and job.created_by_id == user.pk
        and not result.get("fatal")
        and not result.get("errors")
        and _pending(job) is not None
    )


class UploadViewMixin:
    """Mixed into ImportRunAdmin: /admin/catalog/importrun/upload/.

    The POST stores the file and queues a preview job; the job page (JobAdmin) shows the
    preview with 确认导入, whose POST comes back here and queues the import job."""

    def has_upload_permission(self, request):
        return request.user.has_perm("catalog.upload_catalogue")

    def upload_view(self, request):
        if not self.has_upload_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        if request.method == "POST" and "remap" in request.POST:
            return self._remap(request)
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            token, sha256, name = _store_form(form.cleaned_data)
            params = {
                "token": token,
                "name": name,
                "fields": form.meta_fields(),
                "sha256": sha256,
                "given": {},
            }
            job = jobs.enqueue(kind=PREVIEW, params=params, by=request.user, region=_job_region(form.cleaned_data))
            return HttpResponseRedirect(reverse("admin:catalog_job_view", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "上传目录",
            "form": form,
        }
        return TemplateResponse(request, "admin/catalog/importrun/upload.html", context)

    def _preview_job(self, request, allowed):
        """The preview job the POST names, if `allowed(job, user)`; else None (message sent)."""
        try:
            preview = Job.objects.filter(pk=request.POST.get("job", "")).first()
        except ValidationError:
            preview = None
        if preview is None or not allowed(preview, request.user):
            self.message_user(request, "上传已过期或已导入，请重新上传文件。", messages.ERROR)
            return None
        return preview

    def _remap(self, request):
        """重新预览: a new preview job reads the same file with the columns chosen in the selects."""
        from catalog.importers.profiles import chosen_columns

        preview = self._preview_job(request, can_remap)
        if preview is None:
            return HttpResponseRedirect(reverse("admin:catalog_importrun_upload"))
        chosen = chosen_columns(preview.result["columns"], request.POST)
        params = {key: preview.params[key] for key in ("token", "name", "fields", "sha256")}
        params["given"] = {**preview.params.get("given", {}), **chosen}
        job = jobs.enqueue(kind=PREVIEW, params=params, by=request.user, region=preview.region)
        return HttpResponseRedirect(reverse("admin:catalog_job_view", args=[job.pk]))

    def _confirm(self, request):
        preview = self._preview_job(request, can_confirm)
        if preview is None:
            return HttpResponseRedirect(reverse("admin:catalog_importrun_upload"))
        params = {
            **preview.params,
            "preview": str(preview.pk),
            "choices": choices_from(request.POST),
            "profile_name": request.POST.get("profile_name", "")[:100],
        }
        job = jobs.enqueue(kind=IMPORT, params=params, by=request.user, region=preview.region)
        preview.params = {**preview.params, "confirmed_by": str(job.pk)}
        preview.save(update_fields=["params"])
        return HttpResponseRedirect(reverse("admin:catalog_job_view", args=[job.pk]))


PREVIEW, IMPORT = "upload_preview", "upload_import"
NOTHING_WRITTEN = (
    "任务运行时出现内部错误，已停止，未写入任何内容。请点“重新运行”；如仍失败，请联系管理员并告知任务编号。"
)


def _read_pending(job) -> Path:
    """The uploaded file the job reads (from its path, in pieces: never held whole)."""
    path = _path(job.params.get("token", "")) if TOKEN_RE.match(job.params.get("token", "")) else None
    if path is None or not path.exists():
        raise jobs.JobFailed("上传的文件已过期或已导入（未确认的文件保留一天），请重新上传。")
    return path


def _meta_for(job):
    try:
        return build_meta(job.params["fields"], job.created_by)
    except PermissionDenied:
        raise jobs.JobFailed("该目录或行政区划不在您的管理范围内，未写入任何内容。") from None


def run_preview(job, progress) -> dict:
    """The upload preview as a job: the dry run the page shows, with 确认导入 when it is clean."""
    progress.stage("读取和识别文件")
    path = _read_pending(job)
    params = job.params
    meta = _meta_for(job)
    return _preview(
        path,
        params["name"],
        meta,
        user=job.created_by,
        fields=params["fields"],
        given=params.get("given"),
        progress=progress,
    )


def run_import(job, progress) -> dict:
    """确认导入 as a job: everything the preview checked is checked again (stale_preview), then
    the catalogue is written in one transaction; the file is removed once it is written or refused."""
    from catalog.importers.profiles import corrections
    from catalog.importers.spreadsheets import read_upload
    from catalog.services.profiles import profile_save_from

    user, params = job.created_by, job.params
    progress.stage("核对预览")
    path = _read_pending(job)
    stale = stale_preview(params, path, user)
    if stale:
        _path(params["token"]).unlink(missing_ok=True)
        raise jobs.JobFailed(f"未导入任何内容：{stale}")
    try:
        meta = _meta_for(job)
        progress.stage("读取和识别文件")
        record = read_upload(path, name=params["name"], meta=meta, overrides=corrections(given=params.get("given")))
        errors, _ = split_problems(record)
        if errors:
            raise ImportFailed("；".join(f"第{e['line']}行：{e['message']}" for e in errors[:5]))
        progress.stage("写入数据库（一个事务）", record.item_count)
        # One transaction with the profile: a refused profile name leaves nothing imported either.
        with transaction.atomic():
            report = editions.import_catalogue(
                record,
                by=user,
                comment=f"上传导入：{params['name']}",
                draft=not params["fields"]["publish"],
                user=user.get_username(),
                edition=params["fields"].get("edition", ""),
                choices={int(position): item for position, item in params.get("choices", {}).items()},
                progress=progress,
            )
            saved = profile_save_from(record, params.get("profile_name", ""), by=user)
    except ImportFailed as error:
        _path(params["token"]).unlink(missing_ok=True)
        raise jobs.JobFailed(f"导入失败，未写入任何内容：{error}") from None
    _path(params["token"]).unlink(missing_ok=True)
    catalogue = Catalogue.objects.get(slug=meta.slug)
    plan = report["plan"]
    return {
        "catalogue": catalogue.pk,
        "title": str(catalogue),
        "edition": plan["edition"],
        "items": report["items"],
        "flagged": report["flagged"],
        "unchanged": plan["unchanged"],
        "changed": len(plan["changed"]),
        "new": plan["new_count"],
        "withdrawn": len(plan["withdrawn"]),
        "published": bool(params["fields"]["publish"]),
        "profile": saved,
    }


def preview_context(job, request) -> dict:
    return {
        "preview": job.result,
        "can_confirm": can_confirm(job, request.user),
        "can_remap": can_remap(job, request.user),
    }


def import_context(job, request) -> dict:
    result = job.result or {}
    catalogue = Catalogue.objects.filter(pk=result.get("catalogue")).first()
    return {"catalogue": catalogue}


jobs.register(
    jobs.JobKind(
        name=PREVIEW,
        label="上传目录：预览",
        run=run_preview,
        template="admin/catalog/importrun/job_preview.html",
        context=preview_context,
        failure=NOTHING_WRITTEN,
    )
)
jobs.register(
    jobs.JobKind(
        name=IMPORT,
        label="上传目录：导入",
        run=run_import,
        template="admin/catalog/importrun/job_import.html",
        context=import_context,
        failure=NOTHING_WRITTEN,
    )
)
