"""Items: editing with validation and history, the review queue, publishing."""

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.models import Version

from catalog import services
from catalog.deadlines.parsing import parse_deadline
from catalog.exports import export_response
from catalog.models import (
    ContentElement,
    Item,
    ItemChannel,
    ItemLegalBasis,
    ItemPublisher,
    PendingRevision,
    ReviewItem,
    Section,
)
from catalog.models.item import AUDIENCE_FIELDS, MODE_FIELDS, flags_unstated
from catalog.search.text import refresh_search_text
from catalog.services import history, jobs, review, roles

from . import export_jobs
from .scoping import ItemScopedAdminMixin, PrunesSearchDocumentsMixin, ViewOnlyAdminMixin

DAY_KINDS = (Item.DeadlineKind.WORKING_DAYS, Item.DeadlineKind.CALENDAR_DAYS)
UNPARSED_KINDS = (Item.DeadlineKind.UNKNOWN, Item.DeadlineKind.OTHER)
UNPARSED_REASON = "公开时限无法解析：{}"


# Inlines -----------------------------------------------------------------------------


class LabelledInlineFormSet(BaseInlineFormSet):
    """Tabular inlines show their labels once, as column headers; each input also gets its own
    accessible name ("公开渠道（第 2 行）"), so a screen reader knows what it is (axe: label, select-name)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f"（第 {index + 1} 行）" if index is not None else "（新增行）"
        for field in form.fields.values():
            widget = field.widget
            while hasattr(widget, "widget"):  # the admin's related-object wrapper shares its attrs across forms
                widget = widget.widget
            if field.label:
                widget.attrs = {**widget.attrs, "aria-label": f"{field.label}{row}"}


class ContentElementInline(admin.TabularInline):
    model = ContentElement
    formset = LabelledInlineFormSet
    extra = 0
    fields = ("position", "text")


class ItemLegalBasisInline(admin.TabularInline):
    model = ItemLegalBasis
    formset = LabelledInlineFormSet
    extra = 0
    fields = ("position", "legal_basis", "printed")
    autocomplete_fields = ("legal_basis",)


class ItemPublisherInline(admin.TabularInline):
    model = ItemPublisher
    formset = LabelledInlineFormSet
    extra = 0
    fields = ("position", "organisation")
    autocomplete_fields = ("organisation",)


class ItemChannelFormSet(LabelledInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("channel")
            and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError("至少需要一个公开渠道和载体：请在“事项的公开渠道”中添加。")


class ItemChannelInline(admin.TabularInline):
    model = ItemChannel
    formset = ItemChannelFormSet
    extra = 0
    fields = ("position", "channel", "detail")


# The item form -----------------------------------------------------------------------


class ItemAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="修改原因",
        required=False,
        max_length=500,
        help_text="可选；记入修改历史。",
        widget=forms.TextInput(attrs={"size": 80}),
    )

    class Meta:
        model = Item
        fields = "__all__"

    def clean(self):
        data = super().clean()
        self._parsed_kind = None
        # A changed 公开时限 is parsed again, unless the editor also set the kind by hand.
        if "deadline_text" in self.changed_data and "deadline_kind" not in self.changed_data:
            parsed = parse_deadline(data.get("deadline_text") or "")
            self._parsed_kind = parsed.kind
            data.update(
                deadline_kind=parsed.kind,
                deadline_days=parsed.days,
                deadline_trigger=parsed.trigger,
                publicity_days=parsed.publicity_days,
            )
        if not any(data.get(name) for name in ("level1", "level2", "level3") if name in self.fields):
            if "level1" in self.fields:
                raise ValidationError("一级、二级、三级事项至少填写一项。")
        kind = data.get("deadline_kind")
        if kind in DAY_KINDS and not data.get("deadline_days"):
            self.add_error("deadline_days", f"时限类型为“{Item.DeadlineKind(kind).label}”时，请填写时限天数。")
        if kind not in DAY_KINDS and data.get("deadline_days") and kind is not None:
            self.add_error("deadline_days", "只有按工作日或自然日计算的时限才填写天数。")
        replacement = data.get("replaced_by")
        if replacement is not None and replacement.pk == self.instance.pk:
            self.add_error("replaced_by", "事项不能由自身取代，请选择另一个现行事项。")
        elif replacement is not None and replacement.status == Item.Status.WITHDRAWN:
            self.add_error("replaced_by", f"“{replacement}”也已撤回，请选择一个现行事项。")
        return data

    @property
    def deadline_unparsed(self) -> bool:
        """公开时限 is printed but no kind could be given: allowed, but the item is flagged."""
        data = self.cleaned_data
        if not (data.get("deadline_text") or "").strip():
            return False
        if getattr(self, "_parsed_kind", None) is not None:
            return self._parsed_kind in UNPARSED_KINDS
        return data.get("deadline_kind") in (Item.DeadlineKind.UNKNOWN, None)


class MaybeListFilter(admin.SimpleListFilter):
    """Yes/no filters over a pair of boolean columns (公开方式, 公开对象)."""

    options: tuple = ()

    def lookups(self, request, model_admin):
        return [*self.options, ("unstated", "未注明（目录没有这一栏）")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unstated":
            return queryset.filter(flags_unstated(name for name, _ in self.options))
        if value in dict(self.options):
            return queryset.filter(**{value: True})
        return queryset


class ModeFilter(MaybeListFilter):
    title = "公开方式"
    parameter_name = "mode"
    options = (("mode_proactive", "主动公开"), ("mode_on_request", "依申请公开"))


class AudienceFilter(MaybeListFilter):
    title = "公开对象"
    parameter_name = "audience"
    options = (("audience_public", "全社会"), ("audience_specific", "特定群众"))


def run_bulk(model_admin, request, items, service, label: str) -> None:
    """Run a workflow service over items as one revision, reporting what could not be done."""
    done, failed = 0, []
    history.ensure_baseline(items)  # before the bulk revision opens, so it dates after them
    with history.revision(by=request.user, comment=f"批量操作：{label}"):
        for item in items:
            try:
                service(item=item, by=request.user)
                done += 1
            except services.ServiceError as error:
                failed.append(str(error))
    if done:
        model_admin.message_user(request, f"已{label} {done} 个事项。", messages.SUCCESS)
    for error in failed[:10]:
        model_admin.message_user(request, error, messages.WARNING)
    if len(failed) > 10:
        model_admin.message_user(request, f"另有 {len(failed) - 10} 个事项未能{label}。", messages.WARNING)


# The item admin ----------------------------------------------------------------------


@admin.register(Item)
class ItemAdmin(PrunesSearchDocumentsMixin, ItemScopedAdminMixin, admin.ModelAdmin):
    form = ItemAdminForm
    change_form_template = "admin/catalog/item/change_form.html"
    list_display = (
        "catalogue",
        "domain",
        "number",
        "name_level1",
        "level2",
        "status",
        "needs_review_flag",
        "updated_at",
    )
    list_display_links = ("name_level1",)
    list_filter = (
        ("catalogue", admin.RelatedOnlyFieldListFilter),
        ("catalogue__region", admin.RelatedOnlyFieldListFilter),
        "domain",
        "status",
        "needs_review",
        "channels",
        ModeFilter,
        AudienceFilter,
        "levels",
        "levels_stated",
    )
    list_select_related = ("catalogue", "domain")
    list_per_page = 50
    search_fields = ("=number", "search_text")
    search_help_text = "按事项名称、公开内容、依据、主体、渠道、科室检索；输入序号精确查找。"
    date_hierarchy = None
    ordering = ("catalogue__position", "catalogue_id", "position")
    autocomplete_fields = ("replaced_by",)
    inlines = (ContentElementInline, ItemLegalBasisInline, ItemPublisherInline, ItemChannelInline)
    actions = ("publish_selected", "withdraw_selected", "mark_reviewed_selected", "export_csv", "export_xlsx")
    provenance_fields = ("source_file", "source_line", "source_where", "source_text")

    class Media:
        css = {"all": ("catalog/admin/item.css",)}

    state_fields = ("status", "published_at", "updated_at", "needs_review", "review_reasons_display")
    fieldsets = (
        ("事项", {"fields": ("catalogue", "section", "domain", ("number", "position"), "level1", "level2", "level3")}),
        ("公开内容（要素）", {"fields": ("content",), "description": "要素逐条列在下方“公开内容要素”中。"}),
        ("公开依据", {"fields": ("legal_basis_text",), "description": "关联的法规在下方“事项的公开依据”中。"}),
        (
            "公开时限",
            {
                "fields": (
                    "deadline_text",
                    ("deadline_kind", "deadline_days"),
                    "deadline_trigger",
                    "publicity_days",
                )
            },
        ),
        ("公开主体", {"fields": ("publisher_text",)}),
        ("公开渠道和载体", {"fields": ("channel_text",), "description": "至少选择一个渠道（见下方）。"}),
        ("公开对象", {"fields": (("audience_public", "audience_specific"), "audience_group")}),
        ("公开方式", {"fields": (("mode_proactive", "mode_on_request"),)}),
        ("公开层级", {"fields": ("levels", "level_label", "levels_stated")}),
        ("责任科室", {"fields": ("responsible_office",)}),
        (
            "其他信息",
            {"fields": ("other_info",), "description": "原文中没有对应字段的列，逐项为 [表头（原文）, 内容]。"},
        ),
        ("状态与复核", {"fields": state_fields}),
        ("来源（导入时记录，只读）", {"fields": provenance_fields, "classes": ("collapse",)}),
        ("保存说明", {"fields": ("change_reason",)}),
    )

    # Permissions: workflow actions need their own permission.

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("catalog.publish_item") and self._in_scope(request, obj)

    def has_review_permission(self, request, obj=None):
        return request.user.has_perm("catalog.review_item") and self._in_scope(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = self.state_fields + self.provenance_fields + ("withdrawn_at",)
        if obj is not None:
            fields = ("catalogue", "section", "position") + fields
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = self.fieldsets
        if obj is not None and obj.status == Item.Status.WITHDRAWN:
            # Where the 410 page at the withdrawn item's address sends its visitors.
            withdrawn = (
                "撤回与取代",
                {
                    "fields": ("withdrawn_at", "replaced_by"),
                    "description": "撤回事项的原网址显示说明页；选择取代它的现行事项后，说明页链接到该事项。",
                },
            )
            at = next(i for i, fs in enumerate(fieldsets) if fs[0] == "状态与复核")
            fieldsets = fieldsets[:at] + (withdrawn,) + fieldsets[at:]
        if not self.has_change_permission(request, obj) and obj is not None:
            fieldsets = tuple(fs for fs in fieldsets if fs[0] != "保存说明")
        return fieldsets

    @admin.display(description="待复核", ordering="needs_review")
    def needs_review_flag(self, obj):
        """Words, not Django's ✔/✘ icons whose alt text is the English "True"/"False"."""
        return "待复核" if obj.needs_review else "—"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in (*AUDIENCE_FIELDS, *MODE_FIELDS):  # NULL is 未注明, not Django's 未知
            field.widget.choices = [("unknown", "未注明（目录没有这一栏）"), ("true", "是"), ("false", "否")]
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "levels":  # a handful of levels: Chinese checkboxes, nothing to clip
            kwargs["widget"] = forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"})
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "catalogue":
            kwargs["queryset"] = roles.scope_catalogues(db_field.related_model.objects.all(), request.user)
        elif db_field.name == "section":
            kwargs["queryset"] = roles.scope_catalogues(Section.objects.all(), request.user, field="catalogue")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="一级事项", ordering="level1")
    def name_level1(self, obj):
        return obj.level1 or "（无）"

    @admin.display(description="复核原因")
    def review_reasons_display(self, obj):
        reasons = obj.review_reasons or []
        if not reasons:
            return "—"
        return format_html(
            "<ul class='review-reasons'>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in reasons))
        )

    # Saving: history, flags, search text.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                history.ensure_baseline([obj])
                if review.needs_review(obj, request.user):
                    return self._propose(request, obj, object_id, form_url, extra_context)
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _propose(self, request, obj, object_id, form_url, extra_context):
        """An 编辑 saving a published item: the form is saved as usual, its result read and
        rolled back, and kept as a pending revision for a 审核 user (services/review.py)."""
        before = history.state_of(obj)
        with transaction.atomic():
            with reversion.create_revision():
                reversion.set_user(request.user)
                response = super().changeform_view(request, object_id, form_url, extra_context)
            saved = response.status_code == 302
            proposed = history.state_of(obj) if saved else None
            transaction.set_rollback(True)
        if not saved:  # the form with its errors: nothing was written
            return response
        for _ in messages.get_messages(request):  # the admin's "changed successfully" is not true here
            pass
        fields, related = review.proposed_changes(before, proposed)
        if not fields:
            self.message_user(request, "没有修改。", messages.INFO)
            return response
        pending = review.submit_edit(
            item=obj, fields=fields, related=related, by=request.user, comment=getattr(request, "_change_reason", "")
        )
        self.message_user(
            request,
            f"修改已提交审核（#{pending.pk}）：审核通过前，公众看到的仍是已发布的内容。",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:catalog_item_change", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        if form.deadline_unparsed:
            reason = UNPARSED_REASON.format(obj.deadline_text.strip())
            obj.review_reasons = list(obj.review_reasons or [])
            if reason not in obj.review_reasons:
                obj.review_reasons.append(reason)
            obj.needs_review = True
            messages.warning(request, f"公开时限“{obj.deadline_text.strip()}”无法解析：已保存，并标记为待复核。")
        request._change_reason = form.cleaned_data.get("change_reason", "")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        item = form.instance
        # Re-record the item now that its levels and related rows are saved.
        reversion.add_to_revision(item)
        refresh_search_text([item.pk])

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        reason = getattr(request, "_change_reason", "")
        text = entry.get_change_message() or "修改"
        reversion.set_comment(f"{text}；原因：{reason}" if reason else text)
        return entry

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        reversion.set_comment("新增事项")
        return entry

    # Workflow: bulk actions and buttons, all through services.

    def _run(self, request, items, service, label):
        run_bulk(self, request, items, service, label)

    @admin.action(description="发布所选事项", permissions=("publish",))
    def publish_selected(self, request, queryset):
        self._run(request, list(queryset), services.item_publish, "发布")

    @admin.action(description="撤回所选事项", permissions=("publish",))
    def withdraw_selected(self, request, queryset):
        self._run(request, list(queryset), services.item_withdraw, "撤回")

    @admin.action(description="将所选事项标记为已复核", permissions=("review",))
    def mark_reviewed_selected(self, request, queryset):
        self._run(request, list(queryset), services.item_mark_reviewed, "标记为已复核")

    # Exports of the selection: the queryset is already limited to the user's scope.

    def _export(self, request, queryset, fmt):
        """Up to EXPORT_DIRECT_MAX_ROWS items stream in the request; more go to a background job."""
        items = export_jobs.selection(queryset)
        count = items.count()
        limit = settings.EXPORT_MAX_ROWS
        if count > limit:
            self.message_user(
                request, f"所选事项过多：共 {count} 项，单次最多导出 {limit} 项，未导出。", messages.ERROR
            )
            return None
        if count > settings.EXPORT_DIRECT_MAX_ROWS:
            try:
                jobs.check_room(request.user, then="导出")
            except jobs.TooManyJobs as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return None
            ids = list(items.values_list("pk", flat=True))
            origin = request.build_absolute_uri("/").rstrip("/")
            job = export_jobs.start(ids=ids, fmt=fmt, origin=origin, by=request.user)
            return HttpResponseRedirect(reverse("admin:catalog_job_view", args=[job.pk]))
        return export_response(
            items,
            fmt,
            title=export_jobs.TITLE,
            filters_description=f"管理后台勾选的 {count} 个事项",
            request=request,
        )

    @admin.action(description="导出所选事项（CSV）", permissions=("view",))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description="导出所选事项（XLSX，官方表格格式）", permissions=("view",))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/workflow/<str:step>/", wrap(self.workflow_view), name="%s_%s_workflow" % info),
            path("<path:object_id>/history/compare/", wrap(self.compare_view), name="%s_%s_compare" % info),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(self.restore_view),
                name="%s_%s_restore" % info,
            ),
        ] + super().get_urls()

    def _get_visible(self, request, object_id) -> Item:
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404("事项不存在，或您无权查看。")
        return obj

    def workflow_view(self, request, object_id, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        item = self._get_visible(request, object_id)
        steps = {
            "publish": (self.has_publish_permission, services.item_publish, "已发布"),
            "withdraw": (self.has_publish_permission, services.item_withdraw, "已撤回"),
            "reviewed": (self.has_review_permission, services.item_mark_reviewed, "已标记为已复核"),
        }
        if step not in steps:
            raise Http404("未知操作。")
        allowed, service, done = steps[step]
        if not allowed(request, item):
            raise PermissionDenied
        try:
            service(item=item, by=request.user)
            self.message_user(request, f"“{item}”{done}。", messages.SUCCESS)
        except services.ServiceError as error:
            self.message_user(request, str(error), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:catalog_item_change", args=[item.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context.update(
                can_publish=self.has_publish_permission(request, obj),
                can_review=self.has_review_permission(request, obj),
                pending_revisions=obj.pending_revisions.filter(state=PendingRevision.State.PENDING),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # History: scoped, field-level diffs, compare two versions, restore (superusers).

    def history_view(self, request, object_id, extra_context=None):
        item = self._get_visible(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "title": f"修改历史：{item}",
            "rows": history.history_rows(item),
            "can_restore": request.user.is_superuser,
        }
        return TemplateResponse(request, "admin/catalog/item/history.html", context)

    def compare_view(self, request, object_id):
        item = self._get_visible(request, object_id)
        versions = history.item_versions(item)
        try:
            old = versions.get(pk=int(request.GET.get("old", "")))
            new = versions.get(pk=int(request.GET.get("new", "")))
        except (ValueError, Version.DoesNotExist):
            self.message_user(request, "请选择该事项的两个版本进行比较。", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_item_history", args=[item.pk]))
        if old.revision_id > new.revision_id:
            old, new = new, old
        old_snap, new_snap = history.snapshot(old), history.snapshot(new)
        rows = [
            {"label": label, "old": old_snap.get(label, ""), "new": value, "changed": old_snap.get(label, "") != value}
            for label, value in new_snap.items()
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "title": f"版本比较：{item}",
            "old": old,
            "new": new,
            "rows": rows,
            "changed_count": sum(row["changed"] for row in rows),
        }
        return TemplateResponse(request, "admin/catalog/item/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        item = self._get_visible(request, object_id)
        if not request.user.is_superuser:
            raise PermissionDenied
        version = get_object_or_404(history.item_versions(item), pk=version_id)
        if request.method == "POST":
            try:
                warnings = services.item_restore(
                    version=version, by=request.user, reason=request.POST.get("reason", "")[:500]
                )
            except services.ServiceError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, "已恢复到所选版本。", messages.SUCCESS)
                for warning in warnings:
                    self.message_user(request, warning, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:catalog_item_history", args=[item.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "title": f"恢复旧版本：{item}",
            "version": version,
            "snapshot": history.snapshot(version),
        }
        return TemplateResponse(request, "admin/catalog/item/restore_confirm.html", context)


# The review queue ----------------------------------------------------------------------


@admin.register(ReviewItem)
class ReviewItemAdmin(ViewOnlyAdminMixin, ItemScopedAdminMixin, admin.ModelAdmin):
    """Items the importer (or an edit) flagged: reasons and source text side by side. Edits happen
    on the item page; the queue only lists and acts."""

    list_display = ("item_link", "domain", "reasons", "source", "status")
    list_display_links = None
    list_filter = (("catalogue", admin.RelatedOnlyFieldListFilter), "domain", "status")
    list_select_related = ("catalogue", "domain")
    search_fields = ("=number", "search_text", "source_text")
    actions = ("mark_reviewed_selected", "publish_selected")
    list_per_page = 50

    class Media:
        css = {"all": ("catalog/admin/item.css",)}

    def get_queryset(self, request):
        return super().get_queryset(request).filter(needs_review=True)

    def has_publish_permission(self, request):
        return request.user.has_perm("catalog.publish_item")

    def has_review_permission(self, request):
        return request.user.has_perm("catalog.review_item")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:catalog_item_change", args=[object_id]))

    def history_view(self, request, object_id, extra_context=None):
        # The item's own history page applies the scope again.
        return HttpResponseRedirect(reverse("admin:catalog_item_history", args=[object_id]))

    @admin.display(description="事项", ordering="position")
    def item_link(self, obj):
        return format_html(
            '<a href="{}">{}</a><br><small>{}</small>',
            reverse("admin:catalog_item_change", args=[obj.pk]),
            obj,
            obj.catalogue,
        )

    @admin.display(description="复核原因")
    def reasons(self, obj):
        return format_html_join("", "<div>• {}</div>", ((r,) for r in obj.review_reasons or [])) or "—"

    @admin.display(description="来源原文")
    def source(self, obj):
        where = f"{obj.source_file}:{obj.source_line}" if obj.source_line else obj.source_file
        return format_html(
            '<div class="source-cell"><small>{}</small><pre tabindex="0">{}</pre></div>', where, obj.source_text
        )

    def _run(self, request, queryset, service, label):
        run_bulk(self, request, list(Item.objects.filter(pk__in=queryset.values("pk"))), service, label)

    @admin.action(description="将所选事项标记为已复核", permissions=("review",))
    def mark_reviewed_selected(self, request, queryset):
        self._run(request, queryset, services.item_mark_reviewed, "标记为已复核")

    @admin.action(description="发布所选事项（同时标记为已复核）", permissions=("publish",))
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.item_publish, "发布")


__all__ = ["ItemAdmin", "ReviewItemAdmin"]


@admin.register(PendingRevision)
class PendingRevisionAdmin(ViewOnlyAdminMixin, ItemScopedAdminMixin, admin.ModelAdmin):
    """待审核的修改: the diff of an 编辑's proposed change, approved or returned by a 审核 user."""

    scope_prefix = "item__"
    list_display = ("item", "state", "submitted_by", "submitted_at", "comment", "decided_by")
    list_filter = ("state",)
    list_select_related = ("item", "submitted_by", "decided_by")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("catalog.change_item") and self._in_scope(request, obj)

    def has_module_permission(self, request):
        return request.user.has_perm("catalog.change_item")

    def has_decide_permission(self, request):
        return request.user.has_perm("catalog.publish_item")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/decide/", wrap(self.decide_view), name="%s_%s_decide" % info),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pending = self.get_object(request, unquote(object_id))
        if pending is None or not self.has_view_permission(request, pending):
            raise Http404("该修改不存在，或您无权查看。")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"待审核的修改 #{pending.pk}：{pending.item}",
            "pending": pending,
            "changes": review.diff(pending) if pending.state == PendingRevision.State.PENDING else [],
            "can_decide": self.has_decide_permission(request) and pending.state == PendingRevision.State.PENDING,
        }
        return TemplateResponse(request, "admin/catalog/pendingrevision/review.html", context)

    def decide_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pending = self.get_object(request, unquote(object_id))
        if pending is None or not self.has_view_permission(request, pending):
            raise Http404("该修改不存在，或您无权查看。")
        if not self.has_decide_permission(request):
            raise PermissionDenied
        try:
            if request.POST.get("decision") == "approve":
                for warning in review.approve(pending=pending, by=request.user):
                    self.message_user(request, warning, messages.WARNING)
                self.message_user(request, f"已通过并发布对“{pending.item}”的修改。", messages.SUCCESS)
            elif request.POST.get("decision") == "reject":
                review.reject(pending=pending, by=request.user, reason=request.POST.get("reason", "")[:200])
                self.message_user(request, f"已退回对“{pending.item}”的修改。", messages.SUCCESS)
            else:
                raise Http404("未知操作。")
        except services.ServiceError as error:
            self.message_user(request, str(error), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:catalog_pendingrevision_changelist"))
