"""Uploading a catalogue: file -> dry-run preview -> confirm writes it in one transaction."""

import datetime
import hashlib
import re
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from catalog.importers.places import chain_of, new_region_chain
from catalog.importers.records import ImportFailed
from catalog.models import Catalogue, Domain, Item, Region
from catalog.services import editions, roles

SESSION_KEY = "catalog_upload"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
UPLOAD_DIR = Path(tempfile.gettempdir()) / "catalog-uploads"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="目录文件",
        help_text="XLSX、CSV、Word（.docx）、PDF（含文字层）、网页（.html，可为另存的网页或复制的表格）或 .txt 文本；表格可含合并单元格。",
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
        label="新建区划名称", max_length=100, required=False, help_text="如 互助土族自治县；已有区划请在上面选择"
    )
    new_region_parent = forms.ModelChoiceField(label="新建区划的上级", queryset=Region.objects.none(), required=False)
    new_region_level = forms.ChoiceField(
        label="新建区划的层级", choices=[("", "比上级低一级")] + list(Region.Level.choices), required=False
    )
    issuer = forms.CharField(label="发布机构", max_length=200, required=False)
    issued_date = forms.DateField(label="发布日期", required=False, help_text="如 2024-03-01")
    domain = forms.ModelChoiceField(
        label="领域", queryset=Domain.objects.all(), required=False, help_text="文件没有“（一）××领域”分表标题时使用"
    )
    edition = forms.CharField(
        label="版本名称", max_length=50, required=False, help_text="如 2024版；不填时取发布日期的年份"
    )
    publish = forms.BooleanField(label="导入后直接发布", required=False, help_text="不勾选则以草稿导入，复核后再发布。")

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

    def clean_file(self):
        """The size from the upload's headers, before the file (streamed to disk) is read."""
        from catalog.importers.readers import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            size, limit = upload.size / 1024 / 1024, MAX_BYTES // 1024 // 1024
            raise forms.ValidationError(f"文件过大（{size:.1f} MB），上限为 {limit} MB：请拆分后分批上传。")
        return upload

    def clean(self):
        data = super().clean()
        if data.get("catalogue"):
            return data
        if data.get("new_region_name") and data.get("region"):
            self.add_error("new_region_name", "请只选择已有区划或只填写新建区划，不要两者都填。")
        if data.get("new_region_name") and not data.get("new_region_parent"):
            self.add_error("new_region_parent", "新建区划须选择上级区划（在您的管理范围内）。")
        if data.get("new_region_name") and data.get("new_region_parent"):
            try:
                new_region_chain(
                    name=data["new_region_name"],
                    parent=data["new_region_parent"],
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
        date = data.get("issued_date")
        return {
            "catalogue": data["catalogue"].pk if data.get("catalogue") else None,
            "title": data.get("title", ""),
            "slug": data.get("slug", ""),
            "region": data["region"].pk if data.get("region") else None,
            "new_region": {
                "name": data["new_region_name"],
                "parent": data["new_region_parent"].pk,
                "level": data.get("new_region_level", ""),
            }
            if data.get("new_region_name") and data.get("new_region_parent")
            else None,
            "issuer": data.get("issuer", ""),
            "issued_date": date.isoformat() if date else None,
            "domain": data["domain"].pk if data.get("domain") else None,
            "publish": bool(data.get("publish")),
            "edition": data.get("edition", ""),
        }


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
            provenance=catalogue.provenance,
            position=catalogue.position,
        )
    else:
        region_ids = roles.region_ids_in_scope(user)
        new = fields.get("new_region")
        where = new["parent"] if new else fields["region"]
        if region_ids is not None and where not in region_ids:
            raise PermissionDenied
        if new:
            parent = Region.objects.get(pk=new["parent"])
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
            provenance="由管理后台上传导入。",
            position=last + 1,
        )
        return CatalogueMeta(region=chain, domain=domain_pair, **meta)
    return CatalogueMeta(region=chain_of(region), domain=domain_pair, **meta)


def stale_preview(pending: dict, data: bytes, user) -> str:
    """Why a confirm may not write what its preview showed (a Chinese message), or "".

    Everything the preview checked is checked again, as it is now: the file is byte for byte
    the one previewed (SHA-256), the uploader still holds the catalogue or region in scope, and
    a new catalogue's 网址标识 is still free. Between preview and confirm another region may
    have imported a catalogue of that name; confirming would move it here and replace its items.
    """
    fields = pending["fields"]
    if pending.get("sha256") != hashlib.sha256(data).hexdigest():
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


def _preview(data: bytes, name: str, meta, *, user, fields: dict, given: dict | None = None) -> dict:
    """Read and dry-run the file: items, flagged rows, errors, and how each column is read
    (``given``: the columns staff changed in the preview). Writes nothing."""
    from catalog.importers.load import import_record
    from catalog.importers.profiles import corrections, preview_columns
    from catalog.importers.records import ImportFailed, MissingNames
    from catalog.importers.spreadsheets import read_upload

    try:
        record = read_upload(data, name=name, meta=meta, overrides=corrections(given=given))
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
        try:
            report = import_record(
                record, draft=True, dry_run=True, user=user.get_username(), edition=fields.get("edition", "")
            )
            plan = report["plan"]
        except ImportFailed as error:
            fatal = str(error)
    sections = [
        {"heading": section.heading or section.domain_name, "items": section.items, "flagged": len(section.flagged)}
        for section in record.sections
    ]
    return {
        "fatal": fatal,
        "errors": errors,
        "warnings": warnings,
        "sections": sections,
        "items": len(record.items),
        "flagged": sum(s["flagged"] for s in sections),
        "replaces": Item.objects.current().filter(catalogue__slug=meta.slug).count(),
        "plan": plan,
        "reader": record.reader,
        "columns": preview_columns([section.mapping for section in record.sections if section.mapping]),
        "profiles": record.profiles,
        "place": " › ".join(name for _, name, _ in meta.region),
        "new_region": not Region.objects.filter(code=meta.region[-1][0]).exists(),
    }


def save_profile(record, name: str, *, by) -> str:
    """Confirming with a name keeps the column mapping of the file's (first) table as a layout
    profile; returns the name saved, or "" when none was given."""
    from catalog.services.profiles import layout_profile_save

    mapping = next((section.mapping for section in record.sections if section.mapping), None)
    if not name.strip() or mapping is None:
        return ""
    return layout_profile_save(name=name, mapping=mapping, by=by).name


def choices_from(post) -> dict[int, int | None]:
    """Staff's choices for ambiguous rows: choice-<position> = an item id or "new"."""
    choices = {}
    for key, value in post.items():
        position = key.removeprefix("choice-")
        if key.startswith("choice-") and position.isdigit() and (value == "new" or value.isdigit()):
            choices[int(position)] = None if value == "new" else int(value)
    return choices


def _path(token: str) -> Path:
    return UPLOAD_DIR / f"{token}.upload"


def _discard_pending(request) -> None:
    """Forget this session's unconfirmed upload, and any left over for more than a day."""
    pending = request.session.pop(SESSION_KEY, None) or {}
    if TOKEN_RE.match(pending.get("token", "")):
        _path(pending["token"]).unlink(missing_ok=True)
    cutoff = time.time() - 86400
    for stale in UPLOAD_DIR.glob("*.upload") if UPLOAD_DIR.exists() else ():
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


class UploadViewMixin:
    """Mixed into ImportRunAdmin: /admin/catalog/importrun/upload/."""

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
        preview = token = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data, name = upload.read(), Path(upload.name).name
            fields = form.meta_fields()
            preview = _preview(data, name, build_meta(fields, request.user), user=request.user, fields=fields)
            # Kept for confirming, or for choosing the columns again (a file refused for its header).
            if (not preview["fatal"] and not preview["errors"]) or preview["columns"]:
                _discard_pending(request)
                token = secrets.token_urlsafe(18)
                UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
                _path(token).write_bytes(data)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "name": name,
                    "fields": fields,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "columns": [{"printed": c["printed"], "value": c["value"]} for c in preview["columns"]],
                    "given": {},
                }
        return self._render(request, form, preview, token)

    def _render(self, request, form, preview, token):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "上传目录",
            "form": form,
            "preview": preview,
            "token": token,
            "can_confirm": bool(token and preview and not preview["fatal"] and not preview["errors"]),
        }
        return TemplateResponse(request, "admin/catalog/importrun/upload.html", context)

    def _pending_upload(self, request):
        """(the session's pending upload, its file's bytes), or None when it expired or is foreign."""
        pending = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        if not TOKEN_RE.match(token) or pending.get("token") != token or not _path(token).exists():
            return None
        return pending, _path(token).read_bytes()

    def _remap(self, request):
        """重新预览: the same file read again with the columns chosen in the preview's selects."""
        from catalog.importers.profiles import chosen_columns

        found = self._pending_upload(request)
        if found is None:
            self.message_user(request, "上传已过期或已导入，请重新上传文件。", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_importrun_upload"))
        pending, data = found
        given = {**pending.get("given", {}), **chosen_columns(pending.get("columns", []), request.POST)}
        fields = pending["fields"]
        preview = _preview(
            data, pending["name"], build_meta(fields, request.user), user=request.user, fields=fields, given=given
        )
        pending["given"] = given
        pending["columns"] = [{"printed": c["printed"], "value": c["value"]} for c in preview["columns"]]
        request.session[SESSION_KEY] = pending
        return self._render(request, UploadForm(user=request.user), preview, pending["token"])

    def _confirm(self, request):
        from catalog.importers.profiles import corrections
        from catalog.importers.records import ImportFailed
        from catalog.importers.spreadsheets import read_upload

        found = self._pending_upload(request)
        if found is None:
            self.message_user(request, "上传已过期或已导入，请重新上传文件。", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_importrun_upload"))
        pending, data = found
        token, name, fields = pending["token"], pending["name"], pending["fields"]
        stale = stale_preview(pending, data, request.user)
        if stale:
            _path(token).unlink(missing_ok=True)
            request.session.pop(SESSION_KEY, None)
            self.message_user(request, f"未导入任何内容：{stale}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_importrun_upload"))
        try:
            meta = build_meta(fields, request.user)
            record = read_upload(data, name=name, meta=meta, overrides=corrections(given=pending.get("given")))
            errors, _ = split_problems(record)
            if errors:
                raise ImportFailed("；".join(f"第{e['line']}行：{e['message']}" for e in errors[:5]))
            report = editions.import_catalogue(
                record,
                by=request.user,
                comment=f"上传导入：{name}",
                draft=not fields["publish"],
                user=request.user.get_username(),
                edition=fields.get("edition", ""),
                choices=choices_from(request.POST),
            )
            saved = save_profile(record, request.POST.get("profile_name", ""), by=request.user)
        except ImportFailed as error:
            self.message_user(request, f"导入失败，未写入任何内容：{error}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_importrun_upload"))
        finally:
            _path(token).unlink(missing_ok=True)
            request.session.pop(SESSION_KEY, None)
        catalogue = Catalogue.objects.get(slug=meta.slug)
        plan = report["plan"]
        self.message_user(
            request,
            f"已导入“{catalogue}”{plan['edition']}：{report['items']} 个事项，其中 {report['flagged']} 个待复核；"
            f"未变 {plan['unchanged']}，修改 {len(plan['changed'])}，新增 {len(plan['new'])}，"
            f"撤回 {len(plan['withdrawn'])}"
            + ("；新增的事项已发布。" if fields["publish"] else "；新增的事项为草稿。")
            + (f"列对应已保存为表格版式“{saved}”，表头相同的文件以后自动按此读取。" if saved else ""),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:catalog_item_changelist") + f"?catalogue__id__exact={catalogue.pk}")
